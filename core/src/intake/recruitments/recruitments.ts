import { shanghaiDate } from '../../calendar/index.js';
import { isDayInRange } from '../../validation/bounds.js';
import { formatBeijing } from '../../notify/index.js';
import type { NoticeJobData } from '../../queues/index.js';
import {
  conflict,
  endOfDay,
  invalid,
  notFound,
  refuse,
  requireRole,
  type Doc,
  type IntakeCaller,
  type IntakeContext,
} from '../context.js';
import { unknownProducts } from '../rules.js';
import type { RecruitmentRecord } from '../types.js';

export interface RecruitmentInput {
  programmeId?: string;
  title?: string;
  industry?: string;
  region?: string;
  products?: string[];
  mode?: 'batch' | 'monthly';
  quota?: number | null;
  opensOn?: string | null;
  closesOn?: string | null;
  description?: string;
  contact?: string;
  attachments?: { name: string; url?: string }[];
  rooms?: string[];
}

const EDITABLE: (keyof RecruitmentInput)[] = [
  'title',
  'industry',
  'region',
  'products',
  'mode',
  'quota',
  'opensOn',
  'closesOn',
  'description',
  'contact',
  'attachments',
  'rooms',
];

/** Is the recruitment taking applications now? The refusal, or null (FT-6; batch until the end of its deadline day). */
export function notAccepting(r: RecruitmentRecord, now: Date): string | null {
  if (r.status !== 'published') return r.status === 'closed' ? '招募已截止' : '招募未发布';
  if (r.applicationDeadline && now.getTime() > r.applicationDeadline.getTime()) return '已过报名截止时间';
  if (r.opensOn && shanghaiDate(now) < r.opensOn) return '招募尚未开始报名';
  return null;
}

/** Recruitments (FT-3, FT-4, FT-6): draft → published → closed → archived, the public list and notice. */
export class Recruitments {
  constructor(private readonly x: IntakeContext) {}

  private async check(r: RecruitmentInput & { mode: string }): Promise<void> {
    const problems: string[] = [];
    const unknown = unknownProducts(r.products, (await this.x.settings()).products);
    if (unknown.length) problems.push(`products: ${unknown.join('、')} 不在合作产品目录中（FT-1）`);
    if (r.mode !== 'batch' && r.mode !== 'monthly') problems.push('mode: 须为 batch（批次）或 monthly（按月）');
    if (r.closesOn != null && !isDayInRange(r.closesOn))
      problems.push('closesOn: 须为 2000–2100 年之间的日期（YYYY-MM-DD）');
    if (r.opensOn != null && !isDayInRange(r.opensOn))
      problems.push('opensOn: 须为 2000–2100 年之间的日期（YYYY-MM-DD）');
    if (r.opensOn && r.closesOn && r.opensOn > r.closesOn) problems.push('opensOn: 不能晚于截止日期');
    if (r.quota != null && !(Number.isInteger(r.quota) && r.quota >= 1)) problems.push('quota: 须为正整数');
    refuse(problems);
  }

  async create(input: RecruitmentInput, c: IntakeCaller): Promise<RecruitmentRecord> {
    requireRole(c, ['staff'], '创建招募');
    if (!input.programmeId || !(await this.x.deps.programmes.get(input.programmeId)))
      throw invalid('programmeId: 项目不存在', ['programmeId']);
    if (!input.title?.trim()) throw invalid('title: 请填写招募标题', ['title']);
    const mode = input.mode ?? 'batch';
    await this.check({ ...input, mode });
    const r = await this.x.repo.createRecruitment({
      programmeId: input.programmeId,
      title: input.title.trim(),
      industry: input.industry,
      region: input.region,
      products: input.products ?? [],
      mode,
      quota: input.quota ?? null,
      opensOn: input.opensOn ?? null,
      closesOn: mode === 'batch' ? (input.closesOn ?? null) : null,
      applicationDeadline: mode === 'batch' && input.closesOn ? endOfDay(input.closesOn) : null,
      description: input.description ?? '',
      contact: input.contact ?? '',
      attachments: input.attachments ?? [],
      rooms: input.rooms ?? [],
      status: 'draft',
      createdBy: c.name,
    });
    await this.x.record(c, 'recruitment.created', 'recruitment', r.id, {
      after: { title: r.title, mode: r.mode, quota: r.quota, closesOn: r.closesOn },
    });
    return r;
  }

  get(id: string): Promise<RecruitmentRecord> {
    return this.x.recruitment(id);
  }

  /** Edits; on a published recruitment every change is kept in its visible change log. */
  async edit(id: string, rev: number, input: RecruitmentInput, c: IntakeCaller) {
    requireRole(c, ['staff'], '修改招募');
    const r = await this.x.recruitment(id);
    if (r.status === 'closed' || r.status === 'archived') throw conflict('招募已截止或归档，不能修改');
    const merged: Doc = { ...r };
    const changes: { field: string; from: unknown; to: unknown }[] = [];
    for (const k of EDITABLE) {
      if (input[k] === undefined) continue;
      if (JSON.stringify(input[k]) !== JSON.stringify((r as Doc)[k])) {
        changes.push({ field: k, from: (r as Doc)[k], to: input[k] });
        merged[k] = input[k];
      }
    }
    if (!changes.length) return r;
    if (r.status === 'published' && changes.some((ch) => ch.field === 'mode'))
      throw conflict('已发布的招募不能更改引入方式');
    await this.check(merged as RecruitmentInput & { mode: string });
    const set: Doc = Object.fromEntries(changes.map((ch) => [ch.field, ch.to]));
    if ('closesOn' in set)
      set.applicationDeadline = merged.mode === 'batch' && set.closesOn ? endOfDay(set.closesOn) : null;
    const at = this.x.now();
    return this.x.step('recruitment.edited', r, rev, c, {
      at,
      set,
      ...(r.status === 'published' && { push: { changeLog: { at, by: c.name, changes } } }),
      before: Object.fromEntries(changes.map((ch) => [ch.field, ch.from])),
    });
  }

  /** FT-6: draft → published; the bot posts the notice with the H5 link to the recruitment's rooms. */
  async publish(id: string, rev: number, c: IntakeCaller) {
    requireRole(c, ['staff'], '发布招募');
    const r = await this.x.recruitment(id);
    if (r.status !== 'draft') throw conflict('只有草稿状态的招募可以发布');
    const now = this.x.now();
    if (r.mode === 'batch') {
      if (!r.closesOn) throw invalid('closesOn: 分批次招募须设置报名截止日', ['closesOn']);
      if (r.quota == null) throw invalid('quota: 分批次招募须设置当期挂网招募数量（FT-4）', ['quota']);
      if (endOfDay(r.closesOn) <= now) throw invalid('closesOn: 报名截止日已过', ['closesOn']);
    }
    const link = `${this.x.deps.publicUrl.replace(/\/$/, '')}/#/packages/intake/pages/recruitment/index?id=${id}`;
    const notice: NoticeJobData = {
      noticeId: `recruitment-${id}-published`,
      kind: 'recruitment',
      audience: 'staff',
      programmeId: r.programmeId,
      ...(r.rooms.length && { rooms: r.rooms }),
      text: [
        '【招募公告】',
        r.title,
        `引入方式：${r.mode === 'batch' ? '分批次一次性引入' : '每月周期性引入'}`,
        ...(r.quota != null ? [`招募数量：${r.quota}家`] : []),
        ...(r.applicationDeadline ? [`报名截止：${formatBeijing(r.applicationDeadline)}（北京时间）`] : []),
        ...(r.products.length ? [`合作产品：${r.products.join('、')}`] : []),
        `详情及报名：${link}`,
      ].join('\n'),
      ref: { entity: 'recruitment', id },
      createdAt: now.toISOString(),
    };
    const set = { status: 'published', publishedAt: now };
    return this.x.step('recruitment.published', r, rev, c, {
      at: now,
      set,
      history: 'published',
      notices: [notice],
    });
  }

  /** published → closed (staff, or the worker at a batch deadline); closed → archived. */
  async close(id: string, rev: number, c: IntakeCaller, reason?: string) {
    requireRole(c, ['staff'], '截止招募');
    const r = await this.x.recruitment(id);
    if (r.status !== 'published') throw conflict('只有已发布的招募可以截止');
    const now = this.x.now();
    const set = { status: 'closed', closedAt: now };
    return this.x.step('recruitment.closed', r, rev, c, {
      at: now,
      set,
      reason,
      history: ['closed', reason],
    });
  }

  async archive(id: string, rev: number, c: IntakeCaller) {
    requireRole(c, ['staff'], '归档招募');
    const r = await this.x.recruitment(id);
    if (r.status !== 'closed' && r.status !== 'draft') throw conflict('只有已截止或草稿状态的招募可以归档');
    const now = this.x.now();
    const set = { status: 'archived', archivedAt: now };
    return this.x.step('recruitment.archived', r, rev, c, { at: now, set, history: 'archived' });
  }

  /** The public list: published (open) and closed recruitments, never drafts or archived ones. */
  async publicList(): Promise<RecruitmentRecord[]> {
    const all = await this.x.repo.recruitments({ status: ['published', 'closed'] });
    return all.sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
  }

  async publicOne(id: string): Promise<RecruitmentRecord> {
    const r = await this.x.repo.recruitment(id);
    if (!r || (r.status !== 'published' && r.status !== 'closed')) throw notFound('招募');
    return r;
  }
}
