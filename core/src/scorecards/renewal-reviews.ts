/**
 * FT-16 renewal review: the partner's one contract (recorded at signing, or by staff for a partner registered
 * outside intake) and the reviews recorded one month before a contract ends (run daily by the worker); staff then decide renew or end
 * (`RectificationService.decideRenewal`).
 */
import { shanghaiDate } from '../calendar/index.js';
import { formatDay, parseDay } from '../calendar/days.js';
import { isDayInRange } from '../validation/bounds.js';
import type { AuditRepository, PartnerRepository, ProgrammeRepository } from '../db/repositories.js';
import type { Actor, PartnerRecord } from '../db/types.js';
import { DomainError } from '../errors.js';
import { renewalRecommendation } from '../rules/scorecard.js';
import type { NoticeSink } from '../workflow/transitions.js';
import { renewalNotice } from './notices.js';
import { recordOnceAudited } from './record.js';
import { certificatesValidOn, oneMonthBefore, periodWithinContract } from './renewal.js';
import type { ScorecardRepositories } from './repositories.js';
import type { PartnerContractRecord, RenewalReviewRecord } from './types.js';
import { certificatesCheck } from '../documents/rules.js';
import type { DocumentRepository } from '../documents/store.js';

const DAY_MS = 86_400_000;

export interface RenewalReport {
  /** contracts whose review window is open (one month before the end, through the last day) */
  due: number;
  /** reviews written by this run */
  recorded: number;
}

export interface ContractInput {
  signedAt: string;
  endsAt: string;
  /** absent: no special certificates */
  certificatesValidUntil?: string | null;
  /** FT-2 still met; defaults to true */
  meetsQualification?: boolean;
}

export interface RenewalReviewDeps {
  repos: Pick<ScorecardRepositories, 'contracts' | 'snapshots' | 'renewals' | 'tables'>;
  programmes: Pick<ProgrammeRepository, 'get'>;
  partners: Pick<PartnerRepository, 'get' | 'names'>;
  audit: Pick<AuditRepository, 'append'>;
  notifier: NoticeSink;
  /** the partners' documents: FT-16(b) is derived from their special qualifications on the review day */
  documents: Pick<DocumentRepository, 'ofOwner'>;
  now?: () => Date;
}

export type RenewalReviewView = RenewalReviewRecord & { partnerName: string };

const contractFields = (c: PartnerContractRecord) => ({
  signedAt: c.signedAt,
  endsAt: c.endsAt,
  certificatesValidUntil: c.certificatesValidUntil,
  meetsQualification: c.meetsQualification,
});

export class RenewalReviews {
  private readonly now: () => Date;
  constructor(private readonly d: RenewalReviewDeps) {
    this.now = d.now ?? (() => new Date());
  }

  /**
   * FT-16, daily: from one calendar month before a contract's last day (Asia/Shanghai), record once per partner
   * and contract end the recommendation of `renewalRecommendation`: (a) the average of the closed half-year
   * scorecards within the contract ≥ the programme's threshold (80), (b) special certificates, if any, valid on
   * the review day: the partner's current qualification documents decide (a contract typed in before documents
   * were kept, with none on file, falls back to its `certificatesValidUntil`), (c) FT-2 still met (staff flag on the
   * contract, true unless cleared).
   */
  async check(now: Date = this.now()): Promise<RenewalReport> {
    const report: RenewalReport = { due: 0, recorded: 0 };
    const today = shanghaiDate(now);
    const due: PartnerContractRecord[] = [];
    // a review is due a month before the last day, so no contract ending more than 31 days from today is due yet
    const until = formatDay(parseDay(today) + 31);
    for (const contract of await this.d.repos.contracts.endingBetween(today, until)) {
      // sorted by end day, and the review day grows with it: the first one not yet due ends the run
      if (oneMonthBefore(contract.endsAt) > today) break;
      due.push(contract);
    }
    // the reviews recorded on earlier runs, read once: a contract reviewed already is not reviewed again every day
    const reviewed = await this.d.repos.renewals.ofContracts(due);
    for (const contract of due) {
      const partner = await this.d.partners.get(contract.partnerId);
      if (!partner || partner.status === 'exited') continue;
      report.due++;
      const known = reviewed.get(`${contract.partnerId}|${contract.endsAt}`);
      const { record, created } = known
        ? { record: known, created: false }
        : await this.review(partner, contract, today, now);
      if (created) report.recorded++;
      // the notice id is the review's: a rerun the same day (after a crash) delivers it, a repeat is a no-op
      if (created || now.getTime() - record.reviewedAt.getTime() < DAY_MS)
        await this.d.notifier.notify(renewalNotice(record, partner.name, now));
    }
    return report;
  }

  private async review(partner: PartnerRecord, contract: PartnerContractRecord, today: string, now: Date) {
    const tables = (await this.d.repos.tables.inForce(partner.programmeId)).tables;
    const scores = (await this.d.repos.snapshots.forPartner(partner.id))
      .filter((s) => periodWithinContract(s.period, contract.signedAt, contract.endsAt))
      .map((s) => ({ period: s.period, total: s.result.total }));
    const { certificatesValid, expiredDocuments } = await this.certificates(partner.id, contract, today);
    const { meetsQualification } = contract;
    const rec = renewalRecommendation(
      { scores: scores.map((s) => s.total), certificatesValid, meetsQualification },
      tables,
    );
    const reasons = rec.reasons.map((r) =>
      r.startsWith('特殊资质') && expiredDocuments.length
        ? `特殊资质证书已过期：${expiredDocuments.map((d) => `《${d.title}》（有效期至 ${d.expiresOn}）`).join('、')}`
        : r,
    );
    const stored = await this.d.repos.renewals.recordOnce({
      partnerId: partner.id,
      programmeId: partner.programmeId,
      endsAt: contract.endsAt,
      reviewedAt: now,
      scores,
      average: rec.average,
      certificatesValid,
      expiredDocuments,
      meetsQualification,
      renew: rec.renew,
      reasons,
      status: 'pending',
      decision: null,
    });
    return recordOnceAudited(
      this.d.audit,
      stored,
      () => ({
        action: 'renewal.reviewed',
        entity: 'renewal_review',
        reason: `FT-16：合同 ${contract.endsAt} 到期前一个月评审`,
        after: {
          partnerId: partner.id,
          endsAt: contract.endsAt,
          renew: rec.renew,
          average: rec.average,
          reasons,
        },
      }),
      now,
    );
  }

  /** FT-16(b) on `today`, from the partner's current qualification documents (or the legacy contract date). */
  private async certificates(partnerId: string, contract: PartnerContractRecord, today: string) {
    const docs = (await this.d.documents.ofOwner({ partnerId })).filter((d) => d.status === 'current');
    if (!docs.some((d) => d.kind === 'qualification'))
      return { certificatesValid: certificatesValidOn(contract.certificatesValidUntil, today), expiredDocuments: [] };
    const { valid, expired } = certificatesCheck(docs, today);
    return {
      certificatesValid: valid,
      expiredDocuments: expired.map((d) => ({ id: d.id, title: d.title, expiresOn: d.expiresOn ?? '' })),
    };
  }

  // ---------------------------------------------------------------- contracts

  async contract(partnerId: string): Promise<PartnerContractRecord> {
    const partner = await this.partner(partnerId);
    const c = await this.d.repos.contracts.get(partner.id);
    if (!c) throw DomainError.notFound('该伙伴尚未登记合同');
    return c;
  }

  /** Replaces the contract record (dates are real calendar days YYYY-MM-DD; endsAt is the last day). */
  async putContract(partnerId: string, input: ContractInput, actor: Actor): Promise<PartnerContractRecord> {
    const partner = await this.partner(partnerId);
    if ((await this.d.programmes.get(partner.programmeId))?.rulebook !== 'scorecard')
      throw DomainError.conflict('该伙伴所属计划不使用半年度考核（scorecard）规则');
    const certificatesValidUntil = input.certificatesValidUntil ?? null;
    const errors = [
      ...(['signedAt', 'endsAt'] as const).filter((k) => !isDayInRange(input[k])).map((k) => `${k}: 须为有效的日期`),
      ...(certificatesValidUntil !== null && !isDayInRange(certificatesValidUntil)
        ? ['certificatesValidUntil: 须为有效的日期']
        : []),
    ];
    if (!errors.length && input.endsAt < input.signedAt) errors.push('endsAt: 不能早于签约日期');
    if (errors.length) throw DomainError.invalid(errors.join('；'), errors);
    const before = await this.d.repos.contracts.get(partner.id);
    const after = await this.d.repos.contracts.putDates({
      partnerId: partner.id,
      signedAt: input.signedAt,
      endsAt: input.endsAt,
      certificatesValidUntil,
      meetsQualification: input.meetsQualification ?? true,
      actor,
    });
    await this.d.audit.append({
      actor,
      action: 'partner.contract_updated',
      entity: 'partner',
      entityId: partner.id,
      before: before ? contractFields(before) : null,
      after: contractFields(after),
    });
    return after;
  }

  // ---------------------------------------------------------------- reviews

  async list(f: { partnerId?: string; status?: string } = {}): Promise<{ items: RenewalReviewView[] }> {
    return { items: await this.views(await this.d.repos.renewals.list({ partnerId: f.partnerId, status: f.status })) };
  }

  async get(id: string): Promise<RenewalReviewView> {
    const r = await this.d.repos.renewals.get(id);
    if (!r) throw DomainError.notFound('续约评审不存在');
    return (await this.views([r]))[0];
  }

  private async views(items: RenewalReviewRecord[]): Promise<RenewalReviewView[]> {
    const names = await this.d.partners.names(items.map((r) => r.partnerId));
    return items.map((r) => ({ ...r, partnerName: names.get(r.partnerId) ?? '' }));
  }

  private async partner(id: string): Promise<PartnerRecord> {
    const partner = await this.d.partners.get(id);
    if (!partner) throw DomainError.notFound('伙伴不存在');
    return partner;
  }
}
