import type { Caller, PartnerRecord } from '../db/types.js';
import { DomainError, invalidMessages } from '../errors.js';
import { shanghaiDate } from '../calendar/index.js';
import { creditDeductionFromCatalogue, type CreditEvent, type DeductionCategory, type Tier } from '../rules/credit.js';
import { isDayInRange } from '../validation/bounds.js';
import { recordChange, type CreditContext } from './context.js';
import { creditMonthOf, creditRankedQuarter } from './months.js';
import { creditSettlementHold, severeHeldUntil } from './settlement.js';
import type { CreditEventRecord, CreditSettlementKind, CreditSettlementRecord } from './types.js';
import type { CreditViews } from './views.js';

/** MG-2: what opening an account takes. */
export interface OpenAccountInput {
  partnerId: string;
  tier: Tier;
  /** the day the channel joined (YYYY-MM-DD) */
  joinedAt: string;
  /** the first ledger month (default: the month of joinedAt) */
  firstMonth?: string;
}

/** MG-3: the partner an account moves to, and why. */
export interface TransferInput {
  toPartnerId: string;
  reason: string;
}

export const CREDIT_EVENT_INPUT_TYPES = ['deduction', 'rerate', 'quarterRank', 'aClassReview'] as const;
export type CreditEventInputType = (typeof CREDIT_EVENT_INPUT_TYPES)[number];

/** One input for an open month; the fields needed depend on `type`. */
export interface RegisterEventInput {
  type: CreditEventInputType;
  month: string;
  category?: DeductionCategory;
  code?: string;
  note?: string;
  ref?: string;
  tier?: Tier;
  quarter?: string;
  rank?: number;
  of?: number;
  result?: 'pass' | 'fail';
}

/** MG-9/MG-10: one settlement record. */
export interface SettlementInput {
  kind: CreditSettlementKind;
  month: string;
  amount: number;
  shortfall?: number;
  reason: string;
  ref?: string;
}

/** Fields each event type takes besides `type` and `month`. */
const EVENT_FIELDS: Record<CreditEventInputType, (keyof RegisterEventInput)[]> = {
  deduction: ['category', 'code', 'note', 'ref'],
  rerate: ['tier'],
  quarterRank: ['quarter', 'rank', 'of'],
  aClassReview: ['result'],
};
const ALL_EVENT_FIELDS = [...new Set(Object.values(EVENT_FIELDS).flat())];

/** Staff operations on credit accounts: open, transfer, monthly inputs, settlement, exit, and the month close. */
export class CreditAccounts {
  constructor(
    private readonly x: CreditContext,
    private readonly views: CreditViews,
  ) {}

  /** MG-2: opens the account of a partner in a `credit`-rulebook programme with its initial entry. */
  async open(dto: OpenAccountInput, by: Caller) {
    const now = this.x.now();
    const current = creditMonthOf(now);
    if (!isDayInRange(dto.joinedAt)) throw DomainError.invalidList(['joinedAt: 请填写真实的加入日期（YYYY-MM-DD）']);
    if (dto.joinedAt > shanghaiDate(now)) throw DomainError.invalidList(['joinedAt: 加入日期不能晚于今天']);
    const firstMonth = dto.firstMonth ?? dto.joinedAt.slice(0, 7);
    if (firstMonth < dto.joinedAt.slice(0, 7))
      throw DomainError.invalidList(['firstMonth: 首个计分月不能早于加入月份']);
    if (firstMonth > current) throw DomainError.invalidList(['firstMonth: 首个计分月不能晚于本月']);
    const partner = await this.creditPartner(dto.partnerId, 'partnerId');
    const account = await this.x.ledger.open(
      partner,
      { tier: dto.tier, joinedAt: dto.joinedAt },
      firstMonth,
      by.actor,
      now,
    );
    return this.views.view(account);
  }

  /** MG-3: the account, its state and its ledger move to another partner (rename, sale or transfer). */
  async transfer(partnerId: string, dto: TransferInput, by: Caller) {
    const account = await this.views.accountOf(partnerId);
    if (dto.toPartnerId === account.partnerId) throw DomainError.invalidList(['toPartnerId: 请选择另一个伙伴']);
    const [from, to] = await Promise.all([
      this.x.partners.get(account.partnerId),
      this.creditPartner(dto.toPartnerId, 'toPartnerId'),
    ]);
    if (!from) throw DomainError.notFound('伙伴不存在');
    if (to.programmeId !== account.programmeId) throw DomainError.conflict('目标伙伴不在同一项目中');
    const moved = await this.x.ledger.transfer(account, from, to, dto.reason.trim(), by.actor, this.x.now());
    return this.views.view(moved);
  }

  /** MG-4/6/7/8/12 inputs for an open month, each audited. */
  async registerEvent(partnerId: string, dto: RegisterEventInput, by: Caller) {
    const extra = ALL_EVENT_FIELDS.filter((f) => dto[f] !== undefined && !EVENT_FIELDS[dto.type].includes(f));
    if (extra.length) throw DomainError.invalidList(extra.map((f) => `${f}: 该类型的事件不填写此项`));
    const now = this.x.now();
    if (dto.month > creditMonthOf(now)) throw DomainError.invalidList(['month: 月份不能晚于本月']);
    const account = await this.views.accountOf(partnerId);
    const event = await this.toEvent(dto, account.programmeId);
    const stored = await this.x.ledger.registerEvent(
      account,
      { event, code: dto.code, note: dto.note?.trim() },
      by.actor,
      now,
    );
    await recordChange(this.x, by, 'credit_event.registered', 'credit_event', stored.id, {
      after: { accountId: account.id, partnerId: account.partnerId, month: stored.month, event, code: dto.code },
    });
    return eventView(stored);
  }

  async listEvents(partnerId: string, month?: string) {
    const account = await this.views.accountOf(partnerId);
    return { items: (await this.x.repos.events.forAccount(account.id, month)).map(eventView) };
  }

  private async toEvent(dto: RegisterEventInput, programmeId: string): Promise<CreditEvent> {
    const { month } = dto;
    switch (dto.type) {
      case 'deduction': {
        const { tables } = await this.x.ledger.tables(programmeId);
        try {
          const d = creditDeductionFromCatalogue(tables, dto.category!, dto.code!.trim(), month, dto.ref?.trim());
          return dto.note?.trim() ? { ...d, reason: `${d.reason}（${dto.note.trim()}）` } : d;
        } catch (e) {
          const messages = invalidMessages(e);
          if (messages) throw DomainError.invalidList(messages);
          throw e;
        }
      }
      case 'rerate':
        return { month, type: 'rerate', tier: dto.tier! };
      case 'quarterRank':
        return {
          month,
          type: 'quarterRank',
          quarter: dto.quarter ?? creditRankedQuarter(month),
          rank: dto.rank!,
          of: dto.of!,
        };
      case 'aClassReview':
        return { month, type: 'aClassReview', result: dto.result! };
    }
  }

  // ------------------------------------------------------------ settlement (MG-9, MG-10)

  async settlement(partnerId: string) {
    const account = await this.views.accountOf(partnerId);
    return this.settlementView(account.partnerId, await this.x.repos.settlements.forAccount(account.id));
  }

  async addSettlement(partnerId: string, dto: SettlementInput, by: Caller) {
    const now = this.x.now();
    if (dto.month > creditMonthOf(now)) throw DomainError.invalidList(['month: 月份不能晚于本月']);
    if (dto.shortfall !== undefined && dto.kind !== 'refund-offset')
      throw DomainError.invalidList(['shortfall: 仅退款冲抵可填写差额']);
    if ((dto.shortfall ?? 0) > dto.amount) throw DomainError.invalidList(['shortfall: 差额不能超过金额']);
    const account = await this.views.accountOf(partnerId);
    const record = await this.x.repos.settlements.create({
      accountId: account.id,
      partnerId: account.partnerId,
      kind: dto.kind,
      month: dto.month,
      amount: dto.amount,
      shortfall: dto.shortfall ?? 0,
      heldUntil: dto.kind === 'severe-penalty' ? severeHeldUntil(dto.month) : null,
      reason: dto.reason.trim(),
      ...(dto.ref ? { ref: dto.ref.trim() } : {}),
      actor: by.actor,
      at: now,
    });
    await recordChange(this.x, by, 'credit_settlement.recorded', 'credit_settlement', record.id, {
      after: record,
      reason: record.reason,
    });
    return this.settlementView(account.partnerId, await this.x.repos.settlements.forAccount(account.id));
  }

  /** MG-9: the recovered shortfall is paid; settlement resumes unless something else holds it. */
  async settlementPaid(partnerId: string, id: string, by: Caller, reason?: string) {
    const account = await this.views.accountOf(partnerId);
    const paid = await this.x.repos.settlements.markPaid(id, account.id, this.x.now());
    if (!paid) {
      const existing = await this.x.repos.settlements.get(id, account.id);
      if (!existing) throw DomainError.notFound('结算记录不存在');
      throw DomainError.conflict(existing.kind === 'refund-offset' ? '该差额已缴清' : '严重违约暂停结算不能提前解除');
    }
    await recordChange(this.x, by, 'credit_settlement.paid', 'credit_settlement', id, {
      before: { paidAt: null },
      after: { paidAt: paid.paidAt },
      reason,
    });
    return this.settlementView(account.partnerId, await this.x.repos.settlements.forAccount(account.id));
  }

  private settlementView(partnerId: string, records: CreditSettlementRecord[]) {
    const hold = creditSettlementHold(records, creditMonthOf(this.x.now()));
    return {
      partnerId,
      settlementHold: hold.held,
      heldUntil: hold.heldUntil,
      unpaidShortfall: hold.unpaidShortfall,
      reasons: hold.reasons,
      records: records.map(({ accountId: _a, ...r }) => r),
    };
  }

  // ------------------------------------------------------------ MG-11

  /** Exit for a major violation: the company goes on the bad-credit list and the account closes for good. */
  async majorViolationExit(partnerId: string, reason: string, by: Caller) {
    const account = await this.views.accountOf(partnerId);
    const partner = await this.x.partners.get(account.partnerId);
    if (!partner) throw DomainError.notFound('伙伴不存在');
    const now = this.x.now();
    const existing = await this.x.repos.badCredit.byPartner(partner.id);
    if (existing && account.status === 'exited') throw DomainError.conflict('该伙伴已因重大违约退出并列入不良信用名单');
    const listing =
      existing ??
      (await this.x.repos.badCredit.list({
        companyName: partner.name,
        partnerId: partner.id,
        reason: reason.trim(),
        listedAt: now,
        actor: by.actor,
      })) ??
      (await this.x.repos.badCredit.byPartner(partner.id));
    if (!existing && listing)
      await recordChange(this.x, by, 'credit.bad_credit_listed', 'bad_credit', listing.id, {
        after: { companyName: listing.companyName, partnerId: partner.id },
        reason,
      });
    const exited = await this.x.ledger.exit(account, reason.trim(), by.actor, now);
    return { partnerId: partner.id, status: exited.status, listing };
  }

  async badCreditList() {
    return { items: await this.x.repos.badCredit.all() };
  }

  async isListed(companyName: string) {
    return { companyName, listed: await this.x.repos.badCredit.isListed(companyName) };
  }

  // ------------------------------------------------------------ MG-13

  /** Closes every account through `month` (one month at a time); idempotent. */
  async closeMonth(month: string, by: Caller) {
    const report = await this.x.ledger.closeThrough(month, by.actor, this.x.now());
    await recordChange(this.x, by, 'credit.month_close_requested', 'credit_month', month, {
      after: { closed: report.closed.length, failed: report.failed.length },
    });
    return report;
  }

  /** A partner of a `credit`-rulebook programme, or 400/409. */
  private async creditPartner(id: string, field: string): Promise<PartnerRecord> {
    const partner = await this.x.partners.get(id);
    if (!partner) throw DomainError.invalidList([`${field}: 伙伴不存在`]);
    const programme = await this.x.programmes.get(partner.programmeId);
    if (programme?.rulebook !== 'credit') throw DomainError.conflict('该伙伴所在项目不使用信用积分规则（credit）');
    return partner;
  }
}

function eventView(e: CreditEventRecord) {
  return {
    id: e.id,
    partnerId: e.partnerId,
    ...e.event,
    ...(e.code ? { code: e.code } : {}),
    ...(e.note ? { note: e.note } : {}),
    status: e.status,
    ...(e.voidReason ? { voidReason: e.voidReason } : {}),
    by: e.actor.name ?? e.actor.id,
    at: e.at,
  };
}
