import { notFound, requireRole, type IntakeCaller, type IntakeContext } from '../context.js';
import type { Letters } from './letters.js';

/** The partner's own profile: who it is, its programme, its one contract, its letters and intake documents. */
export class PartnerProfiles {
  constructor(
    private readonly x: IntakeContext,
    private readonly letters: Letters,
  ) {}

  /** Only the calling partner's own record (scoped by the token's partner id; nothing to ask for another's). */
  async mine(c: IntakeCaller) {
    requireRole(c, ['partner'], '查看伙伴资料');
    const p = c.partnerId ? await this.x.deps.partners.get(c.partnerId) : null;
    if (!p) throw notFound('伙伴');
    const [programme, contract, letters] = await Promise.all([
      this.x.deps.programmes.get(p.programmeId),
      this.x.deps.lifecycle.contract(p.id),
      this.letters.list(c),
    ]);
    const documents = contract?.applicationId
      ? await this.x.files.find({ applicationId: contract.applicationId, kind: 'evidence' })
      : [];
    return {
      code: p.code,
      name: p.name,
      status: p.status,
      programme: { id: p.programmeId, name: programme?.name ?? '' },
      contract: contract && {
        signedAt: contract.signedAt,
        termStart: contract.termStart,
        endsAt: contract.endsAt,
        products: contract.products,
      },
      letters,
      documents: documents.map((f) => ({ fileName: f.fileName, type: f.type, size: f.size, uploadedAt: f.uploadedAt })),
    };
  }
}
