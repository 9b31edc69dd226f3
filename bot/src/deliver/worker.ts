import { QueueName, outboxModel, type NoticeJobData } from '@huoban/core';
import { DelayedError, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { WechatyInterface } from 'wechaty/impls';
import { deliverNotice, type DeliverDeps } from './deliver-notice.js';
import { deliveryModel } from './delivery.schema.js';
import { BurstDigests } from './digest.js';
import { RateWindow } from './rate.js';
import type { StaffAudience } from './targets.js';
import { TargetThrottle } from './throttle.js';

export interface DeliverWorkerOptions extends StaffAudience {
  bot: WechatyInterface;
  /** ioredis connection created with `maxRetriesPerRequest: null`; not closed by the worker */
  connection: Redis;
  /** BullMQ key prefix (coreEnv().queuePrefix) */
  prefix: string;
  /** defaults to QueueName.Notices; tests use their own */
  queueName?: string;
  /** the bot's mongoose connection: bot_deliveries, and the outbox it marks delivered */
  mongo: Connection;
  throttleMs: number;
  /**
   * While logged out, a job waits this long for the next login before it fails (and is retried). The worker runs
   * one job at a time, so the jobs behind it keep their order (default 0: fail at once).
   */
  loginWaitMs?: number;
  /** HUOBAN_BOT_MAX_PER_MINUTE: messages per target per minute (default 20, WeCom group robots' limit) */
  maxPerMinute?: number;
  /**
   * digests instead of floods (issue #21): the H5 app's base URL for the 临期投诉 link, the threshold for notices
   * without one of their programme (default 5), how long a fresh notice waits for its burst (default 1000 ms).
   * Without it every notice is posted on its own.
   */
  digests?: { publicUrl: string; digestAfter?: number; gatherMs?: number };
  find?: DeliverDeps['find'];
  log?: (line: string) => void;
}

function assertNotice(data: unknown): asserts data is NoticeJobData {
  const n = data as Partial<NoticeJobData> | null;
  if (!n || typeof n.noticeId !== 'string' || n.noticeId === '' || typeof n.text !== 'string' || n.text === '') {
    // a malformed payload can never be posted: fail it for good (kept in the failed set)
    throw new UnrecoverableError('malformed notice: noticeId and text are required');
  }
}

/** Resolves at the next login, after `ms`, or when `stop` aborts (whichever comes first). */
function loggedIn(bot: WechatyInterface, ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      bot.off('login', done);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
    bot.on('login', done);
    stop.addEventListener('abort', done);
  });
}

/**
 * Consumes the notices queue and posts each notice to the staff rooms and contacts, urgent first (job priority),
 * a burst as one digest per target (`digests`), at most `maxPerMinute` messages per target per minute.
 * Concurrency is 1 on purpose: deliverNotice's check-then-post must not race a duplicate job.
 * A failed attempt (logged out, target missing, send error) throws, so BullMQ retries it with the
 * producer's backoff; nothing is acknowledged unless every target has it.
 */
export function createDeliverWorker(opts: DeliverWorkerOptions): Worker<NoticeJobData> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const name = opts.queueName ?? QueueName.Notices;
  const audience = { rooms: opts.rooms, contacts: opts.contacts };
  // read only: the notices waiting, for the digest decision
  const queue = opts.digests
    ? new Queue<NoticeJobData>(name, { connection: opts.connection, prefix: opts.prefix })
    : null;
  const deps: DeliverDeps = {
    bot: opts.bot,
    deliveries: deliveryModel(opts.mongo),
    outbox: outboxModel(opts.mongo),
    throttle: new TargetThrottle(opts.throttleMs),
    audience,
    rate: new RateWindow(opts.connection, opts.prefix, opts.maxPerMinute ?? 20),
    ...(queue &&
      opts.digests && {
        digests: new BurstDigests({ queue, redis: opts.connection, audience, ...opts.digests }),
        gatherMs: opts.digests.gatherMs ?? 1000,
      }),
    find: opts.find,
    log,
  };
  // a job waiting for the login gives up when the worker closes (it fails and is retried after the restart)
  const closing = new AbortController();
  const worker = new Worker<NoticeJobData>(
    name,
    async (job, token) => {
      assertNotice(job.data);
      // held for quiet hours: a job that arrives early (re-added without its delay) waits until the window opens
      const holdUntil = job.data.holdUntil ? Date.parse(job.data.holdUntil) : NaN;
      if (holdUntil > Date.now()) {
        await job.moveToDelayed(holdUntil, token);
        throw new DelayedError();
      }
      if (!opts.bot.isLoggedIn && opts.loginWaitMs) await loggedIn(opts.bot, opts.loginWaitMs, closing.signal);
      return deliverNotice(deps, job.data);
    },
    { connection: opts.connection, prefix: opts.prefix, concurrency: 1 },
  );
  worker.on('closing', () => closing.abort());
  worker.on('closed', () => void queue?.close());
  worker.on('failed', (job, err) => {
    log(
      `[bot] ${job?.data?.noticeId ?? job?.id ?? '?'} not delivered (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`,
    );
  });
  worker.on('error', (err) => log(`[bot] deliver worker error: ${err.message}`));
  return worker;
}
