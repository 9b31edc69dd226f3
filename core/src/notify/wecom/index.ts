import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CoreConfig } from '../../config.js';
import type { Core, Feature, ScheduleRun } from '../../root.js';
import { WecomClient } from './client.js';
import { WecomDelivery, WecomRecovery } from './deliver.js';
import { WECOM_QUEUE, type WecomJobData } from './queue.js';
import { RobotRateLimit } from './rate.js';

export * from './client.js';
export * from './deliver.js';
export * from './processor.js';
export * from './queue.js';
export * from './rate.js';
export * from './rules.js';
export * from './store.js';

export type WecomFeature = Feature<WecomDelivery, { [WECOM_QUEUE]: WecomDelivery; 'notice-outbox': ScheduleRun }>;

/**
 * The worker's WeCom delivery on the composition root and the worker's Redis: the webhook base and the per-robot rate
 * come from the one config (`HUOBAN_WECOM_*`) unless given (`windowMs` only for tests). Its handlers: the `wecom`
 * queue's delivery, and the outbox recovery's WeCom part (re-enqueues on `queue` what Redis lost; none → no-op).
 */
export function connectWecom(
  core: Core,
  redis: Redis,
  prefix: string,
  deps: Partial<CoreConfig['wecom']> & {
    windowMs?: number;
    log?: (line: string) => void;
    queue?: Queue<WecomJobData>;
  } = {},
): WecomFeature {
  const env = { ...core.config.wecom, ...deps };
  const service = new WecomDelivery(core.conn, {
    client: new WecomClient(env.apiBase),
    rate: new RobotRateLimit(redis, prefix, env.perMinute, deps.windowMs),
    digests: { redis, prefix, publicUrl: core.config.publicUrl },
    log: deps.log,
  });
  const recovery = deps.queue ? new WecomRecovery(deps.queue, service) : null;
  return {
    service,
    handlers: { [WECOM_QUEUE]: service, 'notice-outbox': async (now) => recovery?.run(now) ?? null },
  };
}
