import { writeXlsx, type XlsxColumn } from '../metrics/sheet.js';
import type { Caller } from '../db/types.js';
import { DomainError } from '../errors.js';
import { CREDIT_TIER_LABELS } from '../rules/credit.js';
import type { CreditContext } from './context.js';
import { creditEntriesScore, creditEntryFields, creditOpenMonth, round1 } from './entries.js';
import { creditMonthOf } from './months.js';
import { creditSettlementHold } from './settlement.js';
import type { CreditAccountRecord, CreditAppealRecord, CreditLedgerEntry } from './types.js';

/** Read models of the credit ledger: the account view (partner and staff), the account list, the month export. */
export class CreditViews {
  constructor(private readonly x: CreditContext) {}

  /** The account held by a partner; 404 when it has none. */
  async accountOf(partnerId: string): Promise<CreditAccountRecord> {
    const acc = await this.x.repos.accounts.byPartner(partnerId);
    if (!acc) throw DomainError.notFound('信用积分账户不存在');
    return acc;
  }

  async me(by: Caller) {
    return this.view(await this.accountOf(by.partnerId!));
  }

  async account(partnerId: string) {
    return this.view(await this.accountOf(partnerId));
  }

  /** MG-1: the score shown is the sum of the ledger's applied deltas, cross-checked with the stored state. */
  async view(account: CreditAccountRecord) {
    const { account: acc, entries } = await this.x.ledger.ledger(account);
    const score = creditEntriesScore(entries);
    if (score !== acc.state.score)
      console.error(`[credit] account ${acc.id}: ledger sum ${score} ≠ stored score ${acc.state.score}`);
    const [partner, months, settlements, appeals, { tables }] = await Promise.all([
      this.x.partners.get(acc.partnerId),
      this.x.repos.closes.scores(acc.id),
      this.x.repos.settlements.forAccount(acc.id),
      this.x.repos.appeals.forEntries(entries.map((e) => e.id)),
      this.x.ledger.tables(acc.programmeId),
    ]);
    const latestAppeal = new Map<string, CreditAppealRecord>();
    for (const a of appeals) latestAppeal.set(a.entryId, a);
    const reversed = new Set(entries.filter((e) => e.reverses).map((e) => e.reverses!));
    const hold = creditSettlementHold(settlements, creditMonthOf(this.x.now()));
    return {
      accountId: acc.id,
      partnerId: acc.partnerId,
      partnerName: partner?.name ?? '',
      partnerCode: partner?.code ?? '',
      programmeId: acc.programmeId,
      status: acc.status,
      score,
      tier: acc.state.tier,
      tierLabel: CREDIT_TIER_LABELS[acc.state.tier],
      aClass: acc.state.aClass,
      joinedAt: acc.state.joinedAt,
      firstMonth: acc.firstMonth,
      lastClosedMonth: acc.lastClosedMonth,
      openMonth: creditOpenMonth(acc),
      settlementHold: hold.held,
      settlementHeldUntil: hold.heldUntil,
      months: months.map((m) => ({ month: m.month, score: m.score })),
      entries: entries.map((e) => this.entryView(e, acc, reversed, latestAppeal.get(e.id))),
      next: {
        toAClass: acc.state.aClass ? 0 : Math.max(0, round1(tables.aClassThreshold - score)),
        aClassThreshold: tables.aClassThreshold,
        aClassReviewPending: acc.aClassReviewPending,
      },
    };
  }

  private entryView(
    e: CreditLedgerEntry,
    acc: CreditAccountRecord,
    reversed: Set<string>,
    appeal: CreditAppealRecord | undefined,
  ) {
    return {
      id: e.id,
      ...creditEntryFields(e),
      ...(e.reverses ? { reverses: e.reverses } : {}),
      at: e.at,
      reversed: reversed.has(e.id),
      appealable: acc.status === 'active' && isAppealable(e) && !reversed.has(e.id) && appeal?.status !== 'open',
      ...(appeal ? { appeal: { id: appeal.id, status: appeal.status } } : {}),
    };
  }

  /** Staff list of every account with its stored month-end state. */
  async list() {
    const accounts = await this.x.repos.accounts.list();
    const names = await this.x.partners.names(accounts.map((a) => a.partnerId));
    return {
      items: accounts.map((a) => ({
        partnerId: a.partnerId,
        partnerName: names.get(a.partnerId) ?? '',
        status: a.status,
        score: a.state.score,
        tier: a.state.tier,
        tierLabel: CREDIT_TIER_LABELS[a.state.tier],
        aClass: a.state.aClass,
        lastClosedMonth: a.lastClosedMonth,
        openMonth: creditOpenMonth(a),
        aClassReviewPending: a.aClassReviewPending,
      })),
    };
  }

  /** The frozen close of one account-month: inputs, tables used and outcome. */
  async snapshot(partnerId: string, month: string) {
    const acc = await this.accountOf(partnerId);
    const snap = await this.x.repos.closes.get(acc.id, month);
    if (!snap) throw DomainError.notFound(`${month} 尚未结账`);
    return snap;
  }

  /** Month-end scores of every account closed in `month`, as CSV with a UTF-8 BOM (Excel reads Chinese). */
  /** Month-end scores of every account closed through `month`, by partner code. */
  private async monthRows(month: string) {
    const snaps = await this.x.repos.closes.forMonth(month);
    const partners = new Map(
      (await Promise.all([...new Set(snaps.map((s) => s.partnerId))].map((id) => this.x.partners.get(id))))
        .filter((p) => p !== null)
        .map((p) => [p.id, p]),
    );
    return snaps
      .map((s) => ({ s, p: partners.get(s.partnerId) }))
      .sort((a, b) => (a.p?.code ?? '').localeCompare(b.p?.code ?? ''))
      .map(({ s, p }) => ({
        code: p?.code ?? s.partnerId,
        name: p?.name ?? '',
        tier: CREDIT_TIER_LABELS[s.stateAfter.tier],
        score: s.stateAfter.score,
        aClass: s.stateAfter.aClass ? '是' : '否',
      }));
  }

  async exportMonth(month: string): Promise<string> {
    const rows = (await this.monthRows(month)).map((r) => [
      csvText(r.code),
      csvText(r.name),
      r.tier,
      String(r.score),
      r.aClass,
    ]);
    const lines = [EXPORT_COLUMNS.map((c) => c.header), ...rows].map((r) => r.join(','));
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  async exportMonthXlsx(month: string): Promise<Buffer> {
    return writeXlsx(`${month} 信用积分`, EXPORT_COLUMNS, await this.monthRows(month));
  }
}

type MonthRow = { code: string; name: string; tier: string; score: number; aClass: string };
const EXPORT_COLUMNS: XlsxColumn<MonthRow>[] = [
  { header: '伙伴编码', value: (r) => r.code },
  { header: '伙伴名称', width: 30, value: (r) => r.name },
  { header: '等级', width: 20, value: (r) => r.tier },
  { header: '月末积分', format: '0.0', value: (r) => r.score },
  { header: 'A类', value: (r) => r.aClass },
];

/** Only deductions are appealed (MG-8/MG-12 entries that took points). */
export const isAppealable = (e: Pick<CreditLedgerEntry, 'kind' | 'applied'>): boolean =>
  e.kind === 'deduction' && e.applied < 0;

/** A CSV cell: quoted when needed, and a leading formula character defused. */
function csvText(v: string): string {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
