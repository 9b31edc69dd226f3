import type { JobsOptions } from 'bullmq';

/** The worker's queue of WeCom deliveries: one job per notice per robot. */
export const WECOM_QUEUE = 'wecom';

export interface WecomJobData {
  noticeId: string;
  programmeId: string;
  robotId: string;
}

/** Deterministic: a repeat of the same notice for the same robot is one job (no `:`, never integer-like). */
export const wecomJobId = (noticeId: string, robotId: string): string => `wecom-${noticeId}-${robotId}`;

/**
 * Retried with backoff (2 s doubling: the 12 attempts span about two hours) on a rate-limit answer, WeCom busy, a 5xx
 * or a network failure; a bad key or bad content fails at once (recorded). Completed jobs are kept a week, so the
 * same job id is not run twice.
 */
export const WECOM_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
