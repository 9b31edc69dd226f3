import type { Queue } from 'bullmq';
import { IntakeTimers, NO_NOTICES, connectIntake, type Core, type IntakeTimerJob } from '@huoban/core';

/**
 * Intake deadline timers (FT-7 pre-review, FT-8 evaluation, FT-9 decision): a wake-up reloads the application
 * and sends its warning / overdue notice once; the sweep closes batch recruitments at their deadline, recomputes
 * deadlines after a calendar change and repairs lost timers (MongoDB is the truth, Redis jobs are wake-ups).
 */
export class IntakeHandler {
  private constructor(readonly timers: IntakeTimers) {}

  static async create(core: Core, queue: Queue<IntakeTimerJob>): Promise<IntakeHandler> {
    // late-result 订阅消息 go out from the worker too when the mini-program credentials are configured
    const intake = await connectIntake(core);
    return new IntakeHandler(new IntakeTimers(intake, core.notifier ?? NO_NOTICES, queue));
  }

  fire(job: IntakeTimerJob) {
    return this.timers.fire(job);
  }

  sweep(now = new Date()) {
    return this.timers.sweep(now);
  }
}
