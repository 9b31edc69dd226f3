import {
  FT12_LATE_ORDINARY_POINTS,
  SYSTEM_ACTOR,
  breachDecision,
  ft12LateKey,
  periodOf,
  slaNotice,
  stagePlan,
  warningDue,
  workingTimeBetween,
  type CalendarSource,
  type ComplaintRecord,
  type Notifier,
  type Repositories,
  type SlaJobData,
  type SlaStage,
} from '@huoban/core';

export type SlaOutcome = 'missing' | 'stale' | 'early' | 'breached' | 'warned' | 'skipped' | 'waiting';

export class EarlyWakeError extends Error {}

/**
 * Reload → decide with core rules → write → notify. Every write is idempotent (guarded update,
 * unique score-event key, deterministic notice id), so a job, its retry and the sweeper may all run it.
 */
export class SlaHandler {
  constructor(
    private readonly repos: Pick<Repositories, 'complaints' | 'partners' | 'scoreEvents' | 'audit'>,
    private readonly notifier: Notifier,
    private readonly calendar: CalendarSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async handle(job: SlaJobData): Promise<SlaOutcome> {
    const c = await this.repos.complaints.get(job.complaintId);
    if (!c) return 'missing';
    if (c.dueAt.toISOString() !== job.dueAt) return 'stale';
    const now = this.now();
    if (job.stage === 'breach') {
      if (now.getTime() <= c.dueAt.getTime()) throw new EarlyWakeError(`breach job for ${c.no} woke before due`);
      return this.breach(c, now);
    }
    return this.warn(c, job.stage, now);
  }

  async breach(c: ComplaintRecord, now: Date): Promise<SlaOutcome> {
    const decision = breachDecision(c, now);
    if (decision !== 'breach') return decision === 'wait' ? 'waiting' : 'skipped';
    const partnerName = await this.partnerName(c.partnerId);
    let scoreEventId: string | undefined;
    if (c.kind === 'ordinary') {
      const { event } = await this.repos.scoreEvents.appendOnce({
        partnerId: c.partnerId,
        programmeId: c.programmeId,
        rule: 'FT-12',
        component: 'complaintEfficiency',
        points: FT12_LATE_ORDINARY_POINTS,
        period: periodOf(c.receivedAt),
        source: { entity: 'complaint', id: c.id },
        reason: `普通投诉 ${c.no} 未在${c.slaHours}个工作小时内有效回复`,
        idempotencyKey: ft12LateKey(c.id),
        actor: SYSTEM_ACTOR,
        at: now,
      });
      scoreEventId = event.id;
    }
    await this.notifier.notify(slaNotice(c, partnerName, 'breach', 0));
    const breachedAt = c.breachedAt ?? now;
    const updated = await this.repos.complaints.transition(
      c.id,
      { slaSettled: false },
      { $set: { breachedAt, slaSettled: true } },
    );
    if (updated) {
      await this.repos.audit.append({
        actor: SYSTEM_ACTOR,
        action: 'complaint.sla_breached',
        entity: 'complaint',
        entityId: c.id,
        reason: `WT-4：截止 ${c.dueAt.toISOString()} 前无有效回复`,
        before: { breachedAt: null },
        after: { breachedAt, scoreEventId },
        at: now,
      });
    }
    return 'breached';
  }

  async warn(c: ComplaintRecord, stage: SlaStage, now: Date): Promise<SlaOutcome> {
    const cal = await this.calendar.get(now.getTime());
    if (!warningDue(c, stage, stagePlan(c, cal), now)) return 'skipped';
    const left = workingTimeBetween(now, c.dueAt, c.window, cal);
    await this.notifier.notify(slaNotice(c, await this.partnerName(c.partnerId), stage, left));
    const updated = await this.repos.complaints.transition(
      c.id,
      { warningsSent: { $ne: stage } },
      { $addToSet: { warningsSent: stage } },
    );
    if (updated) {
      await this.repos.audit.append({
        actor: SYSTEM_ACTOR,
        action: 'complaint.sla_warned',
        entity: 'complaint',
        entityId: c.id,
        reason: `剩余工作时间 ${Math.round(left / 60_000)} 分钟`,
        after: { stage },
        at: now,
      });
    }
    return 'warned';
  }

  private async partnerName(id: string): Promise<string> {
    return (await this.repos.partners.get(id))?.name ?? '（未知伙伴）';
  }
}
