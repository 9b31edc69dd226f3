import type { QueueMap, QueueName, ScheduleTask } from '@huoban/core';
import type { Redis } from 'ioredis';

export type Repeat = { every: number } | { pattern: string; tz: string };

/**
 * The job schedulers of the `schedules` queue, asserted again and again: at start, on every tick of an
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
    private readonly queue: QueueMap[QueueName.Schedules],
    private readonly plan: Record<ScheduleTask, Repeat>,
    private readonly log: (line: string) => void = (l) => console.error(l),
  ) {}

  /** Upserts every scheduler; concurrent calls share one run. Returns the number asserted. */
  assert(): Promise<number> {
    this.running ??= (async () => {
      try {
        for (const [task, repeat] of Object.entries(this.plan) as [ScheduleTask, Repeat][])
          await this.queue.upsertJobScheduler(task, repeat, { name: task, data: { task } });
        this.asserted++;
        return Object.keys(this.plan).length;
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
