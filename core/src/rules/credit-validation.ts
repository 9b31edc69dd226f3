/**
 * MG-8, MG-12, MG-13 input validation of the credit engine: the admin-edited tables, the events of a month and the
 * `POST /api/v1/credit/simulate` body. Every problem names its field.
 */
import { isMonth, isQuarter, monthOfYear, rankedQuarter, shiftMonth } from '../period/index.js';
import {
  CREDIT_SIMULATION_MAX_MONTHS,
  CREDIT_TIERS,
  DEDUCTION_CATEGORIES,
  DEFAULT_CREDIT_TABLES,
} from './credit-model.js';
import type { CreditEvent, CreditTables, DeductionCategory, Tier } from './credit-model.js';
import { CREDIT_EVENT_TYPES, ONCE_A_MONTH, hasScoreStep, isDate, isNumber, isPoints } from './credit-support.js';

export type Errors = string[];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
export const oneOf = (values: readonly string[]) => values.join(', ');

export function checkInteger(
  errors: Errors,
  path: string,
  v: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
    errors.push(
      max === Number.MAX_SAFE_INTEGER
        ? `${path} must be an integer ≥ ${min}`
        : `${path} must be an integer ${min}..${max}`,
    );
  }
}
export function checkPoints(errors: Errors, path: string, v: unknown, allowZero = false): void {
  if (allowZero && v === 0) return;
  if (!isPoints(v))
    errors.push(`${path} must be a ${allowZero ? 'non-negative' : 'positive'} number with at most one decimal`);
}
export function checkScore(errors: Errors, path: string, v: unknown, min: number, max: number): void {
  if (!isNumber(v) || !hasScoreStep(v) || v < min || v > max) {
    errors.push(`${path} must be a number ${min}..${max} with at most one decimal`);
  }
}
export function checkShare(errors: Errors, path: string, v: unknown): void {
  if (!isNumber(v) || v <= 0 || v > 1) errors.push(`${path} must be a number in (0, 1]`);
}
export function checkOptionalText(errors: Errors, path: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'string') errors.push(`${path} must be a string`);
}

export function checkItems(errors: Errors, path: string, v: unknown, withSeverity: boolean): void {
  if (!Array.isArray(v)) {
    errors.push(`${path} must be an array`);
    return;
  }
  const codes = new Set<string>();
  v.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) {
      errors.push(`${at} must be an object`);
      return;
    }
    if (!isText(item.code)) errors.push(`${at}.code must be a non-empty string`);
    else if (codes.has(item.code)) errors.push(`${at}.code ${item.code} is a duplicate`);
    else codes.add(item.code);
    if (!isText(item.name)) errors.push(`${at}.name must be a non-empty string`);
    if (withSeverity && item.severity !== 'major' && item.severity !== 'ordinary') {
      errors.push(`${at}.severity must be one of major, ordinary`);
    }
    checkPoints(errors, `${at}.points`, item.points);
  });
}

/** Field-named problems of an admin-edited credit table; empty when valid. */
export function validateCreditTables(t: unknown): string[] {
  const errors: Errors = [];
  if (!isRecord(t)) return ['tables must be an object'];
  const bounded = isNumber(t.min) && isNumber(t.max) && t.min < t.max;
  if (!bounded) errors.push('min and max must be numbers with min < max');
  const lo = bounded ? (t.min as number) : 0;
  const hi = bounded ? (t.max as number) : 0;
  if (!isRecord(t.initialScore)) errors.push('initialScore must be an object');
  else for (const tier of CREDIT_TIERS) checkScore(errors, `initialScore.${tier}`, t.initialScore[tier], lo, hi);
  for (const key of ['tierChangePoints', 'bonusTopPoints', 'bonusNextPoints', 'recoveryPoints'] as const) {
    checkPoints(errors, key, t[key], true);
  }
  checkShare(errors, 'bonusTopShare', t.bonusTopShare);
  checkShare(errors, 'bonusNextShare', t.bonusNextShare);
  if (isNumber(t.bonusTopShare) && isNumber(t.bonusNextShare) && t.bonusTopShare > t.bonusNextShare) {
    errors.push('bonusTopShare must not exceed bonusNextShare');
  }
  checkInteger(errors, 'bonusMinMonthsJoined', t.bonusMinMonthsJoined, 0);
  checkEvaluationMonths(errors, t.evaluationMonths);
  checkInteger(errors, 'recoveryCleanMonths', t.recoveryCleanMonths, 1);
  checkScore(errors, 'aClassThreshold', t.aClassThreshold, lo, hi);
  if (isNumber(t.aClassThreshold)) checkScore(errors, 'aClassFailScore', t.aClassFailScore, lo, t.aClassThreshold);
  if (isNumber(t.aClassThreshold) && t.aClassFailScore === t.aClassThreshold) {
    errors.push('aClassFailScore must be below aClassThreshold');
  }
  checkItems(errors, 'violationCatalogue', t.violationCatalogue, true);
  checkItems(errors, 'complaintDeductions', t.complaintDeductions, false);
  checkItems(errors, 'fulfilmentDeductions', t.fulfilmentDeductions, false);
  return errors;
}

export function checkEvaluationMonths(errors: Errors, v: unknown): void {
  const ok =
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((m) => Number.isInteger(m) && m >= 1 && m <= 12) &&
    new Set(v).size === v.length;
  if (!ok) errors.push('evaluationMonths must be a non-empty list of distinct integers 1..12');
}

/** Problems of one event, fields named from `path` (e.g. `events[2]`). */
export function eventErrors(e: unknown, path: string, tables: CreditTables): Errors {
  const errors: Errors = [];
  if (!isRecord(e)) return [`${path} must be an object`];
  if (!isMonth(e.month)) errors.push(`${path}.month must be YYYY-MM`);
  switch (e.type) {
    case 'deduction':
      if (!DEDUCTION_CATEGORIES.includes(e.category as DeductionCategory)) {
        errors.push(`${path}.category must be one of ${oneOf(DEDUCTION_CATEGORIES)}`);
      }
      checkPoints(errors, `${path}.points`, e.points);
      checkOptionalText(errors, `${path}.reason`, e.reason);
      checkOptionalText(errors, `${path}.ref`, e.ref);
      break;
    case 'quarterRank':
      checkRanking(errors, path, e, tables);
      break;
    case 'rerate':
      if (!CREDIT_TIERS.includes(e.tier as Tier)) errors.push(`${path}.tier must be one of ${oneOf(CREDIT_TIERS)}`);
      break;
    case 'aClassReview':
      if (e.result !== 'pass' && e.result !== 'fail') errors.push(`${path}.result must be one of pass, fail`);
      break;
    default:
      errors.push(`${path}.type must be one of ${oneOf(CREDIT_EVENT_TYPES)}`);
  }
  return errors;
}

export function checkRanking(errors: Errors, path: string, e: Record<string, unknown>, tables: CreditTables): void {
  if (isMonth(e.month)) {
    if (!tables.evaluationMonths.includes(monthOfYear(e.month))) {
      errors.push(`${path}.month must be an evaluation month (${tables.evaluationMonths.join(', ')})`);
    } else if (e.quarter !== rankedQuarter(e.month)) {
      errors.push(`${path}.quarter must be ${rankedQuarter(e.month)} (the quarter ranked in ${e.month})`);
    }
  } else if (!isQuarter(e.quarter)) {
    errors.push(`${path}.quarter must be YYYYQn`);
  }
  checkInteger(errors, `${path}.of`, e.of, 1);
  checkInteger(errors, `${path}.rank`, e.rank, 1, Number.isInteger(e.of) ? (e.of as number) : undefined);
}

/** Decisions that happen at most once a month: a second one in the same month is an error. */
export function duplicateErrors(events: readonly unknown[], pathOf: (i: number) => string): Errors {
  const seen = new Set<string>();
  const errors: Errors = [];
  events.forEach((e, i) => {
    if (!isRecord(e) || !ONCE_A_MONTH.includes(e.type as CreditEvent['type'])) return;
    const key = `${String(e.month)}|${String(e.type)}`;
    if (seen.has(key))
      errors.push(`${pathOf(i)} is a second ${String(e.type)} in ${String(e.month)} (at most one a month)`);
    seen.add(key);
  });
  return errors;
}

export function channelErrors(channel: unknown, path: string): Errors {
  if (!isRecord(channel)) return [`${path} must be an object`];
  const errors: Errors = [];
  if (!CREDIT_TIERS.includes(channel.tier as Tier)) errors.push(`${path}.tier must be one of ${oneOf(CREDIT_TIERS)}`);
  if (!isDate(channel.joinedAt)) errors.push(`${path}.joinedAt must be a date YYYY-MM-DD`);
  return errors;
}

/** Field-named problems of a `POST /api/v1/credit/simulate` body; empty when valid. */
export function validateSimulateInput(body: unknown, tables: CreditTables = DEFAULT_CREDIT_TABLES): string[] {
  if (!isRecord(body)) return ['body must be an object'];
  const errors: Errors = [];
  if (!isMonth(body.start)) errors.push('start must be YYYY-MM');
  checkInteger(errors, 'months', body.months, 1, CREDIT_SIMULATION_MAX_MONTHS);
  errors.push(...channelErrors(body.channel, 'channel'));
  if (body.events === undefined) return errors;
  if (!Array.isArray(body.events)) return [...errors, 'events must be an array'];
  const window =
    errors.length === 0
      ? { first: body.start as string, last: shiftMonth(body.start as string, (body.months as number) - 1) }
      : null;
  body.events.forEach((e: unknown, i) => {
    const found = eventErrors(e, `events[${i}]`, tables);
    errors.push(...found);
    if (found.length === 0 && window && !withinWindow((e as CreditEvent).month, window)) {
      errors.push(`events[${i}].month must be within ${window.first}..${window.last}`);
    }
  });
  errors.push(...duplicateErrors(body.events, (i) => `events[${i}]`));
  return errors;
}
export const withinWindow = (m: string, w: { first: string; last: string }) => m >= w.first && m <= w.last;
