import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  ExitGuard,
  CalendarSource,
  ComplaintRepository,
  PartnerRepository,
  ProgrammeRepository,
  ScoreEventRepository,
  SlaScheduler,
  answeredInTime,
  ft12LateKey,
  ft12ReversalKey,
  shanghaiDate,
  shanghaiMidnight,
  slaDeadline,
  slaState,
  workingTimeBetween,
  type ComplaintRecord,
  type PartnerStatus,
  type ReplyVerdict,
  type WorkCalendar,
} from '@huoban/core';
import { AuditTrail } from '../../common/audit.service.js';
import { actorOf, type AuthUser } from '../../common/auth.js';
import { Clock } from '../../common/infra.module.js';
import { parseInstant } from '../../common/parse.js';
import type { ListComplaintsQuery, RegisterComplaintDto } from './complaints.dto.js';

const DAY_MS = 86_400_000;
/** Clock skew tolerated between the registering desk and the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

@Injectable()
export class ComplaintsService {
  private readonly log = new Logger('ComplaintsService');

  constructor(
    private readonly complaints: ComplaintRepository,
    private readonly partners: PartnerRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly scoreEvents: ScoreEventRepository,
    private readonly scheduler: SlaScheduler,
    private readonly calendar: CalendarSource,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async register(dto: RegisterComplaintDto, user: AuthUser) {
    const now = this.clock.now();
    const receivedAt = parseInstant('receivedAt', dto.receivedAt);
    if (receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      throw new BadRequestException(['receivedAt must not be in the future']);
    if (receivedAt.getTime() < now.getTime() - 366 * DAY_MS)
      throw new BadRequestException(['receivedAt must be within the last year']);
    const partner = await this.partners.get(dto.partnerId);
    if (!partner) throw new BadRequestException(['partnerId: partner not found']);
    const programme = await this.programmes.get(partner.programmeId);
    if (!programme) throw new ConflictException('partner has no programme');
    const cal = await this.calendar.get();
    const { dueAt, provisional } = slaDeadline(receivedAt, programme.slaHours, programme.complaintWindow, cal);
    const c = await this.complaints.createNumbered(shanghaiDate(now), {
      programmeId: programme.id,
      partnerId: partner.id,
      kind: dto.kind,
      channel: dto.channel,
      summary: dto.summary.trim(),
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
      createdBy: user.userId,
    });
    await this.audit.record(user, 'complaint.registered', 'complaint', c.id, {
      after: { no: c.no, partnerId: c.partnerId, kind: c.kind, channel: c.channel, receivedAt, dueAt, provisional },
    });
    await this.scheduleSafely(c, cal, now);
    return this.view(c, now, cal, partner);
  }

  async list(q: ListComplaintsQuery, user: AuthUser) {
    const partnerId = user.role === 'partner' ? user.partnerId! : q.partnerId;
    const { items, total } = await this.complaints.list(
      { partnerId, status: q.status, kind: q.kind },
      q.page ?? 1,
      q.pageSize ?? 20,
    );
    return { items: await this.views(items), total };
  }

  /** Open complaints whose deadline falls today (Asia/Shanghai), for the bot's 今日到期. */
  async dueToday() {
    const from = shanghaiMidnight(shanghaiDate(this.clock.now()));
    const { items } = await this.complaints.list(
      { statusIn: ['open', 'replied'], dueFrom: from, dueTo: new Date(from.getTime() + DAY_MS) },
      1,
      500,
    );
    return { items: await this.views(items.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())) };
  }

  async get(id: string, user: AuthUser) {
    return (await this.views([await this.find(id, user)]))[0];
  }

  async reply(id: string, text: string, user: AuthUser) {
    const c = await this.find(id, user);
    await new ExitGuard(this.partners).assertMayFile(c.partnerId); // FT-18: an exited partner files nothing new
    if (c.status === 'closed') throw new ConflictException('投诉已办结，不能再回复');
    if (c.status === 'replied') throw new ConflictException('已有回复待运营确认，请等待确认结果');
    const now = this.clock.now();
    const reply = {
      _id: this.complaints.newReplyId(),
      text: text.trim(),
      at: now,
      by: user.userId,
      verdict: 'pending',
    };
    const updated = await this.complaints.transition(
      c.id,
      { status: 'open', updatedAt: c.updatedAt },
      { $push: { replies: reply }, $set: { status: 'replied' } },
    );
    if (!updated) throw new ConflictException('投诉状态已变化，请刷新后重试');
    await this.audit.record(user, 'complaint.replied', 'complaint', c.id, {
      before: { status: c.status },
      after: { status: 'replied', replyId: reply._id, at: now },
    });
    return (await this.views([updated]))[0];
  }

  /**
   * Staff verdict on a pending reply. Effective → closed, and the reply's own time is the effective-reply
   * instant (FT-12a). Rejected → open again; the clock never restarted, so a passed deadline breaches now.
   */
  async decide(
    id: string,
    replyId: string,
    verdict: Exclude<ReplyVerdict, 'pending'>,
    user: AuthUser,
    reason?: string,
  ) {
    const c = await this.find(id, user);
    const reply = c.replies.find((r) => r.id === replyId);
    if (!reply) throw new NotFoundException('回复不存在');
    if (c.status !== 'replied' || reply.verdict !== 'pending') throw new ConflictException('该回复已处理');
    const now = this.clock.now();
    const replies = c.replies.map((r) =>
      r.id === replyId
        ? { ...r, _id: r.id, verdict, reason, decidedAt: now, decidedBy: user.userId }
        : { ...r, _id: r.id },
    );
    const effective = verdict === 'effective';
    const onTime = effective && reply.at.getTime() <= c.dueAt.getTime();
    const set = effective
      ? { replies, status: 'closed', effectiveReplyAt: reply.at, slaSettled: onTime || c.breachedAt !== null }
      : { replies, status: 'open' };
    const updated = await this.complaints.transition(
      c.id,
      { status: 'replied', updatedAt: c.updatedAt },
      { $set: set },
    );
    if (!updated) throw new ConflictException('投诉状态已变化，请刷新后重试');
    await this.audit.record(
      user,
      effective ? 'complaint.reply_confirmed' : 'complaint.reply_rejected',
      'complaint',
      c.id,
      {
        before: { status: c.status },
        after: { status: updated.status, replyId, effectiveReplyAt: updated.effectiveReplyAt },
        reason,
      },
    );
    if (onTime && c.breachedAt) await this.reverseBreach(updated, user, now);
    if (!effective) await this.scheduleSafely(updated, await this.calendar.get(), now);
    return (await this.views([updated]))[0];
  }

  /** A breach recorded while a timely reply was in flight is corrected by a reversing entry, never deleted. */
  private async reverseBreach(c: ComplaintRecord, user: AuthUser, now: Date) {
    const original = await this.scoreEvents.byKey(ft12LateKey(c.id));
    if (!original) return;
    const { event, created } = await this.scoreEvents.appendOnce({
      ...original,
      points: -original.points,
      reason: `投诉 ${c.no} 的有效回复在截止前作出，冲正超时扣分`,
      idempotencyKey: ft12ReversalKey(c.id),
      reverses: original.id,
      actor: actorOf(user),
      at: now,
    });
    if (created)
      await this.audit.record(user, 'score_event.reversed', 'score_event', original.id, {
        after: { reversal: event.id },
      });
  }

  private async scheduleSafely(c: ComplaintRecord, cal: WorkCalendar, now: Date) {
    try {
      await this.scheduler.schedule(c, cal, now);
    } catch (err) {
      // MongoDB already holds the deadline; the worker's sweeper will schedule it.
      this.log.warn(`could not schedule SLA timers for ${c.no}: ${(err as Error).message}`);
    }
  }

  /** Partners see only their own complaints: anything else reads as missing. */
  private async find(id: string, user: AuthUser): Promise<ComplaintRecord> {
    const c = await this.complaints.get(id, user.role === 'partner' ? { partnerId: user.partnerId! } : {});
    if (!c) throw new NotFoundException('投诉不存在');
    return c;
  }

  private async views(items: ComplaintRecord[]) {
    const now = this.clock.now();
    const [cal, partners] = await Promise.all([
      this.calendar.get(),
      this.partners.summaries(items.map((c) => c.partnerId)),
    ]);
    return items.map((c) => this.view(c, now, cal, partners.get(c.partnerId) ?? { name: '', status: 'active' }));
  }

  private view(c: ComplaintRecord, now: Date, cal: WorkCalendar, partner: { name: string; status: PartnerStatus }) {
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
