import { UnrecoverableError, type Job } from 'bullmq';
import type { ScheduleJobData, SlaJobData } from '@huoban/core';
import type { SlaHandler, SlaOutcome } from '../handlers/sla.handler.js';
import type { SweepHandler } from '../handlers/sweep.handler.js';
import { Batcher } from './batcher.js';

/** Thin processors: job → handler. Breach wake-ups due together are recorded in batches. */
export const slaProcessor = (sla: SlaHandler, batch = { maxSize: 100, maxWaitMs: 5 }) => {
  const breaches = new Batcher<SlaJobData, SlaOutcome>((jobs) => sla.handleBreaches(jobs), batch);
  return async (job: Job<SlaJobData>) =>
    job.data.stage === 'breach' ? breaches.submit(job.data) : sla.handle(job.data);
};

export const scheduleProcessor = (sweep: SweepHandler) => async (job: Job<ScheduleJobData>) => {
  if (job.data.task !== 'sla-sweep') throw new UnrecoverableError(`unknown schedule task ${String(job.data.task)}`);
  return sweep.sweep();
};
