import type { Caller } from '../db/types.js';
import { DomainError } from '../errors.js';
import { ExitGuard } from '../exit/cases.js';
import { recordChange, type CreditContext } from './context.js';
import { creditReversalKey } from './entries.js';
import type { CreditAppealRecord, CreditAppealStatus, CreditLedgerEntry } from './types.js';
import { isAppealable } from './views.js';

const DECISION_STATUS = { uphold: 'upheld', reject: 'rejected' } as const;

/**
 * Issue #3 item 8: a partner appeals one of its own deductions; staff uphold (→ a reversing MG-1 entry in the open
 * month) or reject. Partners see only their own appeals and entries: anything else reads as missing.
 */
export class CreditAppeals {
  constructor(private readonly x: CreditContext) {}

  async create(dto: { entryId: string; reason: string }, by: Caller) {
    const account = await this.x.repos.accounts.byPartner(by.partnerId!);
    const entry = account ? await this.x.repos.entries.get(dto.entryId, { accountId: account.id }) : null;
    if (!account || !entry) throw DomainError.notFound('积分记录不存在');
    await new ExitGuard(this.x.partners).assertMayFile(account.partnerId); // FT-18: an exited partner files nothing new
    if (!isAppealable(entry)) throw DomainError.conflict('只能对扣分记录提出申诉');
    if (account.status !== 'active') throw DomainError.conflict('账户已退出，不能申诉');
    if (await this.x.repos.entries.byKey(creditReversalKey(account.id, entry.id)))
      throw DomainError.conflict('该扣分记录已冲正');
    const now = this.x.now();
    const appeal = await this.x.repos.appeals.open({
      accountId: account.id,
      partnerId: account.partnerId,
      entryId: entry.id,
      reason: dto.reason.trim(),
      createdBy: by.actor,
      createdAt: now,
    });
    if (!appeal) throw DomainError.conflict('该扣分记录已有待处理的申诉');
    await recordChange(this.x, by, 'credit_appeal.opened', 'credit_appeal', appeal.id, {
      after: { entryId: entry.id, status: 'open' },
      reason: appeal.reason,
    });
    await this.notifyStaff(appeal, entry);
    return this.view(appeal, entry);
  }

  async list(status: CreditAppealStatus | undefined, by: Caller) {
    const accountId = await this.accountScope(by);
    if (accountId === null) return { items: [] };
    const items = await this.x.repos.appeals.list({ accountId, status });
    return { items: await Promise.all(items.map((a) => this.view(a))) };
  }

  async get(id: string, by: Caller) {
    return this.view(await this.find(id, by));
  }

  /**
   * Staff decision, once. Upheld → a reversing entry (idempotent per original entry). Repeating the same decision
   * returns the same result (and completes a reversal a crash left undone); a different one is a 409.
   */
  async decide(id: string, dto: { decision: 'uphold' | 'reject'; reason: string }, by: Caller) {
    const status = DECISION_STATUS[dto.decision];
    const now = this.x.now();
    let appeal = await this.find(id, by);
    if (appeal.status === 'open') {
      const decided = await this.x.repos.appeals.decide(appeal.id, {
        status,
        decisionReason: dto.reason.trim(),
        decidedAt: now,
        decidedBy: by.actor,
      });
      if (decided) {
        await recordChange(this.x, by, 'credit_appeal.decided', 'credit_appeal', appeal.id, {
          before: { status: 'open' },
          after: { status },
          reason: decided.decisionReason,
        });
      }
      appeal = decided ?? (await this.find(id, by));
    }
    if (appeal.status !== status) throw DomainError.conflict(`该申诉已处理（${appeal.status}）`);
    if (appeal.status === 'upheld' && !appeal.reversalEntryId) {
      const reversal = await this.x.ledger.applyUpheldAppeal(appeal, by.actor, now);
      appeal = { ...appeal, reversalEntryId: reversal.id };
    }
    return this.view(appeal);
  }

  private async find(id: string, by: Caller): Promise<CreditAppealRecord> {
    const accountId = await this.accountScope(by);
    const appeal = await this.x.repos.appeals.get(id, { accountId: accountId === null ? '' : accountId });
    if (!appeal) throw DomainError.notFound('申诉不存在');
    return appeal;
  }

  /** The caller's scope (its partnerId) as a credit account: undefined for staff, null for a partner without an account. */
  private async accountScope(by: Caller): Promise<string | undefined | null> {
    const { partnerId } = by;
    return partnerId ? ((await this.x.repos.accounts.byPartner(partnerId))?.id ?? null) : undefined;
  }

  private async view(a: CreditAppealRecord, known?: CreditLedgerEntry) {
    const entry = known ?? (await this.x.repos.entries.get(a.entryId));
    const partner = await this.x.partners.get(a.partnerId);
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
    const partner = await this.x.partners.get(a.partnerId);
    try {
      await this.x.notifier?.notify({
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
      console.warn(`[credit] could not queue the notice of appeal ${a.id}: ${(err as Error).message}`);
    }
  }
}
