/**
 * MG-13 month close of the credit ledger (the other half of `CreditLedger`, see its header for the consistency
 * scheme): claim the account, freeze the month's result in a snapshot written once, insert its entries under
 * deterministic keys, advance the account. The month step is the engine's `closeMonth`, the one behind
 * `POST /credit/simulate`.
 */
import { scoreClosedMessage } from '../subscriptions/messages.js';
import type { Actor } from '../db/types.js';
import { CreditInputError, closeMonth } from '../rules/credit.js';
import { SEQ, conflict, creditCloseEntryKey, creditOpenMonth, invalid, pendingEntry } from './entries.js';
import type { CreditLedger, CreditLedgerDeps } from './ledger.js';
import { creditMonthOf, shiftCreditMonth } from './months.js';
import type { CreditAccountRecord, CreditCloseRecord } from './types.js';

export interface AccountMonthClose {
  partnerId: string;
  accountId: string;
  month: string;
  score: number;
  aClass: boolean;
  aClassPending: boolean;
  entries: number;
}

export interface CloseReport {
  /** closed through this month */
  month: string;
  closed: AccountMonthClose[];
  failed: { partnerId: string; month: string; error: string }[];
}

export class CreditMonthClose {
  constructor(
    private readonly ledger: Pick<CreditLedger, 'flush' | 'tables'>,
    private readonly deps: CreditLedgerDeps,
  ) {}

  /**
   * Closes `month` for one account, which must be its open month. Idempotent and crash-tolerant (see the header).
   * Returns `closed: false` when the month was closed already (by this or another run).
   */
  async closeAccountMonth(
    account: CreditAccountRecord,
    month: string,
    actor: Actor,
    now: Date,
  ): Promise<{ account: CreditAccountRecord; closed: boolean; snapshot?: CreditCloseRecord }> {
    let acc = await this.ledger.flush(account);
    if (acc.lastClosedMonth !== null && acc.lastClosedMonth >= month) return { account: acc, closed: false };
    const expected = creditOpenMonth(acc);
    if (month !== expected) throw conflict(`须先结 ${expected}`);
    const previous = acc.lastClosedMonth;
    const claimed = await this.deps.repos.accounts.claimClose(acc.id, previous, month);
    if (!claimed) {
      const now2 = await this.deps.repos.accounts.get(acc.id);
      if (now2 && now2.lastClosedMonth !== null && now2.lastClosedMonth >= month)
        return { account: now2, closed: false };
      throw conflict(`${month} 月结未能开始（账户状态已变化）`);
    }
    acc = await this.ledger.flush(claimed);

    let snapshot = await this.deps.repos.closes.get(acc.id, month);
    if (!snapshot) {
      const { version, tables } = await this.ledger.tables(acc.programmeId);
      const events = await this.deps.repos.events.forMonth(acc.id, month);
      let step: ReturnType<typeof closeMonth>;
      try {
        step = closeMonth(
          acc.state,
          month,
          events.map((e) => e.event),
          tables,
        );
      } catch (e) {
        await this.deps.repos.accounts.releaseClose(acc.id, month);
        if (e instanceof CreditInputError) throw invalid(e.errors);
        throw e;
      }
      snapshot = await this.deps.repos.closes.insertOnce({
        accountId: acc.id,
        partnerId: acc.partnerId,
        programmeId: acc.programmeId,
        month,
        tablesVersion: version,
        tables,
        events: events.map((e) => ({ id: e.id, event: e.event })),
        stateBefore: acc.state,
        stateAfter: step.state,
        entries: step.entries,
        aClassPending: step.aClassPending,
        actor,
        closedAt: now,
      });
    }
    const snap = snapshot;
    for (const [i, e] of snap.entries.entries()) {
      await this.deps.repos.entries.insertOnce(
        pendingEntry(acc, e, {
          seq: SEQ.close + i,
          key: creditCloseEntryKey(acc.id, month, i),
          source: { entity: 'credit_close', id: snap.id },
          actor,
          at: snap.closedAt,
        }),
      );
    }
    await this.notifyAClass(acc, snap);
    const advanced = await this.deps.repos.accounts.advance(
      acc.id,
      previous,
      month,
      snap.stateAfter,
      snap.aClassPending,
    );
    if (!advanced) {
      const now2 = await this.deps.repos.accounts.get(acc.id);
      if (now2 && now2.lastClosedMonth === month) return { account: now2, closed: false, snapshot: snap };
      throw conflict(`${month} 月结未能完成（账户状态已变化）`);
    }
    await this.deps.audit.append({
      actor,
      action: 'credit.month_closed',
      entity: 'credit_account',
      entityId: acc.id,
      before: { month: previous, score: snap.stateBefore.score },
      after: { month, score: snap.stateAfter.score, entries: snap.entries.length, tablesVersion: snap.tablesVersion },
      at: now,
    });
    // MG-13: the partner's 订阅消息 with the month's score
    await this.deps.notifier?.message?.(
      scoreClosedMessage({
        key: `credit-${acc.id}-${month}-closed`,
        partnerId: acc.partnerId,
        period: `${month.replace('-', '年')}月信用积分`,
        score: snap.stateAfter.score,
        note: '月度信用积分已结算',
      }),
    );
    return { account: advanced, closed: true, snapshot: snap };
  }

  /**
   * Brings every active account up to and including `month`, one month at a time in order. Only months that have
   * ended (before the current Asia/Shanghai month) can be closed. Running it again changes nothing.
   */
  async closeThrough(month: string, actor: Actor, now: Date): Promise<CloseReport> {
    if (month >= creditMonthOf(now)) throw invalid([`month ${month} has not ended yet (Asia/Shanghai)`]);
    const report: CloseReport = { month, closed: [], failed: [] };
    for await (const account of this.deps.repos.accounts.behind(month)) {
      let acc = account;
      while (acc.status === 'active' && creditOpenMonth(acc) <= month) {
        const m = creditOpenMonth(acc);
        try {
          const r = await this.closeAccountMonth(acc, m, actor, now);
          if (r.closed && r.snapshot) {
            report.closed.push({
              partnerId: acc.partnerId,
              accountId: acc.id,
              month: m,
              score: r.snapshot.stateAfter.score,
              aClass: r.snapshot.stateAfter.aClass,
              aClassPending: r.snapshot.aClassPending,
              entries: r.snapshot.entries.length,
            });
          }
          acc = r.account;
        } catch (e) {
          report.failed.push({ partnerId: acc.partnerId, month: m, error: (e as Error).message });
          break;
        }
      }
    }
    return report;
  }

  /** MG-7: A-class results of a close go to staff (pass, fail, or a review decision needed). */
  private async notifyAClass(acc: CreditAccountRecord, snap: CreditCloseRecord): Promise<void> {
    const notifier = this.deps.notifier;
    if (!notifier) return;
    const passed = snap.entries.some((e) => e.kind === 'aClassPass');
    const failed = snap.entries.some((e) => e.kind === 'aClassFail');
    if (!passed && !failed && !snap.aClassPending) return;
    const partner = await this.deps.partners.get(acc.partnerId);
    const name = partner?.name ?? acc.partnerId;
    const score = snap.stateAfter.score;
    const t = snap.tables;
    const next = shiftCreditMonth(snap.month, 1);
    const text = passed
      ? [
          '【A级渠道评审结果】',
          `伙伴：${name}`,
          `${snap.month} 月末信用积分：${score}分`,
          'A级渠道评审通过，已升级为A级渠道（MG-7）。',
        ]
      : failed
        ? [
            '【A级渠道评审结果】',
            `伙伴：${name}`,
            `A级渠道评审未通过，${snap.month} 信用积分设定为${t.aClassFailScore}分（MG-7）。`,
          ]
        : [
            '【A级渠道待评审】',
            `伙伴：${name}`,
            `${snap.month} 月末信用积分：${score}分（≥${t.aClassThreshold}分），尚未登记A级渠道评审结论。`,
            `请在 ${next} 登记评审结论（通过／不通过），于 ${next} 月结时生效（MG-7）。`,
          ];
    await notifier.notify({
      noticeId: `credit-aclass-${acc.id}-${snap.month}`,
      kind: 'generic',
      audience: 'staff',
      programmeId: acc.programmeId,
      text: text.join('\n'),
      ref: { entity: 'credit_account', id: acc.id },
      createdAt: snap.closedAt.toISOString(),
    });
  }
}
