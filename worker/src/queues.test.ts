import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { QUEUES, workerQueueNames } from '@huoban/core';
import { buildWorkers } from './app.js';

const times = { sweepEveryMs: 60_000, outboxEveryMs: 10_000, recoverEveryMs: 30_000, concurrency: 100 };

describe('the one table of queues (issue #21)', () => {
  it('holds every queue, intake, exit and wecom (issue #19) included; the bot consumes notices, the worker the rest', () => {
    assert.deepEqual(QUEUES.map((q) => q.name).sort(), [
      'exit',
      'intake',
      'metrics-imports',
      'notices',
      'schedules',
      'sla',
      'subscriptions',
      'wecom',
    ]);
    assert.deepEqual(workerQueueNames().sort(), [
      'exit',
      'intake',
      'metrics-imports',
      'schedules',
      'sla',
      'subscriptions',
      'wecom',
    ]);
    assert.equal(QUEUES.find((q) => q.name === 'sla')!.concurrency(times), 100);
    const schedulers = QUEUES.flatMap((q) => q.schedulers?.(times) ?? []).map((s) => s.id);
    for (const id of [
      'sla-sweep',
      'intake-sweep',
      'notice-outbox',
      'exit-sweep',
      'exit-triggers',
      'subscription-sweep',
    ])
      assert.ok(schedulers.includes(id), id);
  });

  it('the worker refuses to start when a queue of the table has no processor, or a processor no queue', () => {
    const noop = async () => undefined;
    const opts = () => ({ connection: undefined as never });
    assert.throws(
      () =>
        buildWorkers(
          { sla: noop, schedules: noop, 'metrics-imports': noop, exit: noop, subscriptions: noop, wecom: noop },
          times,
          opts,
        ),
      /missing intake/,
    );
    assert.throws(
      () =>
        buildWorkers(
          {
            sla: noop,
            schedules: noop,
            'metrics-imports': noop,
            exit: noop,
            intake: noop,
            subscriptions: noop,
            wecom: noop,
            mail: noop,
          },
          times,
          opts,
        ),
      /unknown mail/,
    );
  });
});
