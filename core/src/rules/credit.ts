/**
 * Migu channel credit ledger (RULES.md MG-1..MG-8, MG-12, MG-13). Pure: no I/O, no clock.
 *
 * One code path serves the simulation endpoint and the persisted monthly close:
 * `openChannel` writes the MG-2 initial entry, `closeMonth` is one month step (MG-13 order),
 * `simulateCredit` folds `closeMonth` over a run of months.
 *
 * Decisions where the seed is silent (documented here so a reader can find them):
 * - MG-6 "once" means a one-off adjustment per re-rating decision (not a recurring one): every re-rating
 *   from 战略伙伴 up to 战略合作伙伴/全面战略合作伙伴 is +tierChangePoints, every re-rating from those two down to
 *   战略伙伴 is −tierChangePoints. Moves between the two upper tiers, any move to or from 普通渠道, and "no change"
 *   change the tier with 0 points (the ledger still records the decision).
 * - MG-4 a ranking whose channel is not eligible or ranks outside the bonus band is still recorded the following
 *   month as a 0-point bonus entry, so the ledger says why no bonus came.
 * - MG-5 recovery is not attempted while the score sits at the maximum (nothing could be applied); the pool waits.
 * - MG-7 an A-class channel whose score at a month's close is below the threshold loses A-class
 *   (a 0-point 'aClassLapse' entry); it is reviewed again once it is back at or above the threshold.
 *   A review decision for a channel that is not under review that month is ignored.
 * - Points (tables and events) are positive numbers with at most one decimal place; scores are kept to one decimal.
 */
import { DomainError } from '../errors.js';
import { isMonth, isQuarter, monthOfYear, rankedQuarter, shiftMonth } from '../period/index.js';

export type Tier = 'comprehensive' | 'cooperation' | 'strategic' | 'ordinary';
export const CREDIT_TIERS: readonly Tier[] = ['comprehensive', 'cooperation', 'strategic', 'ordinary'];
export const CREDIT_TIER_LABELS: Record<Tier, string> = {
  comprehensive: '全面战略合作伙伴',
  cooperation: '战略合作伙伴',
  strategic: '战略伙伴',
  ordinary: '普通渠道',
};
/** MG-6: the tiers a 战略伙伴 is promoted to (and demoted from). */
const UPPER_TIERS: readonly Tier[] = ['comprehensive', 'cooperation'];

export type DeductionCategory = 'violation' | 'complaint' | 'fulfilment';
export const DEDUCTION_CATEGORIES: readonly DeductionCategory[] = ['violation', 'complaint', 'fulfilment'];
const CATEGORY_LABELS: Record<DeductionCategory, string> = {
  violation: '违约考核',
  complaint: '投诉考核',
  fulfilment: '履约考核',
};
const CATEGORY_RULES: Record<DeductionCategory, string> = {
  violation: 'MG-8',
  complaint: 'MG-12',
  fulfilment: 'MG-12',
};

export type ViolationSeverity = 'major' | 'ordinary';
export interface ViolationItem {
  code: string;
  name: string;
  severity: ViolationSeverity;
  /** points deducted (positive) */
  points: number;
}
export interface DeductionItem {
  code: string;
  name: string;
  /** points deducted (positive) */
  points: number;
}

export interface CreditTables {
  /** MG-2 initial score per tier (战略伙伴 already includes the one-off −tierChangePoints). */
  initialScore: Record<Tier, number>;
  min: number;
  max: number;
  /** MG-6 */
  tierChangePoints: number;
  /** MG-4 */
  bonusTopShare: number;
  bonusTopPoints: number;
  bonusNextShare: number;
  bonusNextPoints: number;
  /** MG-4: full months joined before the first day of the evaluation month. */
  bonusMinMonthsJoined: number;
  /** MG-4: months (1..12) in which the previous quarter is ranked. */
  evaluationMonths: number[];
  /** MG-5 */
  recoveryCleanMonths: number;
  recoveryPoints: number;
  /** MG-7 */
  aClassThreshold: number;
  aClassFailScore: number;
  /** MG-8 (seed Annex 2 missing: default, admin-editable) */
  violationCatalogue: ViolationItem[];
  /** MG-12 (seed truncated: default, admin-editable) */
  complaintDeductions: DeductionItem[];
  fulfilmentDeductions: DeductionItem[];
}

export const DEFAULT_CREDIT_TABLES: CreditTables = {
  initialScore: { ordinary: 70, comprehensive: 95, cooperation: 95, strategic: 75 },
  min: 0,
  max: 100,
  tierChangePoints: 20,
  bonusTopShare: 0.05,
  bonusTopPoints: 5,
  bonusNextShare: 0.15,
  bonusNextPoints: 2,
  bonusMinMonthsJoined: 3,
  evaluationMonths: [1, 4, 7, 10],
  recoveryCleanMonths: 3,
  recoveryPoints: 5,
  aClassThreshold: 85,
  aClassFailScore: 84,
  violationCatalogue: [
    { code: 'V-LAW', name: '违反国家法律法规的恶性违约事件', severity: 'major', points: 50 },
    { code: 'V-SOCIAL', name: '产生重大负面社会影响的行为', severity: 'major', points: 30 },
    { code: 'V-FORCED', name: '渠道强行订购', severity: 'ordinary', points: 10 },
    { code: 'V-TARIFF', name: '资费违约（未明示资费、违规收费）', severity: 'ordinary', points: 10 },
    { code: 'V-PROMO', name: '业务推广违约', severity: 'ordinary', points: 5 },
    { code: 'V-PUBLICITY', name: '宣传违约（虚假或夸大宣传）', severity: 'ordinary', points: 5 },
  ],
  complaintDeductions: [
    { code: 'C-REGULATOR', name: '工信部、消费者协会等外部申诉（每件）', points: 5 },
    { code: 'C-ESCALATED', name: '集团或省公司越级投诉（每件）', points: 3 },
    { code: 'C-ORDINARY', name: '一般客户投诉（每件）', points: 1 },
    { code: 'C-MEDIA', name: '媒体曝光或群体性投诉（每起）', points: 10 },
  ],
  fulfilmentDeductions: [
    { code: 'F-RECTIFY', name: '未按期完成整改', points: 5 },
    { code: 'F-REPORT', name: '渠道信息报备不实或变更未报备', points: 3 },
    { code: 'F-SETTLE', name: '未按时提交结算对账材料', points: 2 },
    { code: 'F-COOPERATE', name: '未按要求配合核查或提供推广数据', points: 2 },
  ],
};

export type CreditEvent =
  | { month: string; type: 'deduction'; category: DeductionCategory; points: number; reason?: string; ref?: string }
  /** Sits in its evaluation month (Jan/Apr/Jul/Oct) for the previous quarter; credited the following month. */
  | { month: string; type: 'quarterRank'; quarter: string; rank: number; of: number }
  | { month: string; type: 'rerate'; tier: Tier }
  | { month: string; type: 'aClassReview'; result: 'pass' | 'fail' };
type EventOf<K extends CreditEvent['type']> = Extract<CreditEvent, { type: K }>;
const CREDIT_EVENT_TYPES: readonly CreditEvent['type'][] = ['deduction', 'quarterRank', 'rerate', 'aClassReview'];
/** Event types that may occur at most once per month. */
const ONCE_A_MONTH: readonly CreditEvent['type'][] = ['quarterRank', 'rerate', 'aClassReview'];

export type CreditEntryKind =
  'initial' | 'deduction' | 'rerate' | 'bonus' | 'recovery' | 'aClassFail' | 'aClassPass' | 'aClassLapse' | 'inherit';
export interface CreditEntry {
  month: string;
  /** rule id, e.g. 'MG-2' */
  rule: string;
  kind: CreditEntryKind;
  requested: number;
  /** delta actually applied after clamping */
  applied: number;
  scoreAfter: number;
  /** Chinese */
  reason: string;
  ref?: string;
}

/** MG-4: a ranking waiting to be credited in the month after its evaluation month. */
export interface PendingRanking {
  month: string;
  quarter: string;
  rank: number;
  of: number;
  eligible: boolean;
}

export interface CreditState {
  score: number;
  tier: Tier;
  aClass: boolean;
  /** MG-13: applied deductions not yet recovered */
  recoveryPool: number;
  /** MG-13: consecutive months without a deduction */
  cleanStreak: number;
  /** MG-4: points to credit next month (0 when none or not eligible) */
  pendingBonus: number;
  pendingRanking: PendingRanking | null;
  /** YYYY-MM-DD */
  joinedAt: string;
  /** first month of the ledger (YYYY-MM) */
  firstMonth: string;
  /** last closed month, null before the first close */
  month: string | null;
}

export interface CreditChannel {
  tier: Tier;
  /** YYYY-MM-DD */
  joinedAt: string;
}

export interface SimulateCreditInput {
  start: string;
  months: number;
  channel: CreditChannel;
  events?: CreditEvent[];
}
export interface SimulatedCreditMonth {
  month: string;
  score: number;
  aClass: boolean;
  entries: CreditEntry[];
}

export const CREDIT_SIMULATION_MAX_MONTHS = 120;

/** Thrown by the engine on invalid input; `errors` name the offending fields. */
export class CreditInputError extends DomainError {
  constructor(readonly errors: string[]) {
    super('invalid', errors.join('; '), errors);
    this.name = 'CreditInputError';
  }
}

// ---------------------------------------------------------------- numbers

/** Scores and points are kept to one decimal place. */
const SCORE_SCALE = 10;
const FLOAT_TOLERANCE = 1e-9;
/** Rounded to the score step; `+ 0` turns -0 into 0. */
const roundScore = (v: number): number => Math.round(v * SCORE_SCALE) / SCORE_SCALE + 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const hasScoreStep = (v: number): boolean => Math.abs(v * SCORE_SCALE - Math.round(v * SCORE_SCALE)) < FLOAT_TOLERANCE;
const isPoints = (v: unknown): v is number => isNumber(v) && v > 0 && hasScoreStep(v);
/** Half-up rounding that is not fooled by binary fractions (10 × 0.15 must round to 2). */
const roundHalfUp = (v: number): number => Math.floor(v + 0.5 + FLOAT_TOLERANCE);
const percent = (share: number): string => String(Number((share * 100).toFixed(2)));

/** MG-1: the score is derived from the ledger, the sum of the applied deltas. */
export const creditLedgerScore = (entries: readonly CreditEntry[]): number =>
  roundScore(entries.reduce((sum, e) => sum + e.applied, 0));

// ---------------------------------------------------------------- calendar months

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(v: unknown): v is string {
  const m = typeof v === 'string' ? DATE_RE.exec(v) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/** MG-4: joined at least `bonusMinMonthsJoined` full months before the first day of the evaluation month. */
export const bonusEligible = (joinedAt: string, evaluationMonth: string, tables: CreditTables): boolean =>
  joinedAt <= `${shiftMonth(evaluationMonth, -tables.bonusMinMonthsJoined)}-01`;

/** MG-4/MG-13: top round(N×top share) ranks get the top points, the next up to round(N×next share) the next points. */
export function bonusFor(rank: number, of: number, tables: CreditTables = DEFAULT_CREDIT_TABLES): number {
  if (rank <= roundHalfUp(of * tables.bonusTopShare)) return tables.bonusTopPoints;
  if (rank <= roundHalfUp(of * tables.bonusNextShare)) return tables.bonusNextPoints;
  return 0;
}

/** MG-6: points of a re-rating from one tier to another. */
export function rerateDelta(from: Tier, to: Tier, tables: CreditTables = DEFAULT_CREDIT_TABLES): number {
  if (from === 'strategic' && UPPER_TIERS.includes(to)) return tables.tierChangePoints;
  if (UPPER_TIERS.includes(from) && to === 'strategic') return -tables.tierChangePoints;
  return 0;
}

// ---------------------------------------------------------------- validation

type Errors = string[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const oneOf = (values: readonly string[]) => values.join(', ');

function checkInteger(errors: Errors, path: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
    errors.push(
      max === Number.MAX_SAFE_INTEGER
        ? `${path} must be an integer ≥ ${min}`
        : `${path} must be an integer ${min}..${max}`,
    );
  }
}
function checkPoints(errors: Errors, path: string, v: unknown, allowZero = false): void {
  if (allowZero && v === 0) return;
  if (!isPoints(v))
    errors.push(`${path} must be a ${allowZero ? 'non-negative' : 'positive'} number with at most one decimal`);
}
function checkScore(errors: Errors, path: string, v: unknown, min: number, max: number): void {
  if (!isNumber(v) || !hasScoreStep(v) || v < min || v > max) {
    errors.push(`${path} must be a number ${min}..${max} with at most one decimal`);
  }
}
function checkShare(errors: Errors, path: string, v: unknown): void {
  if (!isNumber(v) || v <= 0 || v > 1) errors.push(`${path} must be a number in (0, 1]`);
}
function checkOptionalText(errors: Errors, path: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'string') errors.push(`${path} must be a string`);
}

function checkItems(errors: Errors, path: string, v: unknown, withSeverity: boolean): void {
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

function checkEvaluationMonths(errors: Errors, v: unknown): void {
  const ok =
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((m) => Number.isInteger(m) && m >= 1 && m <= 12) &&
    new Set(v).size === v.length;
  if (!ok) errors.push('evaluationMonths must be a non-empty list of distinct integers 1..12');
}

/** Problems of one event, fields named from `path` (e.g. `events[2]`). */
function eventErrors(e: unknown, path: string, tables: CreditTables): Errors {
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

function checkRanking(errors: Errors, path: string, e: Record<string, unknown>, tables: CreditTables): void {
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
function duplicateErrors(events: readonly unknown[], pathOf: (i: number) => string): Errors {
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

function channelErrors(channel: unknown, path: string): Errors {
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
const withinWindow = (m: string, w: { first: string; last: string }) => m >= w.first && m <= w.last;

// ---------------------------------------------------------------- posting

/** The month being closed: a private copy of the state plus the entries written so far. */
interface MonthRun {
  month: string;
  state: CreditState;
  entries: CreditEntry[];
  tables: CreditTables;
}
type Posting = Pick<CreditEntry, 'rule' | 'kind' | 'requested' | 'reason' | 'ref'>;

const clampScore = (v: number, t: CreditTables): number => Math.min(t.max, Math.max(t.min, v));

/** MG-13: apply one entry, clamp, record the delta actually applied; returns it. */
function post(run: MonthRun, p: Posting): number {
  const before = run.state.score;
  const after = roundScore(clampScore(before + p.requested, run.tables));
  const applied = roundScore(after - before);
  run.state.score = after;
  run.entries.push({
    month: run.month,
    rule: p.rule,
    kind: p.kind,
    requested: roundScore(p.requested),
    applied,
    scoreAfter: after,
    reason: p.reason,
    ...(p.ref !== undefined ? { ref: p.ref } : {}),
  });
  return applied;
}

function initialReason(tier: Tier, initial: number, t: CreditTables): string {
  const base = `新接入${CREDIT_TIER_LABELS[tier]}，初始信用积分${initial}分`;
  if (tier !== 'strategic') return base;
  return `${base}（战略/核心渠道伙伴初始${initial + t.tierChangePoints}分，评为战略伙伴一次性减${t.tierChangePoints}分）`;
}

/** MG-2: open a ledger for a channel; the initial entry belongs to `firstMonth`. */
export function openChannel(
  channel: CreditChannel,
  firstMonth: string,
  tables: CreditTables = DEFAULT_CREDIT_TABLES,
): { state: CreditState; entries: CreditEntry[] } {
  const errors = channelErrors(channel, 'channel');
  if (!isMonth(firstMonth)) errors.push('firstMonth must be YYYY-MM');
  if (errors.length > 0) throw new CreditInputError(errors);
  const state: CreditState = {
    score: 0,
    tier: channel.tier,
    aClass: false,
    recoveryPool: 0,
    cleanStreak: 0,
    pendingBonus: 0,
    pendingRanking: null,
    joinedAt: channel.joinedAt,
    firstMonth,
    month: null,
  };
  const run: MonthRun = { month: firstMonth, state, entries: [], tables };
  const initial = tables.initialScore[channel.tier];
  post(run, {
    rule: 'MG-2',
    kind: 'initial',
    requested: initial,
    reason: initialReason(channel.tier, initial, tables),
  });
  return { state: run.state, entries: run.entries };
}

/** MG-3: rename, sale or transfer keeps the score (and the rest of the state); the ledger notes it. */
export function inheritState(
  state: CreditState,
  transfer: { month?: string; reason?: string; ref?: string } = {},
  tables: CreditTables = DEFAULT_CREDIT_TABLES,
): { state: CreditState; entries: CreditEntry[] } {
  const month = transfer.month ?? state.month ?? state.firstMonth;
  if (!isMonth(month)) throw new CreditInputError(['month must be YYYY-MM']);
  const run: MonthRun = { month, state: { ...state }, entries: [], tables };
  post(run, {
    rule: 'MG-3',
    kind: 'inherit',
    requested: 0,
    reason: transfer.reason ?? '渠道更名、出售或转让，原有信用积分继承',
    ref: transfer.ref,
  });
  return { state: run.state, entries: run.entries };
}

/** MG-8/MG-12: a deduction event built from the admin's catalogue. */
export function creditDeductionFromCatalogue(
  tables: CreditTables,
  category: DeductionCategory,
  code: string,
  month: string,
  ref?: string,
): EventOf<'deduction'> {
  const items: DeductionItem[] =
    category === 'violation'
      ? tables.violationCatalogue
      : category === 'complaint'
        ? tables.complaintDeductions
        : tables.fulfilmentDeductions;
  const item = items.find((i) => i.code === code);
  if (!item) throw new CreditInputError([`code ${code} is not in the ${category} table`]);
  return {
    month,
    type: 'deduction',
    category,
    points: item.points,
    reason: item.name,
    ...(ref !== undefined ? { ref } : {}),
  };
}

// ---------------------------------------------------------------- the month step (MG-13)

const ofType =
  <K extends CreditEvent['type']>(type: K) =>
  (e: CreditEvent): e is EventOf<K> =>
    e.type === type;

/** Deductions in the order they occurred; the pool only counts what was applied. Returns whether any occurred. */
function applyDeductions(run: MonthRun, deductions: EventOf<'deduction'>[]): boolean {
  for (const d of deductions) {
    const label = CATEGORY_LABELS[d.category];
    const applied = post(run, {
      rule: CATEGORY_RULES[d.category],
      kind: 'deduction',
      requested: -d.points,
      reason: d.reason ? `${label}减分：${d.reason}` : `${label}减分`,
      ref: d.ref,
    });
    run.state.recoveryPool = roundScore(run.state.recoveryPool - applied);
  }
  return deductions.length > 0;
}

function rerateReason(from: Tier, to: Tier, delta: number): string {
  const [a, b] = [CREDIT_TIER_LABELS[from], CREDIT_TIER_LABELS[to]];
  if (from === to) return `重新评定仍为${a}，不加减分`;
  if (delta > 0) return `由${a}评定为${b}，一次性加${delta}分`;
  if (delta < 0) return `由${a}评定为${b}，一次性减${-delta}分`;
  return `由${a}调整为${b}，不加减分`;
}

/** MG-6: a tier move neither feeds the recovery pool nor breaks the clean streak. */
function applyRerate(run: MonthRun, rerate: EventOf<'rerate'> | undefined): void {
  if (!rerate) return;
  const from = run.state.tier;
  const delta = rerateDelta(from, rerate.tier, run.tables);
  run.state.tier = rerate.tier;
  post(run, { rule: 'MG-6', kind: 'rerate', requested: delta, reason: rerateReason(from, rerate.tier, delta) });
}

function bonusReason(r: PendingRanking, points: number, t: CreditTables): string {
  const ranked = `${r.quarter}结算前收入排名${r.rank}/${r.of}`;
  if (!r.eligible) return `接入未满${t.bonusMinMonthsJoined}个月，不参加${r.quarter}业务销量评估`;
  if (points > 0) return `${ranked}，业务推广加${points}分`;
  return `${ranked}，未进入前${percent(t.bonusNextShare)}%，不加分`;
}

/** MG-4: credit the ranking made in the previous month. */
function applyPendingBonus(run: MonthRun): void {
  const r = run.state.pendingRanking;
  if (!r) return;
  post(run, {
    rule: 'MG-4',
    kind: 'bonus',
    requested: run.state.pendingBonus,
    reason: bonusReason(r, run.state.pendingBonus, run.tables),
  });
  run.state.pendingRanking = null;
  run.state.pendingBonus = 0;
}

/** MG-4: a ranking in this (evaluation) month waits for the next month. */
function registerRanking(run: MonthRun, rank: EventOf<'quarterRank'> | undefined): void {
  if (!rank) return;
  const eligible = bonusEligible(run.state.joinedAt, run.month, run.tables);
  run.state.pendingRanking = { month: run.month, quarter: rank.quarter, rank: rank.rank, of: rank.of, eligible };
  run.state.pendingBonus = eligible ? bonusFor(rank.rank, rank.of, run.tables) : 0;
}

/** MG-5/MG-13: at close, after enough clean months, restore up to `recoveryPoints` of the pool. */
function applyRecovery(run: MonthRun, hadDeduction: boolean): void {
  const s = run.state;
  const t = run.tables;
  s.cleanStreak = hadDeduction ? 0 : s.cleanStreak + 1;
  if (s.cleanStreak < t.recoveryCleanMonths || s.recoveryPool <= 0 || s.score >= t.max) return;
  const applied = post(run, {
    rule: 'MG-5',
    kind: 'recovery',
    requested: Math.min(t.recoveryPoints, s.recoveryPool),
    reason: `连续${s.cleanStreak}个月无扣分，自然恢复被扣信用积分`,
  });
  s.recoveryPool = roundScore(s.recoveryPool - applied);
}

/** MG-7: review at close; returns true when a review is due but no decision was recorded. */
function reviewAClass(run: MonthRun, review: EventOf<'aClassReview'> | undefined): boolean {
  const s = run.state;
  const t = run.tables;
  if (s.aClass) {
    if (s.score >= t.aClassThreshold) return false;
    s.aClass = false;
    post(run, {
      rule: 'MG-7',
      kind: 'aClassLapse',
      requested: 0,
      reason: `信用积分低于${t.aClassThreshold}分，不再为A级渠道`,
    });
    return false;
  }
  if (s.score < t.aClassThreshold) return false;
  if (!review) return true;
  if (review.result === 'pass') {
    s.aClass = true;
    post(run, { rule: 'MG-7', kind: 'aClassPass', requested: 0, reason: 'A级渠道评审通过，升级为A级渠道' });
  } else {
    post(run, {
      rule: 'MG-7',
      kind: 'aClassFail',
      requested: t.aClassFailScore - s.score,
      reason: `A级渠道评审未通过，信用积分设定为${t.aClassFailScore}分`,
    });
  }
  return false;
}

function closeMonthErrors(state: CreditState, month: string, events: readonly unknown[], tables: CreditTables): Errors {
  if (!isMonth(month)) return ['month must be YYYY-MM'];
  const expected = state.month === null ? state.firstMonth : shiftMonth(state.month, 1);
  if (month !== expected) return [`month must be ${expected} (the month after the last closed one), got ${month}`];
  const errors: Errors = [];
  events.forEach((e, i) => {
    const found = eventErrors(e, `events[${i}]`, tables);
    if (found.length === 0 && (e as CreditEvent).month !== month) found.push(`events[${i}].month must be ${month}`);
    errors.push(...found);
  });
  return [...errors, ...duplicateErrors(events, (i) => `events[${i}]`)];
}

/**
 * One month of the ledger in MG-13 order: deductions as they occur, tier re-rating, the promotion bonus ranked
 * last month, then at close natural recovery and the A-class review. Pure: `state` is not modified.
 */
export function closeMonth(
  state: CreditState,
  month: string,
  events: readonly CreditEvent[],
  tables: CreditTables = DEFAULT_CREDIT_TABLES,
): { state: CreditState; entries: CreditEntry[]; aClassPending: boolean } {
  const errors = closeMonthErrors(state, month, events, tables);
  if (errors.length > 0) throw new CreditInputError(errors);
  const run: MonthRun = { month, state: { ...state, month }, entries: [], tables };
  const hadDeduction = applyDeductions(run, events.filter(ofType('deduction')));
  applyRerate(run, events.find(ofType('rerate')));
  applyPendingBonus(run);
  registerRanking(run, events.find(ofType('quarterRank')));
  applyRecovery(run, hadDeduction);
  const aClassPending = reviewAClass(run, events.find(ofType('aClassReview')));
  return { state: run.state, entries: run.entries, aClassPending };
}

/** The fold behind `POST /api/v1/credit/simulate`: one item per month with the score at its close. */
export function simulateCredit(
  input: SimulateCreditInput,
  tables: CreditTables = DEFAULT_CREDIT_TABLES,
): { months: SimulatedCreditMonth[] } {
  const errors = validateSimulateInput(input, tables);
  if (errors.length > 0) throw new CreditInputError(errors);
  const events = input.events ?? [];
  const opened = openChannel(input.channel, input.start, tables);
  let state = opened.state;
  let carried = opened.entries;
  const months: SimulatedCreditMonth[] = [];
  for (let i = 0; i < input.months; i++) {
    const month = shiftMonth(input.start, i);
    const step = closeMonth(
      state,
      month,
      events.filter((e) => e.month === month),
      tables,
    );
    months.push({ month, score: step.state.score, aClass: step.state.aClass, entries: [...carried, ...step.entries] });
    state = step.state;
    carried = [];
  }
  return { months };
}
