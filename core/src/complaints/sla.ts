import { Types } from 'mongoose';
import { workingTimeBetween } from '../calendar/index.js';
import type { Repositories } from '../db/repositories.js';
import { SYSTEM_ACTOR, type ComplaintRecord } from '../db/types.js';
import { isDomainError } from '../errors.js';
import { slaNotice } from '../notify/index.js';
import type { SlaJobData, SlaStage } from '../queues/index.js';
import { periodOf } from '../rules/scorecard.js';
import { FT12_LATE_ORDINARY_POINTS, breachDecision, ft12LateKey, stagePlan, warningDue } from './sla-rules.js';
import { BreachStore } from './breaches.js';
import { complaintBreachMessage } from '../subscriptions/messages.js';
import type { CalendarSource } from '../calendar/source.js';
import type { NoticeSink, Transitions } from '../workflow/transitions.js';

export type SlaOutcome = 'missing' | 'stale' | 'early' | 'breached' | 'warned' | 'skipped' | 'waiting';

/** One breach as recorded: how late (ms) the record came after the deadline. */
export interface BreachObservation {
  complaintId: string;
  dueAt: Date;
  recordedAt: Date;
  latenessMs: number;
}

/** Optional hooks for operators' metrics (the worker feeds a Prometheus histogram); core stays free of them. */
export interface SlaObserver {
  /** called once per batch after the breaches are recorded; an observer that throws is ignored */
  breachesRecorded?(breaches: BreachObservation[]): void;
}

/**
 * Reload → decide with core rules → write → notify. Every write is idempotent (guarded update,
 * unique score-event key, deterministic notice id), so a job, its retry and the sweeper may all run it.
 */
export class SlaHandler {
  private readonly store: BreachStore;
  constructor(
    private readonly repos: Pick<Repositories, 'complaints' | 'partners'>,
    private readonly notifier: NoticeSink,
    private readonly transitions: Transitions,
    private readonly calendar: CalendarSource,
    private readonly now: () => Date = () => new Date(),
    private readonly observer: SlaObserver = {},
  ) {
    this.store = new BreachStore(transitions.conn); // the same store the transitions write to
  }

  async handle(job: SlaJobData): Promise<SlaOutcome> {
    if (job.stage === 'breach') {
      const [outcome] = await this.handleBreaches([job]);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }
    const c = await this.repos.complaints.get(job.complaintId);
    if (!c) return 'missing';
    if (c.dueAt.toISOString() !== job.dueAt) return 'stale';
    return this.warn(c, job.stage, this.now());
  }

  async breach(c: ComplaintRecord, now: Date): Promise<SlaOutcome> {
    return (await this.breachMany([c], now))[0];
  }

  /**
   * Records the breaches of many complaints with a handful of writes (one batched insert per collection), so a
   * burst of deadlines costs little more than one: score events under unique keys (FT-12, ordinary only), notices
   * under deterministic ids and audit entries under keys (the three together), then the breach records (inserts
   * only: the complaints themselves are marked by the sweeper). Every write is idempotent, so concurrent or
   * repeated runs record each breach once; the observer hears of the breaches this run recorded first.
   */
  async breachMany(cs: ComplaintRecord[], now: Date): Promise<SlaOutcome[]> {
    const partners = cs.length ? await this.repos.partners.summaries(cs.map((c) => c.partnerId)) : new Map();
    const exited = (c: ComplaintRecord) => partners.get(c.partnerId)?.status === 'exited'; // FT-18: its timers stop
    const due = [
      ...new Map(cs.filter((c) => !exited(c) && breachDecision(c, now) === 'breach').map((c) => [c.id, c])).values(),
    ];
    if (due.length) {
      // the three writes are independent and run together (a burst's latency is its chain of round trips)
      await Promise.all([
        this.store.scoreEvents(
          due
            .filter((c) => c.kind === 'ordinary')
            .map((c) => ({
              partnerId: new Types.ObjectId(c.partnerId),
              programmeId: new Types.ObjectId(c.programmeId),
              rule: 'FT-12',
              component: 'complaintEfficiency',
              points: FT12_LATE_ORDINARY_POINTS,
              period: periodOf(c.receivedAt),
              source: { entity: 'complaint', id: c.id },
              reason: `普通投诉 ${c.no} 未在${c.slaHours}个工作小时内有效回复`,
              idempotencyKey: ft12LateKey(c.id),
              actor: SYSTEM_ACTOR,
              at: now,
            })),
        ),
        this.notifier.notify(
          ...due.map((c) => slaNotice(c, partners.get(c.partnerId)?.name ?? '（未知伙伴）', 'breach', 0)),
        ),
        this.notifier.message?.(...due.map(complaintBreachMessage)), // FT-12: the partner's 订阅消息
        this.store.audit(
          due.map((c) => ({
            _id: `audit-breach-${c.id}`,
            at: now,
            actor: SYSTEM_ACTOR,
            action: 'complaint.sla_breached',
            entity: 'complaint',
            entityId: c.id,
            reason: `WT-4：截止 ${c.dueAt.toISOString()} 前无有效回复`,
            before: { breachedAt: null },
            after: { breachedAt: now, ...(c.kind === 'ordinary' && { scoreEvent: ft12LateKey(c.id) }) },
          })),
        ),
      ]);
      // last: once recorded, the breach counts as settled and no run repeats the steps above
      const first = await this.store.breaches(due.map((c) => ({ id: c.id, partnerId: c.partnerId, at: now })));
      this.observe(
        due.filter((_, i) => first[i]),
        now,
      );
    }
    const dueIds = new Set(due.map((c) => c.id));
    return cs.map((c) => {
      if (exited(c)) return 'skipped';
      const d = dueIds.has(c.id) ? 'breach' : breachDecision(c, now);
      return d === 'breach' ? 'breached' : d === 'wait' ? 'waiting' : 'skipped';
    });
  }

  /**
   * Breach wake-ups arriving together are reloaded in one read and recorded in one batch. Each job gets
   * its own outcome; a job that woke early fails alone (and is retried).
   */
  async handleBreaches(jobs: SlaJobData[]): Promise<(SlaOutcome | Error)[]> {
    const now = this.now();
    const byId = new Map((await this.store.complaints(jobs.map((j) => j.complaintId))).map((c) => [c.id, c]));
    const ready: ComplaintRecord[] = [];
    const pre = jobs.map((j): SlaOutcome | Error | null => {
      const c = byId.get(j.complaintId);
      if (!c) return 'missing';
      if (c.dueAt.toISOString() !== j.dueAt) return 'stale';
      if (now.getTime() <= c.dueAt.getTime()) return new Error(`breach job for ${c.no} woke before due`);
      ready.push(c);
      return null;
    });
    const outcomes = new Map((await this.breachMany(ready, now)).map((o, i) => [ready[i].id, o]));
    return pre.map((p, i) => p ?? outcomes.get(jobs[i].complaintId)!);
  }

  private observe(due: ComplaintRecord[], now: Date): void {
    if (!this.observer.breachesRecorded) return;
    try {
      this.observer.breachesRecorded(
        due.map((c) => ({
          complaintId: c.id,
          dueAt: c.dueAt,
          recordedAt: now,
          latenessMs: Math.max(0, now.getTime() - c.dueAt.getTime()),
        })),
      );
    } catch {
      // metrics never break the recording of a breach
    }
  }

  async warn(c: ComplaintRecord, stage: SlaStage, now: Date): Promise<SlaOutcome> {
    const cal = await this.calendar.get(now.getTime());
    if (!warningDue(c, stage, stagePlan(c, cal), now)) return 'skipped';
    const partner = await this.repos.partners.get(c.partnerId);
    if (partner?.status === 'exited') return 'skipped'; // FT-18: an exited partner's timers stop
    const left = workingTimeBetween(now, c.dueAt, c.window, cal);
    await this.notifier.notify(slaNotice(c, partner?.name ?? '（未知伙伴）', stage, left));
    // the notice id is deterministic, so a warning marked by a concurrent run is still posted once
    await this.transitions
      .apply({
        model: 'Complaint',
        entity: 'complaint',
        id: c.id,
        rev: c.rev,
        action: 'complaint.sla_warned',
        actor: SYSTEM_ACTOR,
        reason: `剩余工作时间 ${Math.round(left / 60_000)} 分钟`,
        at: now,
        set: { warningsSent: [...c.warningsSent, stage] },
        after: { stage },
      })
      .catch((e: unknown) => {
        if (!(isDomainError(e) && e.code === 'conflict')) throw e; // changed meanwhile: the next sweep re-checks
      });
    return 'warned';
  }
}
