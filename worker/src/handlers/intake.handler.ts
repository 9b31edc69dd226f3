import type { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import {
  IntakeTimers,
  connectIntake,
  connectCredit,
  connectPartners,
  type CalendarSource,
  type IntakeTimerJob,
  type NoticeSink,
  type Repositories,
} from '@huoban/core';

/**
 * Intake deadline timers (FT-7 pre-review, FT-8 evaluation, FT-9 decision): a wake-up reloads the application
 * and sends its warning / overdue notice once; the sweep closes batch recruitments at their deadline, recomputes
 * deadlines after a calendar change and repairs lost timers (MongoDB is the truth, Redis jobs are wake-ups).
 */
export class IntakeHandler {
  private constructor(readonly timers: IntakeTimers) {}

  static async create(
    conn: Connection,
    repos: Pick<Repositories, 'audit' | 'partners' | 'programmes'>,
    calendar: CalendarSource,
    notifier: NoticeSink,
    queue: Queue<IntakeTimerJob>,
  ): Promise<IntakeHandler> {
    const intake = await connectIntake(conn, {
      calendar,
      audit: repos.audit,
      notifier,
      partners: repos.partners,
      lifecycle: connectPartners(conn, { notifier }).lifecycle,
      programmes: repos.programmes,
      badCredit: (await connectCredit(conn)).repos.badCredit,
      publicUrl: process.env.HUOBAN_PUBLIC_URL ?? 'http://127.0.0.1:8080',
    });
    return new IntakeHandler(new IntakeTimers(intake, notifier, queue));
  }

  fire(job: IntakeTimerJob) {
    return this.timers.fire(job);
  }

  sweep(now = new Date()) {
    return this.timers.sweep(now);
  }
}
