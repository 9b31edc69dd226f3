import type { QueueMap, QueueName, Repeat, ScheduleTask, SchedulerSpec } from '@huoban/core';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** One job scheduler of core's queue table (QUEUES) on its queue. */
export interface Scheduled extends SchedulerSpec {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  queue: Queue<any>;
}

/** The `schedules` queue's tasks as schedulers (job name and data are the task). */
export const scheduleTasks = (
  queue: QueueMap[QueueName.Schedules],
  plan: Partial<Record<ScheduleTask, Repeat>>,
): Scheduled[] =>
  (Object.entries(plan) as [ScheduleTask, Repeat][]).map(([task, repeat]) => ({
    queue,
    id: task,
    repeat,
    template: { name: task, data: { task } },
  }));

/**
 * The job schedulers (the `schedules` queue's tasks, the exit sweeper and triggers), asserted again and again: at start, on every tick of an
 * in-process timer (`everyMs`) and whenever the Redis connection becomes ready again (a restart, a network
 * cut). A `FLUSHALL` or a Redis restart without persistence deletes the schedulers with every job; without
 * this the sweeper would stay stopped until the next worker start. Upserting an unchanged scheduler keeps its
 * next run (BullMQ replaces the pending iteration with the same timestamp), so asserting is cheap and safe;
 * two workers asserting at once write the same scheduler.
 */
export class ScheduleKeeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private readonly onReady = () => void this.assert().catch(() => undefined);
  /** how many times the schedulers were asserted (for tests and logs) */
  asserted = 0;

  constructor(
    private readonly entries: Scheduled[],
    private readonly log: (line: string) => void = (l) => console.error(l),
  ) {}

  /** Upserts every scheduler; concurrent calls share one run. Returns the number asserted. */
  assert(): Promise<number> {
    this.running ??= (async () => {
      try {
        for (const e of this.entries) await e.queue.upsertJobScheduler(e.id, e.repeat, e.template);
        this.asserted++;
        return this.entries.length;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Asserts now, then every `everyMs` and on each `ready` of `connection`. */
  async start(connection: Redis, everyMs: number): Promise<void> {
    await this.assert();
    connection.on('ready', this.onReady);
    this.timer = setInterval(() => {
      this.assert().catch((err: Error) => this.log(`[worker] schedules not asserted: ${err.message}`));
    }, everyMs);
    this.timer.unref();
  }

  stop(connection: Redis): void {
    clearInterval(this.timer);
    connection.off('ready', this.onReady);
  }
}
