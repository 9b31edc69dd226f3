import { subtractWorkingTime, type WorkCalendar } from '../calendar/index.js';
import type { ComplaintRecord } from '../db/types.js';
import { warningStage, type SlaStage } from '../queues/index.js';

/**
 * Complaint SLA decisions (WT-4, FT-12, FT-12a). Pure: the caller passes the complaint as stored and `now`.
 */
export const SLA_STATES = ['running', 'awaiting_confirmation', 'met', 'breached'] as const;
export type SlaState = (typeof SLA_STATES)[number];

type SlaView = Pick<ComplaintRecord, 'dueAt' | 'status' | 'replies' | 'effectiveReplyAt' | 'breachedAt'>;

/** A reply made at or before the due instant and still awaiting the staff verdict. */
export const pendingTimelyReply = (c: SlaView) =>
  c.replies.find((r) => r.verdict === 'pending' && r.at.getTime() <= c.dueAt.getTime());

/** FT-12a: on time when the effective reply exists and is not later than the due instant. */
export const answeredInTime = (c: SlaView): boolean =>
  c.effectiveReplyAt !== null && c.effectiveReplyAt.getTime() <= c.dueAt.getTime();

export function slaState(c: SlaView, now: Date): SlaState {
  if (answeredInTime(c)) return 'met';
  if (c.breachedAt || c.effectiveReplyAt) return 'breached';
  if (pendingTimelyReply(c)) return 'awaiting_confirmation';
  return now.getTime() > c.dueAt.getTime() ? 'breached' : 'running';
}

/**
 * What the breach timer should do now:
 * - `breach`: due has passed and no reply can still make it on time → record the breach;
 * - `wait`: not yet due, or a timely reply awaits confirmation (a rejection brings the timer back);
 * - `none`: answered in time or already settled.
 */
export function breachDecision(
  c: SlaView & Pick<ComplaintRecord, 'slaSettled'>,
  now: Date,
): 'breach' | 'wait' | 'none' {
  if (answeredInTime(c)) return 'none';
  if (c.slaSettled && c.breachedAt) return 'none';
  if (now.getTime() <= c.dueAt.getTime()) return 'wait';
  if (pendingTimelyReply(c)) return 'wait';
  return 'breach';
}

export interface StagePlanItem {
  stage: SlaStage;
  at: Date;
}

/** Warning instants (N minutes of working time before due) then the breach, one millisecond after due. */
export function stagePlan(
  c: Pick<ComplaintRecord, 'dueAt' | 'window' | 'warningMinutes'>,
  cal: WorkCalendar,
): StagePlanItem[] {
  const warnings = [...new Set(c.warningMinutes)]
    .filter((m) => m > 0)
    .sort((a, b) => b - a)
    .map((m) => ({ stage: warningStage(m), at: subtractWorkingTime(c.dueAt, m * 60_000, c.window, cal) }));
  return [...warnings, { stage: 'breach', at: new Date(c.dueAt.getTime() + 1) }];
}

/**
 * A warning is worth sending only while the complaint is open and before due, once per stage,
 * and not when a more urgent warning is already due (no burst of stale warnings after an outage).
 */
export function warningDue(
  c: SlaView & Pick<ComplaintRecord, 'warningsSent'>,
  stage: SlaStage,
  plan: StagePlanItem[],
  now: Date,
): boolean {
  if (c.status !== 'open' || now.getTime() > c.dueAt.getTime()) return false;
  if (c.warningsSent.includes(stage)) return false;
  const i = plan.findIndex((p) => p.stage === stage);
  if (i < 0 || plan[i].at.getTime() > now.getTime()) return false;
  const next = plan[i + 1];
  return !(next && next.stage !== 'breach' && next.at.getTime() <= now.getTime());
}

/** FT-12: points per ordinary complaint not effectively answered within the SLA. */
export const FT12_LATE_ORDINARY_POINTS = -0.5;
export const ft12LateKey = (complaintId: string) => `FT-12-late-${complaintId}`;
export const ft12ReversalKey = (complaintId: string) => `FT-12-late-${complaintId}-reversal`;
