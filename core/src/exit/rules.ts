/**
 * Exit rules (RULES.md FT-17 exit triggers, FT-18 exit flow, WT-2 working-day deadlines, FT-14 a failed
 * rectification, MG-11 a major-violation exit). Pure: no database, no clock.
 *
 * - FT-18 / WT-2: approval starts within 3 working days of the application; it completes within 30 working days
 *   of the day the precheck was clear (no complaint or dispute open); the contract is terminated within 5
 *   working days of approval. Each deadline is the end (23:59:59.999 Asia/Shanghai) of the N-th working day after
 *   the event's own day (`workingDayDeadline`).
 * - FT-17.3 / FT-18: a voluntary exit's earliest end date is the application's Beijing date plus 3 calendar
 *   months, the day clamped to that month's last day (2026-11-30 → 2027-02-28).
 */
import { shanghaiDate, shanghaiMidnight, workingDayDeadline, type WorkCalendar } from '../calendar/index.js';

export const EXIT_APPROVAL_START_DAYS = 3;
export const EXIT_APPROVAL_DAYS = 30;
export const EXIT_TERMINATION_DAYS = 5;
export const EXIT_NOTICE_MONTHS = 3;

export type ExitTrigger =
  | 'no_customers'
  | 'security_incident'
  | 'voluntary'
  | 'business_end'
  | 'dishonest_list'
  | 'rectification_failed'
  | 'major_violation';

export const EXIT_TRIGGERS: Readonly<Record<ExitTrigger, { rule: string; label: string }>> = {
  no_customers: { rule: 'FT-17.1', label: '签约满六个月行业客户数为零' },
  security_incident: { rule: 'FT-17.2', label: '发生严重客户信息安全事件' },
  voluntary: { rule: 'FT-17.3', label: '伙伴主动申请退出' },
  business_end: { rule: 'FT-17.4', label: '政策调整或不可抗力导致业务终止' },
  dishonest_list: { rule: 'FT-17.5', label: '列入严重违法失信名单或失信被执行人名单' },
  rectification_failed: { rule: 'FT-14', label: '整改未通过' },
  major_violation: { rule: 'MG-11', label: '重大违约' },
};
export const EXIT_TRIGGER_KEYS = Object.keys(EXIT_TRIGGERS) as readonly ExitTrigger[];
export const isExitTrigger = (v: unknown): v is ExitTrigger => typeof v === 'string' && v in EXIT_TRIGGERS;

export type ExitStatus = 'requested' | 'precheck' | 'approval' | 'approved' | 'rejected' | 'withdrawn' | 'terminated';
export const EXIT_STATUS_LABEL: Readonly<Record<ExitStatus, string>> = {
  requested: '已申请',
  precheck: '预审中',
  approval: '审批中',
  approved: '已批准',
  rejected: '已驳回',
  withdrawn: '已撤回',
  terminated: '已终止合作',
};
export const EXIT_STATUSES = Object.keys(EXIT_STATUS_LABEL) as readonly ExitStatus[];
/** FT-18 flow: requested → precheck → approval → approved | rejected | withdrawn → terminated. */
export const EXIT_MOVES: Readonly<Record<ExitStatus, readonly ExitStatus[]>> = {
  requested: ['precheck', 'approval', 'rejected', 'withdrawn'],
  precheck: ['approval', 'rejected', 'withdrawn'],
  approval: ['approved', 'rejected', 'withdrawn'],
  approved: ['terminated'],
  rejected: [],
  withdrawn: [],
  terminated: [],
};
export const EXIT_OPEN_STATUSES: readonly ExitStatus[] = ['requested', 'precheck', 'approval', 'approved'];
export const isExitOpen = (s: ExitStatus): boolean => EXIT_OPEN_STATUSES.includes(s);
export const canMoveExit = (from: ExitStatus, to: ExitStatus): boolean => EXIT_MOVES[from]?.includes(to) ?? false;
/** A partner may withdraw its own request until it is approved. */
export const mayWithdraw = (s: ExitStatus): boolean => canMoveExit(s, 'withdrawn');

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

/** `YYYY-MM-DD` plus `months` calendar months, the day clamped to the target month's last day. */
export function addMonthsClamped(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const td = Math.min(d, monthDays(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}

/**
 * FT-17.3 / FT-18: the earliest end date of a voluntary exit applied for at `appliedAt`: three months ahead, or
 * the contract's last day when its term ends sooner (the partner need not give notice beyond its contract).
 */
export const earliestEndOn = (appliedAt: Date, termEndsOn?: string | null): string => {
  const notice = addMonthsClamped(shanghaiDate(appliedAt), EXIT_NOTICE_MONTHS);
  return termEndsOn && termEndsOn >= shanghaiDate(appliedAt) && termEndsOn < notice ? termEndsOn : notice;
};

/** The instant an agreed end date (Beijing day) begins: the termination takes effect from then. */
export const endOnStartsAt = (endOn: string): Date => shanghaiMidnight(endOn);
/** May the case be terminated at `now` without the partner's agreement (no agreed end date, or it has come)? */
export const endOnReached = (c: { endOn: string | null }, now: Date): boolean =>
  !c.endOn || shanghaiDate(now) >= c.endOn;
/** Whole days from `now`'s Beijing day until the agreed end date (0 on the day itself). */
export const daysUntilEndOn = (endOn: string, now: Date): number =>
  Math.max(
    0,
    Math.round((shanghaiMidnight(endOn).getTime() - shanghaiMidnight(shanghaiDate(now)).getTime()) / 86_400_000),
  );

export interface ExitTimelineInput {
  appliedAt: Date;
  clearedAt?: Date | null;
  approvedAt?: Date | null;
  /** the agreed end date: the termination is due by the end of that day when it is later than FT-18's 5 days */
  endOn?: string | null;
  /** the contract's last day (the earliest end date never lies beyond it) */
  termEndsOn?: string | null;
}

export interface ExitTimeline {
  earliestEndOn: string;
  approvalStartDueAt: Date;
  approvalDueAt: Date | null;
  terminationDueAt: Date | null;
  /** a deadline touches a year without official calendar data (WT-1) */
  provisional: boolean;
  calendarVersion: string;
}

/** FT-18 + WT-2: every deadline of an exit case (the fixed contract of `GET /calendar/exit-timeline`). */
export function exitTimeline(input: ExitTimelineInput, cal: WorkCalendar): ExitTimeline {
  const start = workingDayDeadline(input.appliedAt, EXIT_APPROVAL_START_DAYS, cal);
  const approval = input.clearedAt ? workingDayDeadline(input.clearedAt, EXIT_APPROVAL_DAYS, cal) : null;
  const termination = input.approvedAt ? workingDayDeadline(input.approvedAt, EXIT_TERMINATION_DAYS, cal) : null;
  const endOfEndOn = input.endOn ? new Date(shanghaiMidnight(input.endOn).getTime() + 86_400_000 - 1) : null;
  const terminationDueAt =
    termination && endOfEndOn && endOfEndOn > termination.dueAt ? endOfEndOn : (termination?.dueAt ?? null);
  return {
    earliestEndOn: earliestEndOn(input.appliedAt, input.termEndsOn),
    approvalStartDueAt: start.dueAt,
    approvalDueAt: approval?.dueAt ?? null,
    terminationDueAt,
    provisional: start.provisional || Boolean(approval?.provisional) || Boolean(termination?.provisional),
    calendarVersion: cal.version,
  };
}

/** The JSON of the fixed contract: instants as UTC ISO with milliseconds. */
export const exitTimelineJson = (t: ExitTimeline) => ({
  earliestEndOn: t.earliestEndOn,
  approvalStartDueAt: t.approvalStartDueAt.toISOString(),
  approvalDueAt: t.approvalDueAt?.toISOString() ?? null,
  terminationDueAt: t.terminationDueAt?.toISOString() ?? null,
});

/** The timed steps of a case: each has a due instant and is met by an event. */
export type ExitStage = 'approval-start' | 'approval' | 'termination';
export const EXIT_STAGE_LABEL: Readonly<Record<ExitStage, string>> = {
  'approval-start': '启动审批',
  approval: '完成审批',
  termination: '终止合同',
};
export const EXIT_STAGES = Object.keys(EXIT_STAGE_LABEL) as readonly ExitStage[];

export interface ExitDeadlineFacts {
  status: ExitStatus;
  approvalStartDueAt: Date;
  approvalDueAt: Date | null;
  terminationDueAt: Date | null;
  approvalStartedAt: Date | null;
  decidedAt: Date | null;
  terminatedAt: Date | null;
}

/** Each stage's due instant, when it was met (or null) and whether it was met in time (null while pending). */
export function exitStages(c: ExitDeadlineFacts): {
  stage: ExitStage;
  dueAt: Date | null;
  doneAt: Date | null;
  met: boolean | null;
}[] {
  const closedUndone = c.status === 'rejected' || c.status === 'withdrawn';
  const row = (stage: ExitStage, dueAt: Date | null, doneAt: Date | null) => ({
    stage,
    dueAt,
    doneAt,
    met: doneAt && dueAt ? doneAt.getTime() <= dueAt.getTime() : null,
  });
  return [
    row('approval-start', c.approvalStartDueAt, c.approvalStartedAt ?? (closedUndone ? c.decidedAt : null)),
    row('approval', c.approvalDueAt, c.decidedAt),
    row('termination', c.terminationDueAt, c.terminatedAt),
  ];
}

/** The stages still running (due and not yet met) of an open case, earliest first. */
export function pendingStages(c: ExitDeadlineFacts): { stage: ExitStage; dueAt: Date }[] {
  if (!isExitOpen(c.status)) return [];
  return exitStages(c)
    .filter((s) => s.dueAt && !s.doneAt)
    .map((s) => ({ stage: s.stage, dueAt: s.dueAt! }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The next due date of an open case (for the queue and the bot), or null. */
export const nextExitDue = (c: ExitDeadlineFacts): { stage: ExitStage; dueAt: Date } | null =>
  pendingStages(c)[0] ?? null;

/** Default: the warning of a stage goes out at the start of its due day (24 h before its end). */
export const EXIT_WARNING_BEFORE_MS = 24 * 3_600_000;
export const exitWarningAt = (dueAt: Date): Date => new Date(dueAt.getTime() - EXIT_WARNING_BEFORE_MS + 1);

/** Alert kinds of a stage: `warn` before due, `overdue` at due. */
export type ExitAlertKind = 'warn' | 'overdue';
/** Timer kinds: the alerts, and `effective`: the agreed end date has come, the termination is applied. */
export type ExitTimerKind = ExitAlertKind | 'effective';
export const exitTimerId = (caseId: string, stage: ExitStage, kind: ExitTimerKind): string =>
  `exit-${caseId}-${stage}-${kind}`;

/** FT-17.1: six months after signing (clamped like the notice months). */
export const EXIT_NO_CUSTOMER_MONTHS = 6;

/**
 * FT-17.1: the cumulative industry customers of the months since signing. `missing` months have no imported
 * figure (reported, never read as zero); the trigger holds only when every month is known and the sum is 0.
 */
export function noCustomersCheck(
  signedOn: string,
  today: string,
  figures: ReadonlyMap<string, number | null>,
): { due: boolean; months: string[]; missing: string[]; total: number; triggered: boolean } {
  const dueOn = addMonthsClamped(signedOn, EXIT_NO_CUSTOMER_MONTHS);
  const months: string[] = [];
  for (let m = signedOn.slice(0, 7); m < dueOn.slice(0, 7); m = addMonthsClamped(`${m}-01`, 1).slice(0, 7))
    months.push(m);
  const missing = months.filter((m) => figures.get(m) === undefined || figures.get(m) === null);
  const total = months.reduce((s, m) => s + (figures.get(m) ?? 0), 0);
  const due = today >= dueOn;
  return { due, months, missing, total, triggered: due && missing.length === 0 && total === 0 };
}
