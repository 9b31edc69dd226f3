/**
 * The race suite: every workflow step fired 20 times at once, identical and competing, at a real api on real
 * FerretDB (which does not make guarded updates atomic). Each step is claimed under a unique key by the core
 * transition primitive, so exactly one request is applied, with one audit entry and one notice, and no
 * acknowledged write is lost.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectMongo, connectScorecards, type ScorecardRepositories } from '@huoban/core';
import { startTestApi, type TestApi } from '../test/support.js';

const N = 20;

describe('race suite: concurrent workflow steps on FerretDB', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;
  let conn: Connection;
  let sc: ScorecardRepositories;

  const newPartner = async () => {
    const code = `R${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', {
      token: staff,
      body: { code, name: `竞态${code}有限公司`, programmeId },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id as string, token: await api.partnerToken(code) };
  };
  const audits = async (entity: string, entityId: string, action: string) =>
    (await api.call('GET', `/api/v1/audit?entity=${entity}&entityId=${entityId}`, { token: staff })).body.items.filter(
      (a: { action: string }) => a.action === action,
    ).length as number;
  const statuses = (rs: { status: number }[]) => rs.map((r) => r.status).sort();
  const count = (rs: { status: number }[], s: number) => rs.filter((r) => r.status === s).length;
  const complaint = async (partnerId: string) => {
    const r = await api.call('POST', '/api/v1/complaints', {
      token: staff,
      body: {
        partnerId,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: '充值未到账',
        receivedAt: new Date().toISOString(),
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  };

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    conn = await connectMongo(api.mongoUrl);
    sc = (await connectScorecards(conn)).repos;
  });
  after(async () => {
    await conn.close();
    await api.close();
  });

  it('WT-4 20 identical partner replies at once: one 201, one reply stored, one audit entry; the rest 409', async () => {
    const p = await newPartner();
    const id = await complaint(p.id);
    const rs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        api.call('POST', `/api/v1/complaints/${id}/replies`, { token: p.token, body: { text: `已联系客户处理 ${i}` } }),
      ),
    );
    assert.equal(count(rs, 201), 1, statuses(rs).join(','));
    assert.equal(count(rs, 409), N - 1, statuses(rs).join(','));
    const stored = (await api.call('GET', `/api/v1/complaints/${id}`, { token: staff })).body;
    assert.equal(stored.replies.length, 1);
    assert.equal(stored.replies[0].text, rs.find((r) => r.status === 201)!.body.replies[0].text);
    assert.equal(await audits('complaint', id, 'complaint.replied'), 1);
  });

  it('FT-12a 10 confirms and 10 rejects of one reply at once: exactly one verdict applied and audited', async () => {
    const p = await newPartner();
    const id = await complaint(p.id);
    const replied = await api.call('POST', `/api/v1/complaints/${id}/replies`, {
      token: p.token,
      body: { text: '已退款' },
    });
    const replyId = replied.body.replies[0].id;
    const rs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        i % 2
          ? api.call('POST', `/api/v1/complaints/${id}/confirm`, { token: staff, body: { replyId } })
          : api.call('POST', `/api/v1/complaints/${id}/reject`, {
              token: staff,
              body: { replyId, reason: '未说明原因' },
            }),
      ),
    );
    assert.equal(count(rs, 200), 1, statuses(rs).join(','));
    assert.equal(count(rs, 409), N - 1);
    const winner = rs.find((r) => r.status === 200)!.body;
    const stored = (await api.call('GET', `/api/v1/complaints/${id}`, { token: staff })).body;
    assert.equal(stored.status, winner.status);
    assert.equal(stored.replies[0].verdict, winner.replies[0].verdict);
    const decided =
      (await audits('complaint', id, 'complaint.reply_confirmed')) +
      (await audits('complaint', id, 'complaint.reply_rejected'));
    assert.equal(decided, 1);
  });

  it('FT-15 20 suspensions of one partner at once: one 200, one audit entry, one WeChat notice', async () => {
    const p = await newPartner();
    const rs = await Promise.all(
      Array.from({ length: N }, () =>
        api.call('POST', `/api/v1/partners/${p.id}/suspend`, {
          token: staff,
          body: { reason: '投诉激增，立即暂停合作' },
        }),
      ),
    );
    assert.equal(count(rs, 200), 1, statuses(rs).join(','));
    assert.equal(count(rs, 409), N - 1);
    assert.equal(await audits('partner', p.id, 'partner.suspended'), 1);
    const notices = (await api.notices()).filter(
      (n) => n.ref?.id === p.id && n.noticeId.startsWith('partner-suspended'),
    );
    assert.equal(notices.length, 1);
  });

  it('FT-14 20 rectification submissions at once: every 201 is stored (no lost write); 20 competing decisions: one', async () => {
    const p = await newPartner();
    const now = new Date();
    const { record: c } = await sc.rectifications.openOnce({
      partnerId: p.id,
      programmeId,
      period: `2019H${randomBytes(1)[0] % 2 ? 1 : 2}`,
      snapshotId: 'race',
      total: 55,
      threshold: 60,
      openedAt: now,
      deadline: new Date(now.getTime() + 86_400_000),
      deadlineProvisional: false,
      status: 'open',
      submissions: [],
      decision: null,
      terminationRecommended: false,
    });
    const subs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        api.call('POST', `/api/v1/rectifications/${c.id}/submissions`, {
          token: p.token,
          body: { plan: `整改方案 ${i}`, evidence: [`https://example.com/e${i}`] },
        }),
      ),
    );
    const created = count(subs, 201);
    assert.ok(created >= 1);
    assert.equal(created + count(subs, 409), N, statuses(subs).join(','));
    const stored = (await api.call('GET', `/api/v1/rectifications/${c.id}`, { token: staff })).body;
    assert.equal(stored.submissions.length, created, 'every acknowledged submission is stored');
    assert.equal(await audits('rectification', c.id, 'rectification.submitted'), created);

    const decisions = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        api.call('POST', `/api/v1/rectifications/${c.id}/decide`, {
          token: staff,
          body: { decision: i % 2 ? 'pass' : 'fail', reason: `结论 ${i}` },
        }),
      ),
    );
    assert.equal(count(decisions, 200), 1, statuses(decisions).join(','));
    const decided = (await api.call('GET', `/api/v1/rectifications/${c.id}`, { token: staff })).body;
    assert.equal(decided.status, decisions.find((r) => r.status === 200)!.body.status);
    assert.equal(await audits('rectification', c.id, 'rectification.decided'), 1);
    const decidedNotices = (await api.notices()).filter((n) => n.noticeId === `rectification-decided-${c.id}`);
    assert.equal(decidedNotices.length, 1);
  });

  it('FT-16 20 competing renewal decisions at once: exactly one applied', async () => {
    const p = await newPartner();
    const { record: r } = await sc.renewals.recordOnce({
      partnerId: p.id,
      programmeId,
      endsAt: '2027-01-31',
      reviewedAt: new Date(),
      scores: [{ period: '2026H1', total: 85 }],
      average: 85,
      certificatesValid: true,
      expiredDocuments: [],
      meetsQualification: true,
      renew: true,
      reasons: [],
      status: 'pending',
      decision: null,
    });
    const rs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        api.call('POST', `/api/v1/renewals/${r.id}/decide`, {
          token: staff,
          body: { decision: i % 2 ? 'renew' : 'end', reason: `评审结论 ${i}` },
        }),
      ),
    );
    assert.equal(count(rs, 200), 1, statuses(rs).join(','));
    assert.equal(await audits('renewal_review', r.id, 'renewal.decided'), 1);
  });
});
