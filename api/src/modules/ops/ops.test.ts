import { randomBytes } from 'node:crypto';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Queue } from 'bullmq';
import { coreEnv, createQueue, QueueName, QUEUES, redisConnection, writeBotHeartbeat } from '@huoban/core';
import type { Redis } from 'ioredis';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('api probes and Prometheus metrics (real FerretDB + Redis)', () => {
  let api: TestApi;
  let redis: Redis;
  let sla: Queue;
  let notices: Queue;
  const secret = randomBytes(24).toString('hex');
  const metricsToken = randomBytes(16).toString('hex');
  /** a plain staff user's token (issue #20: a staff token must name a live account) */
  let staffJwt: string;
  const scrape = (headers: Record<string, string> = {}) => fetch(`${api.url}/api/v1/ops/metrics`, { headers });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  before(async () => {
    api = await startTestApi({
      HUOBAN_JWT_SECRET: secret,
      HUOBAN_METRICS_TOKEN: metricsToken,
    });
    redis = redisConnection(coreEnv().redisUrl);
    sla = createQueue(QueueName.Sla, redis, api.queuePrefix);
    notices = createQueue(QueueName.Notices, redis, api.queuePrefix);
    const user = { username: 'ops-staff', password: 'password-123' };
    const made = await api.call('POST', '/api/v1/intake/staff-users', {
      token: await api.staffToken(),
      body: { ...user, role: 'staff', displayName: '普通员工' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    staffJwt = (await api.call('POST', '/api/v1/auth/staff/login', { body: user })).body.accessToken;
  });

  after(async () => {
    await sla?.close();
    await notices?.close();
    redis?.disconnect();
    await api?.close();
  });

  it('live answers without asking any dependency; the old /health is unchanged', async () => {
    const live = await api.call('GET', '/api/v1/health/live');
    assert.equal(live.status, 200);
    assert.equal(live.body.status, 'ok');
    const old = await api.call('GET', '/health');
    assert.equal(old.status, 200);
    assert.deepEqual(old.body, { status: 'ok', mongo: 'up', redis: 'up' });
  });

  it('ready checks MongoDB and Redis; the bot state is reported but does not fail the api', async () => {
    const r = await api.call('GET', '/api/v1/health/ready');
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'degraded'); // no bot heartbeat yet
    assert.equal(r.body.details.mongo.status, 'up');
    assert.equal(r.body.details.redis.status, 'up');
    assert.equal(r.body.details.bot.status, 'degraded');
    assert.equal(r.body.details.bot.state, 'unknown');

    await writeBotHeartbeat(redis, api.queuePrefix, {
      state: 'logged_in',
      user: '伙伴助手',
      at: new Date().toISOString(),
      pid: 1,
    });
    const ok = await api.call('GET', '/api/v1/health/ready');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'ok');
    assert.equal(ok.body.details.bot.state, 'logged_in');
    assert.equal(ok.body.details.bot.user, '伙伴助手');
  });

  it('a backlog does not make the api unready (issue #21: it said 503 for half an hour while everything worked)', async () => {
    await writeBotHeartbeat(redis, api.queuePrefix, { state: 'logged_in', at: new Date().toISOString(), pid: 1 });
    await notices.add(
      'n',
      { noticeId: 'ops-n1', kind: 'generic', audience: 'staff', text: '测试', createdAt: new Date().toISOString() },
      { jobId: 'notice-ops-n1' },
    );
    await sla.add(
      'breach',
      { complaintId: 'x', stage: 'breach', dueAt: new Date().toISOString() },
      { jobId: 'sla-ops-x' },
    );
    await sleep(1200);
    const r = await api.call('GET', '/api/v1/health/ready');
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'ok');
    assert.deepEqual(Object.keys(r.body.details).sort(), ['bot', 'mongo', 'redis']);
    await notices.obliterate({ force: true });
    await sla.obliterate({ force: true });
  });

  it('metrics need the metrics token or an admin: 401 without, 403 for staff and the bot', async () => {
    assert.equal((await scrape()).status, 401);
    assert.equal((await scrape({ authorization: 'Bearer not-the-token' })).status, 401);
    assert.equal((await scrape({ authorization: `Bearer ${staffJwt}` })).status, 403);
    assert.equal((await scrape({ 'x-service-key': api.serviceKey })).status, 403);
    const admin = await scrape({ authorization: `Bearer ${await api.staffToken()}` });
    assert.equal(admin.status, 200);
    const res = await scrape({ authorization: `Bearer ${metricsToken}` });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    assert.match(text, /# TYPE huoban_http_request_duration_seconds histogram/);
    // the route label is the matched pattern, not the raw path
    assert.match(
      text,
      /huoban_http_request_duration_seconds_count\{route="\/api\/v1\/health\/live",method="GET",status="200"\} 1/,
    );
    assert.match(
      text,
      /huoban_http_request_duration_seconds_count\{route="\/api\/v1\/ops\/metrics",method="GET",status="403"\} 2/,
    );
    assert.match(text, /huoban_api_process_cpu_seconds_total/);
  });

  it('a signed-out admin token opens neither the metrics nor Bull Board (401), as on every api route', async () => {
    const login = await api.call('POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'admin-pass-123' },
    });
    const token = login.body.accessToken as string;
    assert.equal((await scrape({ authorization: `Bearer ${token}` })).status, 200);
    assert.equal((await api.call('POST', '/api/v1/auth/logout', { token })).status, 204);
    assert.equal((await scrape({ authorization: `Bearer ${token}` })).status, 401);
    const board = await fetch(`${api.url}/api/v1/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(board.status, 401);
  });

  it('a request id comes back in x-request-id: the caller’s own when it sent a sane one, a new one otherwise', async () => {
    const own = await fetch(`${api.url}/api/v1/health/live`, { headers: { 'x-request-id': 'trace-abc.123' } });
    assert.equal(own.headers.get('x-request-id'), 'trace-abc.123');
    const fresh = await fetch(`${api.url}/api/v1/health/live`, { headers: { 'x-request-id': 'bad id\twith junk' } });
    assert.match(fresh.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('Bull Board is for admins only: 401 without a token, 403 for staff, the bot and the metrics token', async () => {
    const board = (headers: Record<string, string> = {}, path = '/api/v1/admin/queues/api/queues') =>
      fetch(`${api.url}${path}`, { headers, redirect: 'manual' });
    assert.equal((await board()).status, 401);
    assert.equal((await board({ authorization: `Bearer ${staffJwt}` })).status, 403);
    assert.equal((await board({ 'x-service-key': api.serviceKey })).status, 403);
    assert.equal((await board({ authorization: `Bearer ${metricsToken}` })).status, 401);
    const admin = await api.staffToken();
    const res = await board({ authorization: `Bearer ${admin}` });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { queues: { name: string }[] };
    // every queue of core's table, intake included (it was missing)
    assert.deepEqual(body.queues.map((q) => q.name).sort(), QUEUES.map((q) => q.name).sort());
    assert.ok(body.queues.some((q) => q.name === 'intake'));
    // in a browser: ?token= once, then an HttpOnly cookie for the board's path
    const login = await board({}, `/api/v1/admin/queues?token=${admin}`);
    assert.equal(login.status, 302);
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /huoban_board=.*HttpOnly/i);
    assert.match(cookie, /Path=\/api\/v1\/admin\/queues/);
    const page = await board({ cookie: cookie.split(';')[0] }, '/api/v1/admin/queues/');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    assert.equal((await board({}, `/api/v1/admin/queues?token=${staffJwt}`)).status, 403);
  });
});
