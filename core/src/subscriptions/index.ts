import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { registerModels } from '../db/model-registry.js';
import { queueOf } from '../queues/factory.js';
import { SubscriptionConsents } from './consents.js';
import { SubscriptionHandler } from './handler.js';
import { SUBSCRIPTIONS_QUEUE, SUBSCRIPTION_JOB_OPTIONS, type SubscriptionJobData } from './outbox.js';
import type { Core, Feature } from '../root.js';
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
): Promise<Feature<SubscriptionConsents>> {
  const store = new SubscriptionStore(await registerModels(core.conn, subscriptionTable));
  const templates = deps.templates ?? core.config.subscriptionTemplates;
  return { service: new SubscriptionConsents(store, templates, core.repos.audit, core.now), handlers: {} };
}

/** Consents (`service`, the api's side) and the worker's sender and sweeper (needs Redis for the access token). */
export interface SubscriptionsFeature extends Feature<
  SubscriptionConsents,
  { [SUBSCRIPTIONS_QUEUE]: SubscriptionHandler }
> {
  store: SubscriptionStore;
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
  const { service } = await connectSubscriptionConsents(core, deps);
  const templates = deps.templates ?? core.config.subscriptionTemplates;
  const wx = deps.wechat ?? core.config.wechat;
  const api =
    deps.api !== undefined
      ? deps.api
      : wx.appId && wx.secret
        ? new WechatSubscribeApi(wx, new WechatAccessToken(wx, deps.redis, deps.prefix))
        : null;
  const handler = new SubscriptionHandler(core.conn, api, templates, deps.queue, core.now);
  return { service, store: handler.store, handlers: { [SUBSCRIPTIONS_QUEUE]: handler } };
}
