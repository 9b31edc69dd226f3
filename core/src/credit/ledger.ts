import { DomainError } from '../errors.js';
/**
 * The persisted Migu credit ledger (RULES.md MG-1..MG-13) over the pure engine in rules/credit.ts.
 * Used by the api (accounts, events, appeals, `POST /credit/months/:month/close`) and by the worker's monthly
 * close, so both run the same code; the month step is the engine's `closeMonth`, the one behind
 * `POST /credit/simulate`.
 *
 * Consistency without transactions (FerretDB has none):
 * - An account change and the ledger entries it causes (opening, MG-3 transfer, appeal reversal) are committed in
 *   ONE guarded update of the account (`rev` + no close under way), the entries waiting in the account's `journal`;
 *   `flush` then copies them into `credit_entries` under unique idempotency keys. A crash in between is healed by
 *   the next flush (every read path flushes first).
 * - A month close claims the account (`closing: month`, re-entrant), freezes its result in a snapshot written once
 *   (`credit_closes`), inserts the snapshot's entries under `${accountId}-${month}-${index}`, then advances the
 *   account guarded on the previous `lastClosedMonth`. Re-running after a crash anywhere repeats the same result;
 *   running it again after success changes nothing.
 * - An event registered for a month is re-checked after it is stored: if the month's close started meanwhile the
 *   event is voided and refused, so a close never misses an input it was told about.
 *
 * Decisions where the brief leaves room:
 * - A reversal (upheld appeal) lands in the account's open month and also reduces the recovery pool by the points
 *   it restores (they no longer wait for MG-5 recovery); points already recovered are not clawed back, and the
 *   clean streak is left as it is.
 * - The tables in force when a month is closed are the ones it uses (stored in its snapshot); a deduction's points
 *   are fixed from the catalogue when the deduction is registered.
 */
import type { AuditRepository, PartnerRepository } from '../db/repositories.js';
import type { Actor, PartnerRecord } from '../db/types.js';
import type { Notifier } from '../notify/index.js';
import {
  CreditInputError,
  DEFAULT_CREDIT_TABLES,
  inheritState,
  openChannel,
  validateSimulateInput,
  type CreditChannel,
  type CreditEvent,
  type CreditTables,
} from '../rules/credit.js';
import { SEQ, conflict, creditOpenMonth, creditReversalKey, invalid, pendingEntry, round1 } from './entries.js';
import { CreditMonthClose, type CloseReport } from './month-close.js';
import { newCreditId } from './records.js';
import type { CreditRepositories } from './repositories.js';
import type {
  CreditAppealRecord,
  CreditAccountRecord,
  CreditCloseRecord,
  CreditEventRecord,
  CreditLedgerEntry,
  PendingEntry,
} from './types.js';

export interface CreditLedgerDeps {
  repos: CreditRepositories;
  partners: Pick<PartnerRepository, 'get'>;
  audit: Pick<AuditRepository, 'append'>;
  /** A-class results go to staff; omitted → no notices */
  notifier?: (Pick<Notifier, 'notify'> & Partial<Pick<Notifier, 'message'>>) | null;
}

export class CreditLedger {
  private readonly repos: CreditRepositories;
  private readonly months: CreditMonthClose;
  constructor(private readonly deps: CreditLedgerDeps) {
    this.repos = deps.repos;
    this.months = new CreditMonthClose(this, deps);
  }

  // ------------------------------------------------------------ tables

  /** The programme's tables in force: the latest stored version, else the defaults (version 0). */
  async tables(programmeId: string): Promise<{ version: number; tables: CreditTables }> {
    const v = await this.repos.tables.latest(programmeId);
    return v ? { version: v.version, tables: v.tables } : { version: 0, tables: DEFAULT_CREDIT_TABLES };
  }

  // ------------------------------------------------------------ accounts

  /** MG-2: opens the channel's account with its initial entry in `firstMonth`. */
  async open(
    partner: PartnerRecord,
    channel: CreditChannel,
    firstMonth: string,
    actor: Actor,
    now: Date,
  ): Promise<CreditAccountRecord> {
    const { tables } = await this.tables(partner.programmeId);
    const opened = this.engine(() => openChannel(channel, firstMonth, tables));
    const id = newCreditId();
    const journal = opened.entries.map((e, i) =>
      pendingEntry({ id, partnerId: partner.id, programmeId: partner.programmeId }, e, {
        seq: SEQ.open + i,
        key: `${id}-open-${i}`,
        source: { entity: 'partner', id: partner.id },
        actor,
        at: now,
      }),
    );
    const account = await this.repos.accounts.create({
      id,
      partnerId: partner.id,
      programmeId: partner.programmeId,
      firstMonth,
      state: opened.state,
      journal,
    });
    if (!account) throw conflict('该伙伴已有信用积分账户');
    await this.auditAccount('credit.account_opened', id, actor, now, {
      after: { partnerId: partner.id, ...channel, firstMonth, score: opened.state.score },
    });
    return this.flush(account);
  }

  /** MG-3: rename, sale or transfer — the account (state and ledger) moves to another partner; an inherit entry notes it. */
  async transfer(
    account: CreditAccountRecord,
    from: PartnerRecord,
    to: PartnerRecord,
    reason: string,
    actor: Actor,
    now: Date,
  ): Promise<CreditAccountRecord> {
    const acc = await this.flush(account);
    if (acc.status !== 'active') throw conflict('账户已退出，不能转让');
    if (acc.closing) throw conflict('月结进行中，请稍后重试');
    if (await this.repos.accounts.byPartner(to.id)) throw conflict('目标伙伴已有信用积分账户');
    const { tables } = await this.tables(acc.programmeId);
    const step = this.engine(() =>
      inheritState(
        acc.state,
        {
          month: creditOpenMonth(acc),
          reason: `渠道更名、出售或转让（${from.name} → ${to.name}）：${reason}，原有信用积分继承`,
          ref: from.id,
        },
        tables,
      ),
    );
    const journal = step.entries.map((e, i) =>
      pendingEntry({ id: acc.id, partnerId: to.id, programmeId: acc.programmeId }, e, {
        seq: SEQ.inherit + i,
        key: `${acc.id}-inherit-${acc.rev}-${i}`,
        source: { entity: 'partner', id: from.id },
        actor,
        at: now,
      }),
    );
    const moved = await this.repos.accounts.moveTo(acc.id, acc.rev, from.id, to.id, journal);
    if (!moved) throw conflict('账户已变化或目标伙伴已有信用积分账户，请刷新后重试');
    await this.auditAccount('credit.account_transferred', acc.id, actor, now, {
      before: { partnerId: from.id },
      after: { partnerId: to.id, score: moved.state.score },
      reason,
    });
    return this.flush(moved);
  }

  /** MG-11: the account leaves the programme (no further closes). */
  async exit(account: CreditAccountRecord, reason: string, actor: Actor, now: Date): Promise<CreditAccountRecord> {
    if (account.status === 'exited') return account;
    const exited = await this.repos.accounts.commit(account.id, account.rev, { status: 'exited', exitedAt: now }, [], {
      status: 'active',
    });
    if (!exited) throw conflict('账户状态已变化（或月结进行中），请稍后重试');
    await this.auditAccount('credit.account_exited', account.id, actor, now, {
      before: { status: account.status },
      after: { status: 'exited' },
      reason,
    });
    return exited;
  }

  /** Copies journal entries into the ledger (idempotent) and drops them from the account. */
  async flush(account: CreditAccountRecord): Promise<CreditAccountRecord> {
    if (account.journal.length === 0) return account;
    for (const e of account.journal) await this.repos.entries.insertOnce(e);
    return (
      (await this.repos.accounts.dropJournal(
        account.id,
        account.journal.map((e) => e.idempotencyKey),
      )) ?? account
    );
  }

  /** The account's whole ledger after a flush, and the state it must agree with. */
  async ledger(account: CreditAccountRecord): Promise<{ account: CreditAccountRecord; entries: CreditLedgerEntry[] }> {
    const acc = await this.flush(account);
    return { account: acc, entries: await this.repos.entries.forAccount(acc.id) };
  }

  // ------------------------------------------------------------ events

  /**
   * Registers an input for a month that is still open. The event is checked by the engine's own validation;
   * once-a-month decisions (re-rating, ranking, A-class review) may not be registered twice.
   */
  async registerEvent(
    account: CreditAccountRecord,
    input: { event: CreditEvent; code?: string; note?: string },
    actor: Actor,
    now: Date,
  ): Promise<CreditEventRecord> {
    const { event } = input;
    if (account.status !== 'active') throw conflict('账户已退出');
    this.assertOpen(account, event.month);
    const { tables } = await this.tables(account.programmeId);
    const errors = validateSimulateInput(
      { start: event.month, months: 1, channel: { tier: 'ordinary', joinedAt: '2000-01-01' }, events: [event] },
      tables,
    ).map((e) => e.replace(/^events\[0\]\./, ''));
    if (errors.length) throw invalid(errors);
    if (event.type !== 'deduction') {
      const same = (await this.repos.events.forMonth(account.id, event.month)).find((e) => e.event.type === event.type);
      if (same) throw conflict(`${event.month} 已登记过该类事项（每月一次），如需更正请联系管理员`);
    }
    const stored = await this.repos.events.create({
      accountId: account.id,
      partnerId: account.partnerId,
      month: event.month,
      event,
      ...(input.code ? { code: input.code } : {}),
      ...(input.note ? { note: input.note } : {}),
      actor,
      at: now,
    });
    // the close claims the account before it reads the month's events: re-check after storing
    const after = await this.repos.accounts.get(account.id);
    if (!after || this.closedOrClosing(after, event.month)) {
      await this.repos.events.void(stored.id, '登记时该月已结账');
      throw conflict(`${event.month} 已结账，不能再登记`);
    }
    return stored;
  }

  private closedOrClosing(a: CreditAccountRecord, month: string): boolean {
    return a.closing === month || (a.lastClosedMonth !== null && a.lastClosedMonth >= month);
  }

  private assertOpen(a: CreditAccountRecord, month: string): void {
    if (month < a.firstMonth) throw invalid([`month must not be before the account's first month ${a.firstMonth}`]);
    if (this.closedOrClosing(a, month)) throw conflict(`${month} 已结账，不能再登记`);
  }

  // ------------------------------------------------------------ reversals (appeals)

  /**
   * MG-1 reversing entry for `original` in the account's open month: applied = −original.applied, clamped to the
   * score range. One per original entry (idempotency key); repeating returns the stored one.
   */
  async reverse(
    original: CreditLedgerEntry,
    by: { actor: Actor; reason: string; source: { entity: string; id: string } },
    now: Date,
  ): Promise<CreditLedgerEntry> {
    const key = creditReversalKey(original.accountId, original.id);
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.repos.accounts.get(original.accountId);
      if (!stored) throw DomainError.notFound('信用积分账户不存在');
      const acc = await this.flush(stored);
      const existing = await this.repos.entries.byKey(key);
      if (existing) return existing;
      if (acc.closing) {
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
        continue;
      }
      const { tables } = await this.tables(acc.programmeId);
      const before = acc.state.score;
      const after = round1(Math.min(tables.max, Math.max(tables.min, before - original.applied)));
      const applied = round1(after - before);
      const pool = round1(Math.max(0, acc.state.recoveryPool - Math.max(0, applied)));
      const entry: PendingEntry = {
        _id: newCreditId(),
        accountId: acc.id,
        partnerId: acc.partnerId,
        programmeId: acc.programmeId,
        month: creditOpenMonth(acc),
        seq: SEQ.reversal,
        rule: 'MG-1',
        kind: 'reversal',
        requested: round1(-original.applied),
        applied,
        scoreAfter: after,
        reason: by.reason,
        ref: original.id,
        source: by.source,
        actor: by.actor,
        at: now,
        idempotencyKey: key,
        reverses: original.id,
      };
      const committed = await this.repos.accounts.commit(
        acc.id,
        acc.rev,
        { 'state.score': after, 'state.recoveryPool': pool },
        [entry],
      );
      if (!committed) continue;
      await this.flush(committed);
      await this.deps.audit.append({
        actor: by.actor,
        action: 'credit_entry.reversed',
        entity: 'credit_entry',
        entityId: original.id,
        before: { score: before },
        after: { reversal: entry._id, applied, score: after },
        reason: by.reason,
        at: now,
      });
      return (await this.repos.entries.byKey(key)) ?? { ...entry, id: entry._id };
    }
    throw conflict('账户正在月结或被并发修改，请稍后重试');
  }

  /** An upheld appeal's reversing entry (idempotent): used by the decision and by the worker's repair. */
  async applyUpheldAppeal(appeal: CreditAppealRecord, actor: Actor, now: Date): Promise<CreditLedgerEntry> {
    const original = await this.repos.entries.get(appeal.entryId, { accountId: appeal.accountId });
    if (!original) throw DomainError.notFound('申诉的积分记录不存在');
    const reversal = await this.reverse(
      original,
      {
        actor,
        reason: `申诉成立，冲正${original.month}「${original.reason}」（${original.applied}分）`,
        source: { entity: 'appeal', id: appeal.id },
      },
      now,
    );
    await this.repos.appeals.setReversal(appeal.id, reversal.id);
    return reversal;
  }

  /** Repairs upheld appeals whose reversing entry is missing (a crash between decision and entry). */
  async healAppeals(actor: Actor, now: Date): Promise<number> {
    let healed = 0;
    for (const appeal of await this.repos.appeals.upheldWithoutReversal()) {
      try {
        await this.applyUpheldAppeal(appeal, actor, now);
        healed++;
      } catch {
        // the next run tries again (e.g. a close under way)
      }
    }
    return healed;
  }

  // ------------------------------------------------------------ month close (MG-13, month-close.ts)

  /**
   * Closes `month` for one account, which must be its open month. Idempotent and crash-tolerant (see the header).
   * Returns `closed: false` when the month was closed already (by this or another run).
   */
  closeAccountMonth(
    account: CreditAccountRecord,
    month: string,
    actor: Actor,
    now: Date,
  ): Promise<{ account: CreditAccountRecord; closed: boolean; snapshot?: CreditCloseRecord }> {
    return this.months.closeAccountMonth(account, month, actor, now);
  }

  /** Brings every active account up to and including `month`, one month at a time in order (ended months only). */
  closeThrough(month: string, actor: Actor, now: Date): Promise<CloseReport> {
    return this.months.closeThrough(month, actor, now);
  }

  // ------------------------------------------------------------ helpers

  /** One audit entry on the account: who, when, what and why. */
  private auditAccount(
    action: string,
    accountId: string,
    actor: Actor,
    at: Date,
    change: { before?: unknown; after: unknown; reason?: string },
  ): Promise<void> {
    return this.deps.audit.append({ actor, action, entity: 'credit_account', entityId: accountId, ...change, at });
  }

  private engine<T>(run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (e instanceof CreditInputError) throw invalid(e.errors);
      throw e;
    }
  }
}
