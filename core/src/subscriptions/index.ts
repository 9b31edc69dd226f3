import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { AuditRepository } from '../db/repositories.js';
import { models } from '../db/schemas.js';
import { registerModels } from '../db/model-registry.js';
import { queueOf } from '../queues/factory.js';
import { SubscriptionConsents } from './consents.js';
import { SubscriptionHandler } from './handler.js';
import { SUBSCRIPTIONS_QUEUE, SUBSCRIPTION_JOB_OPTIONS, type SubscriptionJobData } from './outbox.js';
import { subscriptionTemplates, wechatConfig, type SubscriptionTemplates, type WechatConfig } from './rules.js';
import { SubscriptionStore, subscriptionTable } from './store.js';
import { WechatAccessToken, WechatSubscribeApi, type SubscribeApi } from './wechat.js';

export * from './rules.js';
export * from './store.js';
export * from './outbox.js';
export * from './handler.js';
export * from './consents.js';
export * from './messages.js';
export * from './wechat.js';

export const createSubscriptionQueue = (connection: Redis, prefix: string, boundedMs?: number) =>
  queueOf<SubscriptionJobData>(
    SUBSCRIPTIONS_QUEUE,
    { connection, prefix, defaultJobOptions: SUBSCRIPTION_JOB_OPTIONS },
    boundedMs,
  );

/** The api's side: consents and the configured templates (HUOBAN_WECHAT_TMPL_* unless `templates`). */
export async function connectSubscriptionConsents(
  conn: Connection,
  deps: { templates?: SubscriptionTemplates; now?: () => Date } = {},
): Promise<SubscriptionConsents> {
  const store = new SubscriptionStore(await registerModels(conn, subscriptionTable));
  return new SubscriptionConsents(
    store,
    deps.templates ?? subscriptionTemplates(),
    new AuditRepository(models(conn)),
    deps.now,
  );
}

export interface SubscriptionsFeature {
  store: SubscriptionStore;
  consents: SubscriptionConsents;
  /** the worker's sender and sweeper (needs Redis for the shared access token) */
  handler: SubscriptionHandler;
}

/**
 * The 订阅消息 feature on a connection: consents (api), the handler and its sweep (worker). Template ids and WeChat
 * credentials default to the environment (HUOBAN_WECHAT_*); `api` replaces the WeChat adapter (tests).
 */
export async function connectSubscriptions(
  conn: Connection,
  deps: {
    queue: Queue<SubscriptionJobData>;
    redis: Redis;
    prefix?: string;
    templates?: SubscriptionTemplates;
    wechat?: WechatConfig;
    api?: SubscribeApi | null;
    now?: () => Date;
  },
): Promise<SubscriptionsFeature> {
  const consents = await connectSubscriptionConsents(conn, deps);
  const templates = deps.templates ?? subscriptionTemplates();
  const wx = deps.wechat ?? wechatConfig();
  const api =
    deps.api !== undefined
      ? deps.api
      : wx.appId && wx.secret
        ? new WechatSubscribeApi(wx, new WechatAccessToken(wx, deps.redis, deps.prefix))
        : null;
  const handler = new SubscriptionHandler(conn, api, templates, deps.queue, deps.now);
  return { store: handler.store, consents, handler };
}
