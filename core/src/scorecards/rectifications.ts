/**
 * FT-14 rectification and FT-16 renewal decisions: cases are opened by the period close (total below the line)
 * and by the renewal review; the partner submits a plan and evidence; staff pass or fail it with a reason (a fail
 * records `terminationRecommended` for the exit workflow); staff decide a renewal once. Every step is a
 * transition: of concurrent requests exactly one is applied, with one audit entry and one notice.
 */
import type { PartnerRepository } from '../db/repositories.js';
import type { Caller } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { PartnerLifecycle } from '../partners/service.js';
import type { Transitions } from '../workflow/transitions.js';
import { rectificationDecidedNotice, rectificationSubmittedNotice, renewalDecidedNotice } from './notices.js';
import type { ScorecardRepositories } from './repositories.js';
import type { RectificationRecord, RenewalDecision, RenewalReviewRecord } from './types.js';

export interface RectificationDeps {
  repos: Pick<ScorecardRepositories, 'rectifications' | 'renewals'>;
  partners: PartnerRepository;
  lifecycle: PartnerLifecycle;
  transitions: Transitions;
  now?: () => Date;
}

export type RectificationView = RectificationRecord & { partnerName: string; overdue: boolean };

export class RectificationService {
  private readonly now: () => Date;
  constructor(private readonly d: RectificationDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async list(f: { partnerId?: string; status?: string }, caller: Caller): Promise<{ items: RectificationView[] }> {
    const partnerId = caller.partnerId ?? f.partnerId;
    return { items: await this.views(await this.d.repos.rectifications.list({ partnerId, status: f.status })) };
  }

  async get(id: string, caller: Caller): Promise<RectificationView> {
    return (await this.views([await this.find(id, caller)]))[0];
  }

  /** The partner's plan and evidence; a later submission adds to the earlier ones until staff decide. */
  async submit(id: string, input: { plan: string; evidence: string[] }, caller: Caller): Promise<RectificationView> {
    const c = await this.find(id, caller);
    if (c.status !== 'open' && c.status !== 'submitted') throw DomainError.conflict('整改已有结论，不能再提交');
    await this.d.lifecycle.assertMayFile(c.partnerId);
    const now = this.now();
    const submission = {
      _id: this.d.repos.rectifications.newSubmissionId(),
      plan: input.plan.trim(),
      evidence: input.evidence.map((e) => e.trim()),
      at: now,
      actor: caller.actor,
      afterDeadline: now.getTime() > c.deadline.getTime(),
    };
    const name = await this.partnerName(c.partnerId);
    const next = {
      ...c,
      status: 'submitted' as const,
      submissions: [...c.submissions, { ...submission, id: submission._id }],
    };
    await this.d.transitions.apply({
      model: 'Rectification',
      entity: 'rectification',
      id: c.id,
      rev: c.rev,
      action: 'rectification.submitted',
      actor: caller.actor,
      at: now,
      set: { status: 'submitted' },
      push: { submissions: submission },
      before: { status: c.status },
      after: { status: 'submitted', submissionId: submission._id, afterDeadline: submission.afterDeadline },
      notices: [rectificationSubmittedNotice(next, name, now)],
    });
    return this.get(c.id, caller);
  }

  /** Pass needs a submission; fail is allowed on a submission, or without one once the deadline has passed. */
  async decide(id: string, input: { decision: 'pass' | 'fail'; reason: string }, caller: Caller) {
    const c = await this.find(id, caller);
    if (c.status === 'passed' || c.status === 'failed') throw DomainError.conflict('整改已有结论');
    const now = this.now();
    if (input.decision === 'pass' && c.status !== 'submitted')
      throw DomainError.conflict('伙伴尚未提交整改方案，不能判定通过');
    if (input.decision === 'fail' && c.status === 'open' && now.getTime() <= c.deadline.getTime())
      throw DomainError.conflict('伙伴尚未提交整改方案且整改期限未到');
    const status = input.decision === 'pass' ? ('passed' as const) : ('failed' as const);
    const decision = { result: input.decision, reason: input.reason.trim(), at: now, actor: caller.actor };
    const next = { ...c, status, decision, terminationRecommended: status === 'failed' };
    await this.d.transitions.apply({
      model: 'Rectification',
      entity: 'rectification',
      id: c.id,
      rev: c.rev,
      action: 'rectification.decided',
      actor: caller.actor,
      reason: decision.reason,
      at: now,
      set: { status, decision, terminationRecommended: status === 'failed' },
      before: { status: c.status },
      after: { status, terminationRecommended: status === 'failed' },
      notices: [rectificationDecidedNotice(next, await this.partnerName(c.partnerId), now)],
    });
    return this.get(c.id, caller);
  }

  /** FT-16: staff decide a renewal review once; a second decision is 409 and changes nothing. */
  async decideRenewal(
    id: string,
    input: { decision: RenewalDecision; reason: string },
    caller: Caller,
  ): Promise<RenewalReviewRecord & { partnerName: string }> {
    const r = await this.d.repos.renewals.get(id);
    if (!r) throw DomainError.notFound('续约评审不存在');
    if (r.status !== 'pending') throw DomainError.conflict('该续约评审已有决定');
    const now = this.now();
    const decision = { decision: input.decision, reason: input.reason.trim(), at: now, actor: caller.actor };
    const name = await this.partnerName(r.partnerId);
    await this.d.transitions.apply({
      model: 'RenewalReview',
      entity: 'renewal_review',
      id: r.id,
      rev: r.rev,
      action: 'renewal.decided',
      actor: caller.actor,
      reason: decision.reason,
      at: now,
      set: { status: 'decided', decision },
      before: { status: 'pending', recommendation: r.renew ? 'renew' : 'end' },
      after: { status: 'decided', decision: input.decision },
      notices: [renewalDecidedNotice({ ...r, status: 'decided', decision }, name, now)],
    });
    const updated = (await this.d.repos.renewals.get(id))!;
    return { ...updated, partnerName: name };
  }

  /** Partners see only their own cases: anything else reads as missing. */
  private async find(id: string, caller: Caller): Promise<RectificationRecord> {
    const c = await this.d.repos.rectifications.get(id, caller.partnerId ? { partnerId: caller.partnerId } : {});
    if (!c) throw DomainError.notFound('整改记录不存在');
    return c;
  }

  private async partnerName(id: string) {
    return (await this.d.partners.get(id))?.name ?? '（未知伙伴）';
  }

  private async views(items: RectificationRecord[]): Promise<RectificationView[]> {
    const now = this.now().getTime();
    const names = await this.d.partners.names(items.map((c) => c.partnerId));
    return items.map((c) => ({
      ...c,
      partnerName: names.get(c.partnerId) ?? '',
      overdue: c.status === 'open' && now > c.deadline.getTime(),
    }));
  }
}
