/**
 * The worker's operator surface: Prometheus metrics (queue depth and lag per queue, the SLA breach lateness
 * histogram, job outcomes) and, when HUOBAN_WORKER_HTTP_PORT is set, a small HTTP listener with
 * `/health/live`, `/health/ready` and `/metrics`.
 */
import type { Queue, Worker } from 'bullmq';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import {
  PRIORITIES,
  QueueName,
  noticeLag,
  queueStats,
  startOpsServer,
  type OpsServer,
  type OutboxModel,
  type SlaObserver,
} from '@huoban/core';

/** Lateness of a recorded breach after its deadline (s): the SLA timer's accuracy, WT-4. */
export const BREACH_LATENESS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

/**
 * A scheduler tick that found nothing to do: its result holds no count above zero and no item (`undefined`, `0`,
 * `{scheduled: 0, breached: []}`, a delete of nothing). Anything else is real work, logged at info.
 */
export function isIdle(result: unknown): boolean {
  if (result === undefined || result === null || typeof result === 'boolean') return true;
  if (typeof result === 'number') return result === 0;
  if (Array.isArray(result)) return result.length === 0;
  if (typeof result === 'object') return Object.values(result as object).every(isIdle);
  return false;
}

export class WorkerMetrics {
  readonly registry = new Registry();
  readonly breachLateness = new Histogram({
    name: 'huoban_sla_breach_lateness_seconds',
    help: 'Time from a complaint deadline (dueAt) to its breach being recorded',
    buckets: BREACH_LATENESS_BUCKETS,
    registers: [this.registry],
  });
  readonly jobs = new Counter({
    name: 'huoban_worker_jobs_total',
    help: 'Jobs processed by this worker, by queue and outcome (completed | failed)',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });
  private queues: Queue[] = [];
  private workers: Worker[] = [];
  private redis?: Redis;
  private outbox?: OutboxModel;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'huoban_worker_' });
    const depth = new Gauge({
      name: 'huoban_queue_jobs',
      help: 'Jobs in a queue by state (waiting, active, delayed, failed, prioritized)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      collect: async () => {
        for (const s of await this.stats()) {
          for (const state of ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const)
            depth.set({ queue: s.queue, state }, s[state]);
          lag.set({ queue: s.queue }, s.lagMs / 1000);
        }
      },
    });
    const lag = new Gauge({
      name: 'huoban_queue_lag_seconds',
      help: 'How long the oldest ready job of a queue has been waiting',
      labelNames: ['queue'] as const,
      registers: [this.registry],
    });
    const noticeLagGauge = new Gauge({
      name: 'huoban_notice_lag_seconds',
      help: 'Age of the oldest undelivered notice that may go out now, by priority (from the outbox; 0 when none waits)',
      labelNames: ['priority'] as const,
      registers: [this.registry],
      collect: async () => {
        if (!this.outbox) return;
        const lagMs = await noticeLag(this.outbox);
        for (const p of PRIORITIES) noticeLagGauge.set({ priority: p }, lagMs[p] / 1000);
      },
    });
  }

  /** The SLA handler's observer: every recorded breach lands in the lateness histogram. */
  readonly slaObserver: SlaObserver = {
    breachesRecorded: (breaches) => {
      for (const b of breaches) this.breachLateness.observe(b.latenessMs / 1000);
    },
  };

  /**
   * Counts the outcomes of these workers' jobs; queue depth and lag are read from these queues (every queue of
   * core's table) and the notice lag from the outbox at each scrape.
   */
  watch(workers: Worker[], queues: Queue[], redis: Redis, outbox?: OutboxModel): void {
    this.queues = queues;
    this.workers = workers;
    this.redis = redis;
    this.outbox = outbox;
    for (const w of workers) {
      w.on('completed', () => this.jobs.inc({ queue: w.name, outcome: 'completed' }));
      w.on('failed', () => this.jobs.inc({ queue: w.name, outcome: 'failed' }));
    }
  }

  /**
   * Structured job logs — start, end and outcome — with the job id (main.ts; tests leave them off): at info for
   * real work, at debug for a scheduler's routine tick (its start, and its end when it found nothing to do).
   */
  logJobs(logger: Pick<Logger, 'info' | 'warn' | 'debug'>): void {
    for (const w of this.workers) {
      const ticks = w.name === QueueName.Schedules;
      w.on('active', (job) =>
        logger[ticks ? 'debug' : 'info'](
          { queue: w.name, jobId: job.id, name: job.name, attempt: job.attemptsMade + 1 },
          'job started',
        ),
      );
      w.on('completed', (job) =>
        logger[ticks && isIdle(job.returnvalue) ? 'debug' : 'info'](
          {
            queue: w.name,
            jobId: job.id,
            name: job.name,
            outcome: 'completed',
            ms: Date.now() - (job.processedOn ?? Date.now()),
          },
          'job completed',
        ),
      );
      w.on('failed', (job, err) =>
        logger.warn(
          {
            queue: w.name,
            jobId: job?.id,
            name: job?.name,
            outcome: 'failed',
            attempt: job?.attemptsMade,
            err: err.message,
          },
          'job failed',
        ),
      );
    }
  }

  async stats() {
    const redis = this.redis;
    return redis ? Promise.all(this.queues.map((q) => queueStats(q, redis))) : [];
  }
}

const ping = async (p: Promise<unknown>, ms = 2000) => {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([p, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
    return 'up' as const;
  } catch {
    return 'down' as const;
  } finally {
    clearTimeout(timer);
  }
};

/** Starts the worker's HTTP listener: ready when MongoDB and Redis answer and every BullMQ worker runs. */
export function startWorkerHttp(
  metrics: WorkerMetrics,
  deps: { port: number; host?: string; metricsToken?: string; mongo: Connection; redis: Redis; workers: Worker[] },
): Promise<OpsServer> {
  return startOpsServer({
    port: deps.port,
    host: deps.host,
    metricsToken: deps.metricsToken,
    log: (line) => console.error(`[worker] ${line}`),
    ready: async () => {
      const [mongo, redis] = await Promise.all([ping(deps.mongo.db!.admin().ping()), ping(deps.redis.ping())]);
      const workers = deps.workers.map((w) => ({ queue: w.name, running: w.isRunning() }));
      return {
        ok: mongo === 'up' && redis === 'up' && workers.every((w) => w.running),
        body: { mongo, redis, workers },
      };
    },
    metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
  });
}
