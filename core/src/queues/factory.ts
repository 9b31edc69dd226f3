import { Queue, type JobsOptions } from 'bullmq';
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

export function createQueue<N extends QueueName>(name: N, connection: Redis, prefix: string): QueueMap[N] {
  return new Queue(name, { connection, prefix, defaultJobOptions: defaultJobOptions[name] }) as unknown as QueueMap[N];
}
