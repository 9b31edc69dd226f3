import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  EXIT_STAGE_LABEL,
  EXIT_STATUS_LABEL,
  EXIT_TRIGGERS,
  ExitService,
  exitExportColumns,
  exitStages,
  isExitOpen,
  isDayInRange,
  nextExitDue,
  daysUntilEndOn,
  shanghaiMidnight,
  writeXlsx,
  type ExitBlocker,
  type ExitCaseRecord,
} from '@huoban/core';
import { actorOf, isStaff, scopeOf, type AuthUser } from '../../common/auth.js';
import { Clock } from '../../common/infra.module.js';
import type { ExitCaseListQuery, ExitRequestDto, OpenExitCaseDto } from './exit.dto.js';

export const EXIT = Symbol('EXIT');
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The api side of the exit workflow: scopes, views and the Excel report over core/src/exit. */
@Injectable()
export class ExitApiService {
  constructor(
    @Inject(EXIT) private readonly exit: ExitService,
    private readonly clock: Clock,
  ) {}

  async precheck(user: AuthUser) {
    const p = await this.exit.precheck(user.partnerId!, this.clock.now());
    return { ...p, approvalStartDueAt: p.approvalStartDueAt.toISOString() };
  }

  async file(dto: ExitRequestDto, user: AuthUser) {
    return this.view(await this.exit.fileVoluntary(user.partnerId!, dto, actorOf(user), this.clock.now()), user);
  }

  async mine(user: AuthUser) {
    const items = await this.exit.cases.forPartner(user.partnerId!);
    const partner = await this.exit.partners.get(user.partnerId!);
    return { partnerStatus: partner?.status ?? null, items: await Promise.all(items.map((c) => this.view(c, user))) };
  }

  async get(id: string, user: AuthUser) {
    return this.view(await this.exit.get(id, scopeOf(user)), user);
  }

  async queue(q: ExitCaseListQuery, user: AuthUser) {
    if (!q.status || q.status === 'open') {
      // the open queue's cards show each case's live blockers (the 409 of 启动审批 names the same ones), read at once
      const items = await this.exit.queue();
      const blockers = await this.exit.blockersOf(
        items.map((c) => c.partnerId),
        this.clock.now(),
      );
      return { items: await Promise.all(items.map((c) => this.view(c, user, blockers))) };
    }
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await this.exit.cases.page(
      { status: q.status === 'all' ? undefined : q.status },
      q.order === 'asc' ? 1 : -1,
      page,
      pageSize,
    );
    return { items: await Promise.all(items.map((c) => this.view(c, user, false))), total, page, pageSize };
  }

  async open(dto: OpenExitCaseDto, user: AuthUser) {
    return this.view(
      await this.exit.openByStaff({ ...dto, evidence: dto.evidence ?? {} }, actorOf(user), this.clock.now()),
      user,
    );
  }

  async act(
    id: string,
    action: 'precheck' | 'start-approval' | 'approve' | 'reject' | 'terminate',
    reason: string | undefined,
    user: AuthUser,
    opts: { endOn?: string; partnerAgreed?: string } = {},
  ) {
    const now = this.clock.now();
    const a = actorOf(user);
    const c =
      action === 'precheck'
        ? await this.exit.startPrecheck(id, a, now)
        : action === 'start-approval'
          ? await this.exit.startApproval(id, a, now)
          : action === 'approve'
            ? await this.exit.approve(id, reason, a, now, opts.endOn)
            : action === 'reject'
              ? await this.exit.reject(id, reason, a, now)
              : await this.exit.terminate(id, reason, a, now, opts.partnerAgreed);
    return this.view(c, user);
  }

  async withdraw(id: string, reason: string | undefined, user: AuthUser) {
    return this.view(await this.exit.withdraw(id, user.partnerId!, reason, actorOf(user), this.clock.now()), user);
  }

  /** FT-18 report: the cases applied for in [from, to] (Beijing dates). */
  async report(from: string | undefined, to: string | undefined) {
    for (const [name, v] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (!v || !isDayInRange(v))
        throw DomainError.invalid(`${name} 须为 2000–2100 年间的日期（YYYY-MM-DD）`, { field: name });
    if (to! < from!) throw DomainError.invalid('to 不得早于 from', { field: 'to' });
    const end = new Date(shanghaiMidnight(to!).getTime() + 86_400_000);
    const cases = await this.exit.cases.list({ appliedFrom: shanghaiMidnight(from!), appliedTo: end });
    return writeXlsx(`退出 ${from}至${to}`, exitExportColumns(this.clock.now()), cases);
  }

  /** `blockers`: read the case's live blockers (true), leave them out (false), or take them from a batch read. */
  private async view(c: ExitCaseRecord, user: AuthUser, blockers: boolean | Map<string, ExitBlocker[]> = true) {
    const now = this.clock.now();
    const next = nextExitDue(c);
    const staff = isStaff(user);
    return {
      id: c.id,
      partnerId: c.partnerId,
      partnerName: c.partnerName,
      trigger: c.trigger,
      triggerLabel: EXIT_TRIGGERS[c.trigger].label,
      rule: c.rule,
      status: c.status,
      statusLabel: EXIT_STATUS_LABEL[c.status],
      open: isExitOpen(c.status),
      reason: c.reason,
      evidence: c.evidence,
      openedBy: { type: c.openedBy.type, role: c.openedBy.role, ...(staff && { name: c.openedBy.name }) },
      desiredEndOn: c.desiredEndOn,
      earliestEndOn: c.earliestEndOn,
      appliedAt: iso(c.appliedAt),
      precheckAt: iso(c.precheckAt),
      clearedAt: iso(c.clearedAt),
      approvalStartedAt: iso(c.approvalStartedAt),
      decidedAt: iso(c.decidedAt),
      decisionReason: c.decisionReason,
      approvedAt: iso(c.approvedAt),
      terminatedAt: iso(c.terminatedAt),
      approvalStartDueAt: iso(c.approvalStartDueAt),
      approvalDueAt: iso(c.approvalDueAt),
      terminationDueAt: iso(c.terminationDueAt),
      endOn: c.endOn,
      daysUntilEnd: c.endOn && c.status === 'approved' ? daysUntilEndOn(c.endOn, now) : null,
      earlyTermination: c.earlyTermination,
      provisional: c.provisional,
      calendarVersion: c.calendarVersion,
      stages: exitStages(c).map((s) => ({
        stage: s.stage,
        label: EXIT_STAGE_LABEL[s.stage],
        dueAt: iso(s.dueAt),
        doneAt: iso(s.doneAt),
        met: s.met,
      })),
      nextDue: next
        ? { stage: next.stage, label: EXIT_STAGE_LABEL[next.stage], dueAt: next.dueAt.toISOString() }
        : null,
      blockers:
        !isExitOpen(c.status) || blockers === false
          ? undefined
          : blockers === true
            ? await this.exit.blockers(c.partnerId, now)
            : blockers.get(c.partnerId),
      mayWithdraw: !staff && ['requested', 'precheck', 'approval'].includes(c.status),
      ...(staff && {
        history: c.history.map((h) => ({ ...h, at: iso(h.at) })),
        blockersAtPrecheck: c.blockersAtPrecheck,
      }),
    };
  }
}
