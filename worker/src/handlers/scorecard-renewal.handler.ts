import {
  SYSTEM_ACTOR,
  certificatesValidOn,
  oneMonthBefore,
  periodWithinContract,
  renewalNotice,
  renewalRecommendation,
  shanghaiDate,
  type Notifier,
  type Repositories,
  type ScorecardRepositories,
} from '@huoban/core';

const DAY_MS = 86_400_000;

export interface RenewalReport {
  /** contracts whose review window is open (one month before the end, through the last day) */
  due: number;
  /** reviews written by this run */
  recorded: number;
}

/**
 * FT-16 renewal review, run by a daily schedule: from one calendar month before a contract's last day
 * (Asia/Shanghai), record once per partner and contract end the recommendation of `renewalRecommendation`:
 * (a) the average of the closed half-year scorecards within the contract ≥ the programme's threshold (80),
 * (b) special certificates, if any, valid on the review day, (c) FT-2 still met (staff flag on the contract,
 * true unless cleared). Staff then decide (POST /renewals/:id/decide).
 */
export class ScorecardRenewalHandler {
  constructor(
    private readonly core: Pick<Repositories, 'partners' | 'audit'>,
    private readonly repos: Pick<ScorecardRepositories, 'contracts' | 'snapshots' | 'renewals' | 'tables'>,
    private readonly notifier: Notifier,
  ) {}

  async check(now: Date = new Date()): Promise<RenewalReport> {
    const report: RenewalReport = { due: 0, recorded: 0 };
    const today = shanghaiDate(now);
    for (const contract of await this.repos.contracts.endingFrom(today)) {
      // sorted by end day, and the review day grows with it: the first one not yet due ends the run
      if (oneMonthBefore(contract.endsAt) > today) break;
      const partner = await this.core.partners.get(contract.partnerId);
      if (!partner || partner.status === 'exited') continue;
      report.due++;
      const tables = (await this.repos.tables.inForce(partner.programmeId)).tables;
      const scores = (await this.repos.snapshots.forPartner(partner.id))
        .filter((s) => periodWithinContract(s.period, contract.signedAt, contract.endsAt))
        .map((s) => ({ period: s.period, total: s.result.total }));
      const certificatesValid = certificatesValidOn(contract.certificatesValidUntil, today);
      const { meetsQualification } = contract;
      const rec = renewalRecommendation(
        { scores: scores.map((s) => s.total), certificatesValid, meetsQualification },
        tables,
      );
      const { record, created } = await this.repos.renewals.recordOnce({
        partnerId: partner.id,
        programmeId: partner.programmeId,
        endsAt: contract.endsAt,
        reviewedAt: now,
        scores,
        average: rec.average,
        certificatesValid,
        meetsQualification,
        renew: rec.renew,
        reasons: rec.reasons,
        status: 'pending',
        decision: null,
      });
      if (created) {
        report.recorded++;
        await this.core.audit.append({
          actor: SYSTEM_ACTOR,
          action: 'renewal.reviewed',
          entity: 'renewal_review',
          entityId: record.id,
          reason: `FT-16：合同 ${contract.endsAt} 到期前一个月评审`,
          after: {
            partnerId: partner.id,
            endsAt: contract.endsAt,
            renew: rec.renew,
            average: rec.average,
            reasons: rec.reasons,
          },
          at: now,
        });
      }
      // the notice id is the review's: a rerun the same day (after a crash) delivers it, a repeat is a no-op
      if (created || now.getTime() - record.reviewedAt.getTime() < DAY_MS)
        await this.notifier.notify(renewalNotice(record, partner.name, now));
    }
    return report;
  }
}
