import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { isDayInRange } from '../../validation/bounds.js';
import { shanghaiDate } from '../../calendar/index.js';
import { conflict, invalid, notFound, requireRole, type IntakeCaller, type IntakeContext } from '../context.js';
import { EVIDENCE_MIME, extensionType, publicityEnd, rankAgainstQuota, sniffEvidence } from '../rules.js';
import type { Page, PageRequest } from '../../db/paging.js';
import type { ApplicationRecord, MeetingRecord, ObjectionRecord } from '../types.js';

export interface MeetingInput {
  recruitmentId: string;
  heldOn: string;
  attendees: string[];
  minutes: string;
  decisions: { applicationId: string; approve: boolean; reason?: string }[];
  ranking?: string[];
}

/** Result confirmation (FT-4, FT-9): the committee meeting with the quota ranking, its 公示 and objections. */
export class Committee {
  constructor(private readonly x: IntakeContext) {}

  /**
   * The committee meeting (部务会) record: decisions per evaluated application; approvals over the quota need a
   * ranking and only the first `quota` are approved (择优, FT-4); the rest are declined.
   */
  async recordMeeting(input: MeetingInput, c: IntakeCaller): Promise<MeetingRecord> {
    requireRole(c, ['committee'], '录入部务会决策');
    const r = await this.x.recruitment(input.recruitmentId);
    if (!isDayInRange(input.heldOn)) throw invalid('heldOn: 会议日期格式应为 YYYY-MM-DD', ['heldOn']);
    if (!input.minutes?.trim()) throw invalid('minutes: 请填写会议纪要', ['minutes']);
    if (!input.decisions?.length) throw invalid('decisions: 请对至少一份申请作出决定', ['decisions']);
    const ids = input.decisions.map((d) => d.applicationId);
    if (new Set(ids).size !== ids.length) throw invalid('decisions: 同一申请不能重复决定');
    const apps = await this.x.repo.applications({ ids });
    const byId = new Map(apps.map((a) => [a.id, a]));
    for (const d of input.decisions) {
      const a = byId.get(d.applicationId);
      if (!a || a.recruitmentId !== r.id) throw invalid(`decisions: 申请 ${d.applicationId} 不属于本次招募`);
      if (a.status !== 'evaluated') throw conflict(`申请 ${a.company.name} 不在待结果确认阶段`);
    }
    const candidates = input.decisions.filter((d) => d.approve).map((d) => d.applicationId);
    const ranked = rankAgainstQuota(candidates, input.ranking, r.quota);
    if ('error' in ranked) throw invalid(ranked.error, { candidates, quota: r.quota });
    const chosen = new Set(ranked.chosen);
    const order = input.ranking?.length ? input.ranking : candidates;
    const decisions = input.decisions.map((d) => {
      const result: 'approved' | 'declined' = chosen.has(d.applicationId) ? 'approved' : 'declined';
      const rank = order.indexOf(d.applicationId);
      return {
        applicationId: d.applicationId,
        companyName: byId.get(d.applicationId)!.company.name,
        result,
        ...(rank >= 0 && { rank: rank + 1 }),
        ...(d.reason
          ? { reason: d.reason }
          : d.approve && !chosen.has(d.applicationId) && { reason: `超出招募数量${r.quota}家，择优未入选` }),
      };
    });
    const now = this.x.now();
    // the decisions are claimed first (of concurrent meetings deciding an application one wins; the others write
    // nothing), then the meeting is created with its audit entry, then the decisions are applied
    const meetingId = new Types.ObjectId();
    const docs = await this.x.stepAll(
      decisions.map((d) => ({
        action: d.result === 'approved' ? ('application.approved' as const) : ('application.declined' as const),
        of: byId.get(d.applicationId)!,
        rev: byId.get(d.applicationId)!.rev,
        s: {
          at: now,
          reason: d.reason,
          set: {
            status: d.result,
            decision: { meetingId: String(meetingId), result: d.result, rank: d.rank, reason: d.reason, at: now },
          },
          history: [d.result, d.reason] as [string, string | undefined],
        },
      })),
      c,
      {
        entity: 'meeting',
        action: 'meeting.recorded',
        doc: {
          _id: meetingId,
          recruitmentId: new Types.ObjectId(r.id),
          heldOn: input.heldOn,
          attendees: input.attendees ?? [],
          minutes: input.minutes,
          candidates,
          ranking: input.ranking ?? [],
          overQuota: ranked.overQuota,
          decisions,
          status: 'recorded',
          createdBy: c.name,
        },
        after: { recruitmentId: r.id, decisions, overQuota: ranked.overQuota },
      },
    );
    for (const [i, d] of decisions.entries()) {
      const text =
        d.result === 'approved'
          ? '结果确认：拟引入，公示后签约'
          : `结果确认：未入选${d.reason ? `（${d.reason}）` : ''}`;
      await this.x.tell(docs[i] as ApplicationRecord, d.result, text);
    }
    return this.x.meeting(String(meetingId));
  }

  meeting(id: string): Promise<MeetingRecord> {
    return this.x.meeting(id);
  }

  /** FT-9: the 公示 of a meeting's approvals starts now and ends per the admin setting (default 3 calendar days). */
  async publicize(id: string, rev: number, c: IntakeCaller, publishedAt?: Date) {
    requireRole(c, ['committee', 'staff'], '发布公示');
    const m = await this.x.meeting(id);
    if (m.status !== 'recorded') throw conflict('该会议结果已公示或已作废');
    const now = this.x.now();
    // staff record when the 公示 went up on the portal (default now): never in the future, not before the meeting
    const from = publishedAt ?? now;
    if (from.getTime() > now.getTime() || shanghaiDate(from) < m.heldOn)
      throw invalid('publishedAt: 公示时间不能晚于现在，也不能早于会议日期', ['publishedAt']);
    const s = (await this.x.settings()).publicity;
    const endsAt = publicityEnd(from, s, await this.x.deps.calendar.get());
    const set = { status: 'publicized', publicity: { ...s, publishedAt: from, endsAt } };
    return this.x.step('meeting.publicized', m, rev, c, { at: now, set, history: 'publicized' });
  }

  /** FT-9: the signed minutes (会议纪要) as a file (pdf/jpg/png by magic bytes) attached to the meeting record. */
  async attachMinutes(id: string, rev: number, file: { name: string; bytes: Buffer }, c: IntakeCaller) {
    requireRole(c, ['committee'], '上传会议纪要');
    const m = await this.x.meeting(id);
    if (m.status === 'void') throw conflict('该会议记录已作废');
    await this.x.checkUpload(file);
    const type = sniffEvidence(file.bytes);
    if (!type || type !== extensionType(file.name)) throw invalid('file: 只接受内容与扩展名一致的 pdf、jpg、png 文件');
    const fileId = await this.x.files.put(file.name, file.bytes, EVIDENCE_MIME[type], {
      kind: 'minutes',
      meetingId: id,
      type,
    });
    return this.x.step('meeting.minutes_attached', m, rev, c, {
      at: this.x.now(),
      set: { minutesFileId: fileId },
      history: ['minutes_attached', file.name],
      before: { minutesFileId: m.minutesFileId },
    });
  }

  async minutesFile(id: string) {
    const m = await this.x.meeting(id);
    const f = m.minutesFileId ? await this.x.files.get(m.minutesFileId) : null;
    if (!f) throw notFound('会议纪要文件');
    return { file: f, bytes: await this.x.files.read(f.id) };
  }

  /** The public 公示 page: only the approved company names of publicized meetings, and the window. */
  async publicNotices() {
    const ms = await this.x.repo.meetings({ status: 'publicized' });
    const out = [];
    for (const m of ms) {
      const r = await this.x.repo.recruitment(m.recruitmentId);
      out.push({
        meetingId: m.id,
        recruitmentId: m.recruitmentId,
        recruitmentTitle: r?.title ?? '',
        heldOn: m.heldOn,
        publishedAt: m.publicity!.publishedAt,
        endsAt: m.publicity!.endsAt,
        active: this.x.now() <= m.publicity!.endsAt,
        approved: m.decisions
          .filter((d) => d.result === 'approved')
          .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
          .map((d) => ({ applicationId: d.applicationId, companyName: d.companyName, rank: d.rank ?? null })),
      });
    }
    return out;
  }

  /** FT-9: anyone may object during a 公示 (409 outside it). */
  async fileObjection(input: { meetingId: string; applicationId?: string; text: string; contact?: string }) {
    const m = await this.x.repo.meeting(input.meetingId);
    if (!m || m.status !== 'publicized') throw notFound('公示');
    const now = this.x.now();
    if (now > m.publicity!.endsAt) throw conflict('公示期已结束，不再受理异议');
    if (
      input.applicationId &&
      !m.decisions.some((d) => d.applicationId === input.applicationId && d.result === 'approved')
    )
      throw invalid('applicationId: 该企业不在本次公示名单中');
    if (!input.text?.trim()) throw invalid('text: 请填写异议内容', ['text']);
    const filed = {
      meetingId: m.id,
      applicationId: input.applicationId ?? null,
      text: input.text.trim(),
      contact: input.contact?.trim() ?? '',
    };
    // de-duplicated: the same objection (meeting, company, text, contact) is one record, whoever sends it how often;
    // its id is derived from its content, so the insert itself decides (20 identical objections store one)
    const _id = createHash('sha256').update(JSON.stringify(filed)).digest('hex').slice(0, 24);
    // #18 the staff table filters by recruitment and names the company (kept out of the content id)
    const named = {
      recruitmentId: m.recruitmentId,
      companyName: input.applicationId
        ? ((await this.x.repo.application(input.applicationId))?.company.name ?? null)
        : null,
    };
    const o =
      (await this.x.repo.objection(_id)) ??
      (await this.x.repo.createObjection({ _id, ...filed, ...named, status: 'open' })) ??
      (await this.x.repo.objection(_id))!;
    // its audit entry and notice are keyed by it: a repeat (or a retry after a failure) records them once
    await this.x.deps.audit.appendMany([
      {
        key: `objection-${o.id}-filed`,
        at: o.createdAt,
        actor: { type: 'user', id: 'public', name: '公众' },
        action: 'objection.filed',
        entity: 'objection',
        entityId: o.id,
        after: { meetingId: m.id, applicationId: o.applicationId },
      },
    ]);
    await this.x.deps.notifier?.notify({
      noticeId: `objection-${o.id}-filed`,
      kind: 'generic',
      audience: 'staff',
      text: ['【公示异议】', `会议日期：${m.heldOn}`, `异议内容：${o.text.slice(0, 200)}`, '请在签约前处理。'].join(
        '\n',
      ),
      ref: { entity: 'objection', id: o.id },
      createdAt: now.toISOString(),
    });
    return { id: o.id, status: o.status, createdAt: o.createdAt };
  }

  /**
   * #18 the console's 公示异议 table: a page by filing time, each naming the company objected to (an objection filed
   * before the name was stored reads it from its application).
   */
  async objectionPage(
    f: { status?: 'open' | 'resolved'; recruitmentId?: string },
    req: PageRequest<'createdAt'>,
  ): Promise<Page<ObjectionRecord>> {
    const page = await this.x.repo.objectionPage(f, req);
    const missing = page.items.filter((o) => o.applicationId && !o.companyName).map((o) => o.applicationId!);
    if (!missing.length) return page;
    const names = new Map(
      (await this.x.repo.applications({ ids: missing })).map((a) => [a.id, a.company.name] as const),
    );
    return {
      ...page,
      items: page.items.map((o) =>
        o.companyName || !o.applicationId ? o : { ...o, companyName: names.get(o.applicationId) ?? null },
      ),
    };
  }

  objections(f: { status?: 'open' | 'resolved'; meetingId?: string } = {}) {
    return this.x.repo.objections(f);
  }

  async resolveObjection(id: string, rev: number, resolution: string, c: IntakeCaller) {
    requireRole(c, ['staff', 'committee'], '处理异议');
    const o = await this.x.repo.objection(id);
    if (!o) throw notFound('异议');
    if (o.status !== 'open') throw conflict('该异议已处理');
    if (!resolution?.trim()) throw invalid('resolution: 请填写处理意见', ['resolution']);
    const now = this.x.now();
    return this.x.step('objection.resolved', o, rev, c, {
      at: now,
      reason: resolution,
      set: { status: 'resolved', resolution: resolution.trim(), resolvedAt: now, resolvedBy: c.actor },
    });
  }
}
