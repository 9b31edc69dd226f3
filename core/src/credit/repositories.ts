import { Types } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import { isObjectId } from '../db/repositories.js';
import type { Actor } from '../db/types.js';
import type { CreditEntry, CreditEvent, CreditState, CreditTables } from '../rules/credit.js';
import type { CreditModels } from './schemas.js';
import type {
  CreditAppealRecord,
  CreditAppealStatus,
  BadCreditRecord,
  CreditAccountRecord,
  CreditCloseRecord,
  CreditEventRecord,
  CreditLedgerEntry,
  CreditTablesVersion,
  PendingEntry,
  CreditSettlementRecord,
} from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;
const oid = (id: string) => new Types.ObjectId(id);
export const newCreditId = (): string => new Types.ObjectId().toHexString();
/**
 * A unique-index violation. On inserts FerretDB reports code 11000 like MongoDB; on updates (findAndModify) it
 * reports an InternalError naming the SQLite UNIQUE constraint, so both are recognised.
 */
const isUniqueViolation = (e: unknown): boolean =>
  isDuplicateKey(e) || /UNIQUE constraint failed|E11000/.test(String((e as { message?: unknown })?.message ?? ''));
const actorOf = (a: Doc | null | undefined): Actor => ({
  type: a?.type,
  id: a?.id,
  ...(a?.role ? { role: a.role } : {}),
  ...(a?.name ? { name: a.name } : {}),
});

const toState = (s: Doc): CreditState => ({
  score: s.score,
  tier: s.tier,
  aClass: Boolean(s.aClass),
  recoveryPool: s.recoveryPool,
  cleanStreak: s.cleanStreak,
  pendingBonus: s.pendingBonus,
  pendingRanking: s.pendingRanking
    ? {
        month: s.pendingRanking.month,
        quarter: s.pendingRanking.quarter,
        rank: s.pendingRanking.rank,
        of: s.pendingRanking.of,
        eligible: Boolean(s.pendingRanking.eligible),
      }
    : null,
  joinedAt: s.joinedAt,
  firstMonth: s.firstMonth,
  month: s.month ?? null,
});

const toEntryFields = (d: Doc) => ({
  accountId: String(d.accountId),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  month: d.month,
  seq: d.seq,
  rule: d.rule,
  kind: d.kind,
  requested: d.requested,
  applied: d.applied,
  scoreAfter: d.scoreAfter,
  reason: d.reason,
  ...(d.ref !== undefined && d.ref !== null ? { ref: d.ref } : {}),
  source: { entity: d.source.entity, id: d.source.id },
  actor: actorOf(d.actor),
  at: d.at,
  idempotencyKey: d.idempotencyKey,
  ...(d.reverses ? { reverses: d.reverses } : {}),
});
const toEntry = (d: Doc): CreditLedgerEntry => ({ id: String(d._id), ...toEntryFields(d) });

const toAccount = (d: Doc): CreditAccountRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  formerPartnerIds: (d.formerPartnerIds ?? []).map(String),
  firstMonth: d.firstMonth,
  state: toState(d.state),
  lastClosedMonth: d.lastClosedMonth ?? null,
  closing: d.closing ?? null,
  rev: d.rev ?? 0,
  journal: Object.values((d.journal ?? {}) as Record<string, Doc>)
    .map((e) => ({ _id: String(e._id), ...toEntryFields(e) }))
    .sort((a, b) => a.seq - b.seq),
  aClassReviewPending: Boolean(d.aClassReviewPending),
  status: d.status,
  exitedAt: d.exitedAt ?? null,
  openedAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const toEvent = (d: Doc): CreditEventRecord => ({
  id: String(d._id),
  accountId: String(d.accountId),
  partnerId: String(d.partnerId),
  month: d.month,
  event: { ...d.event } as CreditEvent,
  ...(d.code ? { code: d.code } : {}),
  ...(d.note ? { note: d.note } : {}),
  status: d.status,
  ...(d.voidReason ? { voidReason: d.voidReason } : {}),
  actor: actorOf(d.actor),
  at: d.at,
});

const toClose = (d: Doc): CreditCloseRecord => ({
  id: String(d._id),
  accountId: String(d.accountId),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  month: d.month,
  tablesVersion: d.tablesVersion,
  tables: d.tables as CreditTables,
  events: (d.events ?? []).map((e: Doc) => ({ id: String(e.id), event: { ...e.event } as CreditEvent })),
  stateBefore: toState(d.stateBefore),
  stateAfter: toState(d.stateAfter),
  entries: (d.entries ?? []).map((e: Doc) => ({ ...e }) as CreditEntry),
  aClassPending: Boolean(d.aClassPending),
  actor: actorOf(d.actor),
  closedAt: d.closedAt,
});

const toSettlement = (d: Doc): CreditSettlementRecord => ({
  id: String(d._id),
  accountId: String(d.accountId),
  partnerId: String(d.partnerId),
  kind: d.kind,
  month: d.month,
  amount: d.amount,
  shortfall: d.shortfall ?? 0,
  heldUntil: d.heldUntil ?? null,
  reason: d.reason,
  ...(d.ref ? { ref: d.ref } : {}),
  paidAt: d.paidAt ?? null,
  actor: actorOf(d.actor),
  at: d.at,
});

const toBadCredit = (d: Doc): BadCreditRecord => ({
  id: String(d._id),
  companyName: d.companyName,
  nameKey: d.nameKey,
  partnerId: String(d.partnerId),
  reason: d.reason,
  listedAt: d.listedAt,
  actor: actorOf(d.actor),
});

const toAppeal = (d: Doc): CreditAppealRecord => ({
  id: String(d._id),
  accountId: String(d.accountId),
  partnerId: String(d.partnerId),
  entryId: d.entryId,
  reason: d.reason,
  status: d.status,
  ...(d.decisionReason ? { decisionReason: d.decisionReason } : {}),
  ...(d.decidedAt ? { decidedAt: d.decidedAt } : {}),
  ...(d.decidedBy ? { decidedBy: actorOf(d.decidedBy) } : {}),
  ...(d.reversalEntryId ? { reversalEntryId: d.reversalEntryId } : {}),
  createdBy: actorOf(d.createdBy),
  createdAt: d.createdAt,
});

/** Stored form of a ledger entry (ids as ObjectIds). */
const entryDoc = (e: Omit<CreditLedgerEntry, 'id'> & { _id?: string }): Doc => ({
  ...e,
  ...(e._id ? { _id: oid(e._id) } : {}),
  accountId: oid(e.accountId),
  partnerId: oid(e.partnerId),
  programmeId: oid(e.programmeId),
});

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
  async list(limit = 2000): Promise<CreditAccountRecord[]> {
    return (await this.m.Account.find().sort({ _id: 1 }).limit(limit).lean()).map(toAccount);
  }
  /** Active accounts with a month at or before `month` still open, in creation order. */
  async *behind(month: string): AsyncGenerator<CreditAccountRecord> {
    const q = {
      status: 'active',
      $or: [{ lastClosedMonth: null, firstMonth: { $lte: month } }, { lastClosedMonth: { $lt: month } }],
    };
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
      { $set: { state, lastClosedMonth: month, closing: null, aClassReviewPending }, $inc: { rev: 1 } },
      { returnDocument: 'after' },
    ).lean();
    return d ? toAccount(d) : null;
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
  async list(f: { accountId?: string; status?: CreditAppealStatus }, limit = 500): Promise<CreditAppealRecord[]> {
    const q: Doc = {};
    if (f.accountId !== undefined) q.accountId = isObjectId(f.accountId) ? oid(f.accountId) : null;
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
