import type { Connection } from 'mongoose';
import {
  shanghaiDate,
  shanghaiMidnight,
  slaDeadline,
  workingTimeBetween,
  type WorkCalendar,
} from '../calendar/index.js';
import {
  AuditRepository,
  ComplaintRepository,
  PartnerRepository,
  ProgrammeRepository,
  ScoreEventRepository,
} from '../db/repositories.js';
import { models } from '../db/schemas.js';
import type {
  Caller,
  ComplaintChannel,
  ComplaintKind,
  ComplaintRecord,
  ComplaintStatus,
  PartnerStatus,
  ReplyVerdict,
} from '../db/types.js';
import { DomainError } from '../errors.js';
import { PartnerLifecycle } from '../partners/service.js';
import { parsePeriod } from '../period/index.js';
import { answeredInTime, ft12LateKey, ft12ReversalKey, slaState } from '../rules/sla.js';
import type { CalendarSource } from '../sla/calendar-source.js';
import type { SlaScheduler } from '../sla/scheduler.js';
import { Sequences, Transitions, type NoticeSink } from '../workflow/transitions.js';
import { dueQueueOrder, slaReport, type SlaReport } from './report.js';

const DAY_MS = 86_400_000;
/** Clock skew tolerated between the registering desk and the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** A user step that lost its revision to a system step (a warning, the sweeper) is re-read and retried. */
const USER_STEP_ATTEMPTS = 3;

/**
 * Why a complaint received at `receivedAt` cannot be registered now (null when it can): not in the future, and
 * within the last year (also for imports: an older complaint would breach into long-settled periods).
 */
export function receivedAtProblem(receivedAt: Date, now: Date): { message: string; detail: string } | null {
  if (receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    return { message: 'receivedAt 不能晚于当前时间', detail: 'receivedAt must not be in the future' };
  if (receivedAt.getTime() < now.getTime() - 366 * DAY_MS)
    return { message: 'receivedAt 须在一年以内', detail: 'receivedAt must be within the last year' };
  return null;
}

export interface RegisterComplaint {
  partnerId: string;
  kind: ComplaintKind;
  channel: ComplaintChannel;
  summary: string;
  receivedAt: Date;
}

export interface ComplaintListQuery {
  partnerId?: string;
  status?: ComplaintStatus;
  kind?: ComplaintKind;
  page?: number;
  pageSize?: number;
}

export type ComplaintView = ReturnType<ComplaintService['view']>;

export interface ComplaintServiceDeps {
  complaints: ComplaintRepository;
  partners: PartnerRepository;
  programmes: ProgrammeRepository;
  scoreEvents: ScoreEventRepository;
  lifecycle: PartnerLifecycle;
  transitions: Transitions;
  sequences: Sequences;
  scheduler: Pick<SlaScheduler, 'schedule'>;
  calendar: Pick<CalendarSource, 'get'>;
  now?: () => Date;
  /** a timer that could not be scheduled (Redis away) is left to the sweeper; this hears about it */
  onScheduleError?: (c: ComplaintRecord, err: Error) => void;
}

/**
 * The complaint use-cases (WT-4, FT-12, FT-12a, FT-13): register with a deadline from core/calendar, the
 * partner's reply, the staff verdict. Every state change is a transition (one winner, one audit entry).
 */
export class ComplaintService {
  private readonly now: () => Date;
  constructor(private readonly d: ComplaintServiceDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async register(input: RegisterComplaint, caller: Caller): Promise<ComplaintView> {
    const now = this.now();
    const problem = receivedAtProblem(input.receivedAt, now);
    if (problem) throw DomainError.invalid(problem.message, [problem.detail]);
    const partner = await this.d.partners.get(input.partnerId);
    if (!partner) throw DomainError.invalid('伙伴不存在', ['partnerId: partner not found']);
    await this.d.lifecycle.assertMayFile(partner.id);
    const cal = await this.d.calendar.get();
    const c = await this.create(input, caller, now, cal, { action: 'complaint.registered' });
    return this.view(c, now, cal, partner);
  }

  /**
   * An existing complaint from another system, with its original `receivedAt` (the complaints import). The
   * caller checked the row (receivedAtProblem, the partner may file); `id` is the id the import claimed under
   * the row's idempotency key, so a re-run finds it. Its deadline and timers are those of a registered one: a
   * complaint already past due breaches at once through the SLA handler.
   */
  async registerImported(
    input: RegisterComplaint & { id: string; importId: string; externalNo: string | null },
    caller: Caller,
  ): Promise<ComplaintRecord> {
    const now = this.now();
    const cal = await this.d.calendar.get();
    return this.create(input, caller, now, cal, {
      id: input.id,
      action: 'complaint.imported',
      audit: { importId: input.importId, externalNo: input.externalNo },
    });
  }

  private async create(
    input: RegisterComplaint,
    caller: Caller,
    now: Date,
    cal: WorkCalendar,
    opts: { id?: string; action: string; audit?: Record<string, unknown> },
  ): Promise<ComplaintRecord> {
    const { receivedAt } = input;
    const partner = await this.d.partners.get(input.partnerId);
    if (!partner) throw DomainError.invalid('伙伴不存在', ['partnerId: partner not found']);
    const programme = await this.d.programmes.get(partner.programmeId);
    if (!programme) throw DomainError.conflict('伙伴未关联合作项目');
    const { dueAt, provisional } = slaDeadline(receivedAt, programme.slaHours, programme.complaintWindow, cal);
    const day = shanghaiDate(now).replaceAll('-', '');
    const n = await this.d.sequences.next(`complaint-${day}`, now);
    const c = await this.d.complaints.create(
      {
        no: `TS-${day}-${String(n).padStart(4, '0')}`,
        programmeId: programme.id,
        partnerId: partner.id,
        kind: input.kind,
        channel: input.channel,
        summary: input.summary.trim(),
        receivedAt,
        dueAt,
        provisional,
        calendarVersion: cal.version,
        window: programme.complaintWindow,
        slaHours: programme.slaHours,
        warningMinutes: programme.warningMinutes,
        status: 'open',
        replies: [],
        effectiveReplyAt: null,
        breachedAt: null,
        slaSettled: false,
        warningsSent: [],
        createdBy: caller.actor.id,
      },
      opts.id,
    );
    await this.d.transitions.audit.appendMany([
      {
        key: `complaint-${c.id}-registered`,
        at: now,
        actor: caller.actor,
        action: opts.action,
        entity: 'complaint',
        entityId: c.id,
        after: {
          no: c.no,
          partnerId: c.partnerId,
          kind: c.kind,
          channel: c.channel,
          receivedAt,
          dueAt,
          provisional,
          ...opts.audit,
        },
      },
    ]);
    await this.scheduleSafely(c, cal, now);
    return c;
  }

  async list(q: ComplaintListQuery, caller: Caller): Promise<{ items: ComplaintView[]; total: number }> {
    const partnerId = caller.partnerId ?? q.partnerId;
    const { items, total } = await this.d.complaints.list(
      { partnerId, status: q.status, kind: q.kind },
      q.page ?? 1,
      q.pageSize ?? 20,
    );
    return { items: await this.views(items), total };
  }

  /** Open complaints whose deadline falls today (Asia/Shanghai), for the bot's 今日到期. */
  async dueToday(): Promise<{ items: ComplaintView[] }> {
    const from = shanghaiMidnight(shanghaiDate(this.now()));
    const { items } = await this.d.complaints.list(
      { statusIn: ['open', 'replied'], dueFrom: from, dueTo: new Date(from.getTime() + DAY_MS) },
      1,
      500,
    );
    return { items: await this.views(items.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())) };
  }

  /**
   * The staff's 临期投诉 queue: complaints whose SLA still runs, the caller's own registrations first, then by
   * working time left (WT-4).
   */
  async queue(f: { programmeId?: string; partnerId?: string }, caller: Caller): Promise<{ items: ComplaintView[] }> {
    const now = this.now();
    const cal = await this.d.calendar.get();
    const running = (await this.d.complaints.all({ ...f, statusIn: ['open', 'replied'] })).filter(
      (c) => !c.slaSettled && !c.breachedAt && !answeredInTime(c),
    );
    const ordered = dueQueueOrder(
      running.map((c) => ({
        complaint: c,
        workingMsLeft: now < c.dueAt ? workingTimeBetween(now, c.dueAt, c.window, cal) : 0,
      })),
      (c) => c.createdBy === caller.actor.id,
    );
    return { items: await this.views(ordered.map((i) => i.complaint)) };
  }

  /** SLA compliance of a half-year (FT-12a), per partner and per month; complaints belong to their month of receipt. */
  async report(period: string, f: { programmeId?: string; partnerId?: string }): Promise<SlaReport> {
    const p = parsePeriod(period);
    if (!p) throw DomainError.invalid('period 须为 YYYYH1 或 YYYYH2', ['period must be YYYYH1 or YYYYH2']);
    const cs = await this.d.complaints.all({ ...f, receivedFrom: p.start, receivedTo: p.end });
    const names = await this.d.partners.names(cs.map((c) => c.partnerId));
    return slaReport({ name: period, months: p.months }, cs, names, this.now(), await this.d.calendar.get());
  }

  async get(id: string, caller: Caller): Promise<ComplaintView> {
    return (await this.views([await this.find(id, caller)]))[0];
  }

  /** The partner's reply: open → replied (WT-4: its own time is what counts once staff confirm it). */
  async reply(id: string, text: string, caller: Caller): Promise<ComplaintView> {
    const updated = await this.retrying(async () => {
      const c = await this.find(id, caller);
      if (c.status === 'closed') throw DomainError.conflict('投诉已办结，不能再回复');
      if (c.status === 'replied') throw DomainError.conflict('已有回复待运营确认，请等待确认结果');
      await this.d.lifecycle.assertMayFile(c.partnerId);
      const now = this.now();
      const reply = {
        _id: this.d.complaints.newReplyId(),
        text: text.trim(),
        at: now,
        by: caller.actor.id,
        verdict: 'pending',
      };
      return this.d.transitions.apply({
        model: 'Complaint',
        entity: 'complaint',
        id: c.id,
        rev: c.rev,
        action: 'complaint.replied',
        actor: caller.actor,
        at: now,
        set: { status: 'replied' },
        push: { replies: reply },
        before: { status: c.status },
        after: { status: 'replied', replyId: reply._id, at: now },
      });
    });
    return (await this.views([await this.reload(updated._id)]))[0];
  }

  /**
   * Staff verdict on a pending reply. Effective → closed, and the reply's own time is the effective-reply
   * instant (FT-12a). Rejected → open again; the clock never restarted, so a passed deadline breaches now.
   */
  async decide(
    id: string,
    replyId: string,
    verdict: Exclude<ReplyVerdict, 'pending'>,
    caller: Caller,
    reason?: string,
  ): Promise<ComplaintView> {
    const effective = verdict === 'effective';
    let before!: ComplaintRecord;
    const doc = await this.retrying(async () => {
      const c = (before = await this.find(id, caller));
      const reply = c.replies.find((r) => r.id === replyId);
      if (!reply) throw DomainError.notFound('回复不存在');
      if (c.status !== 'replied' || reply.verdict !== 'pending') throw DomainError.conflict('该回复已处理');
      const now = this.now();
      const replies = c.replies.map((r) =>
        r.id === replyId
          ? { ...r, _id: r.id, verdict, reason, decidedAt: now, decidedBy: caller.actor.id }
          : { ...r, _id: r.id },
      );
      const onTime = effective && reply.at.getTime() <= c.dueAt.getTime();
      const set = effective
        ? { replies, status: 'closed', effectiveReplyAt: reply.at, slaSettled: onTime || c.breachedAt !== null }
        : { replies, status: 'open' };
      return this.d.transitions.apply({
        model: 'Complaint',
        entity: 'complaint',
        id: c.id,
        rev: c.rev,
        action: effective ? 'complaint.reply_confirmed' : 'complaint.reply_rejected',
        actor: caller.actor,
        reason,
        at: now,
        set,
        before: { status: c.status },
        after: { status: set.status, replyId, effectiveReplyAt: effective ? reply.at : null },
      });
    });
    const updated = await this.reload(doc._id);
    const now = this.now();
    if (answeredInTime(updated) && before.breachedAt) await this.reverseBreach(updated, caller, now);
    if (!effective) await this.scheduleSafely(updated, await this.d.calendar.get(), now);
    return (await this.views([updated]))[0];
  }

  /** A breach recorded while a timely reply was in flight is corrected by a reversing entry, never deleted. */
  private async reverseBreach(c: ComplaintRecord, caller: Caller, now: Date) {
    const original = await this.d.scoreEvents.byKey(ft12LateKey(c.id));
    if (!original) return;
    const { event, created } = await this.d.scoreEvents.appendOnce({
      ...original,
      points: -original.points,
      reason: `投诉 ${c.no} 的有效回复在截止前作出，冲正超时扣分`,
      idempotencyKey: ft12ReversalKey(c.id),
      reverses: original.id,
      actor: caller.actor,
      at: now,
    });
    if (created)
      await this.d.transitions.audit.appendMany([
        {
          key: `audit-${ft12ReversalKey(c.id)}`,
          at: now,
          actor: caller.actor,
          action: 'score_event.reversed',
          entity: 'score_event',
          entityId: original.id,
          after: { reversal: event.id },
        },
      ]);
  }

  /** Runs a user step; a 409 caused by a concurrent step is retried on a fresh read, whose checks then decide. */
  private async retrying<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (e) {
        if (
          !(e instanceof DomainError && e.code === 'conflict' && e.details === 'revision') ||
          attempt >= USER_STEP_ATTEMPTS
        )
          throw e;
      }
    }
  }

  private async scheduleSafely(c: ComplaintRecord, cal: WorkCalendar, now: Date) {
    try {
      await this.d.scheduler.schedule(c, cal, now);
    } catch (err) {
      // MongoDB already holds the deadline; the worker's sweeper will schedule it.
      this.d.onScheduleError?.(c, err as Error);
    }
  }

  private async reload(id: unknown): Promise<ComplaintRecord> {
    const c = await this.d.complaints.get(String(id));
    if (!c) throw DomainError.notFound('投诉不存在');
    return c;
  }

  /** Partners see only their own complaints: anything else reads as missing. */
  private async find(id: string, caller: Caller): Promise<ComplaintRecord> {
    const c = await this.d.complaints.get(id, caller.partnerId ? { partnerId: caller.partnerId } : {});
    if (!c) throw DomainError.notFound('投诉不存在');
    return c;
  }

  private async views(items: ComplaintRecord[]): Promise<ComplaintView[]> {
    const now = this.now();
    const [cal, partners] = await Promise.all([
      this.d.calendar.get(),
      this.d.partners.summaries(items.map((c) => c.partnerId)),
    ]);
    return items.map((c) => this.view(c, now, cal, partners.get(c.partnerId) ?? { name: '', status: 'active' }));
  }

  view(c: ComplaintRecord, now: Date, cal: WorkCalendar, partner: { name: string; status: PartnerStatus }) {
    const open = c.status !== 'closed' && !answeredInTime(c);
    return {
      id: c.id,
      no: c.no,
      programmeId: c.programmeId,
      partnerId: c.partnerId,
      partnerName: partner.name,
      /** FT-15: flagged wherever the partner appears */
      partnerSuspended: partner.status === 'suspended',
      kind: c.kind,
      channel: c.channel,
      summary: c.summary,
      receivedAt: c.receivedAt,
      dueAt: c.dueAt,
      provisional: c.provisional,
      status: c.status,
      slaState: slaState(c, now),
      workingMsLeft: open && now < c.dueAt ? workingTimeBetween(now, c.dueAt, c.window, cal) : 0,
      serverNow: now,
      replies: c.replies.map((r) => ({
        id: r.id,
        text: r.text,
        at: r.at,
        by: r.by,
        verdict: r.verdict,
        reason: r.reason,
      })),
      effectiveReplyAt: c.effectiveReplyAt,
      breachedAt: c.breachedAt,
      createdAt: c.createdAt,
    };
  }
}

/** Builds the complaint feature on a connection (api, worker and tests alike). */
export function connectComplaints(
  conn: Connection,
  deps: Pick<ComplaintServiceDeps, 'scheduler' | 'calendar' | 'now' | 'onScheduleError'> & { notifier?: NoticeSink },
) {
  const m = models(conn);
  const partners = new PartnerRepository(m);
  const transitions = new Transitions(conn, new AuditRepository(m), deps.notifier);
  const complaints = new ComplaintRepository(m);
  return {
    complaints,
    service: new ComplaintService({
      complaints,
      partners,
      programmes: new ProgrammeRepository(m),
      scoreEvents: new ScoreEventRepository(m),
      lifecycle: new PartnerLifecycle(partners, transitions),
      transitions,
      sequences: new Sequences(conn),
      ...deps,
    }),
  };
}
