/** MG-1..MG-3, MG-13: the credit account — its state, its journal of pending entries, the month-close claim. */
import { isDuplicateKey } from '../db/connection.js';
import { isObjectId } from '../db/repositories.js';
import { monthIndex } from '../period/index.js';
import type { CreditState } from '../rules/credit.js';
import type { CreditModels } from './schemas.js';
import { entryDoc, isUniqueViolation, oid, toAccount, type Doc } from './records.js';
import type { CreditAccountRecord, PendingEntry } from './types.js';

export class CreditAccountRepository {
  constructor(private readonly m: CreditModels) {}

  async get(id: string): Promise<CreditAccountRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Account.findById(id).lean();
    return d ? toAccount(d) : null;
  }
  async byPartner(partnerId: string): Promise<CreditAccountRecord | null> {
    if (!isObjectId(partnerId)) return null;
    const d = await this.m.Account.findOne({ partnerId: oid(partnerId) }).lean();
    return d ? toAccount(d) : null;
  }
  /** The accounts of several partners in one `$in` read. */
  async byPartners(partnerIds: string[]): Promise<CreditAccountRecord[]> {
    const ids = partnerIds.filter(isObjectId);
    if (!ids.length) return [];
    return (await this.m.Account.find({ partnerId: { $in: ids.map(oid) } }).lean()).map(toAccount);
  }
  async list(limit = 2000): Promise<CreditAccountRecord[]> {
    return (await this.m.Account.find().sort({ _id: 1 }).limit(limit).lean()).map(toAccount);
  }
  /** Active accounts with a month at or before `month` still open, in creation order. */
  async *behind(month: string): AsyncGenerator<CreditAccountRecord> {
    const q = { status: 'active', closeDue: { $lte: monthIndex(month) } };
    for await (const d of this.m.Account.find(q).sort({ _id: 1 }).lean().cursor({ batchSize: 200 })) yield toAccount(d);
  }

  /** Creates the account with its opening entry in the journal; null when the partner has an account. */
  async create(a: {
    id: string;
    partnerId: string;
    programmeId: string;
    firstMonth: string;
    state: CreditState;
    journal: PendingEntry[];
  }): Promise<CreditAccountRecord | null> {
    try {
      const doc = await this.m.Account.create({
        _id: oid(a.id),
        partnerId: oid(a.partnerId),
        programmeId: oid(a.programmeId),
        formerPartnerIds: [],
        firstMonth: a.firstMonth,
        state: a.state,
        lastClosedMonth: null,
        closeDue: monthIndex(a.firstMonth),
        closing: null,
        rev: 0,
        journal: Object.fromEntries(a.journal.map((e) => [e.idempotencyKey, entryDoc(e)])),
        aClassReviewPending: false,
        status: 'active',
        exitedAt: null,
      });
      return toAccount(doc.toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }

  /**
   * The single-document state guard: applies `set` (plus journal entries committed with it) only while the account
   * is still at revision `rev` and no month close is under way. Null when the guard no longer matches.
   */
  async commit(
    id: string,
    rev: number,
    set: Doc,
    journal: PendingEntry[] = [],
    guard: Doc = {},
  ): Promise<CreditAccountRecord | null> {
    const $set: Doc = { ...set };
    for (const e of journal) $set[`journal.${e.idempotencyKey}`] = entryDoc(e);
    try {
      const d = await this.m.Account.findOneAndUpdate(
        { _id: oid(id), rev, closing: null, ...guard },
        { $set, $inc: { rev: 1 } },
        { returnDocument: 'after' },
      ).lean();
      return d ? toAccount(d) : null;
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }

  /** MG-3: hands the account to another partner (guarded like `commit`); null when the guard fails or `to` has an account. */
  async moveTo(
    id: string,
    rev: number,
    fromPartnerId: string,
    toPartnerId: string,
    journal: PendingEntry[],
  ): Promise<CreditAccountRecord | null> {
    const $set: Doc = { partnerId: oid(toPartnerId) };
    for (const e of journal) $set[`journal.${e.idempotencyKey}`] = entryDoc(e);
    try {
      const d = await this.m.Account.findOneAndUpdate(
        { _id: oid(id), rev, closing: null, status: 'active', partnerId: oid(fromPartnerId) },
        { $set, $push: { formerPartnerIds: oid(fromPartnerId) }, $inc: { rev: 1 } },
        { returnDocument: 'after' },
      ).lean();
      return d ? toAccount(d) : null;
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }

  /** Drops journal entries that are now stored in credit_entries. */
  async dropJournal(id: string, keys: string[]): Promise<CreditAccountRecord | null> {
    const $unset = Object.fromEntries(keys.map((k) => [`journal.${k}`, '']));
    const d = await this.m.Account.findOneAndUpdate({ _id: oid(id) }, { $unset }, { returnDocument: 'after' }).lean();
    return d ? toAccount(d) : null;
  }

  /** MG-13 step 1: claim the close of `month` (re-entrant for the same month after a crash). */
  async claimClose(id: string, lastClosedMonth: string | null, month: string): Promise<CreditAccountRecord | null> {
    const d = await this.m.Account.findOneAndUpdate(
      { _id: oid(id), status: 'active', lastClosedMonth, closing: { $in: [null, month] } },
      { $set: { closing: month } },
      { returnDocument: 'after' },
    ).lean();
    return d ? toAccount(d) : null;
  }
  /** Gives a claim back when the month could not be computed. */
  async releaseClose(id: string, month: string): Promise<void> {
    await this.m.Account.updateOne({ _id: oid(id), closing: month }, { $set: { closing: null } });
  }
  /** MG-13 last step: advance to the closed month, guarded on the previous lastClosedMonth and the claim. */
  async advance(
    id: string,
    lastClosedMonth: string | null,
    month: string,
    state: CreditState,
    aClassReviewPending: boolean,
  ): Promise<CreditAccountRecord | null> {
    const d = await this.m.Account.findOneAndUpdate(
      { _id: oid(id), lastClosedMonth, closing: month },
      {
        $set: { state, lastClosedMonth: month, closeDue: monthIndex(month) + 1, closing: null, aClassReviewPending },
        $inc: { rev: 1 },
      },
      { returnDocument: 'after' },
    ).lean();
    return d ? toAccount(d) : null;
  }
}
