/**
 * The bot's operator surface: a heartbeat in Redis with its login state (the api's readiness reports it),
 * Prometheus metrics (login state, deliveries by outcome) and, when HUOBAN_BOT_HTTP_PORT is set, a small
 * HTTP listener with `/health/live`, `/health/ready` and `/metrics`.
 */
import type { Worker } from 'bullmq';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { optionalPort, startOpsServer, writeBotHeartbeat, type BotLoginState, type OpsServer } from '@huoban/core';

export const HEARTBEAT_EVERY_MS = 30_000;

/** What `BotOps.listen` takes from the environment: `port` from HUOBAN_BOT_HTTP_PORT (compose: 9101). */
export function botOpsConfig(env: NodeJS.ProcessEnv = process.env): { port?: number; metricsToken?: string } {
  return { port: optionalPort(env, 'HUOBAN_BOT_HTTP_PORT'), metricsToken: env.HUOBAN_METRICS_TOKEN || undefined };
}

export class BotOps {
  readonly registry = new Registry();
  private state: BotLoginState = 'starting';
  private user?: string;
  private timer?: NodeJS.Timeout;
  private server?: OpsServer;
  private readonly loggedIn = new Gauge({
    name: 'huoban_bot_logged_in',
    help: '1 while the bot is logged in to WeChat, 0 otherwise',
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'huoban_bot_deliveries_total',
    help: 'Notice delivery attempts by outcome (completed | failed: logged out, target missing, send error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'huoban_bot_' });
    this.loggedIn.set(0);
  }

  /** Heartbeat's listener: a change is written at once, and then every 30 s (the key expires after 90 s). */
  readonly onState = (state: 'logged_in' | 'logged_out', user: string) => {
    this.state = state;
    this.user = user;
    this.loggedIn.set(state === 'logged_in' ? 1 : 0);
    void this.beat();
  };

  startHeartbeat(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    const beat = {
      state: this.state,
      ...(this.user && { user: this.user }),
      at: new Date().toISOString(),
      pid: process.pid,
    };
    await writeBotHeartbeat(this.redis, this.prefix, beat).catch((err: Error) =>
      this.log(`[bot] heartbeat not written: ${err.message}`),
    );
  }

  /** Counts the delivery worker's outcomes. */
  watch(worker: Worker, logger?: Logger): void {
    worker.on('completed', (job) => {
      this.deliveries.inc({ outcome: 'completed' });
      logger?.info({ queue: worker.name, jobId: job.id, noticeId: job.data?.noticeId }, 'notice delivered');
    });
    worker.on('failed', (job, err) => {
      this.deliveries.inc({ outcome: 'failed' });
      logger?.warn(
        {
          queue: worker.name,
          jobId: job?.id,
          noticeId: job?.data?.noticeId,
          attempt: job?.attemptsMade,
          err: err.message,
        },
        'notice delivery failed',
      );
    });
  }

  async listen(opts: {
    port?: number;
    host?: string;
    metricsToken?: string;
    mongo: Connection;
  }): Promise<number | undefined> {
    if (opts.port === undefined) return undefined;
    const ping = async (p: Promise<unknown>) =>
      Promise.race([
        p.then(() => 'up' as const),
        new Promise<'down'>((r) => setTimeout(() => r('down'), 2000).unref()),
      ]).catch(() => 'down' as const);
    this.server = await startOpsServer({
      port: opts.port,
      host: opts.host,
      metricsToken: opts.metricsToken,
      log: (line) => this.log(`[bot] ${line}`),
      ready: async () => {
        const [mongo, redis] = await Promise.all([ping(opts.mongo.db!.admin().ping()), ping(this.redis.ping())]);
        // the login state is reported, not required: a logged-out bot keeps its notices queued and retries
        return { ok: mongo === 'up' && redis === 'up', body: { mongo, redis, login: this.state, user: this.user } };
      },
      metrics: async () => ({ contentType: this.registry.contentType, body: await this.registry.metrics() }),
    });
    return this.server.port;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.server?.close();
  }
}
