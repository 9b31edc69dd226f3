/**
 * Issue #19 item 1 on real FerretDB + Redis against the local fake WeCom robot: each notice reaches each robot once
 * (recorded per target), rate-limit answers and 5xx are retried with backoff and recorded, a bad key is recorded and
 * not retried, and two delivery instances together keep a robot within its budget.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Worker, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { featureTestbed, type FeatureTestbed } from '../../../test/feature-testbed.js';
import { connectAlerts, type AlertsFeature } from '../../alerts/index.js';
import { coreEnv } from '../../config.js';
import { connectCore } from '../../root.js';
import { queueOf, redisConnection } from '../../queues/factory.js';
import { noticeJobId, type NoticeJobData } from '../../queues/index.js';
import { startFakeWecom, type FakeWecom } from '../../testing/fake-wecom.js';
import { Notifier } from '../index.js';
import { outboxModel } from '../outbox.js';
import { WecomRecovery, enqueueWecom } from './deliver.js';
import { connectWecom } from './index.js';
import { wecomProcessor } from './processor.js';
import { WECOM_JOB_OPTIONS, WECOM_QUEUE, wecomJobId, type WecomJobData } from './queue.js';
import { wecomDeliveryId, wecomDeliveryModel, type WecomDeliveryRecord } from './store.js';

const GOOD = 'e3b0c442-98fc-4c14-9afb-0000000000a1';
const OTHER = 'e3b0c442-98fc-4c14-9afb-0000000000b2';
const BUSY = 'e3b0c442-98fc-4c14-9afb-0000000000c3';
const BAD = 'e3b0c442-98fc-4c14-9afb-00000000dead';
const BURST = 'e3b0c442-98fc-4c14-9afb-0000000000d4';
const admin = { type: 'user' as const, id: 'admin-1', role: 'admin' as const, name: '管理员' };

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WeCom robot delivery (real FerretDB + Redis, fake WeCom)', () => {
  let bed: FeatureTestbed;
  let fake: FakeWecom;
  let alerts: AlertsFeature;
  let redis: Redis[] = [];
  let wecomQueue: Queue<WecomJobData>;
  let notifier: Notifier;
  const workers: Worker[] = [];
  let prefix: string;
  let n = 0;

  /** A programme of the testbed's database with these robots and channels. */
  async function programme(
    robots: { name: string; key: string }[],
    channels: ('wechat' | 'wecom')[],
    digestAfter?: number,
  ) {
    const p = await bed.repos.programmes.ensure({
      code: `wecom-${bed.id}-${++n}`,
      name: `机器人测试${n}`,
      rulebook: 'scorecard',
      complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
      slaHours: 12,
      warningMinutes: [30],
    });
    const view = await alerts.service.update(
      p.id,
      {
        rooms: ['测试值班群'],
        contacts: [],
        quietHours: null,
        channels,
        wecomRobots: robots,
        ...(digestAfter && { digestAfter }),
        rev: 0,
        reason: '测试',
      },
      admin,
    );
    return { id: p.id, robots: view.wecomRobots };
  }
  const breach = (programmeId: string, tag: string): NoticeJobData => ({
    noticeId: `sla-${tag}-${bed.id}-breach`,
    kind: 'sla-breach',
    audience: 'staff',
    programmeId,
    text: `【投诉超时】\n伙伴：甲公司\n投诉编号：${tag}`,
    ref: { entity: 'complaint', id: tag },
    createdAt: new Date().toISOString(),
  });
  /** A delivery worker (an instance of what each worker replica runs), on its own Redis connection. */
  function startDelivery(rate: { perMinute?: number; windowMs?: number } = {}) {
    const conn = redisConnection(coreEnv().redisUrl);
    redis.push(conn);
    const delivery = connectWecom(connectCore(bed.conn), conn, prefix, { apiBase: fake.base, ...rate }).service;
    const w = new Worker<WecomJobData>(WECOM_QUEUE, wecomProcessor(delivery), {
      connection: conn,
      prefix,
      concurrency: 5,
    });
    workers.push(w);
    return { worker: w, delivery };
  }
  const record = (noticeId: string, robotId: string) =>
    wecomDeliveryModel(bed.conn).findById(wecomDeliveryId(noticeId, robotId)).lean<WecomDeliveryRecord>();

  before(async () => {
    bed = await featureTestbed('wecom');
    fake = await startFakeWecom({ keys: [GOOD, OTHER, BUSY, BURST], perWindow: 20, windowMs: 1_900 });
    alerts = connectAlerts(connectCore(bed.conn), { cacheMs: 0 }); // no fallback quiet hours in the test env
    prefix = String(bed.notices.opts.prefix);
    const conn = redisConnection(coreEnv().redisUrl);
    redis.push(conn);
    // fast backoff for the test; the production options otherwise
    wecomQueue = queueOf<WecomJobData>(WECOM_QUEUE, {
      connection: conn,
      prefix,
      defaultJobOptions: { ...WECOM_JOB_OPTIONS, attempts: 4, backoff: { type: 'fixed', delay: 200 } },
    });
    notifier = new Notifier(bed.notices, bed.conn, () => undefined, { router: alerts.router, wecomQueue });
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await wecomQueue?.obliterate({ force: true });
    await wecomQueue?.close();
    await fake?.close();
    await bed?.close();
    for (const r of redis) r.disconnect();
    redis = [];
  });

  it('each notice reaches each robot exactly once, as markdown, recorded per target; repeats and recoveries post nothing more', async () => {
    const { delivery } = startDelivery();
    const p = await programme(
      [
        { name: '值班机器人', key: GOOD },
        { name: '主管机器人', key: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${OTHER}` },
      ],
      ['wechat', 'wecom'],
    );
    const notice = breach(p.id, 'once');
    await notifier.notify(notice);
    await until('both robots', async () => fake.accepted(GOOD).length + fake.accepted(OTHER).length === 2);
    // the same notice again (a retried transition), and the recovery over the outbox
    await notifier.notify(notice);
    await new WecomRecovery(wecomQueue, delivery, 0).run();
    // the jobs run again (Redis lost them, a replica re-added them): the delivery records stop a second post
    const stamped = (await outboxModel(bed.conn).findById(notice.noticeId).lean())!.notice;
    for (const r of p.robots) await wecomQueue.getJob(wecomJobId(notice.noticeId, r.id)).then((j) => j?.remove());
    await enqueueWecom(wecomQueue, [stamped]);
    await until('re-run jobs completed', async () => {
      const states = await Promise.all(
        p.robots.map(async (r) => (await wecomQueue.getJob(wecomJobId(notice.noticeId, r.id)))?.getState()),
      );
      return states.every((s) => s === 'completed');
    });
    assert.equal(fake.accepted(GOOD).length, 1);
    assert.equal(fake.accepted(OTHER).length, 1);
    const content = fake.accepted(GOOD)[0].content;
    assert.match(content, /^<font color="warning">\*\*【投诉超时】\*\*<\/font>\n> 伙伴：甲公司/);
    for (const r of p.robots) {
      const rec = await record(notice.noticeId, r.id);
      assert.deepEqual([rec?.status, rec?.attempts, rec?.failures], ['sent', 1, []], r.name);
      assert.deepEqual(rec?.ref, { entity: 'complaint', id: 'once' });
    }
    const entry = await outboxModel(bed.conn).findById(notice.noticeId).lean();
    assert.equal(entry?.wecomPending, false);
    assert.ok(entry?.wecomDeliveredAt);
    // both channels: the bot's job is queued as well, and its part of the outbox is still open
    assert.ok(await bed.notices.getJob(noticeJobId(notice.noticeId)));
    assert.equal(entry?.pending, true);
    assert.ok(!JSON.stringify(entry).includes(GOOD) && !JSON.stringify(entry).includes(OTHER), 'no key in the outbox');
  });

  it('a WeCom-only programme: the bot gets no job and its part of the outbox is closed', async () => {
    const p = await programme([{ name: '唯一机器人', key: GOOD }], ['wecom']);
    const notice = breach(p.id, 'only');
    const before = fake.accepted(GOOD).length;
    await notifier.notify(notice);
    await until('robot', async () => fake.accepted(GOOD).length === before + 1);
    assert.equal(await bed.notices.getJob(noticeJobId(notice.noticeId)), undefined);
    const entry = await outboxModel(bed.conn).findById(notice.noticeId).lean();
    assert.deepEqual([entry?.pending, entry?.notice.wechat], [false, false]);
  });

  it('a rate-limit answer (45009) and a 502 are retried with backoff and recorded; the notice is posted once', async () => {
    const p = await programme([{ name: '繁忙机器人', key: BUSY }], ['wecom']);
    fake.failNext(BUSY, { errcode: 45009 }, { status: 502 });
    const notice = breach(p.id, 'retry');
    await notifier.notify(notice);
    const rec = await until('sent after retries', async () => {
      const r = await record(notice.noticeId, p.robots[0].id);
      return r?.status === 'sent' && r;
    });
    assert.equal(rec.attempts, 3);
    assert.deepEqual(
      rec.failures.map((f) => f.code),
      ['errcode 45009', 'http 502'],
    );
    assert.match(rec.failures[0].message, /接口调用超过限制/);
    await pause(500);
    assert.equal(fake.accepted(BUSY).length, 1);
    assert.equal(fake.received.filter((m) => m.key === BUSY).length, 3);
  });

  it('a bad key (93000) is recorded as failed and not retried; the outbox entry is settled', async () => {
    const p = await programme([{ name: '失效机器人', key: BAD }], ['wecom']);
    const notice = breach(p.id, 'badkey');
    await notifier.notify(notice);
    const rec = await until('failed', async () => {
      const r = await record(notice.noticeId, p.robots[0].id);
      return r?.status === 'failed' && r;
    });
    assert.equal(rec.attempts, 1);
    assert.deepEqual(
      rec.failures.map((f) => [f.code, f.message.includes(BAD)]),
      [['errcode 93000', false]],
    );
    assert.match(rec.failures[0].message, /Webhook 地址无效/);
    await pause(1_200); // four backoffs of 200 ms would have passed
    assert.equal(fake.received.filter((m) => m.key === BAD).length, 1);
    const job = await wecomQueue.getJob(wecomJobId(notice.noticeId, p.robots[0].id));
    assert.equal(await job?.getState(), 'failed');
    assert.equal((await outboxModel(bed.conn).findById(notice.noticeId).lean())?.wecomPending, false);
  });

  it('a burst of urgent notices above the programme’s threshold reaches the robot as one digest; each is recorded once', async () => {
    const p = await programme([{ name: '汇总机器人', key: BURST }], ['wecom'], 3);
    const burst = Array.from({ length: 6 }, (_, i) => breach(p.id, `digest${i}`));
    await notifier.notify(...burst);
    const records = await until('six records', async () => {
      const all = await Promise.all(burst.map((n) => record(n.noticeId, p.robots[0].id)));
      return all.every((r) => r?.status === 'sent') && (all as WecomDeliveryRecord[]);
    });
    await pause(500);
    const got = fake.accepted(BURST);
    assert.equal(got.length, 1, got.map((m) => m.content.split('\n')[0]).join(' / '));
    assert.match(
      got[0].content,
      /^<font color="warning">\*\*【告警汇总】6条紧急通知同时到期，合并为一条：\*\*<\/font>/,
    );
    assert.match(got[0].content, /临期投诉：http/);
    assert.equal(new Set(records.map((r) => r.via)).size, 1, 'all through the one digest');
    assert.match(records[0].via!, /^digest-sla-digest\d-/);
  });

  it('two delivery instances share a robot’s budget in Redis: never more than the limit within the window, none refused', async () => {
    await Promise.all(workers.splice(0).map((w) => w.close()));
    const key = 'e3b0c442-98fc-4c14-9afb-00000000f00d';
    // the fake counts arrivals, the limiter Redis's clock at the take: a margin for the HTTP time in between
    const fast = await startFakeWecom({ keys: [key], perWindow: 20, windowMs: 1_500 });
    try {
      const done = new Map<string, number>();
      for (const name of ['a', 'b']) {
        const conn = redisConnection(coreEnv().redisUrl);
        redis.push(conn);
        const delivery = connectWecom(connectCore(bed.conn), conn, prefix, {
          apiBase: fast.base,
          perMinute: 20,
          windowMs: 2_000,
        }).service;
        const w = new Worker<WecomJobData>(WECOM_QUEUE, wecomProcessor(delivery), {
          connection: conn,
          prefix,
          concurrency: 10,
        });
        w.on('completed', () => done.set(name, (done.get(name) ?? 0) + 1));
        workers.push(w);
      }
      const p = await programme([{ name: '限流机器人', key }], ['wecom'], 100); // no digest: every message alone
      const burst = Array.from({ length: 45 }, (_, i) => breach(p.id, `burst${i}`));
      await notifier.notify(...burst);
      await until('45 accepted', async () => fast.accepted(key).length >= 45, 30_000);
      await pause(300);
      assert.equal(fast.accepted(key).length, 45, 'each once');
      assert.equal(fast.received.filter((m) => m.errcode === 45009).length, 0, 'never over the limit');
      assert.ok(fast.maxInWindow(key) <= 20, `at most 20 within the window, saw ${fast.maxInWindow(key)}`);
      const spread = fast.accepted(key).at(-1)!.at - fast.accepted(key)[0].at;
      assert.ok(spread >= 3_500, `45 messages at 20 per 2 s take over two windows (took ${spread} ms)`);
      assert.ok((done.get('a') ?? 0) > 0 && (done.get('b') ?? 0) > 0, `both instances delivered: ${[...done]}`);
    } finally {
      await fast.close();
    }
  });
});
