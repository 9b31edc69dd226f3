/**
 * Queue contracts shared by api, worker and bot. Queue names are frozen here;
 * job ids are built only by the functions below (no `:` and never integer-like,
 * see BullMQ's custom job id rules).
 */
export enum QueueName {
  /** complaint SLA wake-ups: warnings and breach (WT-4, FT-12) */
  Sla = 'sla',
  /** outgoing notices for the bot to post to WeChat */
  Notices = 'notices',
  /** repeatable maintenance runs (sweeper) */
  Schedules = 'schedules',
  /** wake-ups to apply an accepted monthly metrics import (the import document holds the truth) */
  MetricsImports = 'metrics-imports',
}

/** A warning stage is `warn-<minutes of working time before due>`. */
export type SlaStage = `warn-${number}` | 'breach';

export interface SlaJobData {
  complaintId: string;
  stage: SlaStage;
  /** the dueAt (ISO) the job was scheduled against; a moved deadline makes it stale */
  dueAt: string;
}

/**
 * What a notice is; the kind decides its priority (`core/src/alerts/rules.ts`): urgent kinds (`sla-breach`,
 * `partner-suspended`, `exit-deadline` = an FT-18 step overdue) go first and are never held in quiet hours; normal
 * (warnings, intake and exit steps, `generic`) and routine (`recruitment`, `digest`) wait for the window to open.
 */
export type NoticeKind =
  | 'sla-warning'
  | 'sla-breach'
  | 'recruitment'
  | 'partner-suspended'
  | 'exit-deadline'
  | 'exit-warning'
  | 'digest'
  | 'generic';

export interface NoticeJobData {
  /** deterministic id, also the bot's delivery idempotency key */
  noticeId: string;
  kind: NoticeKind;
  /** audience; `staff` goes to the programme's alert recipients, else the bot's configured rooms and contacts */
  audience: 'staff';
  /** the programme the notice is about, when known: its alert settings route and may hold the notice */
  programmeId?: string;
  /**
   * room topics to post to instead of the bot's configured staff rooms: a recruitment's own rooms, or the
   * programme's alert rooms stamped by the Notifier
   */
  rooms?: string[];
  /** contact names (or aliases) to post to, stamped by the Notifier from the programme's alert settings */
  contacts?: string[];
  /** ids of the programme's WeCom robots to post to (issue #19; the worker reads their keys from 告警设置) */
  wecomRobots?: string[];
  /** false: the programme's channels exclude WeChat, so the bot does not get the notice */
  wechat?: boolean;
  /** ISO instant before which the notice must not be posted (held in quiet hours); set by the Notifier */
  holdUntil?: string;
  /** rendered Simplified Chinese text, ready to post */
  text: string;
  /** one line for a digest's list (number, party, time); the text's first detail line when absent */
  headline?: string;
  /**
   * digest threshold stamped by the Notifier from the programme's 告警设置: when more notices of one priority for
   * one target fall due within a minute, the target gets one digest instead (the bot's default when absent)
   */
  digestAfter?: number;
  /** what the notice is about, for the delivery record */
  ref?: { entity: string; id: string };
  createdAt: string;
}

/**
 * Scheduled runs on the `schedules` queue. The worker upserts their job schedulers at start, on every
 * schedule tick and after every Redis reconnect, so a Redis loss cannot stop them.
 */
export type ScheduleTask =
  | 'sla-sweep'
  | 'scorecard-anomaly'
  | 'scorecard-renewal'
  | 'credit-close'
  | 'intake-sweep'
  /** re-enqueues undelivered notices of the outbox that Redis lost */
  | 'notice-outbox'
  /** resumes accepted metrics imports whose wake-up was lost, fails uploads that died while storing */
  | 'metrics-import-recover'
  /** finishes workflow steps whose process died after the claim (`Transitions.recover`) */
  | 'workflow-recover'
  /** drops idempotency keys past their replay window */
  | 'housekeeping'
  /** documents' expiry reminders 30, 7 and 0 days before (what is due, by `nextReminderAt`) */
  | 'document-reminders';

export interface ScheduleJobData {
  task: ScheduleTask;
  /** test clock only: the moment a daily run stands for (set by worker/src/clock-watch.ts); else "now" */
  at?: string;
}

export interface MetricsImportJobData {
  importId: string;
}

export const slaJobId = (complaintId: string, stage: SlaStage): string => `sla-${complaintId}-${stage}`;
export const noticeJobId = (noticeId: string): string => `notice-${noticeId}`;
export const warningStage = (minutes: number): SlaStage => `warn-${minutes}`;
export const metricsImportJobId = (importId: string): string => `metrics-import-${importId}`;
