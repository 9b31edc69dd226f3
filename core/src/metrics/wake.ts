import type { Queue } from 'bullmq';
import { metricsImportJobId, type MetricsImportJobData } from '../queues/index.js';

/** Wakes the worker to apply an import; safe to call again for the same import. */
export type MetricsImportWake = (importId: string) => Promise<void>;

/**
 * The wake-up as a BullMQ job with the deterministic id `metrics-import-<id>`. BullMQ ignores a job id it
 * already holds, so a job that failed for good is retried instead of added again.
 */
export function metricsImportWake(queue: Queue<MetricsImportJobData>): MetricsImportWake {
  return async (importId) => {
    const jobId = metricsImportJobId(importId);
    const held = await queue.getJob(jobId);
    if (held && (await held.isFailed())) await held.retry();
    else if (!held) await queue.add('apply', { importId }, { jobId });
  };
}
