/**
 * The complaint reads (WT-4, FT-12a, FT-15): the list, one complaint, today's due list for the bot, the staff's
 * 临期投诉 queue and the half-year SLA report, each item as the one `ComplaintView`. Reads never write.
 */
import type { NoticeSink } from '../workflow/transitions.js';
import { shanghaiDate, shanghaiMidnight, workingTimeBetween, type WorkCalendar } from '../calendar/index.js';
import type {
  ComplaintRepository,
  PartnerRepository,
  ProgrammeRepository,
  ScoreEventRepository,
} from '../db/repositories.js';
import {
  COMPLAINT_STATUSES,
  type Caller,
  type ComplaintKind,
  type ComplaintRecord,
  type ComplaintStatus,
  type PartnerStatus,
} from '../db/types.js';
import { DomainError } from '../errors.js';
import type { PartnerLifecycle } from '../partners/service.js';
import { parsePeriod } from '../period/index.js';
import { answeredInTime, slaState } from './sla-rules.js';
import type { CalendarSource } from '../calendar/source.js';
import type { SlaScheduler } from './scheduler.js';
import type { Sequences, Transitions } from '../workflow/transitions.js';
import type { ComplaintCounters } from './counters.js';
import { dueQueueOrder, slaReport, type SlaReport } from './report.js';

const DAY_MS = 86_400_000;

export interface ComplaintListQuery {
  partnerId?: string;
  status?: ComplaintStatus;
  kind?: ComplaintKind;
  page?: number;
  pageSize?: number;
}

export type ComplaintView = ReturnType<ComplaintQueries['view']>;

export interface ComplaintServiceDeps {
  complaints: ComplaintRepository;
  partners: PartnerRepository;
  programmes: ProgrammeRepository;
  scoreEvents: ScoreEventRepository;
  lifecycle: PartnerLifecycle;
  transitions: Transitions;
  counters: ComplaintCounters;
  sequences: Sequences;
  scheduler: Pick<SlaScheduler, 'schedule'>;
  calendar: Pick<CalendarSource, 'get'>;
  now?: () => Date;
  /** the partner's WeChat 订阅消息 (registered, two hours before due) go through its `message` */
  notifier?: NoticeSink;
  /** a timer that could not be scheduled (Redis away) is left to the sweeper; this hears about it */
  onScheduleError?: (c: ComplaintRecord, err: Error) => void;
}

/** The reads of the complaint feature; `ComplaintService` adds the use-cases that change a complaint. */
export class ComplaintQueries {
  protected readonly now: () => Date;
  /** the per-partner monthly counters the SLA report reads and every step that settles a complaint adds to */
  protected readonly counters: ComplaintCounters;
  constructor(protected readonly d: ComplaintServiceDeps) {
    this.now = d.now ?? (() => new Date());
    this.counters = d.counters;
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
    const running = (await this.d.complaints.all({ ...f, slaSettled: false, statusIn: ['open', 'replied'] })).filter(
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
    if (!p) throw DomainError.invalid('period 须为 YYYYH1 或 YYYYH2', ['period: 须为 YYYYH1 或 YYYYH2（如 2026H1）']);
    const now = this.now();
    const [rows, pastDue] = await Promise.all([
      // a partner's from its own counter documents; a programme's (or everyone's) from the packed rollups
      f.partnerId ? this.counters.rows(p.months, f) : this.counters.programmeRows(p.months, f.programmeId),
      // few: the sweeper settles a breach within a sweep of its due instant (a complaint received in the period is
      // due after its start)
      this.d.complaints.all({
        ...f,
        slaSettled: false,
        statusIn: [...COMPLAINT_STATUSES],
        dueFrom: p.start,
        dueTo: now,
      }),
    ]);
    const names = await this.d.partners.names(rows.map((r) => r.partnerId));
    return slaReport({ name: period, months: p.months }, rows, pastDue, names, now);
  }

  async get(id: string, caller: Caller): Promise<ComplaintView> {
    return (await this.views([await this.find(id, caller)]))[0];
  }

  protected async reload(id: unknown): Promise<ComplaintRecord> {
    const c = await this.d.complaints.get(String(id));
    if (!c) throw DomainError.notFound('投诉不存在');
    return c;
  }

  /** Partners see only their own complaints: anything else reads as missing. */
  protected async find(id: string, caller: Caller): Promise<ComplaintRecord> {
    const c = await this.d.complaints.get(id, caller.partnerId ? { partnerId: caller.partnerId } : {});
    if (!c) throw DomainError.notFound('投诉不存在');
    return c;
  }

  protected async views(items: ComplaintRecord[]): Promise<ComplaintView[]> {
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
