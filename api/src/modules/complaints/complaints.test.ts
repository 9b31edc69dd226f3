import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { coreEnv, QueueName, redisConnection, slaJobId } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('complaints api', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;
  let partnerA: { id: string; code: string; token: string };
  let partnerB: { id: string; code: string; token: string };

  const newPartner = async (name: string) => {
    const code = `P${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', { token: staff, body: { code, name, programmeId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id as string, code, token: await api.partnerToken(code) };
  };
  const register = (body: Record<string, unknown>, token = staff) =>
    api.call('POST', '/api/v1/complaints', { token, body });
  const ordinary = (partnerId: string, receivedAt = new Date().toISOString()) => ({
    partnerId,
    kind: 'ordinary',
    channel: 'hotline_10086',
    summary: '客户反映和包食堂充值未到账',
    receivedAt,
  });
  const auditCount = async (entityId: string) =>
    (await api.call('GET', `/api/v1/audit?entity=complaint&entityId=${entityId}`, { token: staff })).body.items
      .length as number;

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    partnerA = await newPartner('甲科技有限公司');
    partnerB = await newPartner('乙信息服务有限公司');
  });
  after(() => api.close());

  it('WT-4 FT-13 registering an ordinary complaint stores dueAt from core/calendar and schedules its timers', async () => {
    const r = await register(ordinary(partnerA.id, '2026-11-20T22:00:00+08:00'));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.dueAt, '2026-11-21T11:00:00.000Z');
    assert.match(r.body.no, /^TS-\d{8}-\d{4}$/);
    assert.equal(r.body.partnerName, '甲科技有限公司');
    assert.equal(r.body.status, 'open');
    const connection = redisConnection(coreEnv().redisUrl);
    const queue = new Queue(QueueName.Sla, { connection, prefix: api.queuePrefix });
    const ids = ['warn-120', 'warn-30', 'breach'].map((s) => slaJobId(r.body.id, s as 'breach'));
    const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
    assert.ok(jobs.every(Boolean), 'warning and breach jobs exist');
    assert.equal(jobs[2]!.data.dueAt, r.body.dueAt);
    await queue.close();
    connection.disconnect();
    assert.equal(await auditCount(r.body.id), 1);
  });

  it('bad input is a 400 naming the field and stores nothing', async () => {
    const before = (await api.call('GET', '/api/v1/complaints', { token: staff })).body.total;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ordinary(partnerA.id), kind: 'urgent' }, 'kind'],
      [{ ...ordinary(partnerA.id), channel: 'fax' }, 'channel'],
      [{ ...ordinary(partnerA.id), receivedAt: 'not a date' }, 'receivedAt'],
      [{ ...ordinary(partnerA.id), receivedAt: '2099-01-01T00:00:00Z' }, 'receivedAt'],
      [{ ...ordinary(partnerA.id), summary: '' }, 'summary'],
      [{ ...ordinary('nope') }, 'partnerId'],
      [{ ...ordinary('0123456789abcdef01234567') }, 'partnerId'],
      [{ ...ordinary(partnerA.id), extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await register(body);
      assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
      assert.match(JSON.stringify([r.body.message, r.body.fields]), new RegExp(field));
    }
    assert.equal((await api.call('GET', '/api/v1/complaints', { token: staff })).body.total, before);
  });

  it('malformed JSON is 400 and an oversized body is 413, never 500', async () => {
    const bad = await api.call('POST', '/api/v1/complaints', { token: staff, raw: '{"partnerId": ' });
    assert.equal(bad.status, 400);
    const big = await register({ ...ordinary(partnerA.id), summary: 'x'.repeat(200_000) });
    assert.equal(big.status, 413);
  });

  it('a partner sees only its own complaints: another partner’s reads as 404', async () => {
    const mine = (await register(ordinary(partnerA.id))).body;
    const list = await api.call('GET', '/api/v1/complaints', { token: partnerB.token });
    assert.equal(list.status, 200);
    assert.ok(list.body.items.every((c: { partnerId: string }) => c.partnerId === partnerB.id));
    assert.equal((await api.call('GET', `/api/v1/complaints/${mine.id}`, { token: partnerB.token })).status, 404);
    assert.equal((await api.call('GET', `/api/v1/complaints/${mine.id}`, { token: partnerA.token })).status, 200);
    const reply = await api.call('POST', `/api/v1/complaints/${mine.id}/replies`, {
      token: partnerB.token,
      body: { text: '不是我的' },
    });
    assert.equal(reply.status, 404);
    // a partner filtering by someone else's id still only gets its own
    const sneaky = await api.call('GET', `/api/v1/complaints?partnerId=${partnerA.id}`, { token: partnerB.token });
    assert.equal(sneaky.body.items.length, 0);
  });

  it('roles: a partner calling a staff route is 403, no token is 401, unknown ids are 404', async () => {
    assert.equal((await register(ordinary(partnerA.id), partnerA.token)).status, 403);
    assert.equal((await api.call('GET', '/api/v1/partners', { token: partnerA.token })).status, 403);
    assert.equal((await api.call('GET', '/api/v1/complaints')).status, 401);
    assert.equal((await api.call('GET', '/api/v1/complaints', { token: 'garbage' })).status, 401);
    assert.equal((await api.call('GET', '/api/v1/complaints/0123456789abcdef01234567', { token: staff })).status, 404);
    assert.equal((await api.call('GET', '/api/v1/complaints/not-an-id', { token: staff })).status, 404);
    assert.equal(
      (await api.call('GET', '/api/v1/complaints/due-today', { headers: { 'x-service-key': api.serviceKey } })).status,
      200,
    );
    assert.equal(
      (await api.call('GET', '/api/v1/complaints/due-today', { headers: { 'x-service-key': 'wrong-key-wrong-key' } }))
        .status,
      401,
    );
  });

  it('FT-12a reply → staff confirm effective closes it on time; replying to a closed complaint is 409', async () => {
    const c = (await register(ordinary(partnerA.id))).body;
    const r1 = await api.call('POST', `/api/v1/complaints/${c.id}/replies`, {
      token: partnerA.token,
      body: { text: '已查明原因：渠道延迟，已补发。' },
    });
    assert.equal(r1.status, 201);
    assert.equal(r1.body.status, 'replied');
    assert.equal(r1.body.slaState, 'awaiting_confirmation');
    const again = await api.call('POST', `/api/v1/complaints/${c.id}/replies`, {
      token: partnerA.token,
      body: { text: '补充' },
    });
    assert.equal(again.status, 409);
    const replyId = r1.body.replies[0].id;
    const ok = await api.call('POST', `/api/v1/complaints/${c.id}/confirm`, { token: staff, body: { replyId } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'closed');
    assert.equal(ok.body.slaState, 'met');
    assert.equal(ok.body.effectiveReplyAt, r1.body.replies[0].at);
    const auditBefore = await auditCount(c.id);
    const closed = await api.call('POST', `/api/v1/complaints/${c.id}/replies`, {
      token: partnerA.token,
      body: { text: '再回复' },
    });
    assert.equal(closed.status, 409);
    const twice = await api.call('POST', `/api/v1/complaints/${c.id}/confirm`, { token: staff, body: { replyId } });
    assert.equal(twice.status, 409);
    assert.equal(await auditCount(c.id), auditBefore, 'refused requests change nothing');
    const trail = (await api.call('GET', `/api/v1/audit?entity=complaint&entityId=${c.id}`, { token: staff })).body
      .items;
    assert.deepEqual(
      trail.map((a: { action: string }) => a.action),
      ['complaint.registered', 'complaint.replied', 'complaint.reply_confirmed'],
    );
    assert.ok(trail.every((a: { actor: { id: string }; at: string }) => a.actor.id && a.at));
  });

  it('WT-4 a rejected reply reopens the complaint and the clock keeps running from receivedAt', async () => {
    const c = (await register(ordinary(partnerA.id, '2026-11-20T10:00:00+08:00'))).body;
    const r1 = await api.call('POST', `/api/v1/complaints/${c.id}/replies`, {
      token: partnerA.token,
      body: { text: '已处理' },
    });
    const rej = await api.call('POST', `/api/v1/complaints/${c.id}/reject`, {
      token: staff,
      body: { replyId: r1.body.replies[0].id, reason: '未说明原因' },
    });
    assert.equal(rej.status, 200);
    assert.equal(rej.body.status, 'open');
    assert.equal(rej.body.dueAt, c.dueAt, 'due instant unchanged');
    assert.equal(rej.body.replies[0].verdict, 'rejected');
    assert.equal(rej.body.replies[0].reason, '未说明原因');
    const missing = await api.call('POST', `/api/v1/complaints/${c.id}/reject`, {
      token: staff,
      body: { replyId: '0123456789abcdef01234567', reason: 'x' },
    });
    assert.equal(missing.status, 404);
    const noReason = await api.call('POST', `/api/v1/complaints/${c.id}/reject`, {
      token: staff,
      body: { replyId: r1.body.replies[0].id },
    });
    assert.equal(noReason.status, 400);
  });

  it('due-today lists open complaints due today in Beijing time', async () => {
    const c = (await register(ordinary(partnerB.id))).body;
    const r = await api.call('GET', '/api/v1/complaints/due-today', { token: staff });
    const ids = r.body.items.map((i: { id: string }) => i.id);
    const dueToday =
      new Date(Date.parse(c.dueAt) + 8 * 3600_000).toISOString().slice(0, 10) ===
      new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    assert.equal(ids.includes(c.id), dueToday);
  });
  it('concurrent registrations all succeed with distinct numbers (never a 500)', async () => {
    const rs = await Promise.all(Array.from({ length: 10 }, () => register(ordinary(partnerB.id))));
    assert.deepEqual(
      rs.map((r) => r.status),
      Array(10).fill(201),
    );
    assert.equal(new Set(rs.map((r) => r.body.no)).size, 10);
  });
  it('FT-15 a suspended partner is flagged on its complaints', async () => {
    const c = (await register(ordinary(partnerB.id))).body;
    assert.equal(c.partnerSuspended, false);
    const s = await api.call('POST', `/api/v1/partners/${partnerB.id}/suspend`, {
      token: staff,
      body: { reason: '投诉激增' },
    });
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.equal((await api.call('GET', `/api/v1/complaints/${c.id}`, { token: staff })).body.partnerSuspended, true);
    assert.equal(
      (await api.call('POST', `/api/v1/partners/${partnerB.id}/resume`, { token: staff, body: { reason: '核查完毕' } }))
        .status,
      200,
    );
    assert.equal(
      (await api.call('GET', `/api/v1/complaints/${c.id}`, { token: partnerB.token })).body.partnerSuspended,
      false,
    );
  });
});
