/**
 * The exit workflow (FT-17 triggers, FT-18 flow, FT-14 failed rectification, MG-11 major violation): cases,
 * live blockers, every state change through the one transition primitive, and the effects of termination.
 */
import type { Connection } from 'mongoose';
import type { WorkCalendar } from '../calendar/index.js';
import { isValidDateString, shanghaiDate } from '../calendar/index.js';
import { connectCredit } from '../credit/feature.js';
import type { CreditRepositories } from '../credit/repositories.js';
import type { CreditLedger } from '../credit/ledger.js';
import { creditMonthOf } from '../credit/months.js';
import { creditSettlementHold } from '../credit/settlement.js';
import {
  AuditRepository,
  ComplaintRepository,
  PartnerRepository,
  ScoreEventRepository,
  isObjectId,
} from '../db/repositories.js';
import { models } from '../db/schemas.js';
import type { Actor, PartnerRecord } from '../db/types.js';
import { DomainError } from '../errors.js';
import { periodOf } from '../rules/scorecard.js';
import { connectScorecards } from '../scorecards/feature.js';
import type { ScorecardRepositories } from '../scorecards/repositories.js';
import { mayFile } from '../partners/lifecycle.js';
import { PartnerLifecycle } from '../partners/service.js';
import { Transitions, type NoticeSink } from '../workflow/transitions.js';
import { exitOpenedNotice, exitTerminatedNotice } from './notices.js';
import { ExitCaseRepository, toExitCase, type ExitCaseRecord, type NewExitCase } from './repository.js';
import {
  EXIT_STATUS_LABEL,
  EXIT_TRIGGERS,
  canMoveExit,
  earliestEndOn,
  exitTimeline,
  isExitOpen,
  mayWithdraw,
  nextExitDue,
  type ExitStatus,
  type ExitTrigger,
} from './rules.js';
import { EXIT_CASE_MODEL, exitModels } from './schemas.js';

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

const trimmed = (v: unknown, field: string, max = 1000): string => {
  if (typeof v !== 'string' || !v.trim()) throw DomainError.invalid(`${field} 不能为空`, { field });
  if (v.length > max) throw DomainError.invalid(`${field} 不能超过 ${max} 个字符`, { field });
  return v.trim();
};

export class ExitService {
  readonly guard: ExitGuard;
  private readonly movePartner: MovePartner;
  constructor(
    private readonly conn: Connection,
    readonly cases: ExitCaseRepository,
    readonly partners: PartnerRepository,
    private readonly complaints: ComplaintRepository,
    readonly credit: CreditRepositories,
    private readonly ledger: CreditLedger,
    readonly scorecards: ScorecardRepositories,
    private readonly scoreEvents: ScoreEventRepository,
    private readonly audit: AuditRepository,
    readonly transitions: Transitions,
    private readonly lifecycle: PartnerLifecycle,
    private readonly deps: ExitDeps,
  ) {
    this.guard = new ExitGuard(partners);
    this.movePartner = deps.movePartner ?? lifecycleMover(lifecycle);
  }

  // ------------------------------------------------------------------ reads

  /** FT-18 precheck: the live blockers (computed, never typed). */
  async blockers(partnerId: string, now: Date): Promise<ExitBlocker[]> {
    const out: ExitBlocker[] = [];
    const { items } = await this.complaints.list({ partnerId, statusIn: ['open', 'replied'] }, 1, 200);
    for (const c of items) out.push({ kind: 'complaint', id: c.id, label: `未办结投诉 ${c.no}` });
    const account = await this.credit.accounts.byPartner(partnerId);
    if (account) {
      for (const a of await this.credit.appeals.list({ accountId: account.id, status: 'open' }))
        out.push({ kind: 'appeal', id: a.id, label: '未决申诉（信用积分）' });
      const records = await this.credit.settlements.forAccount(account.id);
      const hold = creditSettlementHold(records, creditMonthOf(now));
      for (const r of records)
        if (
          (r.kind === 'refund-offset' && r.shortfall > 0 && !r.paidAt) ||
          (r.kind === 'severe-penalty' && r.heldUntil && r.heldUntil >= creditMonthOf(now))
        )
          out.push({
            kind: 'settlement',
            id: r.id,
            label: hold.reasons.find((x) => x.includes(r.month)) ?? '未结清结算',
          });
    }
    for (const r of await this.scorecards.rectifications.list({ partnerId }))
      if (r.status === 'open' || r.status === 'submitted')
        out.push({ kind: 'rectification', id: r.id, label: `未完成整改（${r.period}）` });
    return out;
  }

  /** What the partner sees before filing: blockers, the earliest end date, the deadlines if filed now. */
  async precheck(partnerId: string, now: Date) {
    const partner = await this.partner(partnerId);
    const cal = await this.deps.calendar.get();
    const t = exitTimeline({ appliedAt: now }, cal);
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

  // ------------------------------------------------------------------ opening

  /** FT-17.3: the partner's own written request; the desired end date is at least 3 months ahead. */
  async fileVoluntary(
    partnerId: string,
    input: { reason: unknown; desiredEndOn: unknown; commitment: unknown },
    actor: Actor,
    now: Date,
  ): Promise<ExitCaseRecord> {
    await this.guard.assertMayFile(partnerId);
    const reason = trimmed(input.reason, 'reason');
    const desired = input.desiredEndOn;
    if (typeof desired !== 'string' || !isValidDateString(desired))
      throw DomainError.invalid('desiredEndOn 须为 YYYY-MM-DD 日期', { field: 'desiredEndOn' });
    const earliest = earliestEndOn(now);
    if (desired < earliest)
      throw DomainError.invalid(`desiredEndOn 不得早于最早终止日期 ${earliest}（FT-17.3：至少提前三个月）`, {
        field: 'desiredEndOn',
        earliestEndOn: earliest,
      });
    if (input.commitment !== true)
      throw DomainError.invalid('commitment 须确认：退出前继续服务存量客户', { field: 'commitment' });
    return this.open(
      { partnerId, trigger: 'voluntary', reason, desiredEndOn: desired, commitment: true },
      'requested',
      actor,
      now,
    );
  }

  /** A case opened by staff (FT-17.2 serious incident, FT-17.4 business end, FT-17.5 list hit, FT-14, MG-11). */
  async openByStaff(input: OpenCaseInput, actor: Actor, now: Date): Promise<ExitCaseRecord> {
    if (input.trigger === 'voluntary') throw DomainError.invalid('主动退出须由伙伴本人申请', { field: 'trigger' });
    return this.open({ ...input, reason: trimmed(input.reason, 'reason') }, 'precheck', actor, now);
  }

  /**
   * An automatic trigger (worker): opens the case in `precheck` with its evidence, once per trigger key; never
   * terminates. Returns null when the partner already has an open case or the trigger opened its case before.
   */
  async openByTrigger(input: OpenCaseInput & { triggerKey: string }, actor: Actor, now: Date) {
    const partner = await this.partners.get(input.partnerId);
    if (!partner || partner.status === 'exited') return null;
    if (await this.cases.byTriggerKey(input.triggerKey)) return null;
    try {
      return await this.open(input, 'precheck', actor, now);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'conflict') return null;
      throw e;
    }
  }

  private async open(input: OpenCaseInput, status: ExitStatus, actor: Actor, now: Date): Promise<ExitCaseRecord> {
    const partner = await this.partner(input.partnerId);
    if (partner.status === 'exited') throw DomainError.conflict('伙伴已退出合作');
    const cal = await this.deps.calendar.get();
    const t = exitTimeline({ appliedAt: now }, cal);
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
    return created;
  }

  // ------------------------------------------------------------------ transitions

  /** One step through the transition primitive, from the revision just read; 409 when it was taken. */
  private async step(
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
    return toExitCase(doc);
  }

  /** Staff take a partner's request into precheck (records the blockers found then). */
  async startPrecheck(id: string, actor: Actor, now: Date) {
    const c = await this.get(id);
    const blockers = await this.blockers(c.partnerId, now);
    return this.step(c, 'precheck', 'exit_case.precheck', actor, now, {
      precheckAt: now,
      blockersAtPrecheck: blockers,
    });
  }

  /** FT-18: approval starts only when no blocker remains (409 listing them); the 30-day clock starts today. */
  async startApproval(id: string, actor: Actor, now: Date) {
    const c = await this.get(id);
    if (!canMoveExit(c.status, 'approval'))
      throw DomainError.conflict(`退出申请当前状态（${EXIT_STATUS_LABEL[c.status]}）不能启动审批`);
    const blockers = await this.blockers(c.partnerId, now);
    if (blockers.length)
      throw DomainError.conflict(
        `尚有 ${blockers.length} 项未办结事项，不能启动审批：${blockers.map((b) => b.label).join('；')}`,
        {
          blockers,
        },
      );
    const t = exitTimeline({ appliedAt: c.appliedAt, clearedAt: now }, await this.deps.calendar.get());
    return this.step(c, 'approval', 'exit_case.approval_started', actor, now, {
      clearedAt: now,
      approvalStartedAt: now,
      approvalDueAt: t.approvalDueAt,
      provisional: t.provisional,
      calendarVersion: t.calendarVersion,
      ...(c.precheckAt ? {} : { precheckAt: now, blockersAtPrecheck: [] }),
    });
  }

  async approve(id: string, reason: unknown, actor: Actor, now: Date) {
    const why = trimmed(reason, 'reason');
    const c = await this.get(id);
    const t = exitTimeline(
      { appliedAt: c.appliedAt, clearedAt: c.clearedAt, approvedAt: now },
      await this.deps.calendar.get(),
    );
    return this.step(
      c,
      'approved',
      'exit_case.approved',
      actor,
      now,
      {
        decidedAt: now,
        decisionReason: why,
        approvedAt: now,
        terminationDueAt: t.terminationDueAt,
        provisional: t.provisional,
        calendarVersion: t.calendarVersion,
      },
      why,
    );
  }

  async reject(id: string, reason: unknown, actor: Actor, now: Date) {
    const why = trimmed(reason, 'reason');
    const c = await this.get(id);
    return this.step(c, 'rejected', 'exit_case.rejected', actor, now, { decidedAt: now, decisionReason: why }, why);
  }

  /** The partner withdraws its own request before approval (another partner's case reads as missing). */
  async withdraw(id: string, partnerId: string, reason: unknown, actor: Actor, now: Date) {
    const c = await this.get(id, { partnerId });
    if (!mayWithdraw(c.status)) throw DomainError.conflict('退出申请已批准或已结束，不能撤回');
    const why = typeof reason === 'string' && reason.trim() ? reason.trim() : '伙伴撤回申请';
    return this.step(c, 'withdrawn', 'exit_case.withdrawn', actor, now, { decidedAt: now }, why);
  }

  /** FT-18: the contract is terminated (after approval); the partner becomes `exited` and the effects follow. */
  async terminate(id: string, note: unknown, actor: Actor, now: Date) {
    const c = await this.get(id);
    const text = typeof note === 'string' && note.trim() ? note.trim() : '合同已终止';
    const done = await this.step(
      c,
      'terminated',
      'exit_case.terminated',
      actor,
      now,
      { terminatedAt: now, terminationNote: text },
      text,
      [exitTerminatedNotice(c, now)],
    );
    // the termination stands; an effect that fails now (e.g. a credit month close under way) is finished by the
    // worker's exit sweeper, which applies the effects of every terminated case not yet marked done
    return this.applyEffects(done, actor, now).catch(() => done);
  }

  /**
   * Effects of termination, each idempotent (a re-run, or the sweeper after a crash, repeats none): the partner
   * becomes `exited`; a major violation lists the company (MG-11) and records a risk cancellation (FT-2.1);
   * the scorecard and the credit ledger close with a final entry. Complaint timers stop because the SLA
   * handler skips exited partners.
   */
  async applyEffects(c: ExitCaseRecord, actor: Actor, now: Date): Promise<ExitCaseRecord> {
    if (c.status !== 'terminated' || c.effectsAppliedAt) return c;
    const partner = await this.partner(c.partnerId);
    const reason = `退出：${EXIT_TRIGGERS[c.trigger].label}（${c.rule}）`;
    await this.movePartner(c.partnerId, 'exited', { actor, reason });
    if (c.trigger === 'major_violation') {
      const listed = await this.credit.badCredit.list({
        companyName: partner.name,
        partnerId: partner.id,
        reason: c.reason,
        listedAt: now,
        actor,
      });
      if (listed)
        await this.audit.appendMany([
          {
            key: `bad_credit-exit-${c.id}`,
            at: now,
            actor,
            action: 'credit.bad_credit_listed',
            entity: 'bad_credit',
            entityId: listed.id,
            reason: c.reason,
            after: { companyName: listed.companyName, partnerId: partner.id, exitCaseId: c.id },
          },
        ]);
      const code = (c.evidence as { companyCreditCode?: unknown }).companyCreditCode;
      await this.cases.recordRiskCancellation(c.id, {
        ...(typeof code === 'string' && code && { companyCreditCode: code }),
        companyName: partner.name,
        partnerId: partner.id,
        at: now,
        reason: c.reason,
        source: 'exit',
      });
    }
    // FT-12 scorecard: a final entry (0 points) closes the partner's record
    await this.scoreEvents.appendOnce({
      partnerId: partner.id,
      programmeId: partner.programmeId,
      rule: c.rule,
      component: 'exit',
      points: 0,
      period: periodOf(now),
      source: { entity: 'exit_case', id: c.id },
      reason: `${reason}，考核记录终止`,
      idempotencyKey: `exit-final-${c.id}`,
      actor,
      at: now,
    });
    // MG-1 credit ledger: a final entry at the current score, then the account closes (no further month closes)
    const account = await this.credit.accounts.byPartner(partner.id);
    if (account) {
      const month = creditMonthOf(now);
      await this.credit.entries.insertOnce({
        accountId: account.id,
        partnerId: partner.id,
        programmeId: account.programmeId,
        month,
        seq: 3000,
        rule: c.rule,
        kind: 'exit',
        requested: 0,
        applied: 0,
        scoreAfter: account.state.score,
        reason: `${reason}，信用积分账户关闭`,
        source: { entity: 'exit_case', id: c.id },
        actor,
        at: now,
        idempotencyKey: `${account.id}-exit-${c.id}`,
      });
      if (account.status !== 'exited') await this.ledger.exit(account, reason, actor, now);
    }
    const doc = await this.transitions.apply({
      model: EXIT_CASE_MODEL,
      entity: 'exit_case',
      id: c.id,
      rev: c.rev,
      action: 'exit_case.effects_applied',
      actor,
      at: now,
      set: { effectsAppliedAt: now },
    });
    return toExitCase(doc);
  }

  /** After a calendar change: the stored deadlines of an open case are recomputed (through the primitive). */
  async recomputeDeadlines(c: ExitCaseRecord, cal: WorkCalendar, actor: Actor): Promise<ExitCaseRecord | null> {
    if (!isExitOpen(c.status) || c.calendarVersion === cal.version) return null;
    const t = exitTimeline({ appliedAt: c.appliedAt, clearedAt: c.clearedAt, approvedAt: c.approvedAt }, cal);
    const doc = await this.transitions.apply({
      model: EXIT_CASE_MODEL,
      entity: 'exit_case',
      id: c.id,
      rev: c.rev,
      action: 'exit_case.deadlines_recomputed',
      actor,
      set: {
        approvalStartDueAt: t.approvalStartDueAt,
        approvalDueAt: t.approvalDueAt,
        terminationDueAt: t.terminationDueAt,
        provisional: t.provisional,
        calendarVersion: t.calendarVersion,
      },
      before: { calendarVersion: c.calendarVersion },
    });
    return toExitCase(doc);
  }

  private async partner(id: string): Promise<PartnerRecord> {
    const p = isObjectId(id) ? await this.partners.get(id) : null;
    if (!p) throw DomainError.notFound('伙伴不存在');
    return p;
  }

  /** Beijing date helper for reports. */
  static day(at: Date | null): string {
    return at ? shanghaiDate(at) : '';
  }
}

export interface ExitFeature {
  service: ExitService;
  cases: ExitCaseRepository;
  guard: ExitGuard;
}

/** Builds the exit feature on a connection (api, worker and tests alike). */
export async function connectExit(conn: Connection, deps: ExitDeps): Promise<ExitFeature> {
  const m = models(conn);
  const audit = new AuditRepository(m);
  const partners = new PartnerRepository(m);
  const { repos: credit, ledger } = await connectCredit(conn);
  const cases = new ExitCaseRepository(await exitModels(conn));
  const transitions = new Transitions(conn, audit, deps.notifier ?? undefined);
  const service = new ExitService(
    conn,
    cases,
    partners,
    new ComplaintRepository(m),
    credit,
    ledger,
    (await connectScorecards(conn)).repos,
    new ScoreEventRepository(m),
    audit,
    transitions,
    new PartnerLifecycle(partners, transitions),
    deps,
  );
  return { service, cases, guard: service.guard };
}
