import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { DomainError, invalidMessages } from '../errors.js';
import fc from 'fast-check';
import {
  bonusFor,
  closeMonth,
  creditDeductionFromCatalogue,
  creditLedgerScore,
  CREDIT_TIERS,
  DEFAULT_CREDIT_TABLES as T,
  inheritState,
  openChannel,
  simulateCredit,
  validateCreditTables,
  validateSimulateInput,
  type CreditEntry,
  type CreditEvent,
  type CreditState,
  type Tier,
} from './credit.js';

const OLD = '2020-01-01';
const deduct = (month: string, points: number, category: 'violation' | 'complaint' | 'fulfilment' = 'violation') =>
  ({ month, type: 'deduction', category, points }) as const;
const rerate = (month: string, tier: Tier) => ({ month, type: 'rerate', tier }) as const;
const review = (month: string, result: 'pass' | 'fail') => ({ month, type: 'aClassReview', result }) as const;
const rank = (month: string, quarter: string, r: number, of: number) =>
  ({ month, type: 'quarterRank', quarter, rank: r, of }) as const;

const sim = (tier: Tier, start: string, months: number, events: CreditEvent[] = [], joinedAt = OLD) =>
  simulateCredit({ start, months, channel: { tier, joinedAt }, events }).months;
const scores = (months: { score: number }[]) => months.map((m) => m.score);
const kinds = (entries: CreditEntry[]) => entries.map((e) => e.kind);
const allEntries = (months: { entries: CreditEntry[] }[]) => months.flatMap((m) => m.entries);

/** A state whose last closed month is the one before `month`, with the given fields. */
function stateBefore(month: string, fields: Partial<CreditState>): CreditState {
  return { ...openChannel({ tier: 'ordinary', joinedAt: OLD }, month).state, ...fields };
}

describe('credit ledger', () => {
  it('MG-1 the score is the sum of applied deltas and every entry chains from the previous score', () => {
    const months = sim('cooperation', '2026-01', 12, [
      deduct('2026-01', 12),
      rerate('2026-02', 'strategic'),
      rank('2026-04', '2026Q1', 1, 40),
      deduct('2026-06', 3, 'complaint'),
      review('2026-12', 'fail'),
    ]);
    let score = 0;
    const seen: CreditEntry[] = [];
    for (const m of months) {
      for (const e of m.entries) {
        assert.equal(e.scoreAfter, Math.round((score + e.applied) * 10) / 10, `${e.month} ${e.kind}`);
        score = e.scoreAfter;
        seen.push(e);
      }
      assert.equal(creditLedgerScore(seen), m.score, m.month);
    }
  });

  it('MG-2 initial scores: ordinary 70, 全面战略/战略合作伙伴 95, 战略伙伴 75, in the first month', () => {
    const expected: Record<Tier, number> = { ordinary: 70, comprehensive: 95, cooperation: 95, strategic: 75 };
    for (const tier of CREDIT_TIERS) {
      const [first] = sim(tier, '2026-01', 1);
      assert.equal(first.score, expected[tier], tier);
      const [initial] = first.entries;
      assert.deepEqual(
        { rule: initial.rule, kind: initial.kind, applied: initial.applied, month: initial.month },
        { rule: 'MG-2', kind: 'initial', applied: expected[tier], month: '2026-01' },
      );
    }
    assert.match(sim('strategic', '2026-01', 1)[0].entries[0].reason, /一次性减20分/);
  });

  it('MG-3 a transfer keeps the score and the state, with a 0-point inherit entry', () => {
    const open = openChannel({ tier: 'ordinary', joinedAt: OLD }, '2026-01');
    const jan = closeMonth(open.state, '2026-01', [deduct('2026-01', 10)]);
    const moved = inheritState(jan.state, { month: '2026-02', ref: 'transfer-1' });
    assert.deepEqual(moved.state, jan.state);
    assert.deepEqual(moved.entries, [
      {
        month: '2026-02',
        rule: 'MG-3',
        kind: 'inherit',
        requested: 0,
        applied: 0,
        scoreAfter: 60,
        reason: '渠道更名、出售或转让，原有信用积分继承',
        ref: 'transfer-1',
      },
    ]);
    assert.deepEqual(closeMonth(moved.state, '2026-02', []), closeMonth(jan.state, '2026-02', []));
  });

  it('MG-4 bonus bands round half up: N=10, N=30, N=100', () => {
    // N=10: top round(0.5)=1, next round(1.5)=2
    assert.deepEqual(
      [1, 2, 3].map((r) => bonusFor(r, 10)),
      [5, 2, 0],
    );
    // N=30: top round(1.5)=2, next round(4.5)=5
    assert.deepEqual(
      [1, 2, 3, 5, 6].map((r) => bonusFor(r, 30)),
      [5, 5, 2, 2, 0],
    );
    // N=100: top 5, next 15
    assert.deepEqual(
      [5, 6, 15, 16].map((r) => bonusFor(r, 100)),
      [5, 2, 2, 0],
    );
    // small N: round(0.2)=0 so nobody gets +5, round(0.6)=1
    assert.deepEqual(
      [1, 2].map((r) => bonusFor(r, 4)),
      [2, 0],
    );
  });

  it('MG-4 the April ranking of Q1 is credited in May, not April', () => {
    const months = sim('ordinary', '2026-03', 3, [rank('2026-04', '2026Q1', 1, 20)]);
    assert.deepEqual(scores(months), [70, 70, 75]);
    assert.deepEqual(kinds(months[1].entries), []);
    const [bonus] = months[2].entries;
    assert.deepEqual([bonus.rule, bonus.kind, bonus.applied], ['MG-4', 'bonus', 5]);
    assert.match(bonus.reason, /2026Q1.*1\/20/);
  });

  it('MG-4 a channel takes part only after 3 full months before the first day of the evaluation month', () => {
    const ev = [rank('2026-04', '2026Q1', 1, 20)];
    assert.equal(sim('ordinary', '2026-04', 2, ev, '2026-01-01')[1].score, 75);
    const late = sim('ordinary', '2026-04', 2, ev, '2026-01-02')[1];
    assert.equal(late.score, 70);
    assert.deepEqual([late.entries[0].kind, late.entries[0].applied], ['bonus', 0]);
    assert.match(late.entries[0].reason, /未满3个月/);
  });

  it('MG-4 a ranking outside an evaluation month or for the wrong quarter is rejected', () => {
    const body = (e: CreditEvent) => ({
      start: '2026-01',
      months: 12,
      channel: { tier: 'ordinary', joinedAt: OLD },
      events: [e],
    });
    assert.deepEqual(validateSimulateInput(body(rank('2026-05', '2026Q1', 1, 10))), [
      'events[0].month: 须为考评月份（1、4、7、10 月）',
    ]);
    assert.deepEqual(validateSimulateInput(body(rank('2026-01', '2026Q1', 1, 10))), [
      'events[0].quarter: 须为 2025Q4（2026-01 排名的季度）',
    ]);
    assert.deepEqual(validateSimulateInput(body(rank('2026-04', '2026Q1', 11, 10))), [
      'events[0].rank: 须为 1 到 10 之间的整数',
    ]);
  });

  it('MG-5 3 clean months give +5 in the 3rd, +5 each further month, and stop when the pool is restored', () => {
    const months = sim('ordinary', '2026-01', 9, [deduct('2026-01', 17)]);
    assert.deepEqual(scores(months), [53, 53, 53, 58, 63, 68, 70, 70, 70]);
    assert.deepEqual(
      allEntries(months)
        .filter((e) => e.kind === 'recovery')
        .map((e) => [e.month, e.applied, e.rule]),
      [
        ['2026-04', 5, 'MG-5'],
        ['2026-05', 5, 'MG-5'],
        ['2026-06', 5, 'MG-5'],
        ['2026-07', 2, 'MG-5'],
      ],
    );
  });

  it('MG-5 a new deduction resets the streak; points lost to a tier demotion are never restored', () => {
    const reset = sim('ordinary', '2026-01', 6, [deduct('2026-01', 10), deduct('2026-03', 1, 'fulfilment')]);
    assert.deepEqual(scores(reset), [60, 60, 59, 59, 59, 64]);
    const demoted = sim('cooperation', '2026-01', 8, [rerate('2026-01', 'strategic')]);
    assert.deepEqual(scores(demoted), Array(8).fill(75));
  });

  it('MG-6 re-rating: 战略伙伴 up +20 once, down to 战略伙伴 −20 once, otherwise 0', () => {
    const step = (from: Tier, to: Tier, score: number) => {
      const r = closeMonth(stateBefore('2026-01', { tier: from, score }), '2026-01', [rerate('2026-01', to)]);
      const [e] = r.entries;
      return [r.state.tier, e.rule, e.kind, e.requested, e.applied, r.state.score];
    };
    assert.deepEqual(step('strategic', 'cooperation', 60), ['cooperation', 'MG-6', 'rerate', 20, 20, 80]);
    assert.deepEqual(step('strategic', 'comprehensive', 60), ['comprehensive', 'MG-6', 'rerate', 20, 20, 80]);
    assert.deepEqual(step('comprehensive', 'strategic', 80), ['strategic', 'MG-6', 'rerate', -20, -20, 60]);
    assert.deepEqual(step('cooperation', 'strategic', 80), ['strategic', 'MG-6', 'rerate', -20, -20, 60]);
    assert.deepEqual(step('cooperation', 'cooperation', 80), ['cooperation', 'MG-6', 'rerate', 0, 0, 80]);
    assert.deepEqual(step('cooperation', 'comprehensive', 80), ['comprehensive', 'MG-6', 'rerate', 0, 0, 80]);
    // decision: moves to or from 普通渠道 change the tier without points
    assert.deepEqual(step('ordinary', 'strategic', 70), ['strategic', 'MG-6', 'rerate', 0, 0, 70]);
    assert.deepEqual(step('strategic', 'ordinary', 70), ['ordinary', 'MG-6', 'rerate', 0, 0, 70]);
    // clamped: 90 + 20 stops at 100
    assert.deepEqual(step('strategic', 'cooperation', 90), ['cooperation', 'MG-6', 'rerate', 20, 10, 100]);
  });

  it('MG-7 at close a score ≥ 85 is reviewed: no decision → pending, pass → A-class, fail → 84', () => {
    const at = (score: number, events: CreditEvent[]) =>
      closeMonth(stateBefore('2026-01', { score }), '2026-01', events);
    const pending = at(85, []);
    assert.deepEqual(
      [pending.aClassPending, pending.state.aClass, pending.state.score, pending.entries],
      [true, false, 85, []],
    );
    assert.equal(at(84.9, []).aClassPending, false);
    const pass = at(90, [review('2026-01', 'pass')]);
    assert.deepEqual([pass.aClassPending, pass.state.aClass, pass.state.score], [false, true, 90]);
    assert.deepEqual([pass.entries[0].kind, pass.entries[0].applied, pass.entries[0].rule], ['aClassPass', 0, 'MG-7']);
    const fail = at(97, [review('2026-01', 'fail')]);
    assert.deepEqual([fail.state.aClass, fail.state.score], [false, 84]);
    assert.deepEqual(
      [fail.entries[0].kind, fail.entries[0].requested, fail.entries[0].applied],
      ['aClassFail', -13, -13],
    );
    // an A-class channel is not reviewed again
    const next = closeMonth(pass.state, '2026-02', []);
    assert.deepEqual([next.aClassPending, next.entries], [false, []]);
  });

  it('MG-7 the review sees the score after the deductions of the month', () => {
    const months = sim('cooperation', '2026-01', 2, [deduct('2026-02', 11), review('2026-02', 'fail')]);
    assert.deepEqual(scores(months), [95, 84]);
    assert.deepEqual(kinds(months[1].entries), ['deduction']);
  });

  it('MG-7 an A-class channel that falls below 85 at close loses A-class and is reviewed again later', () => {
    const months = sim('comprehensive', '2026-01', 3, [
      review('2026-01', 'pass'),
      deduct('2026-02', 20),
      rerate('2026-03', 'strategic'),
    ]);
    assert.deepEqual(
      months.map((m) => [m.score, m.aClass]),
      [
        [95, true],
        [75, false],
        [55, false],
      ],
    );
    assert.deepEqual(kinds(months[1].entries), ['deduction', 'aClassLapse']);
  });

  it('MG-8 default violation catalogue: major −30..−50, ordinary −5..−10, unique codes, valid table', () => {
    const v = T.violationCatalogue;
    assert.ok(v.some((i) => i.severity === 'major') && v.some((i) => i.severity === 'ordinary'));
    for (const i of v) {
      const [lo, hi] = i.severity === 'major' ? [30, 50] : [5, 10];
      assert.ok(i.points >= lo && i.points <= hi, i.code);
      assert.match(i.name, /[\u4e00-\u9fff]/);
    }
    assert.equal(new Set(v.map((i) => i.code)).size, v.length);
    for (const name of ['法律法规', '负面社会影响', '强行订购', '资费', '推广', '宣传']) {
      assert.ok(
        v.some((i) => i.name.includes(name)),
        name,
      );
    }
    assert.deepEqual(validateCreditTables(T), []);
    const event = creditDeductionFromCatalogue(T, 'violation', 'V-FORCED', '2026-03', 'case-7');
    assert.deepEqual(event, {
      month: '2026-03',
      type: 'deduction',
      category: 'violation',
      points: 10,
      reason: '渠道强行订购',
      ref: 'case-7',
    });
    assert.throws(() => creditDeductionFromCatalogue(T, 'violation', 'NOPE', '2026-03'), DomainError);
  });

  it('MG-8 an edited table is validated field by field', () => {
    const bad = {
      ...T,
      initialScore: { ...T.initialScore, strategic: 120 },
      bonusTopShare: 0.2,
      aClassFailScore: 85,
      evaluationMonths: [1, 13],
      violationCatalogue: [...T.violationCatalogue, { code: 'V-LAW', name: '', severity: 'huge', points: -5 }],
    };
    assert.deepEqual(validateCreditTables(bad), [
      'initialScore.strategic: 须为 0 到 100 之间的数，最多一位小数',
      'bonusTopShare: 不能大于 bonusNextShare',
      'evaluationMonths: 须为 1 到 12 之间互不相同的整数，至少一个',
      'aClassFailScore: 须低于 aClassThreshold',
      'violationCatalogue[6].code: V-LAW 重复',
      'violationCatalogue[6].name: 不能为空',
      'violationCatalogue[6].severity: 须为 major（重大）或 ordinary（一般）',
      'violationCatalogue[6].points: 须为正数，最多一位小数',
    ]);
    assert.deepEqual(validateCreditTables(null), ['tables: 须为对象']);
  });

  it('MG-12 default complaint and fulfilment tables: non-empty, positive points, unique codes', () => {
    for (const [name, items] of [
      ['complaint', T.complaintDeductions],
      ['fulfilment', T.fulfilmentDeductions],
    ] as const) {
      assert.ok(items.length > 0, name);
      assert.ok(
        items.every((i) => i.points > 0 && i.points <= T.max && /[\u4e00-\u9fff]/.test(i.name)),
        name,
      );
      assert.equal(new Set(items.map((i) => i.code)).size, items.length, name);
    }
    assert.deepEqual(validateCreditTables({ ...T, complaintDeductions: [{ code: 'C', name: '投诉', points: 0.25 }] }), [
      'complaintDeductions[0].points: 须为正数，最多一位小数',
    ]);
    const months = sim('ordinary', '2026-01', 1, [
      creditDeductionFromCatalogue(T, 'complaint', 'C-ESCALATED', '2026-01'),
      creditDeductionFromCatalogue(T, 'fulfilment', 'F-RECTIFY', '2026-01'),
    ]);
    assert.deepEqual(
      months[0].entries.slice(1).map((e) => [e.rule, e.applied]),
      [
        ['MG-12', -3],
        ['MG-12', -5],
      ],
    );
  });

  it('MG-13 within a month: deductions, re-rating, bonus, recovery, then the A-class review', () => {
    const state = stateBefore('2026-05', {
      tier: 'strategic',
      score: 70,
      recoveryPool: 20,
      cleanStreak: 5,
      pendingBonus: 5,
      pendingRanking: { month: '2026-04', quarter: '2026Q1', rank: 1, of: 20, eligible: true },
    });
    const r = closeMonth(state, '2026-05', [
      review('2026-05', 'fail'),
      rerate('2026-05', 'cooperation'),
      deduct('2026-05', 2, 'complaint'),
      deduct('2026-05', 1, 'violation'),
    ]);
    assert.deepEqual(
      r.entries.map((e) => [e.kind, e.applied, e.scoreAfter]),
      [
        ['deduction', -2, 68],
        ['deduction', -1, 67],
        ['rerate', 20, 87],
        ['bonus', 5, 92],
        ['aClassFail', -8, 84],
      ],
    );
    assert.deepEqual([r.state.cleanStreak, r.state.recoveryPool, r.state.pendingRanking], [0, 23, null]);

    const clean = closeMonth({ ...state, score: 60 }, '2026-05', [
      review('2026-05', 'pass'),
      rerate('2026-05', 'cooperation'),
    ]);
    assert.deepEqual(
      clean.entries.map((e) => [e.kind, e.applied, e.scoreAfter]),
      [
        ['rerate', 20, 80],
        ['bonus', 5, 85],
        ['recovery', 5, 90],
        ['aClassPass', 0, 90],
      ],
    );
    assert.deepEqual([clean.state.cleanStreak, clean.state.recoveryPool, clean.state.aClass], [6, 15, true]);
  });

  it('MG-13 score 98 + bonus 5 clamps to 100 and records applied 2', () => {
    const state = stateBefore('2026-05', {
      score: 98,
      aClass: true,
      pendingBonus: 5,
      pendingRanking: { month: '2026-04', quarter: '2026Q1', rank: 1, of: 20, eligible: true },
    });
    const [bonus] = closeMonth(state, '2026-05', []).entries;
    assert.deepEqual([bonus.requested, bonus.applied, bonus.scoreAfter], [5, 2, 100]);
  });

  it('MG-13 deductions clamp at 0 and the pool only counts what was applied', () => {
    const r = closeMonth(stateBefore('2026-01', { score: 10 }), '2026-01', [
      deduct('2026-01', 30),
      deduct('2026-01', 5),
    ]);
    assert.deepEqual(
      r.entries.map((e) => [e.requested, e.applied, e.scoreAfter]),
      [
        [-30, -10, 0],
        [-5, 0, 0],
      ],
    );
    assert.deepEqual([r.state.score, r.state.recoveryPool, r.state.cleanStreak], [0, 10, 0]);
    let s = r.state;
    const after: number[] = [];
    for (const m of ['2026-02', '2026-03', '2026-04', '2026-05', '2026-06']) {
      s = closeMonth(s, m, []).state;
      after.push(s.score);
    }
    assert.deepEqual(after, [0, 0, 5, 10, 10]);
  });

  it('MG-13 a deduction that applies nothing (score already 0) still breaks the streak', () => {
    const r = closeMonth(stateBefore('2026-01', { score: 0, recoveryPool: 10, cleanStreak: 2 }), '2026-01', [
      deduct('2026-01', 5),
    ]);
    assert.deepEqual([r.state.cleanStreak, r.state.recoveryPool, r.entries.map((e) => e.kind)], [0, 10, ['deduction']]);
  });

  it('MG-13 re-rating and "set to 84" neither feed the pool nor break the streak', () => {
    const months = sim('comprehensive', '2026-01', 4, [
      deduct('2026-01', 5),
      review('2026-02', 'fail'),
      rerate('2026-03', 'strategic'),
    ]);
    assert.deepEqual(scores(months), [90, 84, 64, 69]);
    const apr = months[3].entries;
    assert.deepEqual(
      apr.map((e) => [e.kind, e.applied, e.reason]),
      [['recovery', 5, '连续3个月无扣分，自然恢复被扣信用积分']],
    );
    // the pool (5) is now empty: nothing more comes back
    assert.deepEqual(
      scores(
        sim('comprehensive', '2026-01', 6, [
          deduct('2026-01', 5),
          review('2026-02', 'fail'),
          rerate('2026-03', 'strategic'),
        ]),
      ).slice(3),
      [69, 69, 69],
    );
  });

  it('MG-13 recovery is capped by the maximum and the pool keeps the rest', () => {
    const r = closeMonth(
      stateBefore('2026-01', { score: 98, aClass: true, recoveryPool: 10, cleanStreak: 2 }),
      '2026-01',
      [],
    );
    assert.deepEqual(
      [r.entries[0].requested, r.entries[0].applied, r.state.score, r.state.recoveryPool],
      [5, 2, 100, 8],
    );
    assert.deepEqual(closeMonth(r.state, '2026-02', []).entries, []);
  });

  it('MG-13 closeMonth is pure and refuses months out of sequence or events of another month', () => {
    const open = openChannel({ tier: 'ordinary', joinedAt: OLD }, '2026-01');
    // a copy made in the test's own realm (structuredClone answers with objects of node's main realm under jest)
    const before = JSON.parse(JSON.stringify(open.state));
    closeMonth(open.state, '2026-01', [deduct('2026-01', 10)]);
    assert.deepEqual(open.state, before);
    assert.throws(() => closeMonth(open.state, '2026-02', []), /month: 须为 2026-01/);
    const jan = closeMonth(open.state, '2026-01', []).state;
    assert.throws(() => closeMonth(jan, '2026-01', []), /month: 须为 2026-02/);
    assert.throws(() => closeMonth(jan, '2026-02', [deduct('2026-03', 1)]), /events\[0\]\.month: 须为 2026-02/);
    assert.throws(
      () => closeMonth(jan, '2026-02', [rerate('2026-02', 'strategic'), rerate('2026-02', 'ordinary')]),
      (e: unknown) => invalidMessages(e) !== null,
    );
  });

  it('MG-13 validateSimulateInput names the offending fields', () => {
    assert.deepEqual(validateSimulateInput([]), ['body: 须为对象']);
    assert.deepEqual(
      validateSimulateInput({
        start: '2026-13',
        months: 121,
        channel: { tier: 'gold', joinedAt: '2026-02-30' },
        events: [{ month: '2026-01', type: 'deduction', category: 'x', points: -1 }],
      }),
      [
        'start: 须为月份（YYYY-MM）',
        'months: 须为 1 到 120 之间的整数',
        'channel.tier: 须为 comprehensive、cooperation、strategic、ordinary 之一',
        'channel.joinedAt: 须为日期（YYYY-MM-DD）',
        'events[0].category: 须为 violation、complaint、fulfilment 之一',
        'events[0].points: 须为正数，最多一位小数',
      ],
    );
    const ok = { start: '2026-01', months: 3, channel: { tier: 'ordinary', joinedAt: OLD } };
    assert.deepEqual(validateSimulateInput(ok), []);
    assert.deepEqual(validateSimulateInput({ ...ok, events: {} }), ['events: 须为列表']);
    assert.deepEqual(
      validateSimulateInput({
        ...ok,
        events: [
          { month: '2026-01', type: 'bonus' },
          deduct('2026-04', 1),
          review('2026-02', 'pass'),
          review('2026-02', 'fail'),
        ],
      }),
      [
        'events[0].type: 须为 deduction、quarterRank、rerate、aClassReview 之一',
        'events[1].month: 须在 2026-01 到 2026-03 之间',
        'events[3]: 2026-02 已有一条 aClassReview（每月最多一条）',
      ],
    );
    assert.throws(
      () => simulateCredit({ ...ok, months: 0 } as never),
      (e: unknown) => invalidMessages(e)?.[0] === 'months: 须为 1 到 120 之间的整数',
    );
  });

  it('MG-13 the simulate output has one item per month with the close score (JSON contract)', () => {
    const out = simulateCredit({
      start: '2025-11',
      months: 3,
      channel: { tier: 'ordinary', joinedAt: OLD },
      events: [],
    });
    assert.deepEqual(JSON.parse(JSON.stringify(out)), {
      months: [
        {
          month: '2025-11',
          score: 70,
          aClass: false,
          entries: [
            {
              month: '2025-11',
              rule: 'MG-2',
              kind: 'initial',
              requested: 70,
              applied: 70,
              scoreAfter: 70,
              reason: '新接入普通渠道，初始信用积分70分',
            },
          ],
        },
        { month: '2025-12', score: 70, aClass: false, entries: [] },
        { month: '2026-01', score: 70, aClass: false, entries: [] },
      ],
    });
  });

  it('MG-1 MG-13 invariants: 0 ≤ score ≤ 100 each month, score = sum of applied, recovery ≤ applied deductions', () => {
    const START = '2025-12';
    const monthAt = (i: number) => simulateMonth(START, i);
    const monthEvents = fc.record({
      deductions: fc.array(
        fc.record({
          category: fc.constantFrom('violation', 'complaint', 'fulfilment'),
          points: fc.integer({ min: 1, max: 600 }),
        }),
        { maxLength: 3 },
      ),
      rerate: fc.option(fc.constantFrom(...CREDIT_TIERS)),
      review: fc.option(fc.constantFrom('pass', 'fail')),
      rank: fc.option(
        fc.record({ of: fc.integer({ min: 1, max: 60 }), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
      ),
    });
    const arb = fc.record({
      tier: fc.constantFrom(...CREDIT_TIERS),
      joinedAt: fc.constantFrom('2020-05-17', '2025-09-01', '2025-10-02', '2026-03-31'),
      plan: fc.array(monthEvents, { minLength: 1, maxLength: 30 }),
    });
    fc.assert(
      fc.property(arb, ({ tier, joinedAt, plan }) => {
        const events: CreditEvent[] = plan.flatMap((p, i) => {
          const month = monthAt(i);
          const out: CreditEvent[] = p.deductions.map((d) => ({
            month,
            type: 'deduction',
            category: d.category,
            points: d.points / 10,
          }));
          if (p.rerate) out.push(rerate(month, p.rerate));
          if (p.review) out.push(review(month, p.review));
          if (p.rank && T.evaluationMonths.includes(Number(month.slice(5)))) {
            const r = Math.min(p.rank.of, 1 + Math.floor(p.rank.at * p.rank.of));
            out.push(rank(month, quarterBefore(month), r, p.rank.of));
          }
          return out;
        });
        const months = simulateCredit({
          start: START,
          months: plan.length,
          channel: { tier, joinedAt },
          events,
        }).months;
        const seen: CreditEntry[] = [];
        for (const m of months) {
          seen.push(...m.entries);
          assert.ok(m.score >= T.min && m.score <= T.max, `${m.month} ${m.score}`);
          assert.equal(creditLedgerScore(seen), m.score);
          assert.ok(m.entries.every((e) => e.scoreAfter >= T.min && e.scoreAfter <= T.max));
          if (m.aClass) assert.ok(m.score >= T.aClassThreshold);
        }
        const sum = (kind: string) => seen.filter((e) => e.kind === kind).reduce((a, e) => a + e.applied, 0);
        assert.ok(sum('recovery') <= -sum('deduction') + 1e-9);
      }),
      { numRuns: 300 },
    );
  });
});

function simulateMonth(start: string, i: number): string {
  const idx = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + i;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}
function quarterBefore(month: string): string {
  const prev = simulateMonth(month, -1);
  return `${prev.slice(0, 4)}Q${Math.floor((Number(prev.slice(5, 7)) - 1) / 3) + 1}`;
}
