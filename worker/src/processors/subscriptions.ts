import { UnrecoverableError, type Job } from 'bullmq';
import type { SubscriptionHandler, SubscriptionJobData } from '@huoban/core';

/** Thin processor of the `subscriptions` queue: one 订阅消息 send, or the sweeper. */
export const subscriptionProcessor = (h: SubscriptionHandler) => async (job: Job<SubscriptionJobData>) => {
  const d = job.data;
  if (d.type === 'send') return h.deliver(d.messageId);
  if (d.type === 'sweep') return h.sweep();
  throw new UnrecoverableError(`unknown subscriptions job ${JSON.stringify(d)}`);
};
