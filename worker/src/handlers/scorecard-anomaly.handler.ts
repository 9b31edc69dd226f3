import {
  DEFAULT_PROGRAMME_SCORECARD_TABLES,
  SYSTEM_ACTOR,
  anomalyNotice,
  complaintSpike,
  shanghaiDate,
  type Notifier,
  type Repositories,
  type ScorecardRepositories,
} from '@huoban/core';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const WEEKS_BEFORE = 4;

export interface AnomalyReport {
  checked: number;
  spikes: number;
  /** alerts written by this run (a spike already alerted today is not alerted again) */
  alerts: number;
}

/**
 * FT-15 complaint-spike watch, run by a schedule: per partner of the scorecard programmes, complaints received
 * in the last 7 days against each of the 4 weeks before (`complaintSpike`, the programme's `spikeFactor`).
 * A spike records one alert per partner and Asia/Shanghai day, with a staff notice; suspension stays a staff
 * decision (POST /partners/:id/suspend).
 */
export class ScorecardAnomalyHandler {
  constructor(
    private readonly core: Pick<Repositories, 'programmes' | 'partners' | 'audit'>,
    private readonly repos: Pick<ScorecardRepositories, 'complaints' | 'anomalies' | 'tables'>,
    private readonly notifier: Notifier,
  ) {}

  async check(now: Date = new Date()): Promise<AnomalyReport> {
    const report: AnomalyReport = { checked: 0, spikes: 0, alerts: 0 };
    const t = now.getTime();
    const received = await this.repos.complaints.receivedTimes(new Date(t - (WEEKS_BEFORE + 1) * WEEK_MS), now);
    const day = shanghaiDate(now);
    for (const programme of await this.core.programmes.list()) {
      if (programme.rulebook !== 'scorecard') continue;
      const factor =
        (await this.repos.tables.current(programme.id))?.tables.spikeFactor ??
        DEFAULT_PROGRAMME_SCORECARD_TABLES.spikeFactor;
      for (const partner of await this.core.partners.list({ programmeId: programme.id })) {
        if (partner.status === 'exited') continue;
        report.checked++;
        // week 0 = the last 7 days, weeks 1..4 = the four weeks before
        const weeks = new Array<number>(WEEKS_BEFORE + 1).fill(0);
        for (const at of received.get(partner.id) ?? []) weeks[Math.floor((t - 1 - at.getTime()) / WEEK_MS)]++;
        const [last7Days, ...previous4Weeks] = weeks;
        if (!complaintSpike({ last7Days, previous4Weeks }, factor)) continue;
        report.spikes++;
        const { record, created } = await this.repos.anomalies.recordOnce({
          partnerId: partner.id,
          programmeId: programme.id,
          day,
          kind: 'complaint-spike',
          last7Days,
          previous4Weeks,
          factor,
          at: now,
        });
        if (created) {
          report.alerts++;
          await this.core.audit.append({
            actor: SYSTEM_ACTOR,
            action: 'partner.anomaly_detected',
            entity: 'partner',
            entityId: partner.id,
            reason: `FT-15：近7日投诉 ${last7Days} 宗，超过此前4周周均的 ${factor} 倍`,
            after: { alertId: record.id, last7Days, previous4Weeks },
            at: now,
          });
        }
        // the notice id is the alert's (partner, day): a rerun after a crash delivers it, a repeat is a no-op
        await this.notifier.notify(anomalyNotice(record, partner.name, now));
      }
    }
    return report;
  }
}
