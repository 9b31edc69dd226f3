import { UnrecoverableError, type Job } from 'bullmq';
import type { ScheduleJobData, SlaJobData } from '@huoban/core';
import type { SlaHandler } from '../handlers/sla.handler.js';
import type { SweepHandler } from '../handlers/sweep.handler.js';

/** Thin processors: job → handler. */
export const slaProcessor = (sla: SlaHandler) => async (job: Job<SlaJobData>) => sla.handle(job.data);

export const scheduleProcessor = (sweep: SweepHandler) => async (job: Job<ScheduleJobData>) => {
  if (job.data.task !== 'sla-sweep') throw new UnrecoverableError(`unknown schedule task ${String(job.data.task)}`);
  return sweep.sweep();
};
