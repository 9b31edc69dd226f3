import { Injectable, Logger } from '@nestjs/common';
import {
  ExitGuard,
  Notifier,
  PartnerRepository,
  creditReversalKey,
  type CreditAppealRecord,
  type CreditAppealStatus,
  type CreditLedgerEntry,
  type CreditFeature,
  DomainError,
} from '@huoban/core';
import { AuditTrail } from '../../common/audit.service.js';
import { actorOf, scopeOf, type AuthUser } from '../../common/auth.js';
import { Clock } from '../../common/infra.module.js';
import { InjectCredit } from './credit.providers.js';
import { isAppealable } from './credit-views.service.js';
import type { CreateAppealDto, DecideAppealDto } from './credit.dto.js';

const DECISION_STATUS = { uphold: 'upheld', reject: 'rejected' } as const;

/**
 * Issue #3 item 8: a partner appeals one of its own deductions; staff uphold (→ a reversing MG-1 entry in the open
 * month) or reject. Partners see only their own appeals and entries: anything else reads as missing.
 */
@Injectable()
export class AppealsService {
  private readonly log = new Logger('CreditAppeals');

  constructor(
    @InjectCredit() private readonly credit: CreditFeature,
    private readonly partners: PartnerRepository,
    private readonly notifier: Notifier,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateAppealDto, user: AuthUser) {
    const account = await this.credit.repos.accounts.byPartner(user.partnerId!);
    const entry = account ? await this.credit.repos.entries.get(dto.entryId, { accountId: account.id }) : null;
    if (!account || !entry) throw DomainError.notFound('积分记录不存在');
    await new ExitGuard(this.partners).assertMayFile(account.partnerId); // FT-18: an exited partner files nothing new
    if (!isAppealable(entry)) throw DomainError.conflict('只能对扣分记录提出申诉');
    if (account.status !== 'active') throw DomainError.conflict('账户已退出，不能申诉');
    if (await this.credit.repos.entries.byKey(creditReversalKey(account.id, entry.id)))
      throw DomainError.conflict('该扣分记录已冲正');
    const now = this.clock.now();
    const appeal = await this.credit.repos.appeals.open({
      accountId: account.id,
      partnerId: account.partnerId,
      entryId: entry.id,
      reason: dto.reason.trim(),
      createdBy: actorOf(user),
      createdAt: now,
    });
    if (!appeal) throw DomainError.conflict('该扣分记录已有待处理的申诉');
    await this.audit.record(user, 'credit_appeal.opened', 'credit_appeal', appeal.id, {
      after: { entryId: entry.id, status: 'open' },
      reason: appeal.reason,
    });
    await this.notifyStaff(appeal, entry);
    return this.view(appeal, entry);
  }

  async list(status: CreditAppealStatus | undefined, user: AuthUser) {
    const accountId = await this.accountScope(user);
    if (accountId === null) return { items: [] };
    const items = await this.credit.repos.appeals.list({ accountId, status });
    return { items: await Promise.all(items.map((a) => this.view(a))) };
  }

  async get(id: string, user: AuthUser) {
    return this.view(await this.find(id, user));
  }

  /**
   * Staff decision, once. Upheld → a reversing entry (idempotent per original entry). Repeating the same decision
   * returns the same result (and completes a reversal a crash left undone); a different one is a 409.
   */
  async decide(id: string, dto: DecideAppealDto, user: AuthUser) {
    const status = DECISION_STATUS[dto.decision];
    const now = this.clock.now();
    let appeal = await this.find(id, user);
    if (appeal.status === 'open') {
      const decided = await this.credit.repos.appeals.decide(appeal.id, {
        status,
        decisionReason: dto.reason.trim(),
        decidedAt: now,
        decidedBy: actorOf(user),
      });
      if (decided) {
        await this.audit.record(user, 'credit_appeal.decided', 'credit_appeal', appeal.id, {
          before: { status: 'open' },
          after: { status },
          reason: decided.decisionReason,
        });
      }
      appeal = decided ?? (await this.find(id, user));
    }
    if (appeal.status !== status) throw DomainError.conflict(`该申诉已处理（${appeal.status}）`);
    if (appeal.status === 'upheld' && !appeal.reversalEntryId) {
      const reversal = await this.credit.ledger.applyUpheldAppeal(appeal, actorOf(user), now);
      appeal = { ...appeal, reversalEntryId: reversal.id };
    }
    return this.view(appeal);
  }

  private async find(id: string, user: AuthUser): Promise<CreditAppealRecord> {
    const accountId = await this.accountScope(user);
    const appeal = await this.credit.repos.appeals.get(id, { accountId: accountId === null ? '' : accountId });
    if (!appeal) throw DomainError.notFound('申诉不存在');
    return appeal;
  }

  /** The caller's scope (scopeOf) as a credit account: undefined for staff, null for a partner without an account. */
  private async accountScope(user: AuthUser): Promise<string | undefined | null> {
    const { partnerId } = scopeOf(user);
    return partnerId ? ((await this.credit.repos.accounts.byPartner(partnerId))?.id ?? null) : undefined;
  }

  private async view(a: CreditAppealRecord, known?: CreditLedgerEntry) {
    const entry = known ?? (await this.credit.repos.entries.get(a.entryId));
    const partner = await this.partners.get(a.partnerId);
    return {
      id: a.id,
      entryId: a.entryId,
      partnerId: a.partnerId,
      partnerName: partner?.name ?? '',
      entry: entry
        ? {
            month: entry.month,
            rule: entry.rule,
            kind: entry.kind,
            applied: entry.applied,
            reason: entry.reason,
            at: entry.at,
          }
        : null,
      reason: a.reason,
      status: a.status,
      decisionReason: a.decisionReason ?? null,
      decidedAt: a.decidedAt ?? null,
      reversalEntryId: a.reversalEntryId ?? null,
      createdAt: a.createdAt,
    };
  }

  private async notifyStaff(a: CreditAppealRecord, entry: CreditLedgerEntry) {
    const partner = await this.partners.get(a.partnerId);
    try {
      await this.notifier.notify({
        noticeId: `credit-appeal-${a.id}`,
        kind: 'generic',
        audience: 'staff',
        ...(partner && { programmeId: partner.programmeId }),
        text: [
          '【信用积分申诉】',
          `伙伴：${partner?.name ?? a.partnerId}`,
          `申诉记录：${entry.month} ${entry.reason}（${entry.applied}分）`,
          `申诉理由：${a.reason}`,
          '请在管理端处理。',
        ].join('\n'),
        ref: { entity: 'credit_appeal', id: a.id },
        createdAt: a.createdAt.toISOString(),
      });
    } catch (err) {
      this.log.warn(`could not queue the notice of appeal ${a.id}: ${(err as Error).message}`);
    }
  }
}
