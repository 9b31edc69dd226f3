import {
  SYSTEM_ACTOR,
  slaDeadline,
  stagePlan,
  type CalendarSource,
  type ComplaintRecord,
  type Repositories,
  type SlaScheduler,
} from '@huoban/core';
import type { SlaHandler } from './sla.handler.js';

export interface SweepReport {
  checked: number;
  rescheduled: number;
  processed: number;
  moved: number;
}

/**
 * Repairs the SLA timers from MongoDB: every unsettled complaint gets its stages that are already due
 * processed in place, and its future stages (re)scheduled. A Redis loss or a calendar change heals itself.
 */
export class SweepHandler {
  constructor(
    private readonly repos: Pick<Repositories, 'complaints' | 'audit'>,
    private readonly sla: SlaHandler,
    private readonly scheduler: SlaScheduler,
    private readonly calendar: CalendarSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { checked: 0, rescheduled: 0, processed: 0, moved: 0 };
    const now = this.now();
    const cal = await this.calendar.get(now.getTime());
    for await (const stored of this.repos.complaints.unsettled()) {
      report.checked++;
      const c = await this.recompute(stored, cal, now);
      if (!c) continue;
      if (c !== stored) report.moved++;
      for (const { stage, at } of stagePlan(c, cal)) {
        if (at.getTime() > now.getTime()) continue;
        const outcome = stage === 'breach' ? await this.sla.breach(c, now) : await this.sla.warn(c, stage, now);
        if (outcome === 'breached' || outcome === 'warned') report.processed++;
      }
      report.rescheduled += await this.scheduler.schedule(c, cal, now, true);
    }
    return report;
  }

  /** A deadline computed on another calendar (WT-1 working-day windows only) is recomputed and moved. */
  private async recompute(c: ComplaintRecord, cal: Awaited<ReturnType<CalendarSource['get']>>, now: Date) {
    if (c.window.days !== 'workdays' || c.calendarVersion === cal.version) return c;
    const { dueAt, provisional } = slaDeadline(c.receivedAt, c.slaHours, c.window, cal);
    const moved = await this.repos.complaints.transition(
      c.id,
      { dueAt: c.dueAt, calendarVersion: c.calendarVersion },
      { $set: { dueAt, provisional, calendarVersion: cal.version } },
    );
    if (!moved) return null; // changed meanwhile; next sweep sees the new state
    await this.repos.audit.append({
      actor: SYSTEM_ACTOR,
      action: 'complaint.deadline_recomputed',
      entity: 'complaint',
      entityId: c.id,
      reason: `工作日历更新（${c.calendarVersion} → ${cal.version}）`,
      before: { dueAt: c.dueAt, provisional: c.provisional },
      after: { dueAt, provisional },
      at: now,
    });
    return moved;
  }
}
