// Pure helpers of the 我的评分 pages (no Taro imports, so they run under node --test).
import type {
  CreditEntry,
  CreditEntryKind,
  CreditView,
  Rectification,
  RectificationSubmission,
  ScorecardView,
} from '@/services/types';

/** Score text: at most one decimal, no trailing ".0" ("72.5", "70", "0"). */
export function formatScore(n: number): string {
  const v = Math.round(n * 10) / 10 + 0;
  return String(v);
}

/** Points with a sign: "+5", "-0.5", "0". */
export function formatPoints(n: number): string {
  const v = Math.round(n * 10) / 10 + 0;
  return v > 0 ? `+${v}` : String(v);
}

/** "2026H2" → "2026年下半年"; anything else unchanged. */
export function periodName(period: string): string {
  const m = /^(\d{4})H([12])$/.exec(period);
  return m ? `${m[1]}年${m[2] === '1' ? '上' : '下'}半年` : period;
}

/** "2026-07" → "2026年7月". */
export function monthName(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : month;
}

/** Half-years as chip options, each named by periodName. */
export const periodOptions = (periods: string[]) => periods.map((p) => ({ value: p, label: periodName(p) }));

/** Months as chip options, each named by monthName. */
export const monthOptions = (months: string[]) => months.map((m) => ({ value: m, label: monthName(m) }));

export interface ChartPoint {
  key: string;
  /** main label under the bar ("7月", "下半年") */
  label: string;
  /** second line ("2026"), shown where the year changes */
  sub?: string;
  value: number;
  /** the live, not yet closed month or period */
  current?: boolean;
}

export interface ChartBar extends ChartPoint {
  /** bar height, percent of the plot height (at least MIN_BAR_PCT so a low value stays visible) */
  pct: number;
}

export interface ChartLine {
  label: string;
  value: number;
  /** distance from the bottom of the plot, percent */
  pct: number;
}

export interface Chart {
  bars: ChartBar[];
  lines: ChartLine[];
  /** value at the bottom and the top of the plot */
  min: number;
  max: number;
}

export const MIN_BAR_PCT = 4;

/**
 * Scales bars and reference lines into a plot whose axis runs over whole `step`s around the data (never outside
 * floor..ceil), so a 70→75 change is visible instead of lost on a 0..100 axis. Keeps the last `limit` points.
 */
export function scaleChart(
  points: ChartPoint[],
  refs: { label: string; value: number }[] = [],
  opts: { floor?: number; ceil?: number; step?: number; limit?: number } = {},
): Chart {
  const { floor = 0, ceil = 100, step = 10, limit = 12 } = opts;
  const shown = points.slice(-limit);
  const values = [...shown.map((p) => p.value), ...refs.map((r) => r.value)].filter((v) => Number.isFinite(v));
  if (!values.length) return { bars: [], lines: [], min: floor, max: ceil };
  let min = Math.max(floor, Math.floor((Math.min(...values) - step / 2) / step) * step);
  let max = Math.min(ceil, Math.ceil((Math.max(...values) + step / 2) / step) * step);
  if (max <= min) {
    if (max + step <= ceil) max += step;
    else min = Math.max(floor, min - step);
  }
  const pct = (v: number) => Math.min(100, Math.max(0, ((v - min) / (max - min)) * 100));
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    bars: shown.map((p) => ({ ...p, pct: round(Math.max(MIN_BAR_PCT, pct(p.value))) })),
    lines: refs.map((r) => ({ ...r, pct: round(pct(r.value)) })),
    min,
    max,
  };
}

/** Credit trend: the closed months, then the open month at the current score (marked current). */
export function creditTrend(view: Pick<CreditView, 'months' | 'score' | 'openMonth'>): ChartPoint[] {
  const months = [...view.months].sort((a, b) => a.month.localeCompare(b.month));
  const all: { month: string; score: number; current?: boolean }[] = months;
  if (view.openMonth && !months.some((m) => m.month === view.openMonth))
    all.push({ month: view.openMonth, score: view.score, current: true });
  return all.map((m, i) => {
    const [year, mon] = m.month.split('-');
    const prev = all[i - 1]?.month.slice(0, 4);
    return {
      key: m.month,
      label: mon ? `${Number(mon)}月` : m.month,
      ...(prev !== year ? { sub: year } : {}),
      value: m.score,
      ...(m.current ? { current: true } : {}),
    };
  });
}

/** Scorecard trend over the half-years; the open period is marked current (provisional). */
export function scorecardTrend(view: Pick<ScorecardView, 'history'>): ChartPoint[] {
  return [...view.history]
    .sort((a, b) => a.period.localeCompare(b.period))
    .map((h) => {
      const m = /^(\d{4})H([12])$/.exec(h.period);
      return {
        key: h.period,
        label: m ? (m[2] === '1' ? '上半年' : '下半年') : h.period,
        ...(m ? { sub: m[1] } : {}),
        value: h.total,
        ...(h.status === 'open' ? { current: true } : {}),
      };
    });
}

/** Width of a component bar, percent of its maximum (deductions: of the cap). */
export function componentPct(points: number, max: number): number {
  if (!(max > 0)) return 0;
  return Math.round(Math.min(100, Math.max(0, (Math.abs(points) / max) * 100)) * 10) / 10;
}

const KIND_ORDER: CreditEntryKind[] = [
  'initial',
  'inherit',
  'rerate',
  'bonus',
  'recovery',
  'deduction',
  'reversal',
  'aClassPass',
  'aClassFail',
  'aClassLapse',
];

/** MG-1 credit breakdown: the ledger summed by kind (initial score, deductions, bonuses, …); kinds never used left out. */
export function creditBreakdown(
  entries: Pick<CreditEntry, 'kind' | 'applied'>[],
): { kind: CreditEntryKind; points: number }[] {
  const sums = new Map<CreditEntryKind, number>();
  for (const e of entries) sums.set(e.kind, (sums.get(e.kind) ?? 0) + e.applied);
  const order = [...KIND_ORDER, ...[...sums.keys()].filter((k) => !KIND_ORDER.includes(k))];
  return order.filter((k) => sums.has(k)).map((kind) => ({ kind, points: Math.round(sums.get(kind)! * 10) / 10 + 0 }));
}

/**
 * Newest first. Entries written at the same instant (a close catching up several months) are newest first too:
 * later in the ledger means newer.
 */
export function newestFirst<T extends { at: string }>(entries: T[]): T[] {
  return entries
    .map((e, i) => ({ e, i, t: Date.parse(e.at) || 0 }))
    .sort((a, b) => b.t - a.t || b.i - a.i)
    .map((x) => x.e);
}

export type Tone = 'good' | 'warn' | 'bad';
export interface NextStep {
  text: string;
  tone: Tone;
}

const DEFAULT_A_CLASS = 85;

type CreditNext = CreditView['next'];
type ScorecardNext = ScorecardView['next'];

/** MG-7: what the credit partner needs next ("距离A类还差 X 分"); without a threshold the default line. */
export function creditNextSteps(view: {
  aClass: boolean;
  next: Pick<CreditNext, 'toAClass' | 'aClassReviewPending'> & Partial<Pick<CreditNext, 'aClassThreshold'>>;
}): NextStep[] {
  const line = view.next.aClassThreshold ?? DEFAULT_A_CLASS;
  if (view.aClass) return [{ text: `已是A类渠道（A类线 ${formatScore(line)} 分）`, tone: 'good' }];
  if (view.next.aClassReviewPending)
    return [{ text: `积分已达A类线 ${formatScore(line)} 分，等待A类评审`, tone: 'good' }];
  if (view.next.toAClass > 0)
    return [
      { text: `距离A类还差 ${formatScore(view.next.toAClass)} 分（A类线 ${formatScore(line)} 分）`, tone: 'warn' },
    ];
  return [{ text: `积分已达A类线 ${formatScore(line)} 分，月末结账时进行A类评审`, tone: 'good' }];
}

/** FT-14 / FT-16: distance to the rectification line, and the renewal average when there is one. */
export function scorecardNextSteps(
  view: Pick<ScorecardView, 'status'> & {
    next: Pick<ScorecardNext, 'rectificationLine' | 'distanceToRectification'> &
      Partial<Pick<ScorecardNext, 'renewalAverage' | 'renewalAverageThreshold'>>;
  },
): NextStep[] {
  const { rectificationLine: line, distanceToRectification: d } = view.next;
  const steps: NextStep[] = [];
  if (d > 0) {
    steps.push({ text: `距整改线 ${formatScore(line)} 分还有 ${formatScore(d)} 分`, tone: d < 10 ? 'warn' : 'good' });
  } else if (d === 0) {
    steps.push({ text: `正好在整改线 ${formatScore(line)} 分，再扣分将需要整改`, tone: 'warn' });
  } else {
    const tail = view.status === 'closed' ? '，需要整改' : '，期末仍低于整改线将需要整改';
    steps.push({ text: `已低于整改线 ${formatScore(line)} 分（差 ${formatScore(-d)} 分）${tail}`, tone: 'bad' });
  }
  const avg = view.next.renewalAverage;
  const need = view.next.renewalAverageThreshold;
  if (avg !== undefined && avg !== null && need !== undefined) {
    const ok = avg >= need;
    steps.push({
      text: `已结算半年平均 ${formatScore(avg)} 分，续约要求不低于 ${formatScore(need)} 分${ok ? '' : '（未达到）'}`,
      tone: ok ? 'good' : 'bad',
    });
  }
  return steps;
}

/** Evidence typed one per line → trimmed, non-empty lines. */
export function evidenceLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** What a page shows of a submission. */
export type ShownSubmission = Pick<RectificationSubmission, 'plan' | 'evidence' | 'at'> &
  Partial<Pick<RectificationSubmission, 'afterDeadline'>>;

/**
 * The latest plan of a case, whichever way the api sends it (today `submissions`; the older wording had the plan
 * and evidence directly on the case, which the contract no longer lists).
 */
export function latestSubmission(c: {
  submissions?: readonly ShownSubmission[];
  plan?: string;
  evidence?: string[];
}): ShownSubmission | null {
  const list = c.submissions ?? [];
  if (list.length) return list[list.length - 1];
  if (c.plan) return { plan: c.plan, evidence: c.evidence ?? [], at: '' };
  return null;
}

/** A partner may (re)submit while the case has no decision. */
export function canSubmitPlan(c: Pick<Rectification, 'status'>): boolean {
  return c.status === 'open' || c.status === 'submitted';
}

/** One api validation message about a form field ("reason must not be empty") as Chinese naming the field. */
export function fieldText(message: string, name: string): string {
  // the api's messages are Chinese and leave the field's name out (it keys them): 「申诉理由」+「不能为空」
  if (/^[\u4e00-\u9fff]/u.test(message)) return message.startsWith('不能为空') ? `请填写${name}` : `${name}${message}`;
  if (/(should|must) not be empty|must be a string/.test(message)) return `请填写${name}`;
  const max = /no more than (\d+) elements/.exec(message);
  if (max) return `${name}最多 ${max[1]} 条`;
  const len = /shorter than or equal to (\d+)/.exec(message);
  if (len) return `${name}不能超过 ${len[1]} 字`;
  return message;
}

/**
 * The 我的评分 banner for a partner whose partnership is ending or ended ('' otherwise): the scores stay readable,
 * and the page says why nothing changes any more (#18: an exited partner's scorecard page did not say so).
 */
export function partnerStatusBanner(status: string | null | undefined): string {
  if (status === 'exited') return '贵方已退出合作（合同已终止），评分仅供查看。';
  if (status === 'exiting') return '贵方的退出申请正在办理中，评分仍按规则计算。';
  return '';
}
