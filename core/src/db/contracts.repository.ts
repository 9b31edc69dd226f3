import { isDuplicateKey } from './connection.js';
import { isObjectId, oid, type Doc } from './queries.js';
import type { Models } from './schemas.js';
import type { PartnerContractRecord } from './types.js';

export const toContract = (d: Doc): PartnerContractRecord => ({
  partnerId: String(d.partnerId),
  applicationId: d.applicationId ?? null,
  template: d.template ?? null,
  signedAt: d.signedAt,
  termStart: d.termStart ?? d.signedAt,
  endsAt: d.endsAt,
  products: d.products ?? [],
  certificatesValidUntil: d.certificatesValidUntil ?? null,
  meetsQualification: d.meetsQualification !== false,
  actor: d.actor,
  updatedAt: d.updatedAt,
});

/** What staff edit on a contract (FT-16 dates, certificates, the FT-2 flag). */
export type ContractDates = Pick<
  PartnerContractRecord,
  'partnerId' | 'signedAt' | 'endsAt' | 'certificatesValidUntil' | 'meetsQualification' | 'actor'
>;

/** The partner's one contract (`partner_contracts`, one per partner). */
export class PartnerContractRepository {
  constructor(private readonly m: Pick<Models, 'PartnerContract'>) {}

  async get(partnerId: string): Promise<PartnerContractRecord | null> {
    if (!isObjectId(partnerId)) return null;
    const d = await this.m.PartnerContract.findOne({ partnerId: oid(partnerId) }).lean();
    return d ? toContract(d) : null;
  }

  /** Upserts the contract by partner: `set` always, `insert` only on its creation (a concurrent creation retries). */
  private async upsert(partnerId: string, set: Doc, insert: Doc = {}): Promise<PartnerContractRecord> {
    const run = () =>
      this.m.PartnerContract.findOneAndUpdate(
        { partnerId: oid(partnerId) },
        { $set: { ...set, partnerId: oid(partnerId) }, ...(Object.keys(insert).length && { $setOnInsert: insert }) },
        { upsert: true, returnDocument: 'after' },
      ).lean();
    return toContract(await run().catch((e: unknown) => (isDuplicateKey(e) ? run() : Promise.reject(e))));
  }

  /** The whole contract as signed (FT-10); repeating it with the same input is a no-op. */
  record(c: Omit<PartnerContractRecord, 'updatedAt'>): Promise<PartnerContractRecord> {
    return this.upsert(c.partnerId, { ...c });
  }

  /** Staff edit the dates and flags; what signing recorded (application, products, term start) stays. */
  putDates(c: ContractDates): Promise<PartnerContractRecord> {
    return this.upsert(c.partnerId, { ...c }, { applicationId: null, template: null, termStart: c.signedAt });
  }

  /** Contracts whose last day is from `day` to `until` (YYYY-MM-DD strings sort as dates), by last day. */
  async endingBetween(day: string, until: string): Promise<PartnerContractRecord[]> {
    return (
      await this.m.PartnerContract.find({ endsAt: { $gte: day, $lte: until } })
        .sort({ endsAt: 1 })
        .lean()
    ).map(toContract);
  }
}
