import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Repositories } from '../db/repositories.js';
import { SYSTEM_ACTOR } from '../db/types.js';
import type { QueueMap } from '../queues/factory.js';
import { noticeJobId, type QueueName } from '../queues/index.js';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { DEFAULT_COMPLAINT_WINDOW, WorkCalendar } from '../calendar/index.js';
import { computeScorecard } from '../rules/scorecard.js';
import { connectCore } from '../root.js';
import { connectScorecards, type ScorecardFeature } from './feature.js';
import type { ScorecardRepositories } from './repositories.js';
import { DEFAULT_PROGRAMME_SCORECARD_TABLES as T } from './tables.js';

const cal = new WorkCalendar();

describe('FT-16 renewal review (real FerretDB + Redis)', () => {
  let bed: FeatureTestbed;
  let conn: Connection;
  let feature: ScorecardFeature;
  let repos: Repositories;
  let sc: ScorecardRepositories;
  let notices: QueueMap[QueueName.Notices];
  let programmeId: string;
  const handler = () => feature.renewals;
  // the contracts below end on 2027-03-31: the review opens at 00:00 Beijing time on 2027-02-28
  const justBefore = new Date('2027-02-27T15:59:59Z');
  const reviewDay = new Date('2027-02-27T16:00:00Z');

  /** A closed half-year whose total is 70 + onboarding (no complaints, no deductions). */
  async function closed(partnerId: string, period: string, onboarding: number) {
    const input = { period, onboarding, complaints: [], securityIncidents: [], successRates: [] };
    const result = computeScorecard(input, T, DEFAULT_COMPLAINT_WINDOW, cal);
    await sc.snapshots.insertOnce({
      partnerId,
      programmeId,
      period,
      partnerName: '',
      tablesVersion: 0,
      tables: T,
      window: DEFAULT_COMPLAINT_WINDOW,
      calendarVersion: cal.version,
      input,
      result,
      entries: [],
      closedAt: new Date(),
      closedBy: SYSTEM_ACTOR,
    });
  }

  async function partner(
    name: string,
    contract: { certificatesValidUntil?: string; meetsQualification?: boolean; endsAt?: string },
    scores: [string, number][],
  ) {
    const p = (await repos.partners.create({ code: `R${randomBytes(3).toString('hex')}`, name, programmeId }))!;
    await sc.contracts.putDates({
      partnerId: p.id,
      signedAt: '2025-01-01',
      endsAt: contract.endsAt ?? '2027-03-31',
      certificatesValidUntil: contract.certificatesValidUntil ?? null,
      meetsQualification: contract.meetsQualification ?? true,
      actor: SYSTEM_ACTOR,
    });
    for (const [period, onboarding] of scores) await closed(p.id, period, onboarding);
    return p;
  }

  before(async () => {
    bed = await featureTestbed('renewal');
    ({ conn, repos, programmeId, notices } = bed);
    feature = await connectScorecards(connectCore(conn, { notifier: bed.notifier }));
    sc = feature.repos;
  });

  after(() => bed.close());

  it('FT-16 one month before the contract ends each partner gets one recommendation: average ≥ 80, certificates valid, FT-2 met', async () => {
    const good = await partner('优质伙伴有限公司', {}, [
      ['2024H2', 0], // before the contract: not counted
      ['2025H1', 15],
      ['2025H2', 20],
      ['2026H1', 0],
      ['2026H2', 10],
    ]); // 85, 90, 70, 80 → 81.25
    const weak = await partner('一般伙伴有限公司', {}, [
      ['2025H1', 10],
      ['2025H2', 9.9],
    ]); // 80, 79.9 → 79.95
    const expired = await partner('证书过期有限公司', { certificatesValidUntil: '2027-02-27' }, [['2025H1', 30]]);
    const unqualified = await partner('资质不符有限公司', { meetsQualification: false }, [['2025H1', 30]]);
    const noScores = await partner('新签约有限公司', {}, []);
    const later = await partner('晚到期有限公司', { endsAt: '2027-04-01' }, [['2025H1', 30]]);

    assert.deepEqual(await handler().check(justBefore), { due: 0, recorded: 0 });
    const runs = await Promise.all([handler().check(reviewDay), handler().check(reviewDay)]);
    assert.equal(runs[0].recorded + runs[1].recorded, 5, 'two concurrent runs record each review once');
    assert.deepEqual(await handler().check(new Date(reviewDay.getTime() + 3_600_000)), { due: 5, recorded: 0 });

    const review = async (partnerId: string) => {
      const all = await sc.renewals.list({ partnerId });
      assert.equal(all.length, 1);
      return all[0];
    };
    const g = await review(good.id);
    assert.equal(g.renew, true);
    assert.equal(g.average, 81.25);
    assert.deepEqual(
      g.scores.map((s) => s.period),
      ['2025H1', '2025H2', '2026H1', '2026H2'],
    );
    assert.deepEqual(g.reasons, []);
    assert.equal(g.status, 'pending');
    assert.equal(g.endsAt, '2027-03-31');
    const w = await review(weak.id);
    assert.equal(w.renew, false);
    assert.match(w.reasons[0], /79\.95/);
    assert.equal((await review(expired.id)).certificatesValid, false);
    assert.match((await review(expired.id)).reasons.join(), /资质证书/);
    assert.equal((await review(unqualified.id)).renew, false);
    assert.equal((await review(noScores.id)).average, null);
    assert.equal((await sc.renewals.list({ partnerId: later.id })).length, 0, 'its review opens on 2027-03-01');

    const notice = await notices.getJob(noticeJobId(`renewal-${g.id}`));
    assert.ok(notice);
    assert.match(notice.data.text, /优质伙伴有限公司/);
    assert.match(notice.data.text, /建议：续约/);
    assert.equal((await repos.audit.find({ entity: 'renewal_review', entityId: g.id })).length, 1);
  });

  it('FT-16 the review window runs to the contract’s last day; a new end date is a new review', async () => {
    const p = await partner('续签伙伴有限公司', { endsAt: '2027-03-10' }, [['2025H1', 30]]);
    assert.equal(
      (await handler().check(new Date('2027-03-10T15:59:59Z'))).recorded,
      2,
      'its own review and 晚到期 (2027-04-01)',
    );
    assert.equal(
      (await handler().check(new Date('2027-03-10T16:00:00Z'))).recorded,
      0,
      'after its last day nothing is due',
    );
    await sc.contracts.putDates({
      partnerId: p.id,
      signedAt: '2025-01-01',
      endsAt: '2029-03-10',
      certificatesValidUntil: null,
      meetsQualification: true,
      actor: SYSTEM_ACTOR,
    });
    assert.equal((await handler().check(new Date('2029-02-10T00:00:00Z'))).recorded, 1);
    assert.deepEqual((await sc.renewals.list({ partnerId: p.id })).map((r) => r.endsAt).sort(), [
      '2027-03-10',
      '2029-03-10',
    ]);
  });
});
