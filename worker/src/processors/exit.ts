import { UnrecoverableError, type Job } from 'bullmq';
import { processClock, type ExitJobData } from '@huoban/core';
import type { ExitHandler } from '@huoban/core';
import { runAt } from './index.js';

/** Thin processor of the `exit` queue: a deadline wake-up, the daily trigger scan or the sweeper. */
export const exitProcessor = (exit: ExitHandler) => async (job: Job<ExitJobData>) => {
  const now = processClock.now();
  const d = job.data;
  if (d.type === 'timer') {
    const outcome = await exit.timer(d, now);
    if (outcome === 'early') throw new Error(`exit timer ${job.id} woke before its time`);
    return outcome;
  }
  if (d.type === 'triggers') return exit.triggers(runAt(d));
  if (d.type === 'sweep') return exit.sweep(now);
  throw new UnrecoverableError(`unknown exit job ${JSON.stringify(d)}`);
};
