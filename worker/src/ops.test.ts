import { randomBytes } from 'node:crypto';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  workerQueueNames,
  coreEnv,
  QueueName,
  queueStats,
  redisConnection,
  slaJobId,
  createExitQueue,
  createQueue,
  type QueueMap,
} from '@huoban/core';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { startWorker, workerOptions } from './app.js';
import { isIdle } from './ops.js';
import { workerTestbed, type WorkerTestbed } from '../test/support.js';
import { complaintFields } from '@huoban/core/testing';

/** The value of one sample line (`name{labels} value`) in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('worker operator surface: live/ready and Prometheus metrics (real FerretDB + Redis)', () => {
  let bed: WorkerTestbed;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let base: string;
  let sla: QueueMap[QueueName.Sla];
  let redis: Redis;
  let prefix: string;
  const queues: Queue[] = [];
  const jobLogs: { level: string; msg: string; jobId?: string; outcome?: string }[] = [];
  const token = randomBytes(12).toString('hex');
  const get = (path: string, auth = true) =>
    fetch(`${base}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });

  before(async () => {
    bed = await workerTestbed('ops');
    // a hash-tagged prefix, as compose runs it: every key of every queue in one Redis Cluster slot
    prefix = `{t-ops-${bed.id}}`;
    redis = redisConnection(coreEnv().redisUrl);
    for (const q of Object.values(QueueName)) queues.push(createQueue(q, redis, prefix));
    queues.push(createExitQueue(redis, prefix));
    sla = queues[0] as QueueMap[QueueName.Sla];
    const url = new URL(coreEnv().mongoUrl);
    url.pathname = `/${bed.conn.name}`;
    worker = await startWorker(
      workerOptions(
        { HUOBAN_SWEEP_EVERY_MS: '3600000', HUOBAN_WORKER_HTTP_PORT: '0', HUOBAN_METRICS_TOKEN: token },
        { ...coreEnv(), mongoUrl: url.toString(), queuePrefix: prefix },
      ),
    );
    assert.ok(worker.httpPort);
    base = `http://127.0.0.1:${worker.httpPort}`;
    const keep = (level: string) => (obj: object, msg: string) => jobLogs.push({ level, msg, ...obj });
    worker.metrics.logJobs({ info: keep('info'), warn: keep('warn'), debug: keep('debug') } as never);
  });

  after(async () => {
    await worker?.close();
    for (const q of queues) {
      await q.obliterate({ force: true });
      await q.close();
    }
    redis?.disconnect();
    await bed?.close();
  });

  it('answers live without dependencies and ready with MongoDB, Redis and its BullMQ workers', async () => {
    const live = await get('/health/live', false);
    assert.equal(live.status, 200);
    assert.equal(((await live.json()) as { status: string }).status, 'ok');
    const ready = await get('/health/ready', false);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { mongo: string; redis: string; workers: { queue: string }[] };
    assert.equal(body.mongo, 'up');
    assert.equal(body.redis, 'up');
    assert.deepEqual(
      body.workers.map((w) => w.queue).sort(),
      workerQueueNames().sort(), // every queue of core's table the worker consumes
    );
  });

  it('refuses /metrics without the metrics token', async () => {
    assert.equal((await get('/metrics', false)).status, 401);
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
  });

  it('WT-4 the breach lateness histogram counts a breach recorded by the worker, from dueAt to the record', async () => {
    const before = await (await get('/metrics')).text();
    assert.match(before, /# TYPE huoban_sla_breach_lateness_seconds histogram/);
    assert.equal(sample(before, 'huoban_sla_breach_lateness_seconds_count'), 0);

    const partner = await bed.repos.partners.create({
      code: `O${bed.id}`,
      name: '指标伙伴',
      programmeId: bed.programmeId,
    });
    const dueAt = new Date(Date.now() - 3000);
    const c = await bed.repos.complaints.create(
      complaintFields({
        no: `TS-20261122-${randomBytes(3).toString('hex')}`,
        programmeId: bed.programmeId,
        partnerId: partner!.id,
        receivedAt: new Date(dueAt.getTime() - 12 * 3_600_000),
        dueAt,
      }),
    );
    await sla.add(
      'breach',
      { complaintId: c.id, stage: 'breach', dueAt: dueAt.toISOString() },
      { jobId: slaJobId(c.id, 'breach') },
    );

    let text = '';
    for (let i = 0; i < 100; i++) {
      text = await (await get('/metrics')).text();
      if (sample(text, 'huoban_sla_breach_lateness_seconds_count') >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(sample(text, 'huoban_sla_breach_lateness_seconds_count'), 1);
    const sum = sample(text, 'huoban_sla_breach_lateness_seconds_sum');
    assert.ok(sum >= 3 && sum < 60, `lateness ${sum}s`);
    assert.equal(sample(text, 'huoban_sla_breach_lateness_seconds_bucket', 'le="1"'), 0);
    assert.equal(sample(text, 'huoban_sla_breach_lateness_seconds_bucket', 'le="+Inf"'), 1);
    assert.ok((await bed.repos.complaints.get(c.id))?.breachedAt, 'the breach is recorded');
    // issue #21: each job's start, end and outcome at info, with its job id
    const mine = jobLogs.filter((l) => l.jobId === slaJobId(c.id, 'breach'));
    assert.deepEqual(
      mine.map((l) => [l.level, l.msg, l.outcome]),
      [
        ['info', 'job started', undefined],
        ['info', 'job completed', 'completed'],
      ],
    );
    // the job's completion is counted; the queue gauges are there for every queue
    for (let i = 0; i < 50 && sample(text, 'huoban_worker_jobs_total', 'queue="sla",outcome="completed"') < 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await (await get('/metrics')).text();
    }
    assert.equal(sample(text, 'huoban_worker_jobs_total', 'queue="sla",outcome="completed"'), 1);
    assert.match(text, /huoban_queue_jobs\{queue="notices",state="prioritized"\} 1/); // the breach notice, queued with its priority
    assert.match(text, /huoban_queue_jobs\{queue="intake",state="waiting"\} 0/); // every queue of the table, intake included
    assert.match(text, /huoban_notice_lag_seconds\{priority="urgent"\} [0-9.]+/);
    assert.match(text, /huoban_queue_lag_seconds\{queue="sla"\} /);
  });

  it('a routine scheduler tick logs at debug, so the log is not two info lines a tick (issue #17 review)', async () => {
    const schedules = queues[Object.values(QueueName).indexOf(QueueName.Schedules)] as QueueMap[QueueName.Schedules];
    const jobId = `tick-${bed.id}`;
    await schedules.add('housekeeping', { task: 'housekeeping' }, { jobId }); // nothing to delete: a routine tick
    for (let i = 0; i < 100 && !jobLogs.some((l) => l.jobId === jobId && l.msg === 'job completed'); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      jobLogs.filter((l) => l.jobId === jobId).map((l) => [l.level, l.msg]),
      [
        ['debug', 'job started'],
        ['debug', 'job completed'],
      ],
    );
  });

  it('queue lag is the age of the oldest ready job; jobs not yet due do not count', async () => {
    const q = queues[1];
    {
      // no bot consumes notices here: the breach notice above waits, so lag grows
      const s1 = await queueStats(q, redis);
      assert.ok(s1.prioritized >= 1);
      assert.ok(s1.lagMs > 0);
      await q.add(
        'later',
        { noticeId: 'n-later', kind: 'generic', audience: 'staff', text: '稍后', createdAt: new Date().toISOString() },
        { jobId: 'notice-later', delay: 3_600_000 },
      );
      const s2 = await queueStats(q, redis);
      assert.equal(s2.delayed, 1);
      assert.ok(s2.lagMs < 60_000, 'a delayed job due in an hour adds no lag');
      const empty = await queueStats(queues[3], redis);
      assert.equal(empty.lagMs, 0);
      const keys = await redis.keys(`*t-ops-${bed.id}*`);
      assert.ok(keys.length > 0 && keys.every((k) => k.startsWith(`${prefix}:`)), 'every key carries the hash tag');
    }
  });
});

describe('scheduler ticks: idle or real work', () => {
  it('a result with no count above zero and no item is idle; anything found is work', () => {
    for (const idle of [
      undefined,
      null,
      0,
      [],
      { scheduled: 0, breached: [] },
      { acknowledged: true, deletedCount: 0 },
    ])
      assert.equal(isIdle(idle), true, JSON.stringify(idle));
    for (const work of [1, ['p1'], { scheduled: 2 }, { opened: [{ id: 'x' }], missing: [] }, 'done'])
      assert.equal(isIdle(work), false, JSON.stringify(work));
  });
});
