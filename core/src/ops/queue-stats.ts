import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** What an operator wants to know about one queue: how much waits and how late the oldest ready job is. */
export interface QueueStats {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  prioritized: number;
  /**
   * Queue lag (ms): how long the oldest job that could run has been waiting. A job is ready at
   * `timestamp + delay`; a delayed job past its time counts too (nobody promoted it: no worker is running).
   * 0 when nothing is ready.
   */
  lagMs: number;
}

type Readyish = { timestamp: number; delay?: number; processedOn?: number; opts?: { delay?: number } };
/** When a waiting job became ready: created + its first delay, or (a retried job) when its last attempt started. */
const readyAt = (j: Readyish) => Math.max(j.timestamp + (j.opts?.delay ?? 0), j.processedOn ?? 0);

/** `redis`: any connection to the queue's Redis (reads the delayed set's first score). */
export async function queueStats(queue: Queue, redis: Redis, now = Date.now()): Promise<QueueStats> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  const [oldestWaiting, oldestPrioritized, firstDelayed] = await Promise.all([
    counts.waiting ? queue.getJobs(['wait'], 0, 0, true) : [],
    counts.prioritized ? queue.getJobs(['prioritized'], 0, 0, true) : [],
    // the delayed set's score is the time the job is due (BullMQ: ms * 0x1000 + a counter)
    counts.delayed ? redis.zrange(queue.toKey('delayed'), '0', '0', 'WITHSCORES') : [],
  ]);
  const ready = [...oldestWaiting, ...oldestPrioritized]
    .filter((j): j is NonNullable<typeof j> => Boolean(j))
    .map(readyAt);
  if (firstDelayed.length === 2) ready.push(Math.floor(Number(firstDelayed[1]) / 0x1000));
  ready.splice(0, ready.length, ...ready.filter((t) => t <= now));
  return {
    queue: queue.name,
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    prioritized: counts.prioritized ?? 0,
    lagMs: ready.length ? now - Math.min(...ready) : 0,
  };
}
