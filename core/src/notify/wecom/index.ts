import type { Redis } from 'ioredis';
import type { CoreConfig } from '../../config.js';
import type { Core } from '../../root.js';
import { WecomClient } from './client.js';
import { WecomDelivery } from './deliver.js';
import { RobotRateLimit } from './rate.js';

export * from './client.js';
export * from './deliver.js';
export * from './processor.js';
export * from './queue.js';
export * from './rate.js';
export * from './rules.js';
export * from './store.js';

/**
 * The worker's WeCom delivery on the composition root and the worker's Redis: the webhook base and the per-robot rate
 * come from the one config (`HUOBAN_WECOM_*`) unless given (`windowMs` only for tests).
 */
export function connectWecom(
  core: Core,
  redis: Redis,
  prefix: string,
  deps: Partial<CoreConfig['wecom']> & { windowMs?: number; log?: (line: string) => void } = {},
): WecomDelivery {
  const env = { ...core.config.wecom, ...deps };
  return new WecomDelivery(core.conn, {
    client: new WecomClient(env.apiBase),
    rate: new RobotRateLimit(redis, prefix, env.perMinute, deps.windowMs),
    digests: { redis, prefix, publicUrl: core.config.publicUrl },
    log: deps.log,
  });
}
