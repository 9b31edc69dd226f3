/**
 * SLA compliance (WT-4, FT-12a, FT-13): pure figures over stored complaints — how many got an effective reply
 * within the SLA, how many were late, the median working time to an effective reply — per partner and per month,
 * and the staff's queue of complaints still running, by working time left.
 */
import { workingTimeBetween, type WorkCalendar } from '../calendar/index.js';
import type { ComplaintRecord } from '../db/types.js';
import type { XlsxColumn } from '../metrics/sheet.js';
import { monthOf } from '../period/index.js';
import { answeredInTime, slaState } from './sla-rules.js';

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

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
};

export function slaFigures(cs: readonly ComplaintRecord[], now: Date, cal: WorkCalendar): SlaFigures {
  let withinSla = 0;
  let late = 0;
  let open = 0;
  const toReply: number[] = [];
  for (const c of cs) {
    const o = complianceOutcome(c, now);
    if (o === 'within') withinSla++;
    else if (o === 'late') late++;
    else open++;
    if (c.effectiveReplyAt) toReply.push(workingTimeBetween(c.receivedAt, c.effectiveReplyAt, c.window, cal));
  }
  return {
    complaints: cs.length,
    withinSla,
    late,
    open,
    shareWithinSla: withinSla + late ? Math.round((withinSla / (withinSla + late)) * 10_000) / 10_000 : null,
    medianWorkingMsToReply: median(toReply),
    escalated: cs.filter((c) => c.kind === 'escalated').length,
  };
}

export interface SlaReport {
  period: string;
  total: SlaFigures;
  partners: (SlaFigures & { partnerId: string; partnerName: string })[];
  /** the trend: one entry per month of the period (Asia/Shanghai month of receipt) */
  months: (SlaFigures & { month: string })[];
}

export function slaReport(
  period: { name: string; months: string[] },
  cs: readonly ComplaintRecord[],
  names: ReadonlyMap<string, string>,
  now: Date,
  cal: WorkCalendar,
): SlaReport {
  const byPartner = new Map<string, ComplaintRecord[]>();
  for (const c of cs) byPartner.set(c.partnerId, [...(byPartner.get(c.partnerId) ?? []), c]);
  return {
    period: period.name,
    total: slaFigures(cs, now, cal),
    partners: [...byPartner]
      .map(([partnerId, list]) => ({
        partnerId,
        partnerName: names.get(partnerId) ?? '',
        ...slaFigures(list, now, cal),
      }))
      .sort((a, b) => (a.shareWithinSla ?? 2) - (b.shareWithinSla ?? 2) || b.complaints - a.complaints),
    months: period.months.map((month) => ({
      month,
      ...slaFigures(
        cs.filter((c) => monthOf(c.receivedAt) === month),
        now,
        cal,
      ),
    })),
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
