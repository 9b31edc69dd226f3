/**
 * A credit-rulebook (MG, seed 002) partner's life (issue #17), medium tier on real FerretDB + Redis, time moved by
 * hand: admitted at signing (FT-10), its account opened (MG-2), a violation (MG-8), three clean months then the
 * MG-5 recovery, the MG-4 quarterly bonus credited the month after its ranking, a re-rating (MG-6) reaching the
 * A-class review (MG-7). Each month is closed the way the worker's daily `credit-close` does it (MG-13, the
 * previous Asia/Shanghai month, 01:15 on the 1st): the day before closes nothing of it, a second run nothing more,
 * and each close leaves exactly one audit entry (and one notice when it has an A-class result). The timeline is
 * written to test-artifacts/credit-partner-timeline.md.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { writeTimeline } from '../../test/timeline.js';
import { SYSTEM_ACTOR } from '../db/types.js';
import { OUTBOX_COLLECTION } from '../notify/outbox.js';
import { connectPartners } from '../partners/service.js';
import type { NoticeJobData } from '../queues/index.js';
import { DEFAULT_CREDIT_TABLES, creditDeductionFromCatalogue, type CreditEvent } from '../rules/credit.js';
import { connectCredit, type CreditFeature } from './feature.js';
import { previousCreditMonth } from './months.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const at = (beijing: string) => new Date(`${beijing}+08:00`);
const STAFF = { type: 'user' as const, id: 's0', role: 'staff' as const, name: '运营' };

describe('a credit-rulebook partner’s life through MG-4, MG-5 and the MG-13 month close (real FerretDB + Redis)', () => {
  let bed: FeatureTestbed;
  let credit: CreditFeature;
  const notices: NoticeJobData[] = [];
  const sink = {
    notify: async (...n: NoticeJobData[]) => {
      notices.push(...n);
      await bed.notifier.notify(...n);
    },
  };
  const timeline: { at: Date; event: string; rule: string; detail: string }[] = [];
  const record = (when: Date, event: string, rule: string, detail = '') =>
    timeline.push({ at: when, event, rule, detail });

  before(async () => {
    bed = await featureTestbed('credit_life', 'credit');
    credit = await connectCredit(bed.conn, { notifier: sink });
  });
  after(() => bed.close());

  /** The worker's daily MG-13 run at `now`: closes the previous Shanghai month for every account behind. */
  const dailyClose = (now: Date) => credit.ledger.closeThrough(previousCreditMonth(now), SYSTEM_ACTOR, now);
  const closedAudits = async (accountId: string, month: string) =>
    (await bed.repos.audit.find({ entity: 'credit_account', entityId: accountId })).filter(
      (e) => e.action === 'credit.month_closed' && (e.after as { month?: string }).month === month,
    ).length;

  it('FT-10 MG-2 MG-8 MG-5 MG-4 MG-6 MG-7 MG-13: each month closed once, on the 1st at 01:15, with one audit entry', async () => {
    const { lifecycle } = connectPartners(bed.conn, { notifier: sink });
    const signedAt = at('2026-09-25T09:00:00');
    const partner = await lifecycle.admit({
      code: `MG-${bed.id}`,
      name: '咪咕推广渠道有限公司',
      programmeId: bed.programmeId,
      contract: {
        applicationId: null,
        template: null,
        signedAt: '2026-09-25',
        termStart: '2026-10-01',
        endsAt: '2028-09-30',
        products: ['咪咕视频'],
        certificatesValidUntil: null,
        meetsQualification: true,
      },
      actor: STAFF,
      at: signedAt,
    });
    assert.equal(partner.status, 'active');
    record(signedAt, '签约，伙伴准入（申请中→合作中）', 'FT-10', '合同期 2026-10-01 至 2028-09-30');
    const opened = at('2026-10-01T10:00:00');
    let account = await credit.ledger.open(
      partner,
      { tier: 'strategic', joinedAt: '2026-10-01' },
      '2026-10',
      STAFF,
      opened,
    );
    assert.equal(account.state.score, 75);
    record(opened, '开立信用积分账户（战略伙伴 95−20）', 'MG-2', '75 分');

    const register = async (event: CreditEvent, when: Date, what: string, rule: string, detail = '') => {
      await credit.ledger.registerEvent(account, { event }, STAFF, when);
      record(when, what, rule, detail);
    };
    await register(
      creditDeductionFromCatalogue(DEFAULT_CREDIT_TABLES, 'violation', 'V-TARIFF', '2026-10', 'WG-1'),
      at('2026-10-15T10:00:00'),
      '资费违约扣分',
      'MG-8',
      '−10 分',
    );

    /** Month `month` closes on the 1st of the next at 01:15 (the day before: nothing of it); a rerun changes nothing. */
    const close = async (month: string, expected: { score: number; kinds: string[] }) => {
      const [y, m] = month.split('-').map(Number);
      const next = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}`;
      const lastDay = new Date(at(`${next}-01T00:00:00`).getTime() - 60_000);
      assert.deepEqual((await dailyClose(lastDay)).closed, [], `${month}: the day before, nothing closes`);
      const when = at(`${next}-01T01:15:00`);
      const report = await dailyClose(when);
      assert.deepEqual(report.failed, []);
      assert.deepEqual(
        report.closed.map((c) => [c.month, c.score]),
        [[month, expected.score]],
      );
      assert.deepEqual(
        (await dailyClose(at(`${next}-01T13:00:00`))).closed,
        [],
        `${month}: a second run closes nothing`,
      );
      account = (await credit.repos.accounts.byPartner(partner.id))!;
      assert.equal(account.lastClosedMonth, month);
      assert.equal(await closedAudits(account.id, month), 1);
      const entries = (await credit.repos.entries.forAccount(account.id)).filter(
        (e) => e.month === month && e.source.entity === 'credit_close',
      );
      assert.deepEqual(
        entries.map((e) => e.kind),
        expected.kinds,
      );
      const changes = entries.map((e) => `${e.rule} ${e.applied > 0 ? '+' : ''}${e.applied}`);
      record(
        when,
        `${month} 月结`,
        ['MG-13', ...entries.map((e) => e.rule)].join(' '),
        [...changes, `月末 ${expected.score} 分`].join('；'),
      );
      return entries;
    };

    // MG-8 deduction as it occurred; October closes at 65, the recovery pool at 10, the clean streak at 0
    await close('2026-10', { score: 65, kinds: ['deduction'] });
    await close('2026-11', { score: 65, kinds: [] });
    await close('2026-12', { score: 65, kinds: [] });
    // January (an evaluation month): 2026Q4 ranked, 1st of 20 CPS channels (joined three full months before)
    await register(
      { month: '2027-01', type: 'quarterRank', quarter: '2026Q4', rank: 1, of: 20 },
      at('2027-01-10T10:00:00'),
      '2026Q4 季度推广排名：第 1 名 / 20',
      'MG-4',
      '次月计入 +5 分',
    );
    // MG-5: the third clean month recovers 5 at its close
    await close('2027-01', { score: 70, kinds: ['recovery'] });
    // MG-13 order in February: the MG-4 bonus, then at close the MG-5 recovery (the pool's last 5)
    const february = await close('2027-02', { score: 80, kinds: ['bonus', 'recovery'] });
    assert.deepEqual(
      february.map((e) => [e.rule, e.applied]),
      [
        ['MG-4', 5],
        ['MG-5', 5],
      ],
    );
    // the pool is empty: recovery stops once restored (MG-5)
    assert.equal(account.state.recoveryPool, 0);
    await register(
      { month: '2027-03', type: 'rerate', tier: 'cooperation' },
      at('2027-03-15T10:00:00'),
      '层级调整：战略伙伴→战略合作伙伴',
      'MG-6',
      '+20 分',
    );
    // MG-7: 100 ≥ 85 and no review decision yet → pending, staff told once
    await close('2027-03', { score: 100, kinds: ['rerate'] });
    assert.equal(account.aClassReviewPending, true);
    const pendingId = `credit-aclass-${account.id}-2027-03`;
    assert.equal(notices.filter((n) => n.noticeId === pendingId).length, 1);
    assert.match(notices.find((n) => n.noticeId === pendingId)!.text, /A级渠道待评审/);
    assert.equal(await bed.conn.collection(OUTBOX_COLLECTION).countDocuments({ _id: pendingId as any }), 1);
    await register(
      { month: '2027-04', type: 'aClassReview', result: 'pass' },
      at('2027-04-10T10:00:00'),
      '登记 A 级渠道评审结论：通过',
      'MG-7',
    );
    await close('2027-04', { score: 100, kinds: ['aClassPass'] });
    assert.equal(account.state.aClass, true);
    const passId = `credit-aclass-${account.id}-2027-04`;
    assert.equal(notices.filter((n) => n.noticeId === passId).length, 1);
    assert.match(notices.find((n) => n.noticeId === passId)!.text, /A级渠道评审通过/);
    assert.equal(await bed.conn.collection(OUTBOX_COLLECTION).countDocuments({ _id: passId as any }), 1);
    assert.equal(notices.filter((n) => n.noticeId.startsWith('credit-')).length, 2, 'no other credit notice');

    assert.equal(writeTimeline('credit-partner-timeline.md', '信用积分制伙伴生命周期（模拟）', timeline), 13);
  });
});
