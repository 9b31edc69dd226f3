/** MG-9, MG-10 settlement records, the MG-11 bad-credit list and the partners' appeals against deductions. */
import { isDuplicateKey } from '../db/connection.js';
import { isObjectId } from '../db/repositories.js';
import type { Actor } from '../db/types.js';
import type { CreditModels } from './schemas.js';
import { oid, toAppeal, toBadCredit, toSettlement, type Doc } from './records.js';
import type { CreditAppealRecord, CreditAppealStatus, BadCreditRecord, CreditSettlementRecord } from './types.js';

export class CreditSettlementRepository {
  constructor(private readonly m: CreditModels) {}
  async create(s: Omit<CreditSettlementRecord, 'id' | 'paidAt'>): Promise<CreditSettlementRecord> {
    const doc = await this.m.Settlement.create({
      ...s,
      accountId: oid(s.accountId),
      partnerId: oid(s.partnerId),
      paidAt: null,
    });
    return toSettlement(doc.toObject());
  }
  async forAccount(accountId: string): Promise<CreditSettlementRecord[]> {
    if (!isObjectId(accountId)) return [];
    return (
      await this.m.Settlement.find({ accountId: oid(accountId) })
        .sort({ at: 1, _id: 1 })
        .lean()
    ).map(toSettlement);
  }
  /** The settlement records of several accounts in one `$in` read, each account's in `forAccount` order. */
  async forAccounts(accountIds: string[]): Promise<CreditSettlementRecord[]> {
    const ids = accountIds.filter(isObjectId);
    if (!ids.length) return [];
    return (
      await this.m.Settlement.find({ accountId: { $in: ids.map(oid) } })
        .sort({ at: 1, _id: 1 })
        .lean()
    ).map(toSettlement);
  }
  /** MG-9: the shortfall of a refund offset is paid (guarded: once). */
  async markPaid(id: string, accountId: string, at: Date): Promise<CreditSettlementRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Settlement.findOneAndUpdate(
      { _id: oid(id), accountId: oid(accountId), kind: 'refund-offset', paidAt: null },
      { $set: { paidAt: at } },
      { returnDocument: 'after' },
    ).lean();
    return d ? toSettlement(d) : null;
  }
  async get(id: string, accountId: string): Promise<CreditSettlementRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Settlement.findOne({ _id: oid(id), accountId: oid(accountId) }).lean();
    return d ? toSettlement(d) : null;
  }
}

/** MG-11: company names are compared after NFKC (full-width → half-width) without whitespace. */
export const badCreditNameKey = (name: string): string => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** MG-11 不良信用名单: append-only. */
export class BadCreditRepository {
  constructor(private readonly m: CreditModels) {}
  /** Lists a company for a partner's exit; null when that partner is listed already. */
  async list(e: Omit<BadCreditRecord, 'id' | 'nameKey'>): Promise<BadCreditRecord | null> {
    try {
      const doc = await this.m.BadCredit.create({
        ...e,
        partnerId: oid(e.partnerId),
        nameKey: badCreditNameKey(e.companyName),
      });
      return toBadCredit(doc.toObject());
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }
  /** FT-2.1 intake: a listed company cannot apply again. */
  async isListed(companyName: string): Promise<boolean> {
    const key = badCreditNameKey(companyName);
    if (!key) return false;
    return (await this.m.BadCredit.countDocuments({ nameKey: key })) > 0;
  }
  async byPartner(partnerId: string): Promise<BadCreditRecord | null> {
    if (!isObjectId(partnerId)) return null;
    const d = await this.m.BadCredit.findOne({ partnerId: oid(partnerId) }).lean();
    return d ? toBadCredit(d) : null;
  }
  async all(limit = 1000): Promise<BadCreditRecord[]> {
    return (await this.m.BadCredit.find().sort({ listedAt: -1, _id: -1 }).limit(limit).lean()).map(toBadCredit);
  }
}

export class CreditAppealRepository {
  constructor(private readonly m: CreditModels) {}
  /** Opens an appeal; null when the entry has an open appeal already. */
  async open(a: Omit<CreditAppealRecord, 'id' | 'status'>): Promise<CreditAppealRecord | null> {
    try {
      const doc = await this.m.Appeal.create({
        ...a,
        accountId: oid(a.accountId),
        partnerId: oid(a.partnerId),
        openKey: a.entryId,
        status: 'open',
      });
      return toAppeal(doc.toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  async get(id: string, scope: { accountId?: string } = {}): Promise<CreditAppealRecord | null> {
    if (!isObjectId(id)) return null;
    const q: Doc = { _id: oid(id) };
    if (scope.accountId !== undefined) q.accountId = isObjectId(scope.accountId) ? oid(scope.accountId) : null;
    const d = await this.m.Appeal.findOne(q).lean();
    return d ? toAppeal(d) : null;
  }
  /** `accountIdIn`: the appeals of several accounts in one `$in` read. */
  async list(
    f: { accountId?: string; accountIdIn?: string[]; status?: CreditAppealStatus },
    limit = 500,
  ): Promise<CreditAppealRecord[]> {
    const q: Doc = {};
    if (f.accountId !== undefined) q.accountId = isObjectId(f.accountId) ? oid(f.accountId) : null;
    else if (f.accountIdIn) q.accountId = { $in: f.accountIdIn.filter(isObjectId).map(oid) };
    if (f.status) q.status = f.status;
    return (await this.m.Appeal.find(q).sort({ createdAt: -1, _id: -1 }).limit(limit).lean()).map(toAppeal);
  }
  async forEntries(entryIds: string[]): Promise<CreditAppealRecord[]> {
    if (entryIds.length === 0) return [];
    return (
      await this.m.Appeal.find({ entryId: { $in: entryIds } })
        .sort({ createdAt: 1, _id: 1 })
        .lean()
    ).map(toAppeal);
  }
  /** Guarded decision: open → upheld/rejected, once. */
  async decide(
    id: string,
    d: { status: Exclude<CreditAppealStatus, 'open'>; decisionReason: string; decidedAt: Date; decidedBy: Actor },
  ): Promise<CreditAppealRecord | null> {
    const doc = await this.m.Appeal.findOneAndUpdate(
      { _id: oid(id), status: 'open' },
      { $set: { ...d, openKey: id } },
      { returnDocument: 'after' },
    ).lean();
    return doc ? toAppeal(doc) : null;
  }
  async setReversal(id: string, reversalEntryId: string): Promise<void> {
    await this.m.Appeal.updateOne({ _id: oid(id), status: 'upheld' }, { $set: { reversalEntryId } });
  }
  /** Upheld appeals whose reversing entry is not recorded yet (a crash between the decision and the entry). */
  async upheldWithoutReversal(limit = 200): Promise<CreditAppealRecord[]> {
    return (
      await this.m.Appeal.find({ status: 'upheld', reversalEntryId: { $exists: false } })
        .limit(limit)
        .lean()
    ).map(toAppeal);
  }
}
