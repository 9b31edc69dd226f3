import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { WecomDelivery } from './deliver.js';
import type { WecomJobData } from './queue.js';

/**
 * The `wecom` queue's processor: job → WecomDelivery. A robot over its budget or a notice in quiet hours moves the
 * job back to delayed (no attempt used); a retryable failure throws (BullMQ's backoff); a permanent one fails the job
 * for good (it stays in the failed set, the record says why).
 */
export const wecomProcessor = (delivery: WecomDelivery) => async (job: Job<WecomJobData>, token?: string) => {
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const r = await delivery.deliver(job.data, { last });
  if (r.status === 'wait') {
    await job.moveToDelayed(Date.now() + r.waitMs, token);
    throw new DelayedError();
  }
  if (r.status === 'failed') throw new UnrecoverableError(r.message);
  if (r.status === 'retry') throw new Error(r.message);
  return r;
};
