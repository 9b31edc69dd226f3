import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import type { Repositories } from '../db/repositories.js';
import { SYSTEM_ACTOR } from '../db/types.js';
import type { QueueMap } from '../queues/factory.js';
import { noticeJobId, type QueueName } from '../queues/index.js';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { DEFAULT_COMPLAINT_WINDOW, WorkCalendar } from '../calendar/index.js';
import { ComplaintCounters } from '../complaints/counters.js';
import { connectCore } from '../root.js';
import { connectScorecards, type ScorecardFeature } from './feature.js';
import type { ScorecardRepositories } from './repositories.js';
import { DEFAULT_PROGRAMME_SCORECARD_TABLES } from './tables.js';

const H = 3_600_000;
const D = 24 * H;

describe('FT-15 complaint-spike watch (real FerretDB + Redis)', () => {
  let bed: FeatureTestbed;
  let conn: Connection;
  let feature: ScorecardFeature;
  let repos: Repositories;
  let sc: ScorecardRepositories;
  let notices: QueueMap[QueueName.Notices];
  let programmeId: string;
  const now = new Date('2026-11-23T04:00:00Z');
  const handler = () => feature.watch;

  async function partnerWith(name: string, last7: number, perWeekBefore: number) {
    const p = (await repos.partners.create({ code: `A${randomBytes(3).toString('hex')}`, name, programmeId }))!;
    const times = [
      ...Array.from({ length: last7 }, (_, i) => now.getTime() - (i + 1) * H),
      ...[1, 2, 3, 4].flatMap((week) =>
        Array.from({ length: perWeekBefore }, (_, i) => now.getTime() - week * 7 * D - (i + 1) * H),
      ),
    ];
    for (const t of times) {
      const receivedAt = new Date(t);
      const c = await repos.complaints.create({
        no: `TS-20261123-${randomBytes(3).toString('hex')}`,
        programmeId,
        partnerId: p.id,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: '测试投诉',
        receivedAt,
        dueAt: new Date(t + 12 * H),
        provisional: false,
        calendarVersion: 'test',
        window: DEFAULT_COMPLAINT_WINDOW,
        slaHours: 12,
        warningMinutes: [],
        status: 'closed',
        replies: [],
        effectiveReplyAt: receivedAt,
        breachedAt: null,
        slaSettled: true,
        warningsSent: [],
        createdBy: 'test',
      });
      await new ComplaintCounters(conn).count(c, new WorkCalendar()); // as registration counts it
    }
    return p;
  }

  before(async () => {
    bed = await featureTestbed('anomaly');
    ({ conn, repos, programmeId, notices } = bed);
    feature = await connectScorecards(connectCore(conn, { notifier: bed.notifier }));
    sc = feature.repos;
  });

  after(() => bed.close());

  it('FT-15 a spike (last 7 days > 3× the weekly average of the 4 weeks before) is alerted once a day with one staff notice', async () => {
    const spiky = await partnerWith('突增科技有限公司', 4, 1); // 4 > 3 × 1
    const steady = await partnerWith('平稳信息有限公司', 3, 1); // 3 is not > 3
    const quiet = await partnerWith('新开通有限公司', 2, 0); // a quiet partner's first complaints are no spike
    const runs = await Promise.all([handler().check(now), handler().check(now)]);
    assert.equal(runs[0].alerts + runs[1].alerts, 1, 'two concurrent runs alert once');
    const again = await handler().check(new Date(now.getTime() + H));
    assert.deepEqual([again.spikes, again.alerts], [1, 0]);

    const alerts = await sc.anomalies.list({ partnerId: spiky.id });
    assert.equal(alerts.length, 1);
    assert.deepEqual(
      [alerts[0].last7Days, alerts[0].previous4Weeks, alerts[0].factor, alerts[0].day],
      [4, [1, 1, 1, 1], 3, '2026-11-23'],
    );
    for (const p of [steady, quiet]) assert.equal((await sc.anomalies.list({ partnerId: p.id })).length, 0);

    const notice = await notices.getJob(noticeJobId(`anomaly-${spiky.id}-2026-11-23`));
    assert.ok(notice);
    assert.match(notice.data.text, /突增科技有限公司/);
    assert.match(notice.data.text, /近7日投诉 4 宗/);
    assert.equal((await notices.getPrioritized()).length, 1); // queued with its priority (issue #21)
    const trail = (await repos.audit.find({ entity: 'partner', entityId: spiky.id })).filter(
      (a) => a.action === 'partner.anomaly_detected',
    );
    assert.equal(trail.length, 1);
    assert.deepEqual(trail[0].actor, SYSTEM_ACTOR);
  });

  it('FT-15 the next day a lasting spike is a new alert; a higher spikeFactor in the programme tables silences it', async () => {
    const nextDay = new Date(now.getTime() + D);
    const r = await handler().check(nextDay);
    assert.equal(r.alerts, 1);
    await sc.tables.append(
      programmeId,
      1,
      { ...DEFAULT_PROGRAMME_SCORECARD_TABLES, spikeFactor: 5 },
      SYSTEM_ACTOR,
      nextDay,
    );
    const r2 = await handler().check(new Date(now.getTime() + 2 * D));
    assert.deepEqual([r2.spikes, r2.alerts], [0, 0]);
  });

  it('FT-15 an exited partner is no longer watched', async () => {
    const p = await partnerWith('已退出有限公司', 8, 1);
    await connectCore(conn).lifecycle.move(p.id, 'exited', { actor: SYSTEM_ACTOR, reason: '测试' });
    const r = await handler().check(new Date(now.getTime() + 3 * D));
    assert.equal((await sc.anomalies.list({ partnerId: p.id })).length, 0);
    assert.ok(r.checked >= 3);
  });

  it('FT-15 a spike is found behind a thousand quiet partners: only the partners with complaints in the last 7 days are read (issue #16)', async () => {
    // a thousand partners without complaints whose codes sort first (the programme's partner list stopped at 1,000)
    await conn.collection('partners').insertMany(
      Array.from({ length: 1000 }, (_, i) => ({
        code: `0Q${bed.id}${String(i).padStart(4, '0')}`,
        name: `安静伙伴${i}`,
        programmeId: new Types.ObjectId(programmeId),
        status: 'active',
        inviteCode: `quiet-${bed.id}-${i}`,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const p = await partnerWith('千家之后有限公司', 12, 1);
    const r = await handler().check(now);
    assert.equal((await sc.anomalies.list({ partnerId: p.id })).length, 1);
    assert.ok(r.checked >= 1 && r.checked < 20, `${r.checked} partners watched: only those with recent complaints`);
  });
});
