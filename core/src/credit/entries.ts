/** MG-1 ledger entries: order, keys, the score derived from them, and the stored form of an engine entry. */
import { DomainError } from '../errors.js';
import type { Actor } from '../db/types.js';
import type { CreditEntry } from '../rules/credit.js';
import { shiftCreditMonth } from './months.js';
import { newCreditId } from './records.js';
import type { CreditAccountRecord, CreditLedgerEntry, PendingEntry } from './types.js';

export const conflict = (message: string) => DomainError.conflict(message);
export const invalid = (messages: string[]) => DomainError.invalid(messages.join('；'), messages);

/** Ledger order inside a month. */
export const SEQ = { open: 0, inherit: 500, reversal: 1000, close: 2000 } as const;
export const round1 = (v: number): number => Math.round(v * 10) / 10 + 0;

/** MG-1: the score derived from the ledger, the sum of the applied deltas. */
export const creditEntriesScore = (entries: readonly Pick<CreditLedgerEntry, 'applied'>[]): number =>
  round1(entries.reduce((sum, e) => sum + e.applied, 0));

/** The month the account is in: the one after the last closed month (or its first month). */
export const creditOpenMonth = (a: Pick<CreditAccountRecord, 'lastClosedMonth' | 'firstMonth'>): string =>
  a.lastClosedMonth ? shiftCreditMonth(a.lastClosedMonth, 1) : a.firstMonth;

/** Deterministic idempotency key of the i-th entry of an account-month close. */
export const creditCloseEntryKey = (accountId: string, month: string, index: number): string =>
  `${accountId}-${month}-${index}`;
export const creditReversalKey = (accountId: string, entryId: string): string => `${accountId}-reversal-${entryId}`;

/** What an engine entry says (the fields a ledger entry and its views share). */
export const creditEntryFields = (
  e:
    | CreditEntry
    | Pick<CreditLedgerEntry, 'month' | 'rule' | 'kind' | 'requested' | 'applied' | 'scoreAfter' | 'reason' | 'ref'>,
) => ({
  month: e.month,
  rule: e.rule,
  kind: e.kind,
  requested: e.requested,
  applied: e.applied,
  scoreAfter: e.scoreAfter,
  reason: e.reason,
  ...(e.ref !== undefined ? { ref: e.ref } : {}),
});

/** An engine entry as a pending ledger entry of the account, under its idempotency key. */
export function pendingEntry(
  acc: { id: string; partnerId: string; programmeId: string },
  e: CreditEntry,
  meta: { seq: number; key: string; source: { entity: string; id: string }; actor: Actor; at: Date },
): PendingEntry {
  return {
    _id: newCreditId(),
    accountId: acc.id,
    partnerId: acc.partnerId,
    programmeId: acc.programmeId,
    seq: meta.seq,
    ...creditEntryFields(e),
    source: meta.source,
    actor: meta.actor,
    at: meta.at,
    idempotencyKey: meta.key,
  };
}
