import { slaDeadline, type ComplaintWindow, type WorkCalendar } from '../calendar/index.js';

/**
 * Semi-annual scorecard of an industry expansion service provider (seed 000 Annex 3; RULES.md FT-12, FT-12a,
 * FT-14, FT-15, FT-16). Pure: no I/O, no clock; every policy number comes from `ScorecardTables`.
 *
 * Arithmetic: points are integers in thousandths of a point (`MILLI`), so 40 − 0.5 × n never drifts; the
 * total is rounded half up to one decimal at the very end. Table points have at most one decimal place;
 * the staff onboarding rating is read to the thousandth of a point.
 *
 * Decisions where the seed is silent (documented so a reader can find them):
 * - A period is a half-year `YYYYH1` (Jan–Jun) or `YYYYH2` (Jul–Dec) in Asia/Shanghai; its `end` is exclusive
 *   (00:00 of the next half-year).
 * - Complaints received outside the period are left out and counted in `detail.excluded`, whatever their kind;
 *   an escalated complaint without `receivedAt` is taken as belonging to the period.
 * - A month listed more than once in `successRates` counts once, as low if any of its rates is below the
 *   threshold (e.g. several systems reporting for the same month).
 * - FT-15: a weekly average below one complaint counts as one (see `complaintSpike`).
 * - FT-16: `reasons` lists what stands against renewal; it is empty when renewal is recommended.
 */

export type SecurityLevel = 'I' | 'II' | 'III' | 'IV';
export const SECURITY_LEVELS: readonly SecurityLevel[] = ['I', 'II', 'III', 'IV'];

export interface ScorecardTables {
  /** FT-12 onboarding negotiation & technical integration, rated by staff. */
  onboardingMax: number;
  /** FT-12 complaint-handling efficiency. */
  complaintEfficiencyMax: number;
  /** FT-12 per ordinary complaint not effectively answered within the SLA. */
  lateOrdinaryPoints: number;
  /** WT-4 working hours to an effective reply. */
  slaHours: number;
  /** FT-12 escalated complaints. */
  escalatedMax: number;
  /** FT-12 per attributable, non-malicious escalated complaint. */
  escalatedPoints: number;
  /** FT-12 the deductions never take more than this. */
  deductionCap: number;
  /** FT-12a default I 40, II 20, III 10, IV 5. */
  securityIncidentPoints: Record<SecurityLevel, number>;
  /** FT-12 monthly transaction success rate required (a share, 0.999 = 99.9%). */
  successRateThreshold: number;
  /** FT-12a per calendar month of the period below the threshold. */
  successRateMonthPoints: number;
  /** FT-14 a total below this requires rectification. */
  rectificationThreshold: number;
  /** FT-16 the average of the scorecards must reach this for renewal. */
  renewalAverageThreshold: number;
}

/** FT-12: the three components add up to this. */
export const SCORECARD_FULL_MARKS = 100;

export const DEFAULT_SCORECARD_TABLES: ScorecardTables = Object.freeze({
  onboardingMax: 30,
  complaintEfficiencyMax: 40,
  lateOrdinaryPoints: 0.5,
  slaHours: 12,
  escalatedMax: 30,
  escalatedPoints: 1,
  deductionCap: 40,
  securityIncidentPoints: Object.freeze({ I: 40, II: 20, III: 10, IV: 5 }),
  successRateThreshold: 0.999,
  successRateMonthPoints: 2,
  rectificationThreshold: 60,
  renewalAverageThreshold: 80,
});

// ---------------------------------------------------------------- numbers

/** Thousandths of a point per point. */
const MILLI = 1000;
/** Thousandths of a point per kept decimal of the total. */
const MILLI_PER_TENTH = 100;
const FLOAT_TOLERANCE = 1e-9;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOneDecimal = (v: number): boolean => Math.abs(v * 10 - Math.round(v * 10)) < FLOAT_TOLERANCE;
const toMilli = (v: number): number => Math.round(v * MILLI);
const fromMilli = (m: number): number => m / MILLI + 0;
/** Round a non-negative amount of thousandths half up to tenths, as a number with one decimal. */
const milliToOneDecimal = (m: number): number => Math.floor((m + MILLI_PER_TENTH / 2) / MILLI_PER_TENTH) / 10;

// ---------------------------------------------------------------- tables

type Errors = string[];

function checkPoints(errors: Errors, path: string, v: unknown, max = Number.MAX_SAFE_INTEGER): void {
  if (!isNumber(v) || v < 0 || v > max || !hasOneDecimal(v)) {
    const range = max === Number.MAX_SAFE_INTEGER ? '不小于 0 的' : `0 到 ${max} 之间的`;
    errors.push(`${path}: 须为${range}分值，最多一位小数`);
  }
}

/** FT-12/FT-12a: problems of an admin-edited table, one message per field; [] when valid. */
export function validateScorecardTables(t: unknown): string[] {
  if (!isRecord(t)) return ['tables: 须为对象'];
  const errors: Errors = [];
  for (const key of ['onboardingMax', 'complaintEfficiencyMax', 'escalatedMax'] as const) {
    checkPoints(errors, key, t[key], SCORECARD_FULL_MARKS);
  }
  const maxima = [t.onboardingMax, t.complaintEfficiencyMax, t.escalatedMax];
  if (maxima.every(isNumber) && toMilli(maxima.reduce((a, b) => a + b, 0)) !== toMilli(SCORECARD_FULL_MARKS)) {
    errors.push(
      `onboardingMax: onboardingMax、complaintEfficiencyMax、escalatedMax 之和须为 ${SCORECARD_FULL_MARKS}（FT-12）`,
    );
  }
  for (const key of ['lateOrdinaryPoints', 'escalatedPoints', 'successRateMonthPoints'] as const) {
    checkPoints(errors, key, t[key]);
  }
  checkPoints(errors, 'deductionCap', t.deductionCap, SCORECARD_FULL_MARKS);
  checkPoints(errors, 'rectificationThreshold', t.rectificationThreshold, SCORECARD_FULL_MARKS);
  checkPoints(errors, 'renewalAverageThreshold', t.renewalAverageThreshold, SCORECARD_FULL_MARKS);
  if (!isNumber(t.slaHours) || t.slaHours <= 0) errors.push('slaHours: 须为大于 0 的小时数');
  if (!isNumber(t.successRateThreshold) || t.successRateThreshold <= 0 || t.successRateThreshold > 1) {
    errors.push('successRateThreshold: 须为大于 0 且不超过 1 的比例（0.999 即 99.9%）');
  }
  const security = t.securityIncidentPoints;
  if (!isRecord(security)) errors.push(`securityIncidentPoints: 须为对象，含 ${SECURITY_LEVELS.join('、')} 各级分值`);
  else for (const level of SECURITY_LEVELS) checkPoints(errors, `securityIncidentPoints.${level}`, security[level]);
  return errors;
}

function requireTables(tables: ScorecardTables): void {
  const errors = validateScorecardTables(tables);
  if (errors.length > 0) throw new RangeError(`invalid scorecard tables: ${errors.join('; ')}`);
}

// ---------------------------------------------------------------- periods

/** `2026H1` (January–June) or `2026H2` (July–December), Asia/Shanghai. */
// FT-12a half-years come from the one period module.
export { parsePeriod, periodOf, periodOfMonth, type ParsedPeriod, type Period } from '../period/index.js';
import { isMonth, parsePeriod, type Period } from '../period/index.js';

// ---------------------------------------------------------------- scorecard

export type ScorecardComplaint =
  /** `dueAt` as stored on the complaint; when absent it is computed (WT-4) from `receivedAt`. */
  | { kind: 'ordinary'; receivedAt: Date; effectiveReplyAt: Date | null; dueAt?: Date }
  | { kind: 'escalated'; receivedAt?: Date; attributable: boolean; malicious: boolean };

export interface ScorecardInput {
  period: Period;
  /** 0..onboardingMax, the staff rating */
  onboarding: number;
  complaints: ScorecardComplaint[];
  securityIncidents: { level: SecurityLevel }[];
  /** 'YYYY-MM', rate 0..1 */
  successRates: { month: string; rate: number }[];
}

export interface ScorecardResult {
  onboarding: number;
  complaintEfficiency: number;
  escalated: number;
  deductions: number;
  /** one decimal, 0..100 */
  total: number;
  /** FT-14 */
  rectificationRequired: boolean;
  detail: {
    /** ordinary complaints of the period answered late or not at all */
    lateOrdinary: number;
    /** escalated complaints of the period that are attributable and not malicious */
    countedEscalated: number;
    securityPoints: number;
    successRatePoints: number;
    /** months of the period below the success-rate threshold, sorted */
    lowMonths: string[];
    deductionsBeforeCap: number;
    /** complaints received outside the period */
    excluded: number;
  };
}

function instant(v: unknown, what: string): number {
  const t = v instanceof Date ? v.getTime() : NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${what} must be a valid Date`);
  return t;
}

/** FT-12a: is an ordinary complaint late? Missing reply, or a reply strictly after the due instant. */
export function ordinaryComplaintLate(effectiveReplyAt: Date | null, dueAt: Date): boolean {
  return effectiveReplyAt === null || effectiveReplyAt.getTime() > dueAt.getTime();
}

/**
 * FT-12, FT-12a, FT-14: the scorecard of one half-year. `window` and `cal` compute the WT-4 due instant of
 * ordinary complaints that carry no stored `dueAt`. RangeError for an invalid period, onboarding rating,
 * table, complaint date, security level or success rate.
 */
export function computeScorecard(
  input: ScorecardInput,
  tables: ScorecardTables,
  window: ComplaintWindow,
  cal: WorkCalendar,
): ScorecardResult {
  requireTables(tables);
  const period = parsePeriod(input.period);
  if (!period) throw new RangeError(`period must be YYYYH1 or YYYYH2, got ${JSON.stringify(input.period)}`);
  if (!isNumber(input.onboarding) || input.onboarding < 0 || input.onboarding > tables.onboardingMax) {
    throw new RangeError(`onboarding must be a number 0..${tables.onboardingMax}, got ${input.onboarding}`);
  }
  const from = period.start.getTime();
  const to = period.end.getTime();
  const inPeriod = (t: number) => t >= from && t < to;

  let lateOrdinary = 0;
  let countedEscalated = 0;
  let excluded = 0;
  for (const [i, c] of input.complaints.entries()) {
    const what = `complaints[${i}]`;
    if (c.kind === 'ordinary') {
      if (!inPeriod(instant(c.receivedAt, `${what}.receivedAt`))) {
        excluded++;
        continue;
      }
      if (c.effectiveReplyAt !== null) instant(c.effectiveReplyAt, `${what}.effectiveReplyAt`);
      const due = c.dueAt ?? slaDeadline(c.receivedAt, tables.slaHours, window, cal).dueAt;
      instant(due, `${what}.dueAt`);
      if (ordinaryComplaintLate(c.effectiveReplyAt, due)) lateOrdinary++;
    } else if (c.kind === 'escalated') {
      if (c.receivedAt !== undefined && !inPeriod(instant(c.receivedAt, `${what}.receivedAt`))) {
        excluded++;
        continue;
      }
      if (c.attributable && !c.malicious) countedEscalated++;
    } else {
      throw new RangeError(`${what}.kind must be 'ordinary' or 'escalated'`);
    }
  }

  let securityMilli = 0;
  input.securityIncidents.forEach((s, i) => {
    if (!SECURITY_LEVELS.includes(s.level)) {
      throw new RangeError(`securityIncidents[${i}].level must be one of ${SECURITY_LEVELS.join(', ')}`);
    }
    securityMilli += toMilli(tables.securityIncidentPoints[s.level]);
  });

  const periodMonths = new Set(period.months);
  const low = new Set<string>();
  input.successRates.forEach((r, i) => {
    if (!isMonth(r.month)) {
      throw new RangeError(`successRates[${i}].month must be YYYY-MM, got ${JSON.stringify(r.month)}`);
    }
    if (!isNumber(r.rate) || r.rate < 0 || r.rate > 1) {
      throw new RangeError(`successRates[${i}].rate must be a share 0..1, got ${r.rate}`);
    }
    if (periodMonths.has(r.month) && r.rate < tables.successRateThreshold) low.add(r.month);
  });
  const lowMonths = [...low].sort();
  const successRateMilli = lowMonths.length * toMilli(tables.successRateMonthPoints);

  const onboardingMilli = toMilli(input.onboarding);
  const efficiencyMilli = Math.max(
    0,
    toMilli(tables.complaintEfficiencyMax) - lateOrdinary * toMilli(tables.lateOrdinaryPoints),
  );
  const escalatedMilli = Math.max(0, toMilli(tables.escalatedMax) - countedEscalated * toMilli(tables.escalatedPoints));
  const beforeCapMilli = securityMilli + successRateMilli;
  const deductionsMilli = Math.min(toMilli(tables.deductionCap), beforeCapMilli);
  const totalMilli = Math.max(0, onboardingMilli + efficiencyMilli + escalatedMilli - deductionsMilli);
  const total = milliToOneDecimal(totalMilli);

  return {
    onboarding: input.onboarding,
    complaintEfficiency: fromMilli(efficiencyMilli),
    escalated: fromMilli(escalatedMilli),
    deductions: fromMilli(deductionsMilli),
    total,
    rectificationRequired: toMilli(total) < toMilli(tables.rectificationThreshold),
    detail: {
      lateOrdinary,
      countedEscalated,
      securityPoints: fromMilli(securityMilli),
      successRatePoints: fromMilli(successRateMilli),
      lowMonths,
      deductionsBeforeCap: fromMilli(beforeCapMilli),
      excluded,
    },
  };
}

// ---------------------------------------------------------------- renewal (FT-16)

/** Shown in the reasons: truncated (never rounded up) to two decimals so 79.999 never reads as 80. */
const showScore = (v: number): string => String(Math.floor(v * 100 + FLOAT_TOLERANCE) / 100);

/**
 * FT-16 renewal review: renew when (a) the average of the scorecards ≥ renewalAverageThreshold, (b) special
 * certificates (if any) are valid, (c) the provider still meets the FT-2 criteria. `average` is null without
 * scorecards (then no renewal). `reasons` (Chinese) lists what stands against renewal; [] when renewing.
 */
export function renewalRecommendation(
  input: { scores: number[]; certificatesValid: boolean; meetsQualification: boolean },
  tables: ScorecardTables,
): { renew: boolean; average: number | null; reasons: string[] } {
  input.scores.forEach((s, i) => {
    if (!isNumber(s) || s < 0 || s > SCORECARD_FULL_MARKS) {
      throw new RangeError(`scores[${i}] must be a number 0..${SCORECARD_FULL_MARKS}, got ${s}`);
    }
  });
  const threshold = tables.renewalAverageThreshold;
  const reasons: string[] = [];
  let average: number | null = null;
  if (input.scores.length === 0) {
    reasons.push('合作期内没有半年度考核得分，无法计算平均分');
  } else {
    const sumMilli = input.scores.reduce((sum, s) => sum + toMilli(s), 0);
    average = sumMilli / input.scores.length / MILLI;
    if (sumMilli < toMilli(threshold) * input.scores.length) {
      reasons.push(`半年度考核平均分 ${showScore(average)} 分，低于续约要求的 ${threshold} 分`);
    }
  }
  if (!input.certificatesValid) reasons.push('特殊资质证书已过期或失效');
  if (!input.meetsQualification) reasons.push('已不再符合服务商引入资质条件（附件1）');
  return { renew: reasons.length === 0, average, reasons };
}

// ---------------------------------------------------------------- complaint spike (FT-15)

/** FT-15 default: the last 7 days above this many times the weekly average. */
export const DEFAULT_SPIKE_FACTOR = 3;
/** FT-15 a weekly average below this counts as this (a quiet provider's first complaint is not a spike). */
export const DEFAULT_SPIKE_MIN_WEEKLY_AVERAGE = 1;

/**
 * FT-15 default spike rule: complaints in the last 7 days > factor × the weekly average of the weeks before
 * (normally 4). The average is taken as at least `minWeeklyAverage` (default 1 complaint a week): after four
 * quiet weeks (average 0) more than `factor` complaints in a week is a spike, one or two are not. Pass
 * `minWeeklyAverage` 0 for the literal rule, under which any complaint after four quiet weeks is a spike.
 */
export function complaintSpike(
  input: { last7Days: number; previous4Weeks: number[] },
  factor: number = DEFAULT_SPIKE_FACTOR,
  minWeeklyAverage: number = DEFAULT_SPIKE_MIN_WEEKLY_AVERAGE,
): boolean {
  const count = (v: unknown) => isNumber(v) && v >= 0;
  if (!count(input.last7Days)) throw new RangeError(`last7Days must be a count ≥ 0, got ${input.last7Days}`);
  if (input.previous4Weeks.length === 0 || !input.previous4Weeks.every(count)) {
    throw new RangeError('previous4Weeks must be a non-empty list of weekly counts ≥ 0');
  }
  if (!isNumber(factor) || factor <= 0) throw new RangeError(`factor must be a number > 0, got ${factor}`);
  if (!isNumber(minWeeklyAverage) || minWeeklyAverage < 0) {
    throw new RangeError(`minWeeklyAverage must be a number ≥ 0, got ${minWeeklyAverage}`);
  }
  const weeks = input.previous4Weeks.length;
  const sum = input.previous4Weeks.reduce((a, b) => a + b, 0);
  // last7Days > factor × max(sum / weeks, min), without dividing
  return input.last7Days * weeks > factor * Math.max(sum, minWeeklyAverage * weeks);
}
