import { Queue, type JobsOptions, type QueueOptions } from 'bullmq';
import { Redis } from 'ioredis';
import {
  QueueName,
  type MetricsImportJobData,
  type NoticeJobData,
  type ScheduleJobData,
  type SlaJobData,
} from './index.js';

/** BullMQ needs `maxRetriesPerRequest: null` on connections used by workers. */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** How long a producer (the api) waits for Redis before it gives up (ms). */
export const PRODUCER_TIMEOUT_MS = 2_000;

/**
 * A connection for producers that answer requests (the api): it never queues commands while Redis is away
 * (`enableOfflineQueue: false` fails them at once), and a command Redis does not answer fails after
 * `timeoutMs`. Workers keep `redisConnection` (they wait for Redis instead).
 */
export function producerConnection(url: string, timeoutMs = PRODUCER_TIMEOUT_MS): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
  });
}

/** Redis could not be reached or did not answer in time (a producer's fast failure). */
export function isRedisUnavailable(err: unknown): boolean {
  const m = (err as { message?: string } | null)?.message ?? '';
  return /Redis did not answer|Stream isn't writeable|Connection is closed|Command timed out|ECONNREFUSED|enableOfflineQueue/.test(
    m,
  );
}

/** Rejects when when `p` has not settled within `ms`. */
export function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A producer's queue: `add`, `addBulk` and `getJob` give up after `timeoutMs` (BullMQ waits for the first
 * connection without a bound, which the connection options alone cannot cut short).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
class BoundedQueue<T = any> extends Queue<T> {
  timeoutMs = PRODUCER_TIMEOUT_MS;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override add(...args: Parameters<Queue<T>['add']>): any {
    return bounded(super.add(...args), this.timeoutMs, `queue ${this.name} add`);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override addBulk(...args: Parameters<Queue<T>['addBulk']>): any {
    return bounded(super.addBulk(...args), this.timeoutMs, `queue ${this.name} addBulk`);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override getJob(...args: Parameters<Queue<T>['getJob']>): any {
    return bounded(super.getJob(...args), this.timeoutMs, `queue ${this.name} getJob`);
  }
}

const WEEK_S = 7 * 24 * 3600;

/** Default job options per queue, frozen here with the names. */
export const defaultJobOptions: Record<QueueName, JobsOptions> = {
  [QueueName.Sla]: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: WEEK_S },
  },
  // A notice is never dropped: while the bot is logged out it keeps retrying for a day, and a completed
  // notice is kept a week so the same job id cannot be posted twice.
  [QueueName.Notices]: {
    attempts: 8640,
    backoff: { type: 'fixed', delay: 10_000 },
    removeOnComplete: { age: WEEK_S },
    removeOnFail: false,
  },
  [QueueName.Schedules]: { removeOnComplete: true, removeOnFail: { count: 100 } },
  // Applying is idempotent; a job that keeps failing is re-enqueued from MongoDB at the next worker start.
  [QueueName.MetricsImports]: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: true,
    removeOnFail: { age: WEEK_S },
  },
};

export interface QueueMap {
  [QueueName.Sla]: Queue<SlaJobData>;
  [QueueName.Notices]: Queue<NoticeJobData>;
  [QueueName.Schedules]: Queue<ScheduleJobData>;
  [QueueName.MetricsImports]: Queue<MetricsImportJobData>;
}

/** `boundedMs`: a producer's queue whose adds and lookups give up after that many ms (the api). */
export function createQueue<N extends QueueName>(
  name: N,
  connection: Redis,
  prefix: string,
  boundedMs?: number,
): QueueMap[N] {
  return queueOf(name, { connection, prefix, defaultJobOptions: defaultJobOptions[name] }, boundedMs) as QueueMap[N];
}

/**
 * A queue of a feature's own name (intake, exit timers); with `boundedMs` (the api's producers) its `add`,
 * `addBulk` and `getJob` give up after that long, as `createQueue`'s do.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function queueOf<T = any>(name: string, opts: QueueOptions, boundedMs?: number): Queue<T> {
  if (boundedMs === undefined) return new Queue<T>(name, opts);
  const q = new BoundedQueue<T>(name, opts);
  q.timeoutMs = boundedMs;
  return q;
}
