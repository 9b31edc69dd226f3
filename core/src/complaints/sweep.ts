import { slaDeadline, type WorkCalendar } from '../calendar/index.js';
import type { Repositories } from '../db/repositories.js';
import { SYSTEM_ACTOR, type ComplaintRecord } from '../db/types.js';
import { isDomainError } from '../errors.js';
import { stagePlan } from './sla-rules.js';
import type { CalendarSource } from '../calendar/source.js';
import type { SlaScheduler } from './scheduler.js';
import type { Transitions } from '../workflow/transitions.js';
import type { ComplaintCounters } from './counters.js';
import type { SlaHandler } from './sla.js';

export interface SweepReport {
  checked: number;
  rescheduled: number;
  processed: number;
  moved: number;
  settled: number;
}

/** A transition that lost its revision to a concurrent step is left for the next sweep. */
const unlessChanged = (e: unknown) => {
  if (isDomainError(e) && e.code === 'conflict') return null;
  throw e;
};

/**
 * Repairs the SLA timers from MongoDB (WT-4): every unsettled complaint gets its stages that are already due
 * processed in place, and its future stages (re)scheduled. A Redis loss or a calendar change heals itself.
 * Breaches are recorded insert-only by the SLA handler; the sweep marks those complaints settled explicitly,
 * through the transition primitive (reads never write).
 */
export class SweepHandler {
  constructor(
    private readonly repos: Pick<Repositories, 'complaints'>,
    private readonly sla: SlaHandler,
    private readonly scheduler: Pick<SlaScheduler, 'schedule'>,
    private readonly transitions: Transitions,
    private readonly counters: Pick<ComplaintCounters, 'count'>,
    private readonly calendar: CalendarSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { checked: 0, rescheduled: 0, processed: 0, moved: 0, settled: 0 };
    const now = this.now();
    const cal = await this.calendar.get(now.getTime());
    for await (const stored of this.repos.complaints.unsettled()) {
      report.checked++;
      if (stored.breachedAt) {
        if (await this.settle(stored, now, cal)) report.settled++;
        continue;
      }
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

  /** Marks a complaint whose breach is recorded as settled (its timers stop), and counts it late (FT-12a). */
  private async settle(c: ComplaintRecord, now: Date, cal: WorkCalendar): Promise<boolean> {
    const done = await this.transitions
      .apply({
        model: 'Complaint',
        entity: 'complaint',
        id: c.id,
        rev: c.rev,
        action: 'complaint.sla_settled',
        actor: SYSTEM_ACTOR,
        reason: 'WT-4：超时已记录，停止计时',
        at: now,
        set: { breachedAt: c.breachedAt, slaSettled: true },
        before: { slaSettled: false },
      })
      .catch(unlessChanged);
    if (done) await this.counters.count({ ...c, slaSettled: true }, cal);
    return done !== null;
  }

  /** A deadline computed on another calendar (WT-1 working-day windows only) is recomputed and moved. */
  private async recompute(c: ComplaintRecord, cal: WorkCalendar, now: Date): Promise<ComplaintRecord | null> {
    if (c.window.days !== 'workdays' || c.calendarVersion === cal.version) return c;
    const { dueAt, provisional } = slaDeadline(c.receivedAt, c.slaHours, c.window, cal);
    const moved = await this.transitions
      .apply({
        model: 'Complaint',
        entity: 'complaint',
        id: c.id,
        rev: c.rev,
        action: 'complaint.deadline_recomputed',
        actor: SYSTEM_ACTOR,
        reason: `工作日历更新（${c.calendarVersion} → ${cal.version}）`,
        at: now,
        set: { dueAt, provisional, calendarVersion: cal.version },
        before: { dueAt: c.dueAt, provisional: c.provisional },
        after: { dueAt, provisional },
      })
      .catch(unlessChanged);
    return moved ? { ...c, dueAt, provisional, calendarVersion: cal.version, rev: c.rev + 1 } : null;
  }
}
