/**
 * The exit workflow (FT-17 triggers, FT-18 flow, FT-14 failed rectification, MG-11 major violation): the staff
 * steps of a case (precheck, approval once no blocker remains, decision, termination), the effects of termination
 * and the deadlines recomputed after a calendar change, every state change through the one transition primitive.
 * The case itself is in ./cases.ts, how it starts and the partner's withdrawal in ./requests.ts.
 */
import { isValidDateString, shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { connectCredit } from '../credit/feature.js';
import { creditMonthOf } from '../credit/months.js';
import { SYSTEM_ACTOR, type Actor } from '../db/types.js';
import { DomainError } from '../errors.js';
import { periodOf } from '../rules/scorecard.js';
import { connectScorecards } from '../scorecards/feature.js';
import type { Queue } from 'bullmq';
import { NO_NOTICES, type Core, type Feature } from '../root.js';
import { ExitHandler } from './handler.js';
import { EXIT_QUEUE, ExitTimerScheduler, type ExitJobData } from './timers.js';
import { requiredText, type ExitDeps, type ExitGuard } from './cases.js';
import { exitTerminatedNotice } from './notices.js';
import { ExitCaseRepository, toExitCase, type ExitCaseRecord } from './repository.js';
import { ExitRequests } from './requests.js';
import { EXIT_STATUS_LABEL, EXIT_TRIGGERS, canMoveExit, endOnReached, exitTimeline, isExitOpen } from './rules.js';
import { EXIT_CASE_MODEL, exitModels } from './schemas.js';

export {
  EXIT_BLOCKER_KINDS,
  ExitCases,
  ExitGuard,
  lifecycleMover,
  type CalendarProvider,
  type ExitBlocker,
  type ExitDeps,
  type MovePartner,
  type OpenCaseInput,
} from './cases.js';
export { ExitRequests } from './requests.js';

export class ExitService extends ExitRequests {
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

  /**
   * Approval fixes the agreed end date (`endOn`): the one staff name, else the partner's requested date. It is
   * never before the requested date (an earlier end needs the partner's agreement, recorded at termination) nor in
   * the past; the termination is due by the end of that day when it is later than FT-18's 5 working days.
   */
  async approve(id: string, reason: unknown, actor: Actor, now: Date, endOn?: unknown) {
    const why = requiredText(reason, 'reason');
    const c = await this.get(id);
    if (endOn !== undefined && endOn !== null && (typeof endOn !== 'string' || !isValidDateString(endOn)))
      throw DomainError.invalid('endOn 须为 YYYY-MM-DD 日期', { field: 'endOn' });
    const agreed = (endOn as string | null | undefined) ?? c.desiredEndOn;
    if (agreed && c.desiredEndOn && agreed < c.desiredEndOn)
      throw DomainError.invalid(
        `endOn 不得早于伙伴申请的终止日期 ${c.desiredEndOn}（提前终止须经伙伴同意，在终止合作时登记）`,
        { field: 'endOn', desiredEndOn: c.desiredEndOn },
      );
    if (agreed && agreed < shanghaiDate(now))
      throw DomainError.invalid(`endOn 不得早于今天（${shanghaiDate(now)}）`, { field: 'endOn' });
    const t = exitTimeline(
      { appliedAt: c.appliedAt, clearedAt: c.clearedAt, approvedAt: now, endOn: agreed },
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
        endOn: agreed ?? null,
        terminationDueAt: t.terminationDueAt,
        provisional: t.provisional,
        calendarVersion: t.calendarVersion,
      },
      why,
    );
  }

  async reject(id: string, reason: unknown, actor: Actor, now: Date) {
    const why = requiredText(reason, 'reason');
    const c = await this.get(id);
    return this.step(c, 'rejected', 'exit_case.rejected', actor, now, { decidedAt: now, decisionReason: why }, why);
  }
  /**
   * FT-18: the contract is terminated (after approval); the partner becomes `exited` and the effects follow.
   * FT-17.3: not before the agreed end date (the partner keeps serving, its letters stay valid) unless the partner
   * agreed to end earlier — `partnerAgreed` is that agreement's reason, recorded on the case and in the audit.
   */
  async terminate(id: string, note: unknown, actor: Actor, now: Date, partnerAgreed?: unknown) {
    return this.terminateCase(await this.get(id), note, actor, now, partnerAgreed);
  }

  /** The agreed end date has come (the `effective` timer or the sweeper): terminated by the system, once. */
  async terminateOnEndDate(c: ExitCaseRecord, now: Date): Promise<ExitCaseRecord | null> {
    if (c.status !== 'approved' || !c.endOn || !endOnReached(c, now)) return null;
    try {
      return await this.terminateCase(c, `按约定终止日期 ${c.endOn} 终止合作`, SYSTEM_ACTOR, now);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'conflict') return null; // staff registered it meanwhile
      throw e;
    }
  }

  private async terminateCase(c: ExitCaseRecord, note: unknown, actor: Actor, now: Date, partnerAgreed?: unknown) {
    const text = typeof note === 'string' && note.trim() ? note.trim() : '合同已终止';
    const agreed = typeof partnerAgreed === 'string' ? partnerAgreed.trim() : '';
    const early = c.status === 'approved' && !endOnReached(c, now);
    if (early && !agreed)
      throw DomainError.conflict(
        `约定终止日期为 ${c.endOn}，此前不能终止合作（FT-17.3：通知期内伙伴继续服务）；伙伴同意提前终止的，请登记伙伴同意的理由`,
        { endOn: c.endOn },
      );
    const earlyTermination = early ? { reason: agreed, endOn: c.endOn! } : null;
    const done = await this.step(
      c,
      'terminated',
      'exit_case.terminated',
      actor,
      now,
      { terminatedAt: now, terminationNote: text, effectsDue: true, ...(earlyTermination && { earlyTermination }) },
      earlyTermination ? `${text}（伙伴同意提前于约定日期 ${c.endOn} 终止：${agreed}）` : text,
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
      set: { effectsAppliedAt: now, effectsDue: false },
    });
    return toExitCase(doc);
  }

  /** After a calendar change: the stored deadlines of an open case are recomputed (through the primitive). */
  async recomputeDeadlines(c: ExitCaseRecord, cal: WorkCalendar, actor: Actor): Promise<ExitCaseRecord | null> {
    if (!isExitOpen(c.status) || c.calendarVersion === cal.version) return null;
    const t = exitTimeline(
      { appliedAt: c.appliedAt, clearedAt: c.clearedAt, approvedAt: c.approvedAt, endOn: c.endOn },
      cal,
    );
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
}

export interface ExitFeature extends Feature<ExitService, { [EXIT_QUEUE]: ExitHandler }> {
  cases: ExitCaseRepository;
  guard: ExitGuard;
}

/**
 * What the exit feature takes besides the core: the `exit` queue its deadline timers go on (or `timers` in tests;
 * none → the worker's sweeper schedules them).
 */
export type ExitOptions = Pick<ExitDeps, 'timers' | 'onScheduleError' | 'movePartner'> & { queue?: Queue<ExitJobData> };

const NO_EXIT_TIMERS: Pick<ExitTimerScheduler, 'schedule'> = { schedule: async () => 0 };

/** Builds the exit feature on the composition root (api, worker and tests alike), with the worker's `exit` handler. */
export async function connectExit(core: Core, opts: ExitOptions = {}): Promise<ExitFeature> {
  const { partners, complaints, scoreEvents, audit } = core.repos;
  const { repos: credit, ledger } = await connectCredit(core);
  const cases = new ExitCaseRepository(await exitModels(core.conn));
  const { queue, ...deps } = opts;
  const timers = deps.timers ?? (queue ? new ExitTimerScheduler(queue) : null);
  const service = new ExitService(
    core.conn,
    cases,
    partners,
    complaints,
    credit,
    ledger,
    (await connectScorecards(core)).repos,
    scoreEvents,
    audit,
    core.transitions,
    core.lifecycle,
    { notifier: core.notifier, calendar: core.calendar, ...deps, timers },
  );
  const notifier = core.notifier ?? NO_NOTICES;
  const handler = new ExitHandler(core.conn, service, timers ?? NO_EXIT_TIMERS, notifier, core.calendar);
  return { service, cases, guard: service.guard, handlers: { [EXIT_QUEUE]: handler } };
}
