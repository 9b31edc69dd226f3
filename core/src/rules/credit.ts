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
import { isMonth, shiftMonth } from '../period/index.js';
import {
  CREDIT_TIER_LABELS,
  creditInputError,
  DEFAULT_CREDIT_TABLES,
  type CreditChannel,
  type CreditEntry,
  type CreditEvent,
  type CreditState,
  type CreditTables,
  type DeductionCategory,
  type DeductionItem,
  type PendingRanking,
  type SimulateCreditInput,
  type SimulatedCreditMonth,
  type Tier,
} from './credit-model.js';
import {
  CATEGORY_LABELS,
  CATEGORY_RULES,
  UPPER_TIERS,
  percent,
  roundHalfUp,
  roundScore,
  type EventOf,
} from './credit-support.js';
import {
  channelErrors,
  duplicateErrors,
  eventErrors,
  validateSimulateInput,
  type Errors,
} from './credit-validation.js';

export * from './credit-model.js';
export { validateCreditTables, validateSimulateInput } from './credit-validation.js';

/** MG-1: the score is derived from the ledger, the sum of the applied deltas. */
export const creditLedgerScore = (entries: readonly CreditEntry[]): number =>
  roundScore(entries.reduce((sum, e) => sum + e.applied, 0));

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
  if (!isMonth(firstMonth)) errors.push('firstMonth: 须为月份（YYYY-MM）');
  if (errors.length > 0) throw creditInputError(errors);
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
  if (!isMonth(month)) throw creditInputError(['month: 须为月份（YYYY-MM）']);
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
  if (!item) throw creditInputError([`code: ${code} 不在「${CATEGORY_LABELS[category]}」表中`]);
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
  if (!isMonth(month)) return ['month: 须为月份（YYYY-MM）'];
  const expected = state.month === null ? state.firstMonth : shiftMonth(state.month, 1);
  if (month !== expected) return [`month: 须为 ${expected}（上次结账月份的下一个月），收到 ${month}`];
  const errors: Errors = [];
  events.forEach((e, i) => {
    const found = eventErrors(e, `events[${i}]`, tables);
    if (found.length === 0 && (e as CreditEvent).month !== month) found.push(`events[${i}].month: 须为 ${month}`);
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
  if (errors.length > 0) throw creditInputError(errors);
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
  if (errors.length > 0) throw creditInputError(errors);
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
