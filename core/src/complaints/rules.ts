/** Pure complaint rules (WT-4): when a complaint may be registered, the state a new complaint starts in. */
import type { ComplaintRecord } from '../db/types.js';

const DAY_MS = 86_400_000;
/** Clock skew tolerated between the registering desk and the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Why a complaint received at `receivedAt` cannot be registered now (null when it can): not in the future, and
 * within the last year (also for imports: an older complaint would breach into long-settled periods).
 */
export function receivedAtProblem(receivedAt: Date, now: Date): { message: string; detail: string } | null {
  if (receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    return { message: 'receivedAt 不能晚于当前时间', detail: 'receivedAt: 不能晚于当前时间' };
  if (receivedAt.getTime() < now.getTime() - 366 * DAY_MS)
    return { message: 'receivedAt 须在一年以内', detail: 'receivedAt: 须在一年以内' };
  return null;
}

/** A new complaint: open, no reply, its SLA running (not breached, not settled, no warning sent). */
export const newComplaintState = (): Pick<
  ComplaintRecord,
  'status' | 'replies' | 'effectiveReplyAt' | 'breachedAt' | 'slaSettled' | 'warningsSent'
> => ({ status: 'open', replies: [], effectiveReplyAt: null, breachedAt: null, slaSettled: false, warningsSent: [] });
