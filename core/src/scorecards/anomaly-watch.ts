/**
 * FT-15 anomaly monitoring: the complaint-spike watch (run daily by the worker), its alerts, and the staff's
 * immediate suspension of cooperation and its lifting.
 */
import { shanghaiDate } from '../calendar/index.js';
import type { AuditRepository, PartnerRepository, ProgrammeRepository } from '../db/repositories.js';
import type { Caller, PartnerRecord, PartnerStatus } from '../db/types.js';
import type { ComplaintCounters } from '../complaints/counters.js';
import type { PartnerLifecycle } from '../partners/service.js';
import { complaintSpike } from '../rules/scorecard.js';
import type { NoticeSink } from '../workflow/transitions.js';
import { anomalyNotice, partnerStatusNotice } from './notices.js';
import { recordOnceAudited } from './record.js';
import type { ScorecardRepositories } from './repositories.js';
import { DEFAULT_PROGRAMME_SCORECARD_TABLES } from './tables.js';
import type { AnomalyAlertRecord } from './types.js';

const WEEKS_BEFORE = 4;

export interface AnomalyReport {
  /** partners watched: those of the scorecard programmes with complaints received in the last 7 days (no other can spike) */
  checked: number;
  spikes: number;
  /** alerts written by this run (a spike already alerted today is not alerted again) */
  alerts: number;
}

export interface AnomalyWatchDeps {
  repos: Pick<ScorecardRepositories, 'anomalies' | 'tables'>;
  /** the per-partner complaint counters (core/src/complaints/counters.ts) */
  counters: Pick<ComplaintCounters, 'receivedWeeks'>;
  programmes: Pick<ProgrammeRepository, 'list'>;
  partners: Pick<PartnerRepository, 'byIds' | 'names'>;
  audit: Pick<AuditRepository, 'append'>;
  lifecycle: Pick<PartnerLifecycle, 'move'>;
  notifier: NoticeSink;
  now?: () => Date;
}

export class AnomalyWatch {
  private readonly now: () => Date;
  constructor(private readonly d: AnomalyWatchDeps) {
    this.now = d.now ?? (() => new Date());
  }

  /**
   * FT-15 complaint-spike watch: per partner of the scorecard programmes, complaints received in the last 7 days
   * (today so far and the six Beijing days before) against each of the 4 weeks of Beijing days before
   * (`complaintSpike`, the programme's `spikeFactor`), from the per-partner counters. A spike records one alert per
   * partner and Asia/Shanghai day, with a staff notice; suspension stays a staff decision.
   */
  async check(now: Date = this.now()): Promise<AnomalyReport> {
    const report: AnomalyReport = { checked: 0, spikes: 0, alerts: 0 };
    const watched = (await this.d.programmes.list()).filter((p) => p.rulebook === 'scorecard');
    // the scorecard programmes' counters only; a spike needs complaints in the last 7 days: only those partners are
    // read (issue #16), not every partner
    const received = await this.d.counters.receivedWeeks(
      now,
      WEEKS_BEFORE + 1,
      watched.map((p) => p.id),
    );
    const recent = await this.d.partners.byIds([...received].filter(([, weeks]) => weeks[0] > 0).map(([id]) => id));
    const day = shanghaiDate(now);
    for (const programme of watched) {
      const factor =
        (await this.d.repos.tables.current(programme.id))?.tables.spikeFactor ??
        DEFAULT_PROGRAMME_SCORECARD_TABLES.spikeFactor;
      for (const partner of recent.filter((p) => p.programmeId === programme.id)) {
        if (partner.status === 'exited') continue;
        report.checked++;
        // week 0 = the last 7 days, weeks 1..4 = the four weeks before
        const [last7Days, ...previous4Weeks] = received.get(partner.id)!;
        if (!complaintSpike({ last7Days, previous4Weeks }, factor)) continue;
        report.spikes++;
        const { record, created } = await recordOnceAudited(
          this.d.audit,
          await this.d.repos.anomalies.recordOnce({
            partnerId: partner.id,
            programmeId: programme.id,
            day,
            kind: 'complaint-spike',
            last7Days,
            previous4Weeks,
            factor,
            at: now,
          }),
          (a) => ({
            action: 'partner.anomaly_detected',
            entity: 'partner',
            entityId: partner.id,
            reason: `FT-15：近7日投诉 ${last7Days} 宗，超过此前4周周均的 ${factor} 倍`,
            after: { alertId: a.id, last7Days, previous4Weeks },
          }),
          now,
        );
        if (created) report.alerts++;
        // the notice id is the alert's (partner, day): a rerun after a crash delivers it, a repeat is a no-op
        await this.d.notifier.notify(anomalyNotice(record, partner.name, now));
      }
    }
    return report;
  }

  /** The alerts, newest first, with the partner's name (a partner caller sees only its own). */
  async list(partnerId?: string): Promise<{ items: (AnomalyAlertRecord & { partnerName: string })[] }> {
    const items = await this.d.repos.anomalies.list({ partnerId });
    const names = await this.d.partners.names(items.map((a) => a.partnerId));
    return { items: items.map((a) => ({ ...a, partnerName: names.get(a.partnerId) ?? '' })) };
  }

  /** FT-15: suspend cooperation at once (active → suspended). */
  suspend(partnerId: string, reason: string, caller: Caller): Promise<PartnerRecord> {
    return this.move(partnerId, 'active', 'suspended', reason.trim(), caller);
  }

  /** FT-15: lift the suspension (suspended → active). */
  resume(partnerId: string, reason: string, caller: Caller): Promise<PartnerRecord> {
    return this.move(partnerId, 'suspended', 'active', reason.trim(), caller);
  }

  /** Through the partner lifecycle: one winner, one audit entry, one notice. */
  private move(id: string, from: PartnerStatus, to: PartnerStatus, reason: string, caller: Caller) {
    const now = this.now();
    return this.d.lifecycle.move(id, to, {
      from: [from],
      actor: caller.actor,
      reason,
      action: to === 'suspended' ? 'partner.suspended' : 'partner.resumed',
      notices: (p) => [partnerStatusNotice(p, to === 'suspended', reason, `r${p.rev}`, now)],
    });
  }
}
