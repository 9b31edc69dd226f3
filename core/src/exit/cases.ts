/**
 * The exit case (FT-17 triggers, FT-18 flow): its reads (the live blockers, the precheck, the staff queue), how a case
 * is opened (one open case per partner, one per trigger key), the one step through the transition primitive, and
 * its deadline timers scheduled at once after each step (the worker's sweeper stays the repair path).
 */
import type { Connection } from 'mongoose';
import type { WorkCalendar } from '../calendar/index.js';
import { shanghaiDate } from '../calendar/index.js';
import type { CreditRepositories } from '../credit/repositories.js';
import type { CreditLedger } from '../credit/ledger.js';
import { creditMonthOf } from '../credit/months.js';
import { creditSettlementHold } from '../credit/settlement.js';
import {
  type AuditRepository,
  type ComplaintRepository,
  type PartnerRepository,
  type ScoreEventRepository,
  isObjectId,
} from '../db/repositories.js';
import type { Actor, PartnerRecord } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { ScorecardRepositories } from '../scorecards/repositories.js';
import { mayFile } from '../partners/lifecycle.js';
import type { PartnerLifecycle } from '../partners/service.js';
import type { NoticeSink, Transitions } from '../workflow/transitions.js';
import { exitOpenedNotice, exitPartnerMessage, type exitTerminatedNotice } from './notices.js';
import { toExitCase, type ExitCaseRecord, type ExitCaseRepository, type NewExitCase } from './repository.js';
import {
  EXIT_STATUS_LABEL,
  EXIT_TRIGGERS,
  canMoveExit,
  exitTimeline,
  isExitOpen,
  nextExitDue,
  type ExitStatus,
  type ExitTrigger,
} from './rules.js';
import { EXIT_CASE_MODEL } from './schemas.js';
import type { ExitTimerScheduler } from './timers.js';

export const EXIT_BLOCKER_KINDS = ['complaint', 'appeal', 'settlement', 'rectification'] as const;
export interface ExitBlocker {
  kind: (typeof EXIT_BLOCKER_KINDS)[number];
  id: string;
  label: string;
}

export interface CalendarProvider {
  get(): Promise<WorkCalendar>;
}

/**
 * Moves a partner's status for the exit workflow: the one seam to the partner lifecycle (core/src/partners,
 * `PartnerLifecycle.move` through the transition primitive). Idempotent: an exited partner stays as it is.
 */
export type MovePartner = (partnerId: string, to: 'exited', m: { actor: Actor; reason: string }) => Promise<void>;

export const lifecycleMover =
  (lifecycle: PartnerLifecycle): MovePartner =>
  async (partnerId, to, { actor, reason }) => {
    for (let attempt = 0; ; attempt++) {
      const p = await lifecycle.get(partnerId);
      if (p.status === to) return;
      try {
        await lifecycle.move(partnerId, to, { actor, reason, action: `partner.${to}` });
        return;
      } catch (e) {
        // another step took the partner's revision meanwhile: re-read and try again
        if (!(e instanceof DomainError && e.code === 'conflict') || attempt >= 5) throw e;
      }
    }
  };

/**
 * FT-18 effects: an exited partner may read but not file (complaint reply, appeal, rectification, exit request).
 * The same rule as `PartnerLifecycle.assertMayFile`, for callers that hold only the partner repository.
 */
export class ExitGuard {
  constructor(private readonly partners: Pick<PartnerRepository, 'get'>) {}
  async assertMayFile(partnerId: string): Promise<void> {
    const p = await this.partners.get(partnerId);
    if (p && !mayFile(p.status)) throw DomainError.conflict('伙伴已退出合作，不能再提交新的办理事项');
  }
}

export interface ExitDeps {
  notifier?: NoticeSink | null;
  calendar: CalendarProvider;
  /** defaults to PartnerLifecycle.move */
  movePartner?: MovePartner;
  /**
   * FT-18 deadline timers, scheduled right after a case enters a deadline-driven stage (ids
   * `exit-<caseId>-<stage>-<warn|overdue>`); without it (or while Redis is away) the worker's sweeper schedules them.
   */
  timers?: Pick<ExitTimerScheduler, 'schedule'> | null;
  /** a timer that could not be scheduled is left to the sweeper; this hears about it */
  onScheduleError?: (c: ExitCaseRecord, err: Error) => void;
}

export interface OpenCaseInput {
  partnerId: string;
  trigger: ExitTrigger;
  reason: string;
  evidence?: Record<string, unknown>;
  /** idempotency of an automatic trigger, e.g. `FT-14-<rectificationId>` */
  triggerKey?: string;
  desiredEndOn?: string | null;
  commitment?: boolean;
}

export const requiredText = (v: unknown, field: string, max = 1000): string => {
  if (typeof v !== 'string' || !v.trim()) throw DomainError.invalid(`${field} 不能为空`, { field });
  if (v.length > max) throw DomainError.invalid(`${field} 不能超过 ${max} 个字符`, { field });
  return v.trim();
};

/** The exit case and its one step; `ExitRequests` and `ExitService` add the use-cases on top. */
export class ExitCases {
  readonly guard: ExitGuard;
  protected readonly movePartner: MovePartner;
  constructor(
    protected readonly conn: Connection,
    readonly cases: ExitCaseRepository,
    readonly partners: PartnerRepository,
    protected readonly complaints: ComplaintRepository,
    readonly credit: CreditRepositories,
    protected readonly ledger: CreditLedger,
    readonly scorecards: ScorecardRepositories,
    protected readonly scoreEvents: ScoreEventRepository,
    protected readonly audit: AuditRepository,
    readonly transitions: Transitions,
    protected readonly lifecycle: PartnerLifecycle,
    protected readonly deps: ExitDeps,
  ) {
    this.guard = new ExitGuard(partners);
    this.movePartner = deps.movePartner ?? lifecycleMover(lifecycle);
  }

  // ------------------------------------------------------------------ reads

  /** FT-18 precheck: the live blockers (computed, never typed). */
  async blockers(partnerId: string, now: Date): Promise<ExitBlocker[]> {
    return (await this.blockersOf([partnerId], now)).get(partnerId) ?? [];
  }

  /**
   * The live blockers of several partners (the staff queue's cards): one `$in` read per blocker kind, not one per
   * case. Each partner's list is in the order `blockers` gives: complaints, appeals, settlements, rectifications.
   */
  async blockersOf(partnerIds: string[], now: Date): Promise<Map<string, ExitBlocker[]>> {
    const ids = [...new Set(partnerIds)];
    const out = new Map<string, ExitBlocker[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const add = (partnerId: string, b: ExitBlocker) => out.get(partnerId)?.push(b);
    const [complaints, accounts, rectifications] = await Promise.all([
      this.complaints.ofPartners(ids, ['open', 'replied']),
      this.credit.accounts.byPartners(ids),
      this.scorecards.rectifications.list({ partnerIdIn: ids, statusIn: ['open', 'submitted'] }, 500 * ids.length),
    ]);
    const accountIds = accounts.map((a) => a.id);
    const [appeals, settlements] = accountIds.length
      ? await Promise.all([
          this.credit.appeals.list({ accountIdIn: accountIds, status: 'open' }, 500 * accountIds.length),
          this.credit.settlements.forAccounts(accountIds),
        ])
      : [[], []];
    for (const c of complaints) add(c.partnerId, { kind: 'complaint', id: c.id, label: `未办结投诉 ${c.no}` });
    const month = creditMonthOf(now);
    for (const account of accounts) {
      for (const a of appeals)
        if (a.accountId === account.id)
          add(account.partnerId, { kind: 'appeal', id: a.id, label: '未决申诉（信用积分）' });
      const records = settlements.filter((r) => r.accountId === account.id);
      const hold = creditSettlementHold(records, month);
      for (const r of records)
        if (
          (r.kind === 'refund-offset' && r.shortfall > 0 && !r.paidAt) ||
          (r.kind === 'severe-penalty' && r.heldUntil && r.heldUntil >= month)
        )
          add(account.partnerId, {
            kind: 'settlement',
            id: r.id,
            label: hold.reasons.find((x) => x.includes(r.month)) ?? '未结清结算',
          });
    }
    for (const r of rectifications)
      add(r.partnerId, { kind: 'rectification', id: r.id, label: `未完成整改（${r.period}）` });
    return out;
  }

  /** The contract's last day (the one contract record), or null when none is recorded. */
  protected async termEndsOn(partnerId: string): Promise<string | null> {
    return (await this.lifecycle.contract(partnerId))?.endsAt ?? null;
  }

  /** What the partner sees before filing: blockers, the earliest end date, the deadlines if filed now. */
  async precheck(partnerId: string, now: Date) {
    const partner = await this.partner(partnerId);
    const cal = await this.deps.calendar.get();
    const t = exitTimeline({ appliedAt: now, termEndsOn: await this.termEndsOn(partner.id) }, cal);
    const [blockers, open] = await Promise.all([this.blockers(partner.id, now), this.cases.openFor(partner.id)]);
    return {
      partnerStatus: partner.status,
      blockers,
      earliestEndOn: t.earliestEndOn,
      approvalStartDueAt: t.approvalStartDueAt,
      openCaseId: open?.id ?? null,
      mayApply: partner.status !== 'exited' && !open,
    };
  }

  async get(id: string, scope: { partnerId?: string } = {}): Promise<ExitCaseRecord> {
    const c = await this.cases.get(id, scope);
    if (!c) throw DomainError.notFound('退出申请不存在');
    return c;
  }

  /** The staff queue: open cases, the earliest next due first. */
  async queue(): Promise<ExitCaseRecord[]> {
    const open = await this.cases.list({ statusIn: ['requested', 'precheck', 'approval', 'approved'] });
    const due = (c: ExitCaseRecord) => nextExitDue(c)?.dueAt.getTime() ?? Number.MAX_SAFE_INTEGER;
    return open.sort((a, b) => due(a) - due(b) || a.appliedAt.getTime() - b.appliedAt.getTime());
  }

  protected async open(input: OpenCaseInput, status: ExitStatus, actor: Actor, now: Date): Promise<ExitCaseRecord> {
    const partner = await this.partner(input.partnerId);
    if (partner.status === 'exited') throw DomainError.conflict('伙伴已退出合作');
    const cal = await this.deps.calendar.get();
    const t = exitTimeline({ appliedAt: now, termEndsOn: await this.termEndsOn(partner.id) }, cal);
    const blockers = status === 'precheck' ? await this.blockers(partner.id, now) : null;
    const c: NewExitCase = {
      partnerId: partner.id,
      programmeId: partner.programmeId,
      partnerName: partner.name,
      trigger: input.trigger,
      rule: EXIT_TRIGGERS[input.trigger].rule,
      evidence: input.evidence ?? {},
      openedBy: actor,
      status,
      triggerKey: input.triggerKey,
      reason: input.reason,
      desiredEndOn: input.desiredEndOn ?? null,
      commitment: Boolean(input.commitment),
      appliedAt: now,
      earliestEndOn: t.earliestEndOn,
      precheckAt: status === 'precheck' ? now : null,
      blockersAtPrecheck: blockers,
      clearedAt: null,
      approvalStartedAt: null,
      decidedAt: null,
      decisionReason: null,
      approvedAt: null,
      terminatedAt: null,
      terminationNote: null,
      endOn: null,
      earlyTermination: null,
      effectsAppliedAt: null,
      approvalStartDueAt: t.approvalStartDueAt,
      approvalDueAt: null,
      terminationDueAt: null,
      provisional: t.provisional,
      calendarVersion: t.calendarVersion,
    };
    const res = await this.cases.create(c);
    if (!res.created)
      throw DomainError.conflict(res.key === 'triggerKey' ? '该触发事项已立案' : '该伙伴已有进行中的退出申请', {
        openCaseId: res.existing?.id ?? null,
      });
    const created = res.case;
    await this.audit.appendMany([
      {
        key: `exit_case-${created.id}-opened`,
        at: now,
        actor,
        action: 'exit_case.opened',
        entity: 'exit_case',
        entityId: created.id,
        reason: created.reason,
        after: { status, trigger: created.trigger, partnerId: created.partnerId, evidence: created.evidence },
      },
    ]);
    await this.deps.notifier?.notify(exitOpenedNotice(created));
    await this.deps.notifier?.message?.(exitPartnerMessage(created));
    await this.scheduleTimers(created, now);
    return created;
  }

  // ------------------------------------------------------------------ transitions

  /** One step through the transition primitive, from the revision just read; 409 when it was taken. */
  protected async step(
    c: ExitCaseRecord,
    to: ExitStatus,
    action: string,
    actor: Actor,
    now: Date,
    set: Record<string, unknown> = {},
    reason?: string,
    notices = [] as ReturnType<typeof exitTerminatedNotice>[],
  ): Promise<ExitCaseRecord> {
    if (!canMoveExit(c.status, to))
      throw DomainError.conflict(`退出申请当前状态（${EXIT_STATUS_LABEL[c.status]}）不能${EXIT_STATUS_LABEL[to]}`);
    const closing = !isExitOpen(to);
    const doc = await this.transitions.apply({
      model: EXIT_CASE_MODEL,
      entity: 'exit_case',
      id: c.id,
      rev: c.rev,
      action,
      actor,
      reason,
      at: now,
      set: { status: to, ...set, ...(closing && { openKey: c.id }) },
      push: { history: { at: now, action, from: c.status, to, actor, ...(reason && { reason }) } },
      before: { status: c.status },
      after: { status: to, ...set },
      notices,
    });
    const moved = toExitCase(doc);
    await this.deps.notifier?.message?.(exitPartnerMessage(moved)); // FT-18: each step reaches the partner
    await this.scheduleTimers(moved, now);
    return moved;
  }

  /** Schedules the case's future deadline timers now; a failure (Redis away) is left to the sweeper. */
  protected async scheduleTimers(c: ExitCaseRecord, now: Date): Promise<void> {
    if (!this.deps.timers) return;
    try {
      await this.deps.timers.schedule(c, now, (id) => this.cases.alertSent(id));
    } catch (err) {
      this.deps.onScheduleError?.(c, err as Error);
    }
  }

  protected async partner(id: string): Promise<PartnerRecord> {
    const p = isObjectId(id) ? await this.partners.get(id) : null;
    if (!p) throw DomainError.notFound('伙伴不存在');
    return p;
  }

  /** Beijing date helper for reports. */
  static day(at: Date | null): string {
    return at ? shanghaiDate(at) : '';
  }
}
