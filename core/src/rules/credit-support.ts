/** Internal helpers of the credit engine (rules/credit.ts, rules/credit-validation.ts): labels, numbers, dates. */
import type { CreditEvent, DeductionCategory, Tier } from './credit-model.js';

/** MG-6: the tiers a 战略伙伴 is promoted to (and demoted from). */
export const UPPER_TIERS: readonly Tier[] = ['comprehensive', 'cooperation'];
export const CATEGORY_LABELS: Record<DeductionCategory, string> = {
  violation: '违约考核',
  complaint: '投诉考核',
  fulfilment: '履约考核',
};
export const CATEGORY_RULES: Record<DeductionCategory, string> = {
  violation: 'MG-8',
  complaint: 'MG-12',
  fulfilment: 'MG-12',
};

export type EventOf<K extends CreditEvent['type']> = Extract<CreditEvent, { type: K }>;
export const CREDIT_EVENT_TYPES: readonly CreditEvent['type'][] = [
  'deduction',
  'quarterRank',
  'rerate',
  'aClassReview',
];
/** Event types that may occur at most once per month. */
export const ONCE_A_MONTH: readonly CreditEvent['type'][] = ['quarterRank', 'rerate', 'aClassReview'];

// ---------------------------------------------------------------- numbers

/** Scores and points are kept to one decimal place. */
export const SCORE_SCALE = 10;
export const FLOAT_TOLERANCE = 1e-9;
/** Rounded to the score step; `+ 0` turns -0 into 0. */
export const roundScore = (v: number): number => Math.round(v * SCORE_SCALE) / SCORE_SCALE + 0;
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const hasScoreStep = (v: number): boolean =>
  Math.abs(v * SCORE_SCALE - Math.round(v * SCORE_SCALE)) < FLOAT_TOLERANCE;
export const isPoints = (v: unknown): v is number => isNumber(v) && v > 0 && hasScoreStep(v);
/** Half-up rounding that is not fooled by binary fractions (10 × 0.15 must round to 2). */
export const roundHalfUp = (v: number): number => Math.floor(v + 0.5 + FLOAT_TOLERANCE);
export const percent = (share: number): string => String(Number((share * 100).toFixed(2)));

export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(v: unknown): v is string {
  const m = typeof v === 'string' ? DATE_RE.exec(v) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}
