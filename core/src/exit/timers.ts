/**
 * FT-18 deadline timers, modelled on the complaint SLA timers: MongoDB holds the truth (the case's stored due
 * instants), a delayed job `exit-<caseId>-<stage>-<warn|overdue>` is only a wake-up, and the sweeper repairs lost
 * timers and recomputes deadlines after a calendar change. Each alert is recorded once (`exit_alerts`).
 */
import type { JobsOptions, Queue } from 'bullmq';
import { queueOf } from '../queues/factory.js';
import type { Redis } from 'ioredis';
import type { ExitCaseRecord } from './repository.js';
import {
  endOnStartsAt,
  exitTimerId,
  exitWarningAt,
  pendingStages,
  type ExitStage,
  type ExitTimerKind,
} from './rules.js';

/** The exit queue: deadline wake-ups, the daily trigger scan and the exit sweeper. */
export const EXIT_QUEUE = 'exit';

export type ExitJobData =
  | { type: 'timer'; caseId: string; stage: ExitStage; kind: ExitTimerKind; dueAt: string }
  | { type: 'triggers'; /** test clock only, as `ScheduleJobData.at` */ at?: string }
  | { type: 'sweep' };

export const EXIT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** `boundedMs`: the api's bound on each Redis call (see `queueOf`); the worker's queue waits for Redis instead. */
export const createExitQueue = (connection: Redis, prefix: string, boundedMs?: number): Queue<ExitJobData> =>
  queueOf<ExitJobData>(EXIT_QUEUE, { connection, prefix, defaultJobOptions: EXIT_JOB_OPTIONS }, boundedMs);

/**
 * When each timer of a case fires: the warning at the start of the due day, the overdue notice at due, and for an
 * approved case with an agreed end date, `effective` at the start of that day (the termination is applied).
 */
export function exitTimerPlan(c: ExitCaseRecord): { stage: ExitStage; kind: ExitTimerKind; at: Date; dueAt: Date }[] {
  const plan: { stage: ExitStage; kind: ExitTimerKind; at: Date; dueAt: Date }[] = pendingStages(c).flatMap(
    ({ stage, dueAt }) => [
      { stage, kind: 'warn' as const, at: exitWarningAt(dueAt), dueAt },
      { stage, kind: 'overdue' as const, at: new Date(dueAt.getTime() + 1), dueAt },
    ],
  );
  if (c.status === 'approved' && c.endOn && c.terminationDueAt)
    plan.push({ stage: 'termination', kind: 'effective', at: endOnStartsAt(c.endOn), dueAt: c.terminationDueAt });
  return plan;
}

export class ExitTimerScheduler {
  constructor(private readonly queue: Queue<ExitJobData>) {}

  /** (Re)schedules the future timers of a case; a job scheduled for another due instant is replaced. */
  async schedule(c: ExitCaseRecord, now: Date, sent: (id: string) => Promise<boolean>): Promise<number> {
    let added = 0;
    for (const t of exitTimerPlan(c)) {
      if (t.at.getTime() <= now.getTime()) continue;
      const jobId = exitTimerId(c.id, t.stage, t.kind);
      if (await sent(jobId)) continue;
      const dueAt = t.dueAt.toISOString();
      const existing = await this.queue.getJob(jobId);
      if (existing) {
        if (existing.data.type === 'timer' && existing.data.dueAt === dueAt && !(await existing.isFailed())) continue;
        await existing.remove().catch(() => undefined);
      }
      await this.queue.add(
        'timer',
        { type: 'timer', caseId: c.id, stage: t.stage, kind: t.kind, dueAt },
        { jobId, delay: t.at.getTime() - now.getTime() },
      );
      added++;
    }
    return added;
  }
}
