import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { WecomClient } from './client.js';
import { WecomDelivery } from './deliver.js';
import { RobotRateLimit } from './rate.js';
import { WECOM_API_BASE, WECOM_PER_MINUTE } from './rules.js';

export * from './client.js';
export * from './deliver.js';
export * from './processor.js';
export * from './queue.js';
export * from './rate.js';
export * from './rules.js';
export * from './store.js';

export interface WecomEnv {
  /** HUOBAN_WECOM_API_BASE: where the webhooks are (tests: the local fake) */
  apiBase: string;
  /** HUOBAN_WECOM_MAX_PER_MINUTE: messages per robot per minute across replicas (WeCom allows 20) */
  perMinute: number;
  /** HUOBAN_PUBLIC_URL: the H5 app's base URL (the 临期投诉 link of digests) */
  publicUrl: string;
}

export function wecomEnv(env: NodeJS.ProcessEnv = process.env): WecomEnv {
  const perMinute = Number(env.HUOBAN_WECOM_MAX_PER_MINUTE ?? WECOM_PER_MINUTE);
  if (!Number.isInteger(perMinute) || perMinute < 1 || perMinute > WECOM_PER_MINUTE)
    throw new Error(`HUOBAN_WECOM_MAX_PER_MINUTE must be an integer 1–${WECOM_PER_MINUTE}`);
  return {
    apiBase: env.HUOBAN_WECOM_API_BASE || WECOM_API_BASE,
    perMinute,
    publicUrl: (env.HUOBAN_PUBLIC_URL || 'http://127.0.0.1:8080').replace(/\/+$/, ''),
  };
}

/** The worker's WeCom delivery over its connections (`windowMs` only for tests). */
export function connectWecom(
  conn: Connection,
  redis: Redis,
  prefix: string,
  deps: Partial<WecomEnv> & { windowMs?: number; log?: (line: string) => void } = {},
): WecomDelivery {
  const env = { ...wecomEnv(), ...deps };
  return new WecomDelivery(conn, {
    client: new WecomClient(env.apiBase),
    rate: new RobotRateLimit(redis, prefix, env.perMinute, deps.windowMs),
    digests: { redis, prefix, publicUrl: env.publicUrl },
    log: deps.log,
  });
}
