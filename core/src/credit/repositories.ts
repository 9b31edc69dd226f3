/** The credit ledger's stores: tables versions, ledger entries, monthly inputs, frozen month closes. */
import { isDuplicateKey } from '../db/connection.js';
import { isObjectId } from '../db/repositories.js';
import type { Actor } from '../db/types.js';
import type { CreditModels } from './schemas.js';
import { actorOf, entryDoc, oid, toClose, toEntry, toEvent, type Doc } from './records.js';
import type { CreditCloseRecord, CreditEventRecord, CreditLedgerEntry, CreditTablesVersion } from './types.js';
import { CreditAccountRepository } from './account-repository.js';
import { BadCreditRepository, CreditAppealRepository, CreditSettlementRepository } from './settlement-repositories.js';

export { newCreditId } from './records.js';
export { CreditAccountRepository, BadCreditRepository, CreditAppealRepository, CreditSettlementRepository };
export { badCreditNameKey } from './settlement-repositories.js';

/** Append-only versions of each programme's credit tables. */
export class CreditTablesRepository {
  constructor(private readonly m: CreditModels) {}
  async latest(programmeId: string): Promise<CreditTablesVersion | null> {
    if (!isObjectId(programmeId)) return null;
    const d: Doc | null = await this.m.Tables.findOne({ programmeId: oid(programmeId) })
      .sort({ version: -1 })
      .lean();
    return d
      ? {
          programmeId,
          version: d.version,
          tables: d.tables,
          actor: actorOf(d.actor),
          ...(d.reason ? { reason: d.reason } : {}),
          at: d.at,
        }
      : null;
  }
  /** Stores `version`; false when that version exists already (a concurrent edit). */
  async append(v: Omit<CreditTablesVersion, 'actor' | 'at'> & { actor: Actor; at: Date }): Promise<boolean> {
    try {
      await this.m.Tables.create({ ...v, programmeId: oid(v.programmeId) });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }
}

/** Append-only: there is no update or delete; corrections are reversing entries. */
export class CreditEntryRepository {
  constructor(private readonly m: CreditModels) {}
  /** Inserts once per idempotency key; a duplicate is not an error (a re-run heals a crash). */
  async insertOnce(e: Omit<CreditLedgerEntry, 'id'> & { _id?: string }): Promise<boolean> {
    try {
      await this.m.Entry.create(entryDoc(e));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
  async get(id: string, scope: { accountId?: string } = {}): Promise<CreditLedgerEntry | null> {
    if (!isObjectId(id)) return null;
    const q: Doc = { _id: oid(id) };
    if (scope.accountId !== undefined) q.accountId = isObjectId(scope.accountId) ? oid(scope.accountId) : null;
    const d = await this.m.Entry.findOne(q).lean();
    return d ? toEntry(d) : null;
  }
  async byKey(idempotencyKey: string): Promise<CreditLedgerEntry | null> {
    const d = await this.m.Entry.findOne({ idempotencyKey }).lean();
    return d ? toEntry(d) : null;
  }
  /** The whole ledger of an account in ledger order. */
  async forAccount(accountId: string): Promise<CreditLedgerEntry[]> {
    if (!isObjectId(accountId)) return [];
    return (
      await this.m.Entry.find({ accountId: oid(accountId) })
        .sort({ month: 1, seq: 1, at: 1, _id: 1 })
        .lean()
    ).map(toEntry);
  }
}

export class CreditEventRepository {
  constructor(private readonly m: CreditModels) {}
  async create(e: Omit<CreditEventRecord, 'id' | 'status'>): Promise<CreditEventRecord> {
    const doc = await this.m.Event.create({
      ...e,
      accountId: oid(e.accountId),
      partnerId: oid(e.partnerId),
      status: 'active',
    });
    return toEvent(doc.toObject());
  }
  /** Active inputs of a month in the order they were registered ("as they occur"). */
  async forMonth(accountId: string, month: string): Promise<CreditEventRecord[]> {
    return (
      await this.m.Event.find({ accountId: oid(accountId), month, status: 'active' })
        .sort({ at: 1, _id: 1 })
        .lean()
    ).map(toEvent);
  }
  async forAccount(accountId: string, month?: string): Promise<CreditEventRecord[]> {
    const q: Doc = { accountId: oid(accountId) };
    if (month) q.month = month;
    return (await this.m.Event.find(q).sort({ month: 1, at: 1, _id: 1 }).lean()).map(toEvent);
  }
  /** Marks an input that arrived after its month was closed; the close never saw it. */
  async void(id: string, reason: string): Promise<void> {
    await this.m.Event.updateOne({ _id: oid(id), status: 'active' }, { $set: { status: 'void', voidReason: reason } });
  }
}

/** Frozen month results; written once per account-month. */
export class CreditCloseRepository {
  constructor(private readonly m: CreditModels) {}
  async get(accountId: string, month: string): Promise<CreditCloseRecord | null> {
    if (!isObjectId(accountId)) return null;
    const d = await this.m.Close.findOne({ accountId: oid(accountId), month }).lean();
    return d ? toClose(d) : null;
  }
  /** Stores the snapshot unless one exists; returns whichever is stored (a re-run keeps the first result). */
  async insertOnce(c: Omit<CreditCloseRecord, 'id'>): Promise<CreditCloseRecord> {
    try {
      const doc = await this.m.Close.create({
        ...c,
        accountId: oid(c.accountId),
        partnerId: oid(c.partnerId),
        programmeId: oid(c.programmeId),
      });
      return toClose(doc.toObject());
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const existing = await this.get(c.accountId, c.month);
      if (!existing) throw e;
      return existing;
    }
  }
  /** Month-end scores of an account, oldest first (the trend chart). */
  async scores(accountId: string): Promise<{ month: string; score: number; aClass: boolean }[]> {
    const docs = await this.m.Close.find({ accountId: oid(accountId) }, { month: 1, stateAfter: 1 })
      .sort({ month: 1 })
      .lean();
    return docs.map((d: Doc) => ({ month: d.month, score: d.stateAfter.score, aClass: Boolean(d.stateAfter.aClass) }));
  }
  async forMonth(month: string): Promise<CreditCloseRecord[]> {
    return (await this.m.Close.find({ month }).sort({ _id: 1 }).lean()).map(toClose);
  }
}

export function creditRepositories(m: CreditModels) {
  return {
    tables: new CreditTablesRepository(m),
    accounts: new CreditAccountRepository(m),
    entries: new CreditEntryRepository(m),
    events: new CreditEventRepository(m),
    closes: new CreditCloseRepository(m),
    settlements: new CreditSettlementRepository(m),
    badCredit: new BadCreditRepository(m),
    appeals: new CreditAppealRepository(m),
  };
}
export type CreditRepositories = ReturnType<typeof creditRepositories>;
