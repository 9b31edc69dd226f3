import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  BadCreditRepository,
  CreditAccountRepository,
  DEFAULT_CREDIT_TABLES,
  connectMongo,
  creditModels,
  creditMonthOf,
  shiftCreditMonth,
  readSheet,
} from '@huoban/core';
import { startTestApi } from '../../../test/support.js';

interface Entry {
  id: string;
  month: string;
  rule: string;
  kind: string;
  requested: number;
  applied: number;
  scoreAfter: number;
  reason: string;
  appealable: boolean;
}

const CREDIT_PROGRAMME = (code: string) => ({
  code,
  name: '咪咕渠道合作',
  rulebook: 'credit',
  complaintWindow: { start: '08:00', end: '23:00', days: 'all' },
  slaHours: 12,
  warningMinutes: [120, 30],
});

/** A test api with one credit programme and helpers over its endpoints. */
async function creditFixture() {
  const api = await startTestApi();
  const staff = await api.staffToken();
  const programme = await api.call('POST', '/api/v1/programmes', {
    token: staff,
    body: CREDIT_PROGRAMME(`migu-${randomBytes(3).toString('hex')}`),
  });
  assert.equal(programme.status, 201, JSON.stringify(programme.body));
  const programmeId = programme.body.id as string;
  const scorecardProgrammeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body.find(
    (p: { rulebook: string }) => p.rulebook === 'scorecard',
  ).id as string;
  const f = {
    api,
    staff,
    programmeId,
    scorecardProgrammeId,
    async partner(name: string, pid = programmeId) {
      const code = `M${randomBytes(3).toString('hex')}`;
      const r = await api.call('POST', '/api/v1/partners', { token: staff, body: { code, name, programmeId: pid } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body.id as string, code, name, token: await api.partnerToken(code) };
    },
    open: (partnerId: string, tier: string, joinedAt = '2025-06-01', firstMonth = '2026-01', token = staff) =>
      api.call('POST', '/api/v1/credit/accounts', { token, body: { partnerId, tier, joinedAt, firstMonth } }),
    event: (partnerId: string, body: Record<string, unknown>, token = staff) =>
      api.call('POST', `/api/v1/credit/accounts/${partnerId}/events`, { token, body }),
    close: (month: string, token = staff) => api.call('POST', `/api/v1/credit/months/${month}/close`, { token }),
    view: (partnerId: string) => api.call('GET', `/api/v1/credit/accounts/${partnerId}`, { token: staff }),
    async mustEvent(partnerId: string, body: Record<string, unknown>) {
      const r = await f.event(partnerId, body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    },
    async mustClose(month: string) {
      const r = await f.close(month);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.failed, []);
      return r.body as { closed: { partnerId: string; month: string; score: number }[] };
    },
  };
  return f;
}

const sum1 = (entries: { applied: number }[]) => Math.round(entries.reduce((s, e) => s + e.applied, 0) * 10) / 10;
const comparable = (e: Entry) => ({
  month: e.month,
  rule: e.rule,
  kind: e.kind,
  requested: e.requested,
  applied: e.applied,
  scoreAfter: e.scoreAfter,
  reason: e.reason,
});

describe('credit ledger api: MG rules on persisted accounts', () => {
  let f: Awaited<ReturnType<typeof creditFixture>>;
  let p1: Awaited<ReturnType<typeof f.partner>>;
  let p2: Awaited<ReturnType<typeof f.partner>>;
  let p3: Awaited<ReturnType<typeof f.partner>>;
  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'];
  /** P1's inputs as the engine sees them (catalogue points and names from the default tables). */
  const p1Events = [
    { month: '2026-02', type: 'deduction', category: 'violation', points: 10, reason: '渠道强行订购' },
    { month: '2026-04', type: 'quarterRank', quarter: '2026Q1', rank: 3, of: 100 },
    { month: '2026-05', type: 'rerate', tier: 'cooperation' },
    { month: '2026-06', type: 'deduction', category: 'complaint', points: 1, reason: '一般客户投诉（每件）' },
  ];

  before(async () => {
    f = await creditFixture();
    p1 = await f.partner('甲渠道科技有限公司');
    p2 = await f.partner('乙渠道文化传媒有限公司');
    p3 = await f.partner('丙渠道网络有限公司');
  });
  after(() => f.api.close());

  it('MG-2 opening an account writes the initial entry: ordinary 70, strategic 75, comprehensive 95', async () => {
    const cases: [typeof p1, string, number][] = [
      [p1, 'ordinary', 70],
      [p2, 'strategic', 75],
      [p3, 'comprehensive', 95],
    ];
    for (const [p, tier, score] of cases) {
      const r = await f.open(p.id, tier);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.score, score, tier);
      assert.equal(r.body.tier, tier);
      assert.equal(r.body.lastClosedMonth, null);
      assert.equal(r.body.openMonth, '2026-01');
      assert.equal(r.body.entries.length, 1);
      assert.deepEqual(
        { rule: r.body.entries[0].rule, kind: r.body.entries[0].kind, month: r.body.entries[0].month },
        { rule: 'MG-2', kind: 'initial', month: '2026-01' },
      );
    }
    assert.equal((await f.open(p1.id, 'ordinary')).status, 409, 'one account per partner');
    const scorecardPartner = await f.partner('评分卡伙伴有限公司', f.scorecardProgrammeId);
    assert.equal((await f.open(scorecardPartner.id, 'ordinary')).status, 409, 'scorecard programme partner');
    assert.equal((await f.open(p1.id, 'ordinary', '2025-06-01', '2026-01', p1.token)).status, 403);
    const bad = await f.api.call('POST', '/api/v1/credit/accounts', {
      token: f.staff,
      body: { partnerId: p1.id, tier: 'gold', joinedAt: '2025-13-01' },
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify([bad.body.message, bad.body.fields]), /tier/);
    assert.match(JSON.stringify([bad.body.message, bad.body.fields]), /joinedAt/);
  });

  it('MG-8 MG-12 deductions are registered by catalogue code; an unknown code or a stray field is a 400', async () => {
    const v = await f.mustEvent(p1.id, {
      type: 'deduction',
      month: '2026-02',
      category: 'violation',
      code: 'V-FORCED',
    });
    assert.equal(v.points, 10);
    assert.equal(v.reason, '渠道强行订购');
    await f.mustEvent(p1.id, { type: 'quarterRank', month: '2026-04', rank: 3, of: 100 });
    await f.mustEvent(p1.id, { type: 'rerate', month: '2026-05', tier: 'cooperation' });
    const c = await f.mustEvent(p1.id, {
      type: 'deduction',
      month: '2026-06',
      category: 'complaint',
      code: 'C-ORDINARY',
    });
    assert.equal(c.points, 1);
    const unknown = await f.event(p1.id, {
      type: 'deduction',
      month: '2026-06',
      category: 'violation',
      code: 'V-NOPE',
    });
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify([unknown.body.message, unknown.body.fields]), /V-NOPE/);
    const stray = await f.event(p1.id, { type: 'rerate', month: '2026-06', tier: 'cooperation', code: 'V-LAW' });
    assert.equal(stray.status, 400);
    assert.match(JSON.stringify([stray.body.message, stray.body.fields]), /code/);
    const notEvaluation = await f.event(p1.id, { type: 'quarterRank', month: '2026-06', rank: 1, of: 10 });
    assert.equal(notEvaluation.status, 400, 'MG-4 rankings sit in evaluation months');
    assert.equal(
      (await f.event(p1.id, { type: 'rerate', month: '2026-05', tier: 'ordinary' })).status,
      409,
      'once a month',
    );
    const audit = await f.api.call('GET', `/api/v1/audit?entity=credit_event&entityId=${v.id}`, { token: f.staff });
    assert.equal(audit.body.items[0].action, 'credit_event.registered');
    // P2: strategic promoted (MG-6), then an A-class review that fails (MG-7); P3 passes its review
    await f.mustEvent(p2.id, { type: 'rerate', month: '2026-02', tier: 'cooperation' });
    await f.mustEvent(p2.id, { type: 'aClassReview', month: '2026-03', result: 'fail' });
    await f.mustEvent(p3.id, { type: 'aClassReview', month: '2026-02', result: 'pass' });
  });

  it('MG-13 persisted ledger after closing 8 months equals POST /credit/simulate for the same events', async () => {
    for (const m of months) {
      const r = await f.mustClose(m);
      assert.deepEqual(
        r.closed.map((c) => c.month),
        [m, m, m],
        `${m} closes once for each account`,
      );
    }
    const sim = await f.api.call('POST', '/api/v1/credit/simulate', {
      token: f.staff,
      body: { start: '2026-01', months: 8, channel: { tier: 'ordinary', joinedAt: '2025-06-01' }, events: p1Events },
    });
    assert.equal(sim.status, 200, JSON.stringify(sim.body));
    const persisted = (await f.view(p1.id)).body;
    assert.deepEqual(
      persisted.months,
      sim.body.months.map((m: { month: string; score: number }) => ({ month: m.month, score: m.score })),
    );
    const simEntries = sim.body.months.flatMap((m: { entries: Entry[] }) => m.entries.map(comparable));
    assert.deepEqual(persisted.entries.map(comparable), simEntries);
    assert.equal(persisted.score, 69);
    assert.equal(persisted.lastClosedMonth, '2026-08');
  });

  it('MG-13 closing a month again changes nothing (closed 0, same ledger, same state)', async () => {
    const before = (await f.view(p1.id)).body;
    const again = await f.mustClose('2026-08');
    assert.deepEqual(again.closed, []);
    const earlier = await f.mustClose('2026-05');
    assert.deepEqual(earlier.closed, []);
    assert.deepEqual((await f.view(p1.id)).body, before);
    const future = await f.close(creditMonthOf(new Date()));
    assert.equal(future.status, 400, 'the current month has not ended');
    assert.equal((await f.close('2026-13')).status, 400);
  });

  it('MG-1 the score is the sum of the ledger’s applied deltas and equals the stored state', async () => {
    const conn = await connectMongo(f.api.mongoUrl);
    try {
      const accounts = new CreditAccountRepository(await creditModels(conn));
      for (const p of [p1, p2, p3]) {
        const v = (await f.view(p.id)).body;
        assert.equal(v.score, sum1(v.entries), p.name);
        assert.equal(v.score, (await accounts.byPartner(p.id))!.state.score, p.name);
        assert.equal(v.entries.at(-1).scoreAfter, v.score);
        assert.equal(v.months.at(-1).score, v.score);
      }
    } finally {
      await conn.close();
    }
  });

  it('MG-4 the April ranking of 2026Q1 (rank 3 of 100, top 5%) is credited +5 in May', async () => {
    const entries: Entry[] = (await f.view(p1.id)).body.entries;
    const bonus = entries.filter((e) => e.rule === 'MG-4');
    assert.equal(bonus.length, 1);
    assert.equal(bonus[0].month, '2026-05');
    assert.equal(bonus[0].applied, 5);
    assert.match(bonus[0].reason, /2026Q1/);
  });

  it('MG-5 three clean months after a deduction recover +5 in the third; a new deduction resets the streak', async () => {
    const entries: Entry[] = (await f.view(p1.id)).body.entries;
    const recovery = entries.filter((e) => e.rule === 'MG-5');
    assert.deepEqual(
      recovery.map((e) => [e.month, e.applied]),
      [['2026-05', 5]],
    );
    const june = entries.filter((e) => e.month === '2026-06');
    assert.deepEqual(
      june.map((e) => [e.rule, e.applied]),
      [['MG-12', -1]],
    );
  });

  it('MG-6 a 战略伙伴 re-rated to 战略合作伙伴 gets +20 once; a move from 普通渠道 gets 0', async () => {
    const p2Entries: Entry[] = (await f.view(p2.id)).body.entries;
    const rerate = p2Entries.filter((e) => e.rule === 'MG-6');
    assert.deepEqual(
      rerate.map((e) => [e.month, e.applied]),
      [['2026-02', 20]],
    );
    const p1Rerate = ((await f.view(p1.id)).body.entries as Entry[]).filter((e) => e.rule === 'MG-6');
    assert.deepEqual(
      p1Rerate.map((e) => e.applied),
      [0],
    );
    assert.equal((await f.view(p1.id)).body.tierLabel, '战略合作伙伴');
  });

  it('MG-7 score ≥ 85 without a decision is pending (staff notified); pass → A-class; fail → 84', async () => {
    {
      const v2 = (await f.view(p2.id)).body;
      const v3 = (await f.view(p3.id)).body;
      // P2: 75 → +20 in February = 95, no decision → pending; March decision fail → 84
      const p2Months = Object.fromEntries(v2.months.map((m: { month: string; score: number }) => [m.month, m.score]));
      assert.equal(p2Months['2026-02'], 95);
      assert.equal(p2Months['2026-03'], 84);
      const fail = (v2.entries as Entry[]).find((e) => e.kind === 'aClassFail')!;
      assert.equal(fail.rule, 'MG-7');
      assert.equal(fail.applied, -11);
      assert.equal(v2.aClass, false);
      assert.equal(v2.next.toAClass, 1);
      const notice = (id: string) => f.api.noticeText(id);
      assert.match(
        (await notice(`credit-aclass-${v2.accountId}-2026-02`)) ?? '',
        /A级渠道待评审/,
        'P2 pending in February',
      );
      assert.match((await notice(`credit-aclass-${v2.accountId}-2026-03`)) ?? '', /未通过/);
      // P3: 95 from January → pending; February decision pass → A-class
      assert.ok(await notice(`credit-aclass-${v3.accountId}-2026-01`));
      assert.equal(v3.aClass, true);
      assert.equal(v3.next.toAClass, 0);
      assert.ok((v3.entries as Entry[]).some((e) => e.kind === 'aClassPass' && e.month === '2026-02'));
      assert.match((await notice(`credit-aclass-${v3.accountId}-2026-02`)) ?? '', /评审通过/);
    }
  });

  it('MG-13 an input for a month already closed is refused with 409 and nothing is stored', async () => {
    const r = await f.event(p1.id, { type: 'deduction', month: '2026-03', category: 'violation', code: 'V-PROMO' });
    assert.equal(r.status, 409);
    const events = await f.api.call('GET', `/api/v1/credit/accounts/${p1.id}/events?month=2026-03`, { token: f.staff });
    assert.deepEqual(events.body.items, []);
  });

  it('MG-13 the close of a month is a frozen snapshot of its inputs and the tables used', async () => {
    const snap = await f.api.call('GET', `/api/v1/credit/accounts/${p1.id}/months/2026-02`, { token: f.staff });
    assert.equal(snap.status, 200);
    assert.equal(snap.body.tablesVersion, 0);
    assert.equal(snap.body.events.length, 1);
    assert.equal(snap.body.stateBefore.score, 70);
    assert.equal(snap.body.stateAfter.score, 60);
    assert.deepEqual(snap.body.tables.violationCatalogue, DEFAULT_CREDIT_TABLES.violationCatalogue);
    const open = await f.api.call('GET', `/api/v1/credit/accounts/${p1.id}/months/2026-09`, { token: f.staff });
    assert.equal(open.status, 404);
  });
});

describe('credit ledger api: tables, transfer, settlement, bad-credit list, export', () => {
  let f: Awaited<ReturnType<typeof creditFixture>>;
  before(async () => {
    f = await creditFixture();
  });
  after(() => f.api.close());

  const tablesPath = () => `/api/v1/programmes/${f.programmeId}/credit-tables`;

  it('MG-8 MG-12 admin edits the credit tables: validated, versioned, audited; closed months keep theirs', async () => {
    const p = await f.partner('丁渠道有限公司');
    assert.equal((await f.open(p.id, 'ordinary')).status, 201);
    const initial = await f.api.call('GET', tablesPath(), { token: f.staff });
    assert.equal(initial.status, 200);
    assert.equal(initial.body.version, 0);
    assert.deepEqual(initial.body.tables, DEFAULT_CREDIT_TABLES);
    await f.mustEvent(p.id, { type: 'deduction', month: '2026-01', category: 'violation', code: 'V-FORCED' });
    await f.mustClose('2026-01');

    const edited = structuredClone(DEFAULT_CREDIT_TABLES);
    edited.violationCatalogue = edited.violationCatalogue.map((v) =>
      v.code === 'V-FORCED' ? { ...v, points: 20 } : v,
    );
    const partnerPut = await f.api.call('PUT', tablesPath(), { token: p.token, body: { tables: edited } });
    assert.equal(partnerPut.status, 403);
    const bad = await f.api.call('PUT', tablesPath(), {
      token: f.staff,
      body: { tables: { ...edited, min: 200, extra: 1 }, note: 'x' },
    });
    assert.equal(bad.status, 400);
    const msg = JSON.stringify([bad.body.message, bad.body.fields]);
    assert.match(msg, /min/);
    assert.match(msg, /extra/);
    assert.match(msg, /note/);
    const put = await f.api.call('PUT', tablesPath(), {
      token: f.staff,
      body: { tables: edited, reason: '违约考核细则更新' },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.version, 1);
    const audit = await f.api.call('GET', `/api/v1/audit?entity=programme&entityId=${f.programmeId}`, {
      token: f.staff,
    });
    assert.ok(audit.body.items.some((a: { action: string }) => a.action === 'credit_tables.updated'));

    const feb = await f.mustEvent(p.id, {
      type: 'deduction',
      month: '2026-02',
      category: 'violation',
      code: 'V-FORCED',
    });
    assert.equal(feb.points, 20, 'new deductions use the new catalogue');
    await f.mustClose('2026-02');
    const jan = await f.api.call('GET', `/api/v1/credit/accounts/${p.id}/months/2026-01`, { token: f.staff });
    const febSnap = await f.api.call('GET', `/api/v1/credit/accounts/${p.id}/months/2026-02`, { token: f.staff });
    assert.equal(jan.body.tablesVersion, 0);
    assert.equal(jan.body.tables.violationCatalogue.find((v: { code: string }) => v.code === 'V-FORCED').points, 10);
    assert.equal(febSnap.body.tablesVersion, 1);
    assert.deepEqual((await f.view(p.id)).body.months, [
      { month: '2026-01', score: 60 },
      { month: '2026-02', score: 40 },
    ]);
    const scorecard = await f.api.call('GET', `/api/v1/programmes/${f.scorecardProgrammeId}/credit-tables`, {
      token: f.staff,
    });
    assert.equal(scorecard.status, 409);
  });

  it('MG-3 a transfer keeps the score and the ledger under the new partner, with an inherit entry', async () => {
    const from = await f.partner('戊旧渠道有限公司');
    const to = await f.partner('戊新渠道有限公司');
    const other = await f.partner('己渠道有限公司');
    assert.equal((await f.open(from.id, 'strategic', '2025-06-01', '2026-02')).status, 201);
    assert.equal((await f.open(other.id, 'ordinary', '2025-06-01', '2026-02')).status, 201);
    await f.mustEvent(from.id, { type: 'deduction', month: '2026-03', category: 'fulfilment', code: 'F-REPORT' });
    await f.mustClose('2026-03');
    const before = (await f.view(from.id)).body;
    assert.equal(before.score, 72);

    const toOther = await f.api.call('POST', `/api/v1/credit/accounts/${from.id}/transfer`, {
      token: f.staff,
      body: { toPartnerId: other.id, reason: '更名' },
    });
    assert.equal(toOther.status, 409, 'the target partner has an account');
    const r = await f.api.call('POST', `/api/v1/credit/accounts/${from.id}/transfer`, {
      token: f.staff,
      body: { toPartnerId: to.id, reason: '公司更名' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.partnerId, to.id);
    assert.equal(r.body.score, 72);
    assert.equal(r.body.tier, 'strategic');
    const inherit = r.body.entries.at(-1);
    assert.deepEqual([inherit.rule, inherit.kind, inherit.applied, inherit.month], ['MG-3', 'inherit', 0, '2026-04']);
    assert.deepEqual(
      r.body.entries.slice(0, -1).map((e: Entry) => e.id),
      before.entries.map((e: Entry) => e.id),
    );
    assert.deepEqual(r.body.months, before.months);
    assert.equal((await f.view(from.id)).status, 404);
    assert.equal((await f.api.call('GET', '/api/v1/credit/me', { token: from.token })).status, 404);
    const mine = await f.api.call('GET', '/api/v1/credit/me', { token: to.token });
    assert.equal(mine.body.score, 72);
    await f.mustClose('2026-04');
    assert.equal((await f.view(to.id)).body.months.at(-1).month, '2026-04');
  });

  it('MG-9 MG-10 settlement records: a severe penalty holds settlement 3 months, a refund shortfall until paid', async () => {
    const p = await f.partner('庚渠道有限公司');
    assert.equal((await f.open(p.id, 'ordinary')).status, 201);
    const current = creditMonthOf(new Date());
    const path = `/api/v1/credit/accounts/${p.id}/settlement`;
    const old = await f.api.call('POST', path, {
      token: f.staff,
      body: {
        kind: 'severe-penalty',
        month: shiftCreditMonth(current, -4),
        amount: 12000,
        reason: '严重违约，扣除当月信息费',
      },
    });
    assert.equal(old.status, 201, JSON.stringify(old.body));
    assert.equal(old.body.records[0].heldUntil, shiftCreditMonth(current, -1));
    assert.equal(old.body.settlementHold, false, 'an old hold has run out');

    const severe = await f.api.call('POST', path, {
      token: f.staff,
      body: { kind: 'severe-penalty', month: current, amount: 8000.5, reason: '严重违约' },
    });
    assert.equal(severe.body.settlementHold, true);
    assert.equal(severe.body.heldUntil, shiftCreditMonth(current, 3));
    assert.equal((await f.view(p.id)).body.settlementHold, true);

    const q = await f.partner('辛渠道有限公司');
    assert.equal((await f.open(q.id, 'ordinary')).status, 201);
    const qPath = `/api/v1/credit/accounts/${q.id}/settlement`;
    const refund = await f.api.call('POST', qPath, {
      token: f.staff,
      body: { kind: 'refund-offset', month: current, amount: 500, shortfall: 120.5, reason: '违规订购退款冲抵' },
    });
    assert.equal(refund.status, 201);
    assert.equal(refund.body.settlementHold, true);
    assert.equal(refund.body.unpaidShortfall, 120.5);
    const paid = await f.api.call('POST', `${qPath}/${refund.body.records[0].id}/paid`, { token: f.staff, body: {} });
    assert.equal(paid.status, 200);
    assert.equal(paid.body.settlementHold, false);
    assert.equal(
      (await f.api.call('POST', `${qPath}/${refund.body.records[0].id}/paid`, { token: f.staff, body: {} })).status,
      409,
    );

    const bad = await f.api.call('POST', qPath, {
      token: f.staff,
      body: { kind: 'severe-penalty', month: current, amount: -1, shortfall: 1, reason: '' },
    });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify([bad.body.message, bad.body.fields]), /amount/);
    assert.equal((await f.api.call('GET', qPath, { token: q.token })).status, 403);
  });

  it('MG-11 an exit for a major violation lists the company; isListed finds it; a repeat is 409', async () => {
    const p = await f.partner('壬（杭州）信息技术有限公司');
    assert.equal((await f.open(p.id, 'ordinary', '2025-06-01', '2026-05')).status, 201);
    const path = `/api/v1/credit/accounts/${p.id}/major-violation-exit`;
    assert.equal((await f.api.call('POST', path, { token: p.token, body: { reason: 'x' } })).status, 403);
    const r = await f.api.call('POST', path, { token: f.staff, body: { reason: '违反国家法律法规的恶性违约事件' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'exited');
    assert.equal(r.body.listing.companyName, p.name);
    assert.equal((await f.api.call('POST', path, { token: f.staff, body: { reason: 'again' } })).status, 409);
    const check = await f.api.call(
      'GET',
      `/api/v1/credit/bad-credit-list/check?companyName=${encodeURIComponent('壬(杭州)信息技术有限公司 ')}`,
      { token: f.staff },
    );
    assert.equal(check.body.listed, true, 'half-width brackets and spaces match');
    const list = await f.api.call('GET', '/api/v1/credit/bad-credit-list', { token: f.staff });
    assert.ok(list.body.items.some((i: { partnerId: string }) => i.partnerId === p.id));
    const conn = await connectMongo(f.api.mongoUrl);
    try {
      const repo = new BadCreditRepository(await creditModels(conn));
      assert.equal(await repo.isListed(p.name), true);
      assert.equal(await repo.isListed('从未违约的公司'), false);
    } finally {
      await conn.close();
    }
    const closed = await f.mustClose('2026-05');
    assert.ok(!closed.closed.some((c) => c.partnerId === p.id), 'an exited account is not closed any more');
    assert.equal((await f.view(p.id)).body.status, 'exited');
  });

  it('MG-13 the month export is CSV with a UTF-8 BOM: 伙伴编码, 伙伴名称, 等级, 月末积分, A类', async () => {
    const p = await f.partner('癸渠道, "引号"有限公司');
    assert.equal((await f.open(p.id, 'comprehensive', '2025-06-01', '2026-06')).status, 201);
    await f.mustClose('2026-06');
    const res = await fetch(`${f.api.url}/api/v1/credit/months/2026-06/export`, {
      headers: { authorization: `Bearer ${f.staff}` },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    assert.equal(lines[0], '伙伴编码,伙伴名称,等级,月末积分,A类');
    assert.ok(lines.includes(`${p.code},"癸渠道, ""引号""有限公司",全面战略合作伙伴,95,否`), lines.join('\n'));
    const forbidden = await fetch(`${f.api.url}/api/v1/credit/months/2026-06/export`, {
      headers: { authorization: `Bearer ${p.token}` },
    });
    assert.equal(forbidden.status, 403);

    // the same rows as an Excel workbook
    const xlsx = await fetch(`${f.api.url}/api/v1/credit/months/2026-06/export.xlsx`, {
      headers: { authorization: `Bearer ${f.staff}` },
    });
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get('content-disposition') ?? '', /filename\*=UTF-8''%E4%BF%A1%E7%94%A8/);
    const sheet = await readSheet('x.xlsx', Buffer.from(await xlsx.arrayBuffer()), 1000);
    assert.deepEqual(sheet.headers, lines[0].split(','));
    assert.ok(
      sheet.rows.some(
        (r) =>
          JSON.stringify(r.cells) === JSON.stringify([p.code, '癸渠道, "引号"有限公司', '全面战略合作伙伴', 95, '否']),
      ),
    );
    assert.equal(sheet.rows.length, lines.length - 1, 'one row per CSV line');
  });
});
