/**
 * SLA compliance (WT-4, FT-12a, FT-13): pure figures over the per-partner monthly counters (./counters.ts) — how
 * many got an effective reply within the SLA, how many were late, the median working time to an effective reply —
 * per partner and per month, and the staff's queue of complaints still running, by working time left.
 */
import type { ComplaintRecord } from '../db/types.js';
import type { XlsxColumn } from '../metrics/sheet.js';
import { monthOf } from '../period/index.js';
import { answeredInTime, slaState } from './sla-rules.js';
import type { CounterRow } from './counters.js';

export interface SlaFigures {
  complaints: number;
  /** effective reply at or before the due instant (FT-12a) */
  withinSla: number;
  /** no effective reply by the due instant, or one later than it */
  late: number;
  /** still running or awaiting the staff verdict on a timely reply */
  open: number;
  /** withinSla / (withinSla + late); null while nothing is decided */
  shareWithinSla: number | null;
  /** median working time (ms, WT-3 window) from receipt to the effective reply; null without one */
  medianWorkingMsToReply: number | null;
  escalated: number;
}

export type ComplianceOutcome = 'within' | 'late' | 'open';

export function complianceOutcome(c: ComplaintRecord, now: Date): ComplianceOutcome {
  if (answeredInTime(c)) return 'within';
  return slaState(c, now) === 'breached' ? 'late' : 'open';
}

const median = (xs: readonly number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
};

/** What the figures are computed from: the counters' sums (./counters.ts). */
export interface SlaCounts {
  complaints: number;
  withinSla: number;
  late: number;
  escalated: number;
  /** working ms from receipt to each effective reply */
  replyMs: number[];
}

const noCounts = (): SlaCounts => ({ complaints: 0, withinSla: 0, late: 0, escalated: 0, replyMs: [] });

export function slaFigures(n: SlaCounts): SlaFigures {
  const { complaints, withinSla, late, escalated } = n;
  return {
    complaints,
    withinSla,
    late,
    open: complaints - withinSla - late,
    shareWithinSla: withinSla + late ? Math.round((withinSla / (withinSla + late)) * 10_000) / 10_000 : null,
    medianWorkingMsToReply: median(n.replyMs),
    escalated,
  };
}

export interface SlaReport {
  period: string;
  total: SlaFigures;
  partners: (SlaFigures & { partnerId: string; partnerName: string })[];
  /** the trend: one entry per month of the period (Asia/Shanghai month of receipt) */
  months: (SlaFigures & { month: string })[];
}

/** Lowest share within the SLA first (undecided last), then more complaints, then by id (a stable order). */
export const byShareWithinSla = (
  a: SlaFigures & { partnerId: string },
  b: SlaFigures & { partnerId: string },
): number =>
  (a.shareWithinSla ?? 2) - (b.shareWithinSla ?? 2) ||
  b.complaints - a.complaints ||
  (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0);

/**
 * The report from the period's counter rows (one per partner and month of receipt) and the complaints past due
 * whose breach is not settled yet (the counters count a breach once the sweeper settles it; until then such a
 * complaint is counted late here, as FT-12a has it from the due instant on).
 */
export function slaReport(
  period: { name: string; months: readonly string[] },
  rows: readonly CounterRow[],
  unsettledPastDue: readonly ComplaintRecord[],
  names: ReadonlyMap<string, string>,
  now: Date,
): SlaReport {
  const total = noCounts();
  const byPartner = new Map<string, SlaCounts>();
  const byMonth = new Map<string, SlaCounts>(period.months.map((m) => [m, noCounts()]));
  const of = <K>(map: Map<K, SlaCounts>, key: K) => map.get(key) ?? map.set(key, noCounts()).get(key)!;
  for (const r of rows) {
    if (!byMonth.has(r.month)) continue;
    for (const n of [total, of(byPartner, r.partnerId), of(byMonth, r.month)]) {
      n.complaints += r.received;
      n.withinSla += r.within;
      n.late += r.late;
      n.escalated += r.escalated;
      n.replyMs.push(...r.replyMs);
    }
  }
  for (const c of unsettledPastDue) {
    const month = monthOf(c.receivedAt);
    if (!byMonth.has(month) || complianceOutcome(c, now) !== 'late') continue;
    for (const n of [total, of(byPartner, c.partnerId), of(byMonth, month)]) n.late++;
  }
  return {
    period: period.name,
    total: slaFigures(total),
    partners: [...byPartner]
      .map(([partnerId, n]) => ({ partnerId, partnerName: names.get(partnerId) ?? '', ...slaFigures(n) }))
      .sort(byShareWithinSla),
    months: period.months.map((month) => ({ month, ...slaFigures(byMonth.get(month)!) })),
  };
}

/**
 * The 临期投诉 queue: complaints whose SLA still runs (or has just run out without a recorded breach), the
 * caller's own registrations first, then by working time left (overdue ones first, by due instant).
 */
export function dueQueueOrder(
  items: readonly { complaint: ComplaintRecord; workingMsLeft: number }[],
  mine: (c: ComplaintRecord) => boolean,
) {
  return [...items].sort(
    (a, b) =>
      Number(mine(b.complaint)) - Number(mine(a.complaint)) ||
      a.workingMsLeft - b.workingMsLeft ||
      a.complaint.dueAt.getTime() - b.complaint.dueAt.getTime(),
  );
}

const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10);

/** The SLA report as an Excel sheet: one row per partner, then the period's total. */
export const SLA_REPORT_COLUMNS: XlsxColumn<SlaFigures & { partnerName: string }>[] = [
  { header: '伙伴', width: 28, value: (r) => r.partnerName },
  { header: '投诉数', value: (r) => r.complaints },
  { header: '时限内有效回复', value: (r) => r.withinSla },
  { header: '超时', value: (r) => r.late },
  { header: '处理中', value: (r) => r.open },
  { header: '时限内占比', format: '0.0%', value: (r) => r.shareWithinSla },
  { header: '有效回复工作时长中位数（小时）', width: 32, format: '0.0', value: (r) => hours(r.medianWorkingMsToReply) },
  { header: '升级投诉', value: (r) => r.escalated },
];

export function slaReportRows(r: SlaReport): (SlaFigures & { partnerName: string })[] {
  return [...r.partners, { ...r.total, partnerName: '合计' }];
}
