import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreditCloseHandler,
  DomainError,
  DEFAULT_CREDIT_TABLES,
  Notifier,
  QueueName,
  SYSTEM_ACTOR,
  closeMonth,
  creditCloseEntryKey,
  creditDeductionFromCatalogue,
  creditEntriesScore,
  connectCore,
  connectCredit,
  noticeJobId,
  simulateCredit,
  type CreditEvent,
  type CreditLedger,
  type CreditRepositories,
  type PartnerRecord,
  type QueueMap,
  type Repositories,
} from '@huoban/core';
import { workerTestbed, type WorkerTestbed } from '../../test/support.js';

const STAFF = { type: 'user' as const, id: 'staff-1', role: 'staff' as const, name: '运营' };
/** 10:00 Beijing on the given day */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

describe('credit monthly close handler (real FerretDB + Redis)', () => {
  let bed: WorkerTestbed;
  let repos: Repositories;
  let credit: CreditRepositories;
  let notices: QueueMap[QueueName.Notices];
  let ledger: CreditLedger;
  let handler: CreditCloseHandler;
  let programmeId: string;
  const logs: string[] = [];

  const partner = async (name: string): Promise<PartnerRecord> =>
    (await repos.partners.create({ code: `W${randomBytes(3).toString('hex')}`, name, programmeId }))!;
  const register = async (partnerId: string, event: CreditEvent) =>
    ledger.registerEvent((await credit.accounts.byPartner(partnerId))!, { event }, STAFF, at('2026-01-02'));

  before(async () => {
    bed = await workerTestbed('credit', 'credit');
    ({ repos, programmeId } = bed);
    notices = bed.queue(QueueName.Notices);
    ({ repos: credit, ledger } = await connectCredit(
      connectCore(bed.conn, { notifier: new Notifier(notices, bed.conn) }),
    ));
    handler = new CreditCloseHandler(ledger, (m) => logs.push(m));
  });

  after(() => bed.close());

  it('MG-13 run(now) closes the previous Shanghai month for every account behind, one month at a time, equal to the simulation', async () => {
    const ordinary = await partner('子渠道科技有限公司');
    const strategic = await partner('丑渠道传媒有限公司');
    await ledger.open(ordinary, { tier: 'ordinary', joinedAt: '2025-06-01' }, '2026-01', STAFF, at('2026-01-02'));
    await ledger.open(strategic, { tier: 'strategic', joinedAt: '2025-06-01' }, '2026-02', STAFF, at('2026-02-02'));
    const ordinaryEvents: CreditEvent[] = [
      creditDeductionFromCatalogue(DEFAULT_CREDIT_TABLES, 'violation', 'V-TARIFF', '2026-01', 'TS-1'),
      { month: '2026-01', type: 'quarterRank', quarter: '2025Q4', rank: 1, of: 10 },
      creditDeductionFromCatalogue(DEFAULT_CREDIT_TABLES, 'fulfilment', 'F-SETTLE', '2026-03'),
    ];
    for (const e of ordinaryEvents) await register(ordinary.id, e);
    await register(strategic.id, { month: '2026-02', type: 'rerate', tier: 'comprehensive' });

    await repos.partners.bindIdentity(`openid-credit-${bed.id}`, ordinary.id); // its WeChat user (issue #19)
    // early April (Beijing): March is the last month that ended
    const report = await handler.run(at('2026-04-05'));
    assert.deepEqual(report.failed, []);
    assert.equal(report.month, '2026-03');
    const closedFor = (pid: string) => report.closed.filter((c) => c.partnerId === pid).map((c) => c.month);
    assert.deepEqual(closedFor(ordinary.id), ['2026-01', '2026-02', '2026-03']);
    assert.deepEqual(closedFor(strategic.id), ['2026-02', '2026-03']);

    // one code path, tested both ways: the stored ledger equals the pure fold behind POST /credit/simulate
    const sim = simulateCredit({
      start: '2026-01',
      months: 3,
      channel: { tier: 'ordinary', joinedAt: '2025-06-01' },
      events: ordinaryEvents,
    });
    const account = (await credit.accounts.byPartner(ordinary.id))!;
    const stored = await credit.entries.forAccount(account.id);
    const strip = (e: {
      month: string;
      rule: string;
      kind: string;
      requested: number;
      applied: number;
      scoreAfter: number;
      reason: string;
    }) => [e.month, e.rule, e.kind, e.requested, e.applied, e.scoreAfter, e.reason];
    assert.deepEqual(stored.map(strip), sim.months.flatMap((m) => m.entries).map(strip));
    assert.deepEqual(
      (await credit.closes.scores(account.id)).map((m) => m.score),
      sim.months.map((m) => m.score),
    );
    assert.equal(account.lastClosedMonth, '2026-03');
    assert.equal(account.state.score, sim.months[2].score);
    assert.equal(creditEntriesScore(stored), account.state.score, 'MG-1 ledger sum = state');
    // MG-13 each month closed reaches the partner's WeChat user as one 订阅消息 with the score
    const news = await bed.conn
      .collection('subscription_messages')
      .find({ openId: `openid-credit-${bed.id}` })
      .sort({ key: 1 })
      .toArray();
    assert.deepEqual(
      news.map((m) => [m.key, m.kind, m.data.number2.value]),
      sim.months.map((m, i) => [`credit-${account.id}-2026-0${i + 1}-closed`, 'score-closed', String(m.score)]),
    );
    // deterministic idempotency keys
    assert.ok(stored.some((e) => e.idempotencyKey === creditCloseEntryKey(account.id, '2026-01', 0)));
    // strategic → comprehensive: +20 (MG-6) reaches 95 → A-class review pending, staff notified once
    const s = (await credit.accounts.byPartner(strategic.id))!;
    assert.equal(s.state.score, 95);
    assert.equal(s.aClassReviewPending, true);
    const notice = await notices.getJob(noticeJobId(`credit-aclass-${s.id}-2026-02`));
    assert.match(notice!.data.text, /A级渠道待评审/);
  });

  it('MG-13 running the close again changes nothing', async () => {
    const [accounts, entries, jobs] = [
      await credit.accounts.list(),
      await Promise.all((await credit.accounts.list()).map((a) => credit.entries.forAccount(a.id))),
      await notices.getJobCounts(),
    ];
    const again = await handler.run(at('2026-04-28'));
    assert.deepEqual(again.closed, []);
    assert.deepEqual(again.failed, []);
    assert.deepEqual(await credit.accounts.list(), accounts);
    assert.deepEqual(await Promise.all(accounts.map((a) => credit.entries.forAccount(a.id))), entries);
    assert.deepEqual(await notices.getJobCounts(), jobs);
  });

  it('MG-13 a crash mid-close heals on the next run: same entries once, account advanced, frozen result kept', async () => {
    const p = await partner('寅渠道有限公司');
    await ledger.open(p, { tier: 'ordinary', joinedAt: '2025-06-01' }, '2026-04', STAFF, at('2026-04-02'));
    await register(p.id, creditDeductionFromCatalogue(DEFAULT_CREDIT_TABLES, 'violation', 'V-PROMO', '2026-04'));
    await register(p.id, creditDeductionFromCatalogue(DEFAULT_CREDIT_TABLES, 'complaint', 'C-ESCALATED', '2026-04'));
    // the first run died after claiming April, freezing its result and writing one of its two entries
    let acc = (await credit.accounts.byPartner(p.id))!;
    acc = (await credit.accounts.claimClose(acc.id, null, '2026-04'))!;
    const events = (await credit.events.forMonth(acc.id, '2026-04')).map((e) => e.event);
    const step = closeMonth(acc.state, '2026-04', events, DEFAULT_CREDIT_TABLES);
    const snap = await credit.closes.insertOnce({
      accountId: acc.id,
      partnerId: p.id,
      programmeId,
      month: '2026-04',
      tablesVersion: 0,
      tables: DEFAULT_CREDIT_TABLES,
      events: [],
      stateBefore: acc.state,
      stateAfter: step.state,
      entries: step.entries,
      aClassPending: step.aClassPending,
      actor: SYSTEM_ACTOR,
      closedAt: at('2026-05-01'),
    });
    await credit.entries.insertOnce({
      ...step.entries[0],
      accountId: acc.id,
      partnerId: p.id,
      programmeId,
      seq: 2000,
      source: { entity: 'credit_close', id: snap.id },
      actor: SYSTEM_ACTOR,
      at: snap.closedAt,
      idempotencyKey: creditCloseEntryKey(acc.id, '2026-04', 0),
    });
    // while the claim is held, April takes no more inputs
    await assert.rejects(
      register(p.id, creditDeductionFromCatalogue(DEFAULT_CREDIT_TABLES, 'violation', 'V-LAW', '2026-04')),
      (e: unknown) => e instanceof DomainError && e.code === 'conflict',
    );
    // an admin edit in between does not change the frozen April result
    await credit.tables.append({
      programmeId,
      version: 1,
      tables: { ...DEFAULT_CREDIT_TABLES, min: 65 },
      actor: STAFF,
      at: at('2026-05-01'),
    });

    const report = await handler.run(at('2026-05-02'));
    await credit.tables.append({
      programmeId,
      version: 2,
      tables: DEFAULT_CREDIT_TABLES,
      actor: STAFF,
      at: at('2026-05-02'),
    });
    assert.deepEqual(report.failed, []);
    assert.deepEqual(
      report.closed.filter((c) => c.partnerId === p.id).map((c) => [c.month, c.score]),
      [['2026-04', 62]],
    );
    acc = (await credit.accounts.byPartner(p.id))!;
    const stored = await credit.entries.forAccount(acc.id);
    assert.deepEqual(
      stored.map((e) => [e.month, e.rule, e.applied]),
      [
        ['2026-04', 'MG-2', 70],
        ['2026-04', 'MG-8', -5],
        ['2026-04', 'MG-12', -3],
      ],
    );
    assert.equal(acc.lastClosedMonth, '2026-04');
    assert.equal(acc.closing, null);
    assert.equal(creditEntriesScore(stored), acc.state.score);
  });

  it('MG-1 an upheld appeal whose reversing entry a crash left undone is repaired by the next run', async () => {
    const p = await partner('卯渠道有限公司');
    await ledger.open(p, { tier: 'ordinary', joinedAt: '2025-06-01' }, '2026-05', STAFF, at('2026-05-02'));
    await register(p.id, creditDeductionFromCatalogue(DEFAULT_CREDIT_TABLES, 'violation', 'V-FORCED', '2026-05'));
    await handler.run(at('2026-06-03'));
    let acc = (await credit.accounts.byPartner(p.id))!;
    const deduction = (await credit.entries.forAccount(acc.id)).find((e) => e.kind === 'deduction')!;
    const appeal = (await credit.appeals.open({
      accountId: acc.id,
      partnerId: p.id,
      entryId: deduction.id,
      reason: '非本渠道所为',
      createdBy: STAFF,
      createdAt: at('2026-06-04'),
    }))!;
    await credit.appeals.decide(appeal.id, {
      status: 'upheld',
      decisionReason: '核实成立',
      decidedAt: at('2026-06-05'),
      decidedBy: STAFF,
    });
    const report = await handler.run(at('2026-06-06'));
    assert.equal(report.healedAppeals, 1);
    acc = (await credit.accounts.byPartner(p.id))!;
    const entries = await credit.entries.forAccount(acc.id);
    const reversal = entries.find((e) => e.kind === 'reversal')!;
    assert.deepEqual(
      [reversal.rule, reversal.month, reversal.applied, reversal.reverses],
      ['MG-1', '2026-06', 10, deduction.id],
    );
    assert.equal((await credit.appeals.get(appeal.id))!.reversalEntryId, reversal.id);
    assert.equal(acc.state.score, 70);
    assert.equal(creditEntriesScore(entries), acc.state.score);
    assert.equal((await handler.run(at('2026-06-07'))).healedAppeals, 0);
  });
});
