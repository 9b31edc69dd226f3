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
export const oneOf = (values: readonly string[]) => values.join('、');

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
        ? `${path}: 须为不小于 ${min} 的整数`
        : `${path}: 须为 ${min} 到 ${max} 之间的整数`,
    );
  }
}
export function checkPoints(errors: Errors, path: string, v: unknown, allowZero = false): void {
  if (allowZero && v === 0) return;
  if (!isPoints(v)) errors.push(`${path}: 须为${allowZero ? '非负' : '正'}数，最多一位小数`);
}
export function checkScore(errors: Errors, path: string, v: unknown, min: number, max: number): void {
  if (!isNumber(v) || !hasScoreStep(v) || v < min || v > max) {
    errors.push(`${path}: 须为 ${min} 到 ${max} 之间的数，最多一位小数`);
  }
}
export function checkShare(errors: Errors, path: string, v: unknown): void {
  if (!isNumber(v) || v <= 0 || v > 1) errors.push(`${path}: 须为大于 0 且不超过 1 的数`);
}
export function checkOptionalText(errors: Errors, path: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'string') errors.push(`${path}: 须为文本`);
}

export function checkItems(errors: Errors, path: string, v: unknown, withSeverity: boolean): void {
  if (!Array.isArray(v)) {
    errors.push(`${path}: 须为列表`);
    return;
  }
  const codes = new Set<string>();
  v.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(item)) {
      errors.push(`${at}: 须为对象`);
      return;
    }
    if (!isText(item.code)) errors.push(`${at}.code: 不能为空`);
    else if (codes.has(item.code)) errors.push(`${at}.code: ${item.code} 重复`);
    else codes.add(item.code);
    if (!isText(item.name)) errors.push(`${at}.name: 不能为空`);
    if (withSeverity && item.severity !== 'major' && item.severity !== 'ordinary') {
      errors.push(`${at}.severity: 须为 major（重大）或 ordinary（一般）`);
    }
    checkPoints(errors, `${at}.points`, item.points);
  });
}

/** Field-named problems of an admin-edited credit table; empty when valid. */
export function validateCreditTables(t: unknown): string[] {
  const errors: Errors = [];
  if (!isRecord(t)) return ['tables: 须为对象'];
  const bounded = isNumber(t.min) && isNumber(t.max) && t.min < t.max;
  if (!bounded) errors.push('min: min 与 max 须为数，且 min 小于 max');
  const lo = bounded ? (t.min as number) : 0;
  const hi = bounded ? (t.max as number) : 0;
  if (!isRecord(t.initialScore)) errors.push('initialScore: 须为对象');
  else for (const tier of CREDIT_TIERS) checkScore(errors, `initialScore.${tier}`, t.initialScore[tier], lo, hi);
  for (const key of ['tierChangePoints', 'bonusTopPoints', 'bonusNextPoints', 'recoveryPoints'] as const) {
    checkPoints(errors, key, t[key], true);
  }
  checkShare(errors, 'bonusTopShare', t.bonusTopShare);
  checkShare(errors, 'bonusNextShare', t.bonusNextShare);
  if (isNumber(t.bonusTopShare) && isNumber(t.bonusNextShare) && t.bonusTopShare > t.bonusNextShare) {
    errors.push('bonusTopShare: 不能大于 bonusNextShare');
  }
  checkInteger(errors, 'bonusMinMonthsJoined', t.bonusMinMonthsJoined, 0);
  checkEvaluationMonths(errors, t.evaluationMonths);
  checkInteger(errors, 'recoveryCleanMonths', t.recoveryCleanMonths, 1);
  checkScore(errors, 'aClassThreshold', t.aClassThreshold, lo, hi);
  if (isNumber(t.aClassThreshold)) checkScore(errors, 'aClassFailScore', t.aClassFailScore, lo, t.aClassThreshold);
  if (isNumber(t.aClassThreshold) && t.aClassFailScore === t.aClassThreshold) {
    errors.push('aClassFailScore: 须低于 aClassThreshold');
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
  if (!ok) errors.push('evaluationMonths: 须为 1 到 12 之间互不相同的整数，至少一个');
}

/** Problems of one event, fields named from `path` (e.g. `events[2]`). */
export function eventErrors(e: unknown, path: string, tables: CreditTables): Errors {
  const errors: Errors = [];
  if (!isRecord(e)) return [`${path}: 须为对象`];
  if (!isMonth(e.month)) errors.push(`${path}.month: 须为月份（YYYY-MM）`);
  switch (e.type) {
    case 'deduction':
      if (!DEDUCTION_CATEGORIES.includes(e.category as DeductionCategory)) {
        errors.push(`${path}.category: 须为 ${oneOf(DEDUCTION_CATEGORIES)} 之一`);
      }
      checkPoints(errors, `${path}.points`, e.points);
      checkOptionalText(errors, `${path}.reason`, e.reason);
      checkOptionalText(errors, `${path}.ref`, e.ref);
      break;
    case 'quarterRank':
      checkRanking(errors, path, e, tables);
      break;
    case 'rerate':
      if (!CREDIT_TIERS.includes(e.tier as Tier)) errors.push(`${path}.tier: 须为 ${oneOf(CREDIT_TIERS)} 之一`);
      break;
    case 'aClassReview':
      if (e.result !== 'pass' && e.result !== 'fail') errors.push(`${path}.result: 须为 pass（通过）或 fail（未通过）`);
      break;
    default:
      errors.push(`${path}.type: 须为 ${oneOf(CREDIT_EVENT_TYPES)} 之一`);
  }
  return errors;
}

export function checkRanking(errors: Errors, path: string, e: Record<string, unknown>, tables: CreditTables): void {
  if (isMonth(e.month)) {
    if (!tables.evaluationMonths.includes(monthOfYear(e.month))) {
      errors.push(`${path}.month: 须为考评月份（${tables.evaluationMonths.join('、')} 月）`);
    } else if (e.quarter !== rankedQuarter(e.month)) {
      errors.push(`${path}.quarter: 须为 ${rankedQuarter(e.month)}（${e.month} 排名的季度）`);
    }
  } else if (!isQuarter(e.quarter)) {
    errors.push(`${path}.quarter: 须为季度（YYYYQn）`);
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
    if (seen.has(key)) errors.push(`${pathOf(i)}: ${String(e.month)} 已有一条 ${String(e.type)}（每月最多一条）`);
    seen.add(key);
  });
  return errors;
}

export function channelErrors(channel: unknown, path: string): Errors {
  if (!isRecord(channel)) return [`${path}: 须为对象`];
  const errors: Errors = [];
  if (!CREDIT_TIERS.includes(channel.tier as Tier)) errors.push(`${path}.tier: 须为 ${oneOf(CREDIT_TIERS)} 之一`);
  if (!isDate(channel.joinedAt)) errors.push(`${path}.joinedAt: 须为日期（YYYY-MM-DD）`);
  return errors;
}

/** Field-named problems of a `POST /api/v1/credit/simulate` body; empty when valid. */
export function validateSimulateInput(body: unknown, tables: CreditTables = DEFAULT_CREDIT_TABLES): string[] {
  if (!isRecord(body)) return ['body: 须为对象'];
  const errors: Errors = [];
  if (!isMonth(body.start)) errors.push('start: 须为月份（YYYY-MM）');
  checkInteger(errors, 'months', body.months, 1, CREDIT_SIMULATION_MAX_MONTHS);
  errors.push(...channelErrors(body.channel, 'channel'));
  if (body.events === undefined) return errors;
  if (!Array.isArray(body.events)) return [...errors, 'events: 须为列表'];
  const window =
    errors.length === 0
      ? { first: body.start as string, last: shiftMonth(body.start as string, (body.months as number) - 1) }
      : null;
  body.events.forEach((e: unknown, i) => {
    const found = eventErrors(e, `events[${i}]`, tables);
    errors.push(...found);
    if (found.length === 0 && window && !withinWindow((e as CreditEvent).month, window)) {
      errors.push(`events[${i}].month: 须在 ${window.first} 到 ${window.last} 之间`);
    }
  });
  errors.push(...duplicateErrors(body.events, (i) => `events[${i}]`));
  return errors;
}
export const withinWindow = (m: string, w: { first: string; last: string }) => m >= w.first && m <= w.last;
