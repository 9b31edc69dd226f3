import { shanghaiDate } from '../../calendar/index.js';
import type { PartnerRecord } from '../../db/types.js';
import { DomainError } from '../../errors.js';
import { isDayInRange } from '../../validation/bounds.js';
import { formatBeijing } from '../../notify/index.js';
import { conflict, notFound, refuse, requireRole, type IntakeCaller, type IntakeContext } from '../context.js';
import { unknownProducts } from '../rules.js';
import type { ApplicationRecord, SigningInput } from '../types.js';

/** A signing whose claim is older than this without finishing was interrupted and may be resumed. */
const SIGNING_STALE_MS = 2 * 60_000;

/**
 * Signing (FT-10): the partner admitted with its one contract (`PartnerLifecycle.admit`), its WeChat identity and
 * (credit rulebook) its account.
 */
export class Signing {
  constructor(private readonly x: IntakeContext) {}

  private async inputProblems(input: SigningInput): Promise<string[]> {
    const problems: string[] = [];
    if (!/^[A-Za-z0-9-]{2,32}$/.test(input.partnerCode ?? ''))
      problems.push('partnerCode: 伙伴编码为2–32位字母、数字或-');
    if (!isDayInRange(input.termStart ?? '')) problems.push('termStart: 格式应为 YYYY-MM-DD');
    if (!isDayInRange(input.termEnd ?? '')) problems.push('termEnd: 格式应为 YYYY-MM-DD');
    if (!problems.length && input.termEnd <= input.termStart) problems.push('termEnd: 须晚于 termStart');
    if (!input.products?.length) problems.push('products: 请选择合作产品');
    const unknown = unknownProducts(input.products, (await this.x.settings()).products);
    if (unknown.length) problems.push(`products: ${unknown.join('、')} 不在合作产品目录中（FT-1）`);
    return problems;
  }

  /**
   * FT-10: after the 公示 ended with every objection resolved: the partner admitted with its contract (applicant →
   * active, through the partner lifecycle), the applicant's WeChat identity bound to it, and a credit account when the programme's rulebook
   * is `credit` (a `scorecard` programme scores the partner from its first half-year on its own).
   */
  async sign(id: string, rev: number, input: SigningInput, c: IntakeCaller) {
    requireRole(c, ['staff'], '签约');
    const { deps } = this.x;
    const app = await this.x.application(id, c);
    const now = this.x.now();
    // a signing interrupted after its claim (process died) resumes with the input it was claimed with
    const resume = app.status === 'signing' && now.getTime() - app.updatedAt.getTime() > SIGNING_STALE_MS;
    if ((app.status !== 'approved' && !resume) || !app.decision) throw conflict('该申请未通过结果确认');
    if (resume && app.signing) input = app.signing;
    const m = await this.x.meeting(app.decision.meetingId);
    if (m.status !== 'publicized' || !m.publicity) throw conflict('结果尚未公示，不能签约');
    if (now <= m.publicity.endsAt) throw conflict(`公示期至${formatBeijing(m.publicity.endsAt)}，公示结束后方可签约`);
    const open = (await this.x.repo.objections({ meetingId: m.id, status: 'open' })).filter(
      (o) => !o.applicationId || o.applicationId === id,
    );
    if (open.length) throw conflict(`有${open.length}条异议尚未处理，不能签约`, { objections: open.map((o) => o.id) });
    refuse(await this.inputProblems(input));
    const existing = await deps.partners.byCode(input.partnerCode);
    // on a resume, the partner created before the interruption is this application's (same name and programme);
    // an applicant of this application's left by a failed signing is admitted again
    const mine = (p: PartnerRecord | null) => !!p && p.name === app.company.name && p.programmeId === app.programmeId;
    if (existing && !((resume || existing.status === 'applicant') && mine(existing)))
      throw conflict(`伙伴编码 ${input.partnerCode} 已存在`);
    const programme = await deps.programmes.get(app.programmeId);
    if (!programme) throw notFound('项目');
    // claim the step first: of concurrent signings (or resumes) exactly one goes on
    const claimed = await this.x.step<ApplicationRecord>(
      resume ? 'application.signing_resumed' : 'application.signing',
      app,
      rev,
      c,
      {
        at: now,
        set: { status: 'signing', signing: input },
      },
    );
    const contact = app.company.contacts[0];
    // the partner lifecycle admits it: created an applicant, its one contract recorded, then active
    const partner = await deps.lifecycle
      .admit({
        code: input.partnerCode,
        name: app.company.name,
        programmeId: app.programmeId,
        ...(contact?.name && { contactName: contact.name }),
        ...(contact?.phone && { contactPhone: contact.phone }),
        contract: {
          applicationId: id,
          template: input.template ?? '行业拓展服务商合作协议（标准模板）',
          signedAt: shanghaiDate(now),
          termStart: input.termStart,
          endsAt: input.termEnd,
          products: input.products,
          certificatesValidUntil: null,
          meetsQualification: true,
        },
        actor: c.actor,
        at: now,
      })
      .catch(async (e: unknown) => {
        // the code was taken meanwhile: the application may be signed again with another code
        if (e instanceof DomainError && e.code === 'conflict') {
          const set = { status: 'approved', signing: null };
          await this.x.step('application.signing_failed', claimed, claimed.rev, c, { at: now, set, before: undefined });
        }
        throw e;
      });
    // each step below is idempotent: a resume repeats it safely
    await deps.partners.bindIdentity(app.applicantOpenId, partner.id);
    // the licences and certificates the applicant filed become the partner's (FT-16(b) reads them)
    const documents = await this.x.documents.adopt(app.applicantId, partner.id, partner.programmeId);
    let creditAccountId: string | null = null;
    if (programme.rulebook === 'credit' && deps.creditLedger) {
      try {
        const acc = await deps.creditLedger.open(
          partner,
          { tier: (input.tier as 'ordinary') ?? 'ordinary', joinedAt: input.termStart },
          input.termStart.slice(0, 7),
          c.actor,
          now,
        );
        creditAccountId = acc.id;
      } catch (e) {
        if (!resume) throw e; // opened before the interruption
      }
    }
    const doc = await this.x.step<ApplicationRecord>('application.signed', claimed, claimed.rev, c, {
      at: now,
      set: { status: 'signed', partnerId: partner.id },
      history: ['signed', `伙伴编码 ${partner.code}`],
      after: { status: 'signed', partnerId: partner.id, rulebook: programme.rulebook, creditAccountId, documents },
    });
    await this.x.tell(doc, 'signed', `已签约，伙伴编码 ${partner.code}`);
    return { application: doc, partner, creditAccountId, rulebook: programme.rulebook };
  }
}
