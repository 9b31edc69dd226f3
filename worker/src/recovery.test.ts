/**
 * Issue #8 defect 1: a Redis loss (FLUSHALL, a restart without persistence) must not stop the sweeper for good nor
 * lose queued notices. MongoDB holds both: the complaints (timers) and the notice outbox.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  NoticeRecovery,
  Notifier,
  QueueName,
  WorkCalendar,
  createQueue,
  noticeJobId,
  markDelivered,
  outboxModel,
  producerConnection,
  redisConnection,
  type NoticeJobData,
  type QueueMap,
} from '@huoban/core';
import { Worker } from 'bullmq';
import { Types } from 'mongoose';
import type { Redis } from 'ioredis';
import { workerTestbed, type WorkerTestbed } from '../test/support.js';
import { ScheduleKeeper, scheduleTasks } from './schedules.js';
import { startWorker, workerOptions } from './app.js';
import { complaintFields } from '@huoban/core/testing';

const REDIS_URL = process.env.HUOBAN_REDIS_URL ?? 'redis://127.0.0.1:6380';

const notice = (noticeId: string): NoticeJobData => ({
  noticeId,
  kind: 'generic',
  audience: 'staff',
  text: `通知 ${noticeId}`,
  createdAt: new Date().toISOString(),
});

/** What FLUSHALL does to one prefix: every key gone. */
async function wipe(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) n += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return n;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notice outbox and recovery (real FerretDB + Redis)', () => {
  let bed: WorkerTestbed;
  let notices: QueueMap[QueueName.Notices];
  let redis: Redis;

  before(async () => {
    bed = await workerTestbed('outbox');
    notices = bed.queue(QueueName.Notices);
    redis = redisConnection(REDIS_URL);
  });
  after(async () => {
    redis.disconnect();
    await bed.close();
  });

  it('notify stores every notice in the outbox (once) before queueing it', async () => {
    const notifier = new Notifier(notices, bed.conn);
    const a = notice(`a-${bed.id}`);
    const b = notice(`b-${bed.id}`);
    await notifier.notify(a, b);
    await notifier.notify(a); // a repeat changes nothing
    const stored = await outboxModel(bed.conn)
      .find({ _id: { $in: [a.noticeId, b.noticeId] } })
      .lean();
    assert.equal(stored.length, 2);
    assert.ok(stored.every((s) => s.deliveredAt === null && s.notice.text.startsWith('通知')));
    assert.ok(await notices.getJob(noticeJobId(a.noticeId)));
    assert.ok(await notices.getJob(noticeJobId(b.noticeId)));
  });

  it('a notice whose job Redis lost is enqueued again from the outbox, once; a delivered one is not', async () => {
    const notifier = new Notifier(notices, bed.conn);
    const lost = notice(`lost-${bed.id}`);
    const delivered = notice(`done-${bed.id}`);
    await notifier.notify(lost, delivered);
    await markDelivered(outboxModel(bed.conn), delivered.noticeId);
    await notices.obliterate({ force: true }); // Redis lost every notice job
    const recovery = new NoticeRecovery(notices, bed.conn, 0);
    const first = await recovery.run();
    assert.ok(first.enqueued >= 1);
    const job = await notices.getJob(noticeJobId(lost.noticeId));
    assert.equal(job?.data.text, lost.text);
    assert.equal(await notices.getJob(noticeJobId(delivered.noticeId)), undefined);
    const second = await recovery.run();
    assert.equal(second.enqueued, 0, 'a waiting job is left alone');
  });

  it('a completed job whose delivery was not marked is run again (the bot skips targets it posted to)', async () => {
    const n = notice(`completed-${bed.id}`);
    await new Notifier(notices, bed.conn).notify(n);
    // a bot that posted but died before marking the outbox: the job completes, the entry stays undelivered
    const w = new Worker(notices.name, async () => 'posted', {
      connection: redisConnection(REDIS_URL),
      prefix: notices.opts.prefix,
    });
    await until(
      'completed',
      async () => (await (await notices.getJob(noticeJobId(n.noticeId)))?.getState()) === 'completed',
      5000,
    );
    await w.close();
    const report = await new NoticeRecovery(notices, bed.conn, 0).run();
    assert.ok(report.enqueued >= 1);
    assert.equal(await (await notices.getJob(noticeJobId(n.noticeId)))!.getState(), 'prioritized'); // re-added with its priority (issue #21)
  });

  it('with Redis unreachable notify still stores the notice and returns within the bound', async () => {
    const dead = producerConnection('redis://127.0.0.1:1', 300);
    dead.on('error', () => undefined);
    const q = createQueue(QueueName.Notices, dead, `t-dead-${bed.id}`, 300);
    q.on('error', () => undefined);
    const logs: string[] = [];
    const n = notice(`offline-${bed.id}`);
    const started = Date.now();
    await new Notifier(q, bed.conn, (l) => logs.push(l)).notify(n);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(await outboxModel(bed.conn).countDocuments({ _id: n.noticeId }), 1);
    assert.match(logs.join('\n'), /not queued yet/);
    await q.close().catch(() => undefined);
    dead.disconnect();
  });
});

describe('issue #8 defect 1: the schedules survive a Redis loss (real FerretDB + Redis)', () => {
  let bed: WorkerTestbed;
  let redis: Redis;

  before(async () => {
    bed = await workerTestbed('keeper');
    redis = redisConnection(REDIS_URL);
  });
  after(async () => {
    redis.disconnect();
    await bed.close();
  });

  it('the job schedulers are asserted again on the next tick after every key was deleted', async () => {
    const schedules = bed.queue(QueueName.Schedules);
    const keeper = new ScheduleKeeper(
      scheduleTasks(schedules, {
        'sla-sweep': { every: 60_000 },
        'scorecard-anomaly': { pattern: '30 8 * * *', tz: 'Asia/Shanghai' },
        'scorecard-renewal': { pattern: '0 9 * * *', tz: 'Asia/Shanghai' },
        'credit-close': { pattern: '15 1 * * *', tz: 'Asia/Shanghai' },
        'notice-outbox': { every: 10_000 },
        'metrics-import-recover': { every: 30_000 },
        'workflow-recover': { every: 30_000 },
        housekeeping: { pattern: '40 3 * * *', tz: 'Asia/Shanghai' },
      }),
    );
    await keeper.start(redis, 1000);
    try {
      assert.equal(await schedules.getJobSchedulersCount(), 8);
      const next = (await schedules.getJobScheduler('sla-sweep'))!.next;
      await keeper.assert(); // asserting an unchanged scheduler keeps its next run
      assert.equal((await schedules.getJobScheduler('sla-sweep'))!.next, next);
      assert.ok((await wipe(redis, schedules.opts.prefix!)) > 0);
      assert.equal(await schedules.getJobSchedulersCount(), 0);
      await until('schedulers back', async () => (await schedules.getJobSchedulersCount()) === 8, 5000);
      assert.ok(await schedules.getJobScheduler('sla-sweep'));
    } finally {
      keeper.stop(redis);
    }
  });

  it('after a FLUSHALL-like loss a running worker breaches a complaint that falls due, and re-sends a lost notice, without a restart', async () => {
    const prefix = `t-flush-${bed.id}`;
    const app = await startWorker(
      workerOptions(
        { HUOBAN_SWEEP_EVERY_MS: '2000', HUOBAN_SCHEDULE_ASSERT_MS: '1000', HUOBAN_OUTBOX_EVERY_MS: '1000' },
        { mongoUrl: mongoUrlOf(bed), redisUrl: REDIS_URL, queuePrefix: prefix },
      ),
    );
    try {
      const partner = (await bed.repos.partners.create({
        code: `F${randomBytes(3).toString('hex')}`,
        name: '清空测试伙伴',
        programmeId: bed.programmeId,
      }))!;
      // a notice queued before the loss, not delivered (no bot runs here)
      const lost = notice(`before-flush-${bed.id}`);
      const notices = createQueue(QueueName.Notices, redis, prefix);
      await new Notifier(notices, bed.conn).notify(lost);
      await new Promise((r) => setTimeout(r, 300));
      assert.ok((await wipe(redis, prefix)) > 0, 'FLUSHALL');
      // a complaint falling due after the loss: no timer exists for it in Redis
      const cal = new WorkCalendar();
      const c = await bed.repos.complaints.create(
        complaintFields({
          no: `TS-FLUSH-${randomBytes(3).toString('hex')}`,
          programmeId: bed.programmeId,
          partnerId: partner.id,
          summary: '清空后到期的投诉',
          receivedAt: new Date(Date.now() - 12 * 3_600_000),
          dueAt: new Date(Date.now() + 1000),
          calendarVersion: cal.version,
          window: { start: '00:00', end: '24:00', days: 'all' },
          warningMinutes: [],
        }),
      );
      const breach = await until(
        'breach recorded after the loss',
        () => bed.conn.collection('sla_breaches').findOne({ _id: new Types.ObjectId(c.id) }),
        20_000,
      );
      assert.ok(breach);
      await until('lost notice queued again', async () => notices.getJob(noticeJobId(lost.noticeId)), 20_000);
      const events = await bed.repos.scoreEvents.bySource('complaint', c.id);
      assert.equal(events.length, 1, 'one FT-12 score event');
      await notices.close();
    } finally {
      await app.close();
      await wipe(redis, prefix);
    }
  });
});

function mongoUrlOf(bed: WorkerTestbed): string {
  const url = new URL(process.env.HUOBAN_MONGO_URL ?? 'mongodb://127.0.0.1:27018/huoban');
  url.pathname = `/${bed.conn.name}`;
  return url.toString();
}
