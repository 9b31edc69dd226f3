/** Stored credit documents → records (the schemas are declared untyped), and the shared store helpers. */
import { Types } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import type { Actor } from '../db/types.js';
import type { CreditEntry, CreditEvent, CreditState, CreditTables } from '../rules/credit.js';
import type {
  CreditAppealRecord,
  BadCreditRecord,
  CreditAccountRecord,
  CreditCloseRecord,
  CreditEventRecord,
  CreditLedgerEntry,
  CreditSettlementRecord,
} from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Doc = Record<string, any>;
export const oid = (id: string) => new Types.ObjectId(id);
export const newCreditId = (): string => new Types.ObjectId().toHexString();
/**
 * A unique-index violation. On inserts FerretDB reports code 11000 like MongoDB; on updates (findAndModify) it
 * reports an InternalError naming the SQLite UNIQUE constraint, so both are recognised.
 */
export const isUniqueViolation = (e: unknown): boolean =>
  isDuplicateKey(e) || /UNIQUE constraint failed|E11000/.test(String((e as { message?: unknown })?.message ?? ''));
export const actorOf = (a: Doc | null | undefined): Actor => ({
  type: a?.type,
  id: a?.id,
  ...(a?.role ? { role: a.role } : {}),
  ...(a?.name ? { name: a.name } : {}),
});

/** The ids every account-scoped credit document carries. */
const accountScoped = (d: Doc) => ({
  id: String(d._id),
  accountId: String(d.accountId),
  partnerId: String(d.partnerId),
});

export const toState = (s: Doc): CreditState => ({
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

export const toEntryFields = (d: Doc) => ({
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
export const toEntry = (d: Doc): CreditLedgerEntry => ({ id: String(d._id), ...toEntryFields(d) });

export const toAccount = (d: Doc): CreditAccountRecord => ({
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

export const toEvent = (d: Doc): CreditEventRecord => ({
  ...accountScoped(d),
  month: d.month,
  event: { ...d.event } as CreditEvent,
  ...(d.code ? { code: d.code } : {}),
  ...(d.note ? { note: d.note } : {}),
  status: d.status,
  ...(d.voidReason ? { voidReason: d.voidReason } : {}),
  actor: actorOf(d.actor),
  at: d.at,
});

export const toClose = (d: Doc): CreditCloseRecord => ({
  ...accountScoped(d),
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

export const toSettlement = (d: Doc): CreditSettlementRecord => ({
  ...accountScoped(d),
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

export const toBadCredit = (d: Doc): BadCreditRecord => ({
  id: String(d._id),
  companyName: d.companyName,
  nameKey: d.nameKey,
  partnerId: String(d.partnerId),
  reason: d.reason,
  listedAt: d.listedAt,
  actor: actorOf(d.actor),
});

export const toAppeal = (d: Doc): CreditAppealRecord => ({
  ...accountScoped(d),
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
export const entryDoc = (e: Omit<CreditLedgerEntry, 'id'> & { _id?: string }): Doc => ({
  ...e,
  ...(e._id ? { _id: oid(e._id) } : {}),
  accountId: oid(e.accountId),
  partnerId: oid(e.partnerId),
  programmeId: oid(e.programmeId),
});
