import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { registerModels } from '../db/model-registry.js';
import { queueOf } from '../queues/factory.js';
import { SubscriptionConsents } from './consents.js';
import { SubscriptionHandler } from './handler.js';
import { SUBSCRIPTIONS_QUEUE, SUBSCRIPTION_JOB_OPTIONS, type SubscriptionJobData } from './outbox.js';
import type { Core } from '../root.js';
import type { SubscriptionTemplates, WechatConfig } from './rules.js';
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

/** The api's side: consents and the configured templates (HUOBAN_WECHAT_TMPL_* of the one config unless `templates`). */
export async function connectSubscriptionConsents(
  core: Core,
  deps: { templates?: SubscriptionTemplates } = {},
): Promise<SubscriptionConsents> {
  const store = new SubscriptionStore(await registerModels(core.conn, subscriptionTable));
  return new SubscriptionConsents(
    store,
    deps.templates ?? core.config.subscriptionTemplates,
    core.repos.audit,
    core.now,
  );
}

export interface SubscriptionsFeature {
  store: SubscriptionStore;
  consents: SubscriptionConsents;
  /** the worker's sender and sweeper (needs Redis for the shared access token) */
  handler: SubscriptionHandler;
}

/**
 * The 订阅消息 feature on the composition root: consents (api), the handler and its sweep (worker). Template ids and
 * WeChat credentials come from the one config (HUOBAN_WECHAT_*) unless given; `api` replaces the WeChat adapter
 * (tests).
 */
export async function connectSubscriptions(
  core: Core,
  deps: {
    queue: Queue<SubscriptionJobData>;
    redis: Redis;
    prefix?: string;
    templates?: SubscriptionTemplates;
    wechat?: WechatConfig;
    api?: SubscribeApi | null;
  },
): Promise<SubscriptionsFeature> {
  const consents = await connectSubscriptionConsents(core, deps);
  const templates = deps.templates ?? core.config.subscriptionTemplates;
  const wx = deps.wechat ?? core.config.wechat;
  const api =
    deps.api !== undefined
      ? deps.api
      : wx.appId && wx.secret
        ? new WechatSubscribeApi(wx, new WechatAccessToken(wx, deps.redis, deps.prefix))
        : null;
  const handler = new SubscriptionHandler(core.conn, api, templates, deps.queue, core.now);
  return { store: handler.store, consents, handler };
}
