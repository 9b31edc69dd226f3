import type { Actor } from '../db/types.js';
import { CREDIT_ENTRY_KINDS } from '../rules/credit.js';
import type { CreditEntry, CreditEvent, CreditState, CreditTables } from '../rules/credit.js';

/** One version of a programme's admin-edited credit tables; versions are append-only. */
export interface CreditTablesVersion {
  programmeId: string;
  /** 0 = the built-in DEFAULT_CREDIT_TABLES (never stored) */
  version: number;
  tables: CreditTables;
  actor: Actor | null;
  reason?: string;
  at: Date | null;
}

export const CREDIT_ACCOUNT_STATUSES = ['active', 'exited'] as const;
export type CreditAccountStatus = (typeof CREDIT_ACCOUNT_STATUSES)[number];

/** A persisted ledger line: the engine's entry plus where it sits and who wrote it. Append-only. */
export const LEDGER_ENTRY_KINDS = [...CREDIT_ENTRY_KINDS, 'reversal', 'exit'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];
export interface CreditLedgerEntry extends Omit<CreditEntry, 'kind'> {
  id: string;
  accountId: string;
  /** the partner holding the account when the entry was written */
  partnerId: string;
  programmeId: string;
  kind: LedgerEntryKind;
  /** order inside the month: opening/inherit 0.., reversals 1000.., month close 2000.. */
  seq: number;
  source: { entity: string; id: string };
  actor: Actor;
  at: Date;
  idempotencyKey: string;
  /** a reversing entry points at the entry it corrects */
  reverses?: string;
}

/** An entry committed with an account change, waiting in the account's journal; `_id` is its future id. */
export type PendingEntry = Omit<CreditLedgerEntry, 'id'> & { _id: string };

/**
 * One channel's credit account (unique partnerId). `state` is the engine's CreditState after the last closed
 * month plus any reversal made in the open month. Entries committed together with a state change wait in
 * `journal` (keyed by idempotency key) until they are in `credit_entries`.
 */
export interface CreditAccountRecord {
  id: string;
  partnerId: string;
  programmeId: string;
  /** MG-3: partners that held this account before a rename, sale or transfer */
  formerPartnerIds: string[];
  firstMonth: string;
  state: CreditState;
  lastClosedMonth: string | null;
  /** the month whose close is under way (the single-document claim), else null */
  closing: string | null;
  /** bumped by every state change; guarded updates name the revision they read */
  rev: number;
  journal: PendingEntry[];
  /** MG-7: the last close found score ≥ threshold, not A-class, and no review decision */
  aClassReviewPending: boolean;
  status: CreditAccountStatus;
  exitedAt: Date | null;
  openedAt: Date;
  updatedAt: Date;
}

export type CreditEventType = CreditEvent['type'];
export const CREDIT_EVENT_STATUSES = ['active', 'void'] as const;
export type CreditEventStatus = (typeof CREDIT_EVENT_STATUSES)[number];

/** An input staff registered for a month (deduction, re-rating, ranking, A-class decision). */
export interface CreditEventRecord {
  id: string;
  accountId: string;
  partnerId: string;
  month: string;
  event: CreditEvent;
  /** catalogue code of a deduction */
  code?: string;
  note?: string;
  status: CreditEventStatus;
  voidReason?: string;
  actor: Actor;
  at: Date;
}

/** The frozen result of one account-month: inputs, tables used and the outcome. Written once. */
export interface CreditCloseRecord {
  id: string;
  accountId: string;
  partnerId: string;
  programmeId: string;
  month: string;
  tablesVersion: number;
  tables: CreditTables;
  events: { id: string; event: CreditEvent }[];
  stateBefore: CreditState;
  stateAfter: CreditState;
  entries: CreditEntry[];
  aClassPending: boolean;
  actor: Actor;
  closedAt: Date;
}

export type CreditSettlementKind = 'refund-offset' | 'severe-penalty';
export const CREDIT_SETTLEMENT_KINDS: readonly CreditSettlementKind[] = ['refund-offset', 'severe-penalty'];

/** MG-9/MG-10: money held or offset against a channel's settlement. */
export interface CreditSettlementRecord {
  id: string;
  accountId: string;
  partnerId: string;
  kind: CreditSettlementKind;
  month: string;
  /** yuan: the refund offset (MG-9) or the month's information fees forfeited (MG-10) */
  amount: number;
  /** MG-9: the part of the refund the settlement did not cover; settlement suspended until paid */
  shortfall: number;
  /** MG-10: settlement held through this month (month + 3) */
  heldUntil: string | null;
  reason: string;
  ref?: string;
  paidAt: Date | null;
  actor: Actor;
  at: Date;
}

/** MG-11 不良信用名单 */
export interface BadCreditRecord {
  id: string;
  companyName: string;
  /** normalised company name the intake (FT-2.1) looks up */
  nameKey: string;
  partnerId: string;
  reason: string;
  listedAt: Date;
  actor: Actor;
}

export type CreditAppealStatus = 'open' | 'upheld' | 'rejected';
export const CREDIT_APPEAL_STATUSES: readonly CreditAppealStatus[] = ['open', 'upheld', 'rejected'];

export interface CreditAppealRecord {
  id: string;
  accountId: string;
  partnerId: string;
  entryId: string;
  reason: string;
  status: CreditAppealStatus;
  decisionReason?: string;
  decidedAt?: Date;
  decidedBy?: Actor;
  reversalEntryId?: string;
  createdBy: Actor;
  createdAt: Date;
}
