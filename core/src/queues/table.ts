/**
 * The one table of queues (issue #21): every queue's name, who consumes it, its concurrency per worker replica,
 * its default job options and its job schedulers. The worker builds its consumers and schedulers from it (start-up
 * fails when a processor is missing), the api its Bull Board and the worker its queue metrics — so a new queue
 * appears everywhere at once.
 */
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { EXIT_JOB_OPTIONS, EXIT_QUEUE } from '../exit/timers.js';
import { INTAKE_JOB_OPTIONS, INTAKE_QUEUE } from '../intake/timers.js';
import { WECOM_JOB_OPTIONS, WECOM_QUEUE } from '../notify/wecom/queue.js';
import { SUBSCRIPTIONS_QUEUE, SUBSCRIPTION_JOB_OPTIONS } from '../subscriptions/outbox.js';
import { defaultJobOptions, queueOf } from './factory.js';
import { QueueName, type ScheduleTask } from './index.js';

export type Repeat = { every: number } | { pattern: string; tz: string };

/** A job scheduler on a queue: its id, repeat and the job it makes. */
export interface SchedulerSpec {
  id: string;
  repeat: Repeat;
  template: { name: string; data: unknown };
}

/** The intervals a deployment sets (worker options). */
export interface ScheduleTimes {
  sweepEveryMs: number;
  outboxEveryMs: number;
  recoverEveryMs: number;
  /** HUOBAN_WORKER_CONCURRENCY: concurrent SLA jobs */
  concurrency: number;
}

export interface QueueSpec {
  name: string;
  /** the worker runs the processor of this name; the bot consumes `notices` */
  consumer: 'worker' | 'bot';
  /** what the processor does (for operators; Bull Board shows the queue by name) */
  processor: string;
  concurrency: (t: ScheduleTimes) => number;
  jobOptions: JobsOptions;
  schedulers?: (t: ScheduleTimes) => SchedulerSpec[];
}

const daily = (pattern: string): Repeat => ({ pattern, tz: 'Asia/Shanghai' });
const task = (id: ScheduleTask, repeat: Repeat): SchedulerSpec => ({
  id,
  repeat,
  template: { name: id, data: { task: id } },
});

export const QUEUES: readonly QueueSpec[] = [
  {
    name: QueueName.Sla,
    consumer: 'worker',
    processor: 'complaint SLA warnings and breaches (breaches due together in batches)',
    concurrency: (t) => t.concurrency,
    jobOptions: defaultJobOptions[QueueName.Sla],
  },
  {
    name: QueueName.Notices,
    consumer: 'bot',
    processor: 'posts notices to WeChat rooms and contacts, urgent first, bursts as digests',
    concurrency: () => 1,
    jobOptions: defaultJobOptions[QueueName.Notices],
  },
  {
    name: WECOM_QUEUE,
    consumer: 'worker',
    // plain HTTPS, no login: it scales with the worker replicas; each robot's 20 a minute is shared in Redis
    processor: 'posts notices to WeCom group robots (markdown), one job per notice and robot, urgent first',
    concurrency: () => 10,
    jobOptions: WECOM_JOB_OPTIONS,
  },
  {
    name: QueueName.Schedules,
    consumer: 'worker',
    processor: 'periodic tasks: sweepers, recoveries, daily checks',
    concurrency: () => 1,
    jobOptions: defaultJobOptions[QueueName.Schedules],
    schedulers: (t) => [
      task('sla-sweep', { every: t.sweepEveryMs }),
      task('intake-sweep', { every: t.sweepEveryMs }),
      task('scorecard-anomaly', daily('30 8 * * *')),
      task('scorecard-renewal', daily('0 9 * * *')),
      // the previous month closes early on the 1st; running daily lets a missed run catch up
      task('credit-close', daily('15 1 * * *')),
      task('notice-outbox', { every: t.outboxEveryMs }),
      task('metrics-import-recover', { every: t.recoverEveryMs }),
      task('workflow-recover', { every: t.recoverEveryMs }),
      task('housekeeping', daily('40 3 * * *')),
      task('document-reminders', { every: t.sweepEveryMs }),
    ],
  },
  {
    name: QueueName.MetricsImports,
    consumer: 'worker',
    // one import at a time: the applier is the single writer of an import's progress
    processor: 'applies accepted monthly metrics imports',
    concurrency: () => 1,
    jobOptions: defaultJobOptions[QueueName.MetricsImports],
  },
  {
    name: INTAKE_QUEUE,
    consumer: 'worker',
    processor: 'intake deadline warnings and overdue notices (FT-7, FT-8, FT-9)',
    concurrency: () => 10,
    jobOptions: INTAKE_JOB_OPTIONS,
  },
  {
    name: EXIT_QUEUE,
    consumer: 'worker',
    processor: 'exit deadline timers, the exit sweeper and the daily triggers (FT-17, FT-18)',
    concurrency: () => 1,
    jobOptions: EXIT_JOB_OPTIONS,
    schedulers: (t) => [
      { id: 'exit-sweep', repeat: { every: t.sweepEveryMs }, template: { name: 'sweep', data: { type: 'sweep' } } },
      { id: 'exit-triggers', repeat: daily('45 8 * * *'), template: { name: 'triggers', data: { type: 'triggers' } } },
    ],
  },
  {
    name: SUBSCRIPTIONS_QUEUE,
    consumer: 'worker',
    processor: 'partner and applicant WeChat 订阅消息: one send per message and recipient, with consent; the sweeper',
    concurrency: () => 5,
    jobOptions: SUBSCRIPTION_JOB_OPTIONS,
    schedulers: (t) => [
      {
        id: 'subscription-sweep',
        repeat: { every: t.sweepEveryMs },
        template: { name: 'sweep', data: { type: 'sweep' } },
      },
    ],
  },
];

/** The names of the queues the worker consumes. */
export const workerQueueNames = (): string[] => QUEUES.filter((q) => q.consumer === 'worker').map((q) => q.name);

/** Every queue of the table, by name; `boundedMs`: a producer's queues (the api), see `queueOf`. */
export function createQueues(connection: Redis, prefix: string, boundedMs?: number): Map<string, Queue> {
  return new Map(
    QUEUES.map((q) => [q.name, queueOf(q.name, { connection, prefix, defaultJobOptions: q.jobOptions }, boundedMs)]),
  );
}
