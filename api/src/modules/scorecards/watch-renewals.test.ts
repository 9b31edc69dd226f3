/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { Queue } from 'bullmq';
import {
  coreEnv,
  QueueName,
  connectMongo,
  connectScorecards,
  noticeJobId,
  redisConnection,
  type ScorecardRepositories,
} from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('partner watch and renewal api (FT-15, FT-16)', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;
  let conn: Connection;
  let sc: ScorecardRepositories;
  let notices: Queue;
  const redis = redisConnection(coreEnv().redisUrl);

  const newPartner = async (name: string) => {
    const code = `W${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', { token: staff, body: { code, name, programmeId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id as string, code, name, token: await api.partnerToken(code) };
  };
  const audits = async (entity: string, entityId: string) =>
    (await api.call('GET', `/api/v1/audit?entity=${entity}&entityId=${entityId}`, { token: staff })).body.items as {
      action: string;
      before: any;
      after: any;
      reason?: string;
    }[];

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    conn = await connectMongo(api.mongoUrl);
    sc = (await connectScorecards(conn)).repos;
    notices = new Queue(QueueName.Notices, { connection: redis, prefix: api.queuePrefix });
  });
  after(async () => {
    await notices.close();
    redis.disconnect();
    await conn.close();
    await api.close();
  });

  it('FT-15 suspend and lift: guarded status moves, 409 on a double suspend or a lift of an active partner, audited, shown on the scorecard', async () => {
    const p = await newPartner('暂停测试有限公司');
    const suspend = () =>
      api.call('POST', `/api/v1/partners/${p.id}/suspend`, { token: staff, body: { reason: '投诉激增，核实中' } });
    const resume = () =>
      api.call('POST', `/api/v1/partners/${p.id}/resume`, { token: staff, body: { reason: '核实完毕并完成质量整改' } });

    assert.equal((await resume()).status, 409, 'an active partner cannot be resumed');
    const s = await suspend();
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.equal(s.body.status, 'suspended');
    const twice = await suspend();
    assert.equal(twice.status, 409);
    assert.match(twice.body.message, /已处于暂停合作状态/);
    assert.equal((await api.call('GET', `/api/v1/scorecards/partners/${p.id}`, { token: staff })).body.suspended, true);
    assert.equal((await api.call('GET', '/api/v1/scorecards/me', { token: p.token })).body.suspended, true);
    const listed = (await api.call('GET', '/api/v1/partners', { token: staff })).body.find((x: any) => x.id === p.id);
    assert.equal(listed.status, 'suspended');

    const r = await resume();
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'active');
    assert.equal(
      (await api.call('GET', `/api/v1/scorecards/partners/${p.id}`, { token: staff })).body.suspended,
      false,
    );

    const trail = await audits('partner', p.id);
    assert.deepEqual(
      trail
        .filter((a) => a.action.startsWith('partner.s') || a.action === 'partner.resumed')
        .map((a) => [a.action, a.before.status, a.after.status, a.reason]),
      [
        ['partner.suspended', 'active', 'suspended', '投诉激增，核实中'],
        ['partner.resumed', 'suspended', 'active', '核实完毕并完成质量整改'],
      ],
    );
    const jobs = (await notices.getPrioritized()).filter((j) => j.data.ref?.id === p.id);
    assert.deepEqual(jobs.map((j) => j.data.text.split('\n')[0]).sort(), ['【恢复合作】', '【暂停合作】']);

    assert.equal(
      (await api.call('POST', `/api/v1/partners/${p.id}/suspend`, { token: staff, body: {} })).status,
      400,
      'a reason is required',
    );
    assert.equal(
      (
        await api.call('POST', '/api/v1/partners/0123456789abcdef01234567/suspend', {
          token: staff,
          body: { reason: 'x' },
        })
      ).status,
      404,
    );
  });

  it('FT-15 staff list the recorded spike alerts with the partner name', async () => {
    const p = await newPartner('预警测试有限公司');
    await sc.anomalies.recordOnce({
      partnerId: p.id,
      programmeId,
      day: '2026-11-23',
      kind: 'complaint-spike',
      last7Days: 9,
      previous4Weeks: [1, 2, 1, 0],
      factor: 3,
      at: new Date('2026-11-23T01:00:00Z'),
    });
    const r = await api.call('GET', `/api/v1/scorecards/anomalies?partnerId=${p.id}`, { token: staff });
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.items.map((a: any) => [a.partnerName, a.last7Days, a.day]),
      [['预警测试有限公司', 9, '2026-11-23']],
    );
    assert.equal((await api.call('GET', '/api/v1/scorecards/anomalies?partnerId=nope', { token: staff })).status, 400);
  });

  it('FT-16 staff record the contract dates (validated, audited); the renewal review is decided once', async () => {
    const p = await newPartner('续约测试有限公司');
    const path = `/api/v1/scorecards/contracts/${p.id}`;
    assert.equal((await api.call('GET', path, { token: staff })).status, 404);
    for (const [body, field] of [
      [{ signedAt: '2025-01-01', endsAt: '2024-12-31' }, 'endsAt'],
      [{ signedAt: '2025-02-30', endsAt: '2027-12-31' }, 'signedAt'],
      [{ signedAt: '2025-01-01', endsAt: '2027/12/31' }, 'endsAt'],
      [{ signedAt: '2025-01-01', endsAt: '2027-12-31', certificatesValidUntil: 'soon' }, 'certificatesValidUntil'],
      [{ signedAt: '2025-01-01', endsAt: '2027-12-31', extra: 1 }, 'extra'],
    ] as const) {
      const r = await api.call('PUT', path, { token: staff, body });
      assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
      assert.match(JSON.stringify([r.body.message, r.body.fields]), new RegExp(field));
    }
    const put = await api.call('PUT', path, {
      token: staff,
      body: { signedAt: '2025-01-01', endsAt: '2027-03-31', certificatesValidUntil: '2028-06-30' },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(
      [put.body.endsAt, put.body.certificatesValidUntil, put.body.meetsQualification],
      ['2027-03-31', '2028-06-30', true],
    );
    const edit = await api.call('PUT', path, {
      token: staff,
      body: { signedAt: '2025-01-01', endsAt: '2027-06-30', meetsQualification: false },
    });
    assert.equal(edit.body.meetsQualification, false);
    assert.equal(edit.body.certificatesValidUntil, null);
    const trail = (await audits('partner', p.id)).filter((a) => a.action === 'partner.contract_updated');
    assert.deepEqual(
      trail.map((a) => [a.before?.endsAt ?? null, a.after.endsAt]),
      [
        [null, '2027-03-31'],
        ['2027-03-31', '2027-06-30'],
      ],
    );

    // what the worker (RenewalReviews.check) records one month before the end
    const { record } = await sc.renewals.recordOnce({
      partnerId: p.id,
      programmeId,
      endsAt: '2027-06-30',
      reviewedAt: new Date(),
      scores: [{ period: '2025H1', total: 90 }],
      average: 90,
      certificatesValid: true,
      expiredDocuments: [],
      meetsQualification: false,
      renew: false,
      reasons: ['已不再符合服务商引入资质条件（附件1）'],
      status: 'pending',
      decision: null,
    });
    const listed = await api.call('GET', '/api/v1/renewals?status=pending', { token: staff });
    assert.ok(listed.body.items.some((r: any) => r.id === record.id && r.partnerName === '续约测试有限公司'));
    const decide = (decision: string) =>
      api.call('POST', `/api/v1/renewals/${record.id}/decide`, {
        token: staff,
        body: { decision, reason: '资质不再符合，到期终止' },
      });
    assert.equal((await decide('maybe')).status, 400);
    const d = await decide('end');
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.status, 'decided');
    assert.equal(d.body.decision.decision, 'end');
    const after = await audits('renewal_review', record.id);
    assert.equal((await decide('renew')).status, 409, 'decided once');
    assert.deepEqual(await audits('renewal_review', record.id), after);
    assert.ok(await notices.getJob(noticeJobId(`renewal-decided-${record.id}`)));
    assert.equal(
      (
        await api.call('POST', '/api/v1/renewals/0123456789abcdef01234567/decide', {
          token: staff,
          body: { decision: 'end', reason: 'x' },
        })
      ).status,
      404,
    );
  });
});
