import { UnrecoverableError, type Job } from 'bullmq';
import { processClock } from '@huoban/core';
import type {
  IntakeTimerJob,
  IntakeTimers,
  MetricsImportHandler,
  MetricsImportJobData,
  ScheduleJobData,
  ScheduleTask,
  SlaHandler,
  SlaJobData,
  SlaOutcome,
} from '@huoban/core';
import { Batcher } from './batcher.js';

/**
 * Thin processors: job → handler. Breach wake-ups due together are recorded in batches of up to half the queue's
 * concurrency, two at a time: while two batches are being written the next one gathers the jobs that arrive, so a
 * burst goes in full batches (each costs the store the same seven commands however large) and the two overlap.
 */
export const slaProcessor = (sla: SlaHandler, concurrency: number) => {
  const batch = { maxSize: Math.max(1, Math.ceil(concurrency / 2)), maxWaitMs: 5, maxInFlight: 2 };
  const breaches = new Batcher<SlaJobData, SlaOutcome>((jobs) => sla.handleBreaches(jobs), batch);
  return async (job: Job<SlaJobData>) =>
    job.data.stage === 'breach' ? breaches.submit(job.data) : sla.handle(job.data);
};

/** One scheduled task → its handler's run; an unknown task is a permanent failure. */
export const scheduleProcessor =
  (runs: Record<ScheduleTask, (now: Date) => Promise<unknown>>) => async (job: Job<ScheduleJobData>) => {
    const run = runs[job.data.task];
    if (!run) throw new UnrecoverableError(`unknown schedule task ${String(job.data.task)}`);
    return run(runAt(job.data));
  };

/** A scheduled run's "now": the moment the test clock's watch set for a daily run, else the process clock. */
export const runAt = (data: { at?: string }): Date => (data.at ? new Date(data.at) : processClock.now());

/** One metrics import wake-up → apply it to the end (idempotent, resumes where a previous run stopped). */
export const metricsImportProcessor = (imports: MetricsImportHandler) => async (job: Job<MetricsImportJobData>) => {
  await imports.apply(job.data.importId);
};

/** One intake deadline wake-up → its warning or overdue notice, once (FT-7, FT-8, FT-9). */
export const intakeProcessor = (intake: IntakeTimers) => async (job: Job<IntakeTimerJob>) => intake.fire(job.data);
