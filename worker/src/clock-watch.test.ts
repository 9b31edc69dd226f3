import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type Queue } from 'bullmq';
import {
  FileClock,
  QUEUES,
  QueueName,
  advanceTestClock,
  coreEnv,
  createQueue,
  redisConnection,
  waitForTestClock,
} from '@huoban/core';
import { TestClockWatch, lastDailyMoment } from './clock-watch.js';
import type { Scheduled } from './schedules.js';

const at = (beijing: string) => new Date(`${beijing}+08:00`);
const times = { sweepEveryMs: 60_000, outboxEveryMs: 10_000, recoverEveryMs: 30_000, concurrency: 100 };
/** the `schedules` queue's schedulers of core's table */
const schedulers = () => QUEUES.find((q) => q.name === QueueName.Schedules)!.schedulers!(times);

describe('the test clock drives the worker’s schedules (issue #17, real Redis)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'huoban-clock-')), 'clock.json');
  const clock = new FileClock(file);
  const redis = redisConnection(coreEnv().redisUrl);
  const prefix = `t-clock-${randomBytes(4).toString('hex')}`;
  let queue: Queue;
  let consumer: Worker;
  let watch: TestClockWatch;
  /** the schedules queue's jobs as they ran: task and the moment a daily run stands for */
  const ran: { task: string; at?: string }[] = [];
  const tasks = () => ran.splice(0).map((r) => r.task);

  before(async () => {
    queue = createQueue(QueueName.Schedules, redis, prefix);
    consumer = new Worker(
      QueueName.Schedules,
      async (job) => {
        ran.push({ task: job.name, at: (job.data as { at?: string }).at });
      },
      { connection: redisConnection(coreEnv().redisUrl), prefix },
    );
    await consumer.waitUntilReady();
    advanceTestClock(file, { to: at('2027-05-19T20:00:00') });
    const scheduled: Scheduled[] = schedulers().map((s) => ({ ...s, queue }));
    watch = new TestClockWatch(file, clock, scheduled);
  });

  after(async () => {
    watch.stop();
    await consumer.close();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  });

  it('a daily schedule’s last moment in Asia/Shanghai; other patterns are refused', () => {
    const daily = { pattern: '30 8 * * *', tz: 'Asia/Shanghai' };
    assert.deepEqual(lastDailyMoment(daily, at('2027-05-20T08:29:59')), at('2027-05-19T08:30:00'));
    assert.deepEqual(lastDailyMoment(daily, at('2027-05-20T08:30:00')), at('2027-05-20T08:30:00'));
    assert.deepEqual(lastDailyMoment(daily, at('2027-05-20T23:59:00')), at('2027-05-20T08:30:00'));
    assert.throws(() => lastDailyMoment({ pattern: '0 9 * * 1', tz: 'Asia/Shanghai' }, new Date()), /daily/);
    assert.throws(() => lastDailyMoment({ every: 1000 }, new Date()), /daily/);
  });

  it('FT-15 FT-16 MG-13 a move runs the sweepers once, a daily task once when the clock passes its moment, then is acknowledged', async () => {
    assert.deepEqual(await watch.tick(), [], 'no move, no moment passed: nothing');
    // the day before 08:30: sweepers only
    advanceTestClock(file, { to: at('2027-05-20T08:29:00') });
    await watch.tick();
    assert.equal(ran.find((r) => r.task === 'credit-close')?.at, at('2027-05-20T01:15:00').toISOString());
    assert.equal(ran.find((r) => r.task === 'sla-sweep')?.at, undefined, 'a sweeper runs as of now');
    // the table's sweepers and recoveries (sla-sweep, intake-sweep, notice-outbox, …)
    const every = schedulers()
      .filter((s) => 'every' in s.repeat)
      .map((s) => s.id);
    assert.ok(every.includes('sla-sweep') && every.includes('intake-sweep'));
    assert.deepEqual(tasks().sort(), [...every, 'credit-close', 'housekeeping'].sort(), 'passed 01:15 and 03:40');
    // the moment itself: the anomaly watch, once, at 08:30 of that day
    advanceTestClock(file, { to: at('2027-05-20T08:30:00') });
    watch.start(50);
    await waitForTestClock(file, 10_000);
    const r = ran.filter((x) => x.task === 'scorecard-anomaly');
    assert.equal(r.length, 1);
    assert.equal(r[0].at, at('2027-05-20T08:30:00').toISOString(), 'as of its moment');
    assert.deepEqual(tasks().sort(), [...every, 'scorecard-anomaly'].sort());
    await new Promise((done) => setTimeout(done, 500));
    assert.deepEqual(tasks(), [], 'polling on without a move runs nothing more');
    // a jump over three days: each daily task passed runs once (a catch-up), not once per day
    advanceTestClock(file, { to: at('2027-05-23T10:00:00') });
    await waitForTestClock(file, 10_000);
    const after3 = ran.splice(0);
    for (const t of ['scorecard-anomaly', 'scorecard-renewal', 'credit-close', 'housekeeping'])
      assert.equal(after3.filter((x) => x.task === t).length, 1, t);
    // as of the last moment passed: a run after a jump stands for the day the clock is on, not a day skipped
    assert.equal(after3.find((x) => x.task === 'scorecard-anomaly')!.at, at('2027-05-23T08:30:00').toISOString());
    assert.equal(after3.find((x) => x.task === 'credit-close')!.at, at('2027-05-23T01:15:00').toISOString());
  });
});
