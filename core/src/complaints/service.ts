import { createHash } from 'node:crypto';
import { shanghaiDate, slaDeadline, type WorkCalendar } from '../calendar/index.js';
import { isDuplicateKey } from '../db/connection.js';
import type { Caller, ComplaintChannel, ComplaintKind, ComplaintRecord, ReplyVerdict } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { Queue } from 'bullmq';
import { NO_NOTICES, type Core, type Feature } from '../root.js';
import { QueueName, type SlaJobData } from '../queues/index.js';
import { SlaScheduler } from './scheduler.js';
import { SlaHandler, type SlaObserver } from './sla.js';
import { SweepHandler, type SweepReport } from './sweep.js';
import { answeredInTime, ft12LateKey, ft12ReversalKey } from './sla-rules.js';
import { Sequences, type TransitionInput } from '../workflow/transitions.js';
import { complaintDueSoonMessage, complaintRegisteredMessage } from '../subscriptions/messages.js';
import { ComplaintQueries, type ComplaintServiceDeps, type ComplaintView } from './queries.js';
import { backfillComplaintCounters, rollUpComplaintCounters } from './counters.js';
import { ComplaintImportService } from './import.js';
import { ComplaintImportRepository, complaintImportModels } from './import-store.js';
import { newComplaintState, receivedAtProblem } from './rules.js';

export { receivedAtProblem };

/** A user step that lost its revision to a system step (a warning, the sweeper) is re-read and retried. */
const USER_STEP_ATTEMPTS = 3;

export interface RegisterComplaint {
  partnerId: string;
  kind: ComplaintKind;
  channel: ComplaintChannel;
  summary: string;
  receivedAt: Date;
}

/**
 * The complaint use-cases (WT-4, FT-12, FT-12a, FT-13): register with a deadline from core/calendar, the
 * partner's reply, the staff verdict. Every state change is a transition (one winner, one audit entry).
 */
/** The id of the complaint a request registers under its Idempotency-Key (a hash of user and key): an ObjectId. */
export const requestComplaintId = (requestKey: string) =>
  createHash('sha256').update(`complaint\n${requestKey}`).digest('hex').slice(0, 24);

export class ComplaintService extends ComplaintQueries {
  /**
   * A complaint registered by staff. With `requestKey` (the request's Idempotency-Key, per user) the complaint's id
   * is derived from it, so the insert itself is the idempotent fact: a retry after any failure point (the key's
   * record lost or released, the answer lost) finds this complaint instead of creating a second one.
   */
  async register(input: RegisterComplaint, caller: Caller, requestKey?: string): Promise<ComplaintView> {
    const now = this.now();
    const id = requestKey === undefined ? undefined : requestComplaintId(requestKey);
    const cal = await this.d.calendar.get();
    const earlier = id === undefined ? null : await this.d.complaints.get(id);
    if (!earlier) {
      const problem = receivedAtProblem(input.receivedAt, now);
      if (problem) throw DomainError.invalid(problem.message, [problem.detail]);
    }
    const partner = await this.d.partners.get(earlier?.partnerId ?? input.partnerId);
    if (!partner) throw DomainError.invalid('伙伴不存在', ['partnerId: 伙伴不存在']);
    if (!earlier) await this.d.lifecycle.assertMayFile(partner.id);
    const c = await this.create(input, caller, now, cal, { id, action: 'complaint.registered' });
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
    // under a given id a complaint stored before (a retry, a re-import) is the one: its audit entry and timers are
    // completed below (both idempotent), nothing is created twice
    const c =
      (opts.id && (await this.d.complaints.get(opts.id))) || (await this.insert(input, caller, now, cal, opts.id));
    await this.counters.count(c, cal);
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
          receivedAt: c.receivedAt,
          dueAt: c.dueAt,
          provisional: c.provisional,
          ...opts.audit,
        },
      },
    ]);
    await this.scheduleSafely(c, cal, now);
    if (opts.action === 'complaint.registered') {
      // FT-12/WT-4: the partner hears of it with its deadline, and two working hours before that deadline
      const soon = complaintDueSoonMessage(c, cal, now);
      await this.d.notifier?.message?.(complaintRegisteredMessage(c), ...(soon ? [soon] : []));
    }
    return c;
  }

  /** Inserts a new complaint (under `id` when given: a concurrent insert under it wins, and this finds its). */
  private async insert(
    input: RegisterComplaint,
    caller: Caller,
    now: Date,
    cal: WorkCalendar,
    id?: string,
  ): Promise<ComplaintRecord> {
    const { receivedAt } = input;
    const partner = await this.d.partners.get(input.partnerId);
    if (!partner) throw DomainError.invalid('伙伴不存在', ['partnerId: 伙伴不存在']);
    const programme = await this.d.programmes.get(partner.programmeId);
    if (!programme) throw DomainError.conflict('伙伴未关联合作项目');
    const { dueAt, provisional } = slaDeadline(receivedAt, programme.slaHours, programme.complaintWindow, cal);
    const day = shanghaiDate(now).replaceAll('-', '');
    for (let attempt = 1; ; attempt++) {
      const n = await this.d.sequences.next(`complaint-${day}`, now);
      try {
        return await this.d.complaints.create(
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
            ...newComplaintState(),
            createdBy: caller.actor.id,
          },
          id,
        );
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const earlier = id ? await this.d.complaints.get(id) : null;
        if (earlier) return earlier;
        // the number is held by a record the sequence never issued (a restored or migrated one): the next number,
        // never a complaint lost to a swallowed duplicate
        if (attempt >= 5) throw e;
      }
    }
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
      return this.step(c, caller, now, {
        action: 'complaint.replied',
        set: { status: 'replied' },
        push: { replies: reply },
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
      return this.step(c, caller, now, {
        action: effective ? 'complaint.reply_confirmed' : 'complaint.reply_rejected',
        reason,
        set,
        after: { status: set.status, replyId, effectiveReplyAt: effective ? reply.at : null },
      });
    });
    const updated = await this.reload(doc._id);
    const now = this.now();
    const cal = await this.d.calendar.get();
    if (effective) await this.counters.count(updated, cal);
    if (answeredInTime(updated) && before.breachedAt) await this.reverseBreach(updated, caller, now);
    if (!effective) await this.scheduleSafely(updated, cal, now);
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

  /** One step of a complaint through the transition primitive, from the revision `c` was read at. */
  private step(
    c: ComplaintRecord,
    caller: Caller,
    at: Date,
    t: Pick<TransitionInput, 'action' | 'reason' | 'set' | 'push' | 'after'>,
  ) {
    const target = { model: 'Complaint', entity: 'complaint', id: c.id, rev: c.rev };
    return this.d.transitions.apply({ ...target, actor: caller.actor, at, ...t, before: { status: c.status } });
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
}

/** What complaints take besides the core: the `sla` queue its timers go on (none → the sweeper schedules them). */
export interface ComplaintsOptions extends Partial<Pick<ComplaintServiceDeps, 'scheduler' | 'onScheduleError'>> {
  queue?: Queue<SlaJobData>;
  /** the worker's breach metrics */
  observer?: SlaObserver;
}

export interface ComplaintsFeature extends Feature<
  ComplaintService,
  { [QueueName.Sla]: SlaHandler; 'sla-sweep': () => Promise<SweepReport> }
> {
  imports: ComplaintImportService;
}

const NO_SLA_TIMERS: ComplaintServiceDeps['scheduler'] = { schedule: async () => 0 };

/**
 * Builds the complaint feature on the composition root (api, worker and tests alike): the use-cases and imports, and
 * the worker's handlers of the `sla` queue (warnings, breaches) and of the `sla-sweep` task.
 */
export async function connectComplaints(core: Core, opts: ComplaintsOptions = {}): Promise<ComplaintsFeature> {
  const { complaints, partners, programmes, scoreEvents, audit } = core.repos;
  const { lifecycle, transitions, counters, calendar, now } = core;
  const { queue, observer, ...deps } = opts;
  const scheduler = deps.scheduler ?? (queue ? new SlaScheduler(queue) : NO_SLA_TIMERS);
  const service = new ComplaintService({
    complaints,
    partners,
    programmes,
    scoreEvents,
    lifecycle,
    transitions,
    counters,
    sequences: new Sequences(core.conn),
    calendar,
    now,
    // the partner's 订阅消息 (registered, two hours before due)
    notifier: core.notifier ?? undefined,
    ...deps,
    scheduler,
  });
  // the complaints stored before the per-partner counters existed are counted once (a migrations marker)
  await backfillComplaintCounters(counters, await calendar.get());
  await rollUpComplaintCounters(counters); // and the counters written before the rollups are rolled up once
  const imports = new ComplaintImportService({
    imports: new ComplaintImportRepository(await complaintImportModels(core.conn)),
    complaints,
    programmes,
    partners,
    audit,
    service,
    now,
  });
  const sla = new SlaHandler(core.repos, core.notifier ?? NO_NOTICES, transitions, calendar, now, observer);
  const sweep = new SweepHandler(core.repos, sla, scheduler, transitions, counters, calendar, now);
  return { service, imports, handlers: { [QueueName.Sla]: sla, 'sla-sweep': () => sweep.sweep() } };
}
