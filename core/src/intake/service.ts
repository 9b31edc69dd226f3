import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { isValidDateString, shanghaiDate, shanghaiMidnight, type WorkCalendar } from '../calendar/index.js';
import type { CreditLedger } from '../credit/ledger.js';
import { models } from '../db/schemas.js';
import type { AuditRepository, PartnerRepository, ProgrammeRepository } from '../db/repositories.js';
import { isObjectId } from '../db/repositories.js';
import { SYSTEM_ACTOR, type Actor, type PartnerRecord, type Role } from '../db/types.js';
import { DomainError } from '../errors.js';
import { readSheet } from '../metrics/sheet.js';
import { formatBeijing } from '../notify/index.js';
import type { NoticeJobData } from '../queues/index.js';
import { Sequences, Transitions, type NoticeSink, type TransitionInput } from '../workflow/transitions.js';
import { IntakeFiles } from './files.js';
import { renderLetterPdf } from './letter-pdf.js';
import { ApplicantMessages, type SubscribeSender } from './messages.js';
import { IntakeRepository, plain, type DishonestEntryRecord } from './repository.js';
import {
  CRITERION_IDS,
  EVIDENCE_MIME,
  creditCodeProblem,
  extensionType,
  intakeTimeline,
  letterStatus,
  listCheck,
  noRiskCancellation,
  normaliseCreditCode,
  panelOutcome,
  panelProblems,
  preReviewPassed,
  publicityEnd,
  rankAgainstQuota,
  registeredOverOneYear,
  sniffEvidence,
  unknownProducts,
  verdictProblems,
  type CheckResult,
  type CriterionVerdict,
  type PanelMember,
  type Quorum,
} from './rules.js';
import { intakeModels, type IntakeModels } from './schemas.js';
import type {
  ApplicationRecord,
  ApplicationStatus,
  CompanyFacts,
  CriterionAnswer,
  IntakeSettings,
  LetterRecord,
  MeetingRecord,
  RecruitmentRecord,
} from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** Who calls a use-case: the actor for the audit trail plus what authorization needs. */
export interface IntakeCaller {
  actor: Actor;
  role: Role;
  userId: string;
  name: string;
  /** applicants: their WeChat openid */
  openId?: string;
  partnerId?: string;
}

export interface IntakeDeps {
  calendar: { get(): Promise<WorkCalendar> };
  audit: AuditRepository;
  notifier?: NoticeSink;
  partners: PartnerRepository;
  programmes: ProgrammeRepository;
  /** MG-11 不良信用名单 (core/src/credit BadCreditRepository) */
  badCredit: { isListed(companyName: string): Promise<boolean> };
  creditLedger?: CreditLedger;
  sender?: SubscribeSender;
  /** the H5 app's public base URL (notice links, letter QR codes) */
  publicUrl: string;
  now?: () => Date;
}

const STAFF: Role[] = ['staff', 'admin', 'reviewer', 'committee'];
/** A signing whose claim is older than this without finishing was interrupted and may be resumed. */
const SIGNING_STALE_MS = 2 * 60_000;
const isStaff = (c: IntakeCaller) => STAFF.includes(c.role);
const requireRole = (c: IntakeCaller, roles: Role[], what: string) => {
  // admin may do everything; `staff` admits every staff role (reviewer and committee count as staff)
  if (!(roles.includes(c.role) || c.role === 'admin' || (roles.includes('staff') && STAFF.includes(c.role))))
    throw DomainError.forbidden(`无权${what}`);
};
const notFound = (what: string) => DomainError.notFound(`${what}不存在`);
const conflict = (msg: string, details?: unknown) => DomainError.conflict(msg, details);
const invalid = (msg: string, details?: unknown) => DomainError.invalid(msg, details);
const endOfDay = (day: string) => new Date(shanghaiMidnight(day).getTime() + 86_400_000 - 1);
const hist = (at: Date, action: string, c: IntakeCaller, note?: string) => ({
  at,
  action,
  by: c.name,
  ...(note && { note }),
});

/** What an application's reviewers and applicant may edit in a draft. */
export interface ApplicationDraftInput {
  company?: Partial<CompanyFacts>;
  answers?: CriterionAnswer[];
  declaration?: boolean;
}

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

/**
 * Intake (FT-1..FT-11): recruitments, applications with evidence and automatic checks, pre-review, evaluation
 * panel, committee decision with quota ranking, 公示 and objections, signing and authorization letters. Every
 * state change is a `Transitions.apply` step (claimed under a unique key, audited, notified once).
 */
export class IntakeService {
  readonly repo: IntakeRepository;
  readonly files: IntakeFiles;
  readonly messages: ApplicantMessages;
  private readonly transitions: Transitions;
  private readonly sequences: Sequences;
  private readonly users;

  constructor(
    conn: Connection,
    readonly m: IntakeModels,
    private readonly deps: IntakeDeps,
  ) {
    this.repo = new IntakeRepository(m);
    this.files = new IntakeFiles(conn);
    this.messages = new ApplicantMessages(m, deps.sender);
    this.transitions = new Transitions(conn, deps.audit, deps.notifier);
    this.sequences = new Sequences(conn);
    this.users = models(conn).User;
  }

  /** One workflow step through the transition primitive; the updated document as a record. */
  private async step<T = Doc>(t: TransitionInput): Promise<T> {
    return plain<T>(await this.transitions.apply(t));
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  // ================================================================= settings

  settings(): Promise<IntakeSettings> {
    return this.repo.settings();
  }

  async putSettings(patch: Partial<IntakeSettings>, c: IntakeCaller): Promise<IntakeSettings> {
    requireRole(c, ['admin'], '修改引入设置');
    const before = await this.repo.settings();
    const next: IntakeSettings = { ...before, ...patch };
    const p = next.publicity;
    if (!p || !Number.isInteger(p.days) || p.days < 1 || p.days > 30 || !['calendar', 'working'].includes(p.unit))
      throw invalid('publicity: 公示天数为1–30的整数，单位为 calendar 或 working', ['publicity']);
    if (next.quorum.kind === 'min' && !(Number.isInteger(next.quorum.minPass) && next.quorum.minPass >= 1))
      throw invalid('quorum: minPass 须为正整数', ['quorum']);
    await this.repo.putSettings(next);
    await this.deps.audit.append({
      actor: c.actor,
      action: 'intake.settings_changed',
      entity: 'intake_settings',
      entityId: 'default',
      before,
      after: next,
    });
    return next;
  }

  // ================================================================= recruitments (FT-3, FT-4, FT-6)

  private async checkRecruitment(r: RecruitmentInput & { mode: string }): Promise<void> {
    const problems: string[] = [];
    const unknown = unknownProducts(r.products, (await this.repo.settings()).products);
    if (unknown.length) problems.push(`products: ${unknown.join('、')} 不在合作产品目录中（FT-1）`);
    if (r.mode !== 'batch' && r.mode !== 'monthly') problems.push('mode must be batch or monthly');
    if (r.closesOn != null && !isValidDateString(r.closesOn)) problems.push('closesOn must be a date YYYY-MM-DD');
    if (r.opensOn != null && !isValidDateString(r.opensOn)) problems.push('opensOn must be a date YYYY-MM-DD');
    if (r.opensOn && r.closesOn && r.opensOn > r.closesOn) problems.push('opensOn must not be after closesOn');
    if (r.quota != null && !(Number.isInteger(r.quota) && r.quota >= 1))
      problems.push('quota must be a positive integer');
    if (problems.length) throw invalid(problems.join('；'), problems);
  }

  async createRecruitment(input: RecruitmentInput, c: IntakeCaller): Promise<RecruitmentRecord> {
    requireRole(c, ['staff'], '创建招募');
    if (!input.programmeId || !(await this.deps.programmes.get(input.programmeId)))
      throw invalid('programmeId: 项目不存在', ['programmeId']);
    if (!input.title?.trim()) throw invalid('title: 请填写招募标题', ['title']);
    const mode = input.mode ?? 'batch';
    await this.checkRecruitment({ ...input, mode });
    const r = await this.repo.createRecruitment({
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
    await this.deps.audit.append({
      actor: c.actor,
      action: 'recruitment.created',
      entity: 'recruitment',
      entityId: r.id,
      after: { title: r.title, mode: r.mode, quota: r.quota, closesOn: r.closesOn },
    });
    return r;
  }

  async recruitment(id: string): Promise<RecruitmentRecord> {
    const r = await this.repo.recruitment(id);
    if (!r) throw notFound('招募');
    return r;
  }

  /** Edits; on a published recruitment every change is kept in its visible change log. */
  async editRecruitment(id: string, rev: number, input: RecruitmentInput, c: IntakeCaller) {
    requireRole(c, ['staff'], '修改招募');
    const r = await this.recruitment(id);
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
    await this.checkRecruitment(merged as RecruitmentInput & { mode: string });
    const set: Doc = Object.fromEntries(changes.map((ch) => [ch.field, ch.to]));
    if ('closesOn' in set)
      set.applicationDeadline = merged.mode === 'batch' && set.closesOn ? endOfDay(set.closesOn) : null;
    const at = this.now();
    return this.step({
      model: 'IntakeRecruitment',
      entity: 'recruitment',
      id,
      rev,
      action: 'recruitment.edited',
      actor: c.actor,
      set,
      ...(r.status === 'published' && { push: { changeLog: { at, by: c.name, changes } } }),
      before: Object.fromEntries(changes.map((ch) => [ch.field, ch.from])),
      after: set,
      at,
    });
  }

  /** FT-6: draft → published; the bot posts the notice with the H5 link to the recruitment's rooms. */
  async publishRecruitment(id: string, rev: number, c: IntakeCaller) {
    requireRole(c, ['staff'], '发布招募');
    const r = await this.recruitment(id);
    if (r.status !== 'draft') throw conflict('只有草稿状态的招募可以发布');
    const now = this.now();
    if (r.mode === 'batch') {
      if (!r.closesOn) throw invalid('closesOn: 分批次招募须设置报名截止日', ['closesOn']);
      if (r.quota == null) throw invalid('quota: 分批次招募须设置当期挂网招募数量（FT-4）', ['quota']);
      if (endOfDay(r.closesOn) <= now) throw invalid('closesOn: 报名截止日已过', ['closesOn']);
    }
    const link = `${this.deps.publicUrl.replace(/\/$/, '')}/#/packages/intake/pages/recruitment/index?id=${id}`;
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
    return this.step({
      model: 'IntakeRecruitment',
      entity: 'recruitment',
      id,
      rev,
      action: 'recruitment.published',
      actor: c.actor,
      set: { status: 'published', publishedAt: now },
      push: { history: hist(now, 'published', c) },
      before: { status: r.status },
      notices: [notice],
      at: now,
    });
  }

  /** published → closed (staff, or the worker at a batch deadline); closed → archived. */
  async closeRecruitment(id: string, rev: number, c: IntakeCaller, reason?: string) {
    requireRole(c, ['staff'], '截止招募');
    const r = await this.recruitment(id);
    if (r.status !== 'published') throw conflict('只有已发布的招募可以截止');
    const now = this.now();
    return this.step({
      model: 'IntakeRecruitment',
      entity: 'recruitment',
      id,
      rev,
      action: 'recruitment.closed',
      actor: c.actor,
      reason,
      set: { status: 'closed', closedAt: now },
      push: { history: hist(now, 'closed', c, reason) },
      before: { status: r.status },
      at: now,
    });
  }

  async archiveRecruitment(id: string, rev: number, c: IntakeCaller) {
    requireRole(c, ['staff'], '归档招募');
    const r = await this.recruitment(id);
    if (r.status !== 'closed' && r.status !== 'draft') throw conflict('只有已截止或草稿状态的招募可以归档');
    const now = this.now();
    return this.step({
      model: 'IntakeRecruitment',
      entity: 'recruitment',
      id,
      rev,
      action: 'recruitment.archived',
      actor: c.actor,
      set: { status: 'archived', archivedAt: now },
      push: { history: hist(now, 'archived', c) },
      before: { status: r.status },
      at: now,
    });
  }

  /** The public list: published (open) and closed recruitments, never drafts or archived ones. */
  async publicRecruitments(): Promise<RecruitmentRecord[]> {
    const all = await this.repo.recruitments({ status: ['published', 'closed'] });
    return all.sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
  }

  async publicRecruitment(id: string): Promise<RecruitmentRecord> {
    const r = await this.repo.recruitment(id);
    if (!r || (r.status !== 'published' && r.status !== 'closed')) throw notFound('招募');
    return r;
  }

  /** Is the recruitment taking applications now? (FT-6; batch until the end of its deadline day) */
  accepting(r: RecruitmentRecord, now: Date): string | null {
    if (r.status !== 'published') return r.status === 'closed' ? '招募已截止' : '招募未发布';
    if (r.applicationDeadline && now.getTime() > r.applicationDeadline.getTime()) return '已过报名截止时间';
    if (r.opensOn && shanghaiDate(now) < r.opensOn) return '招募尚未开始报名';
    return null;
  }

  // ================================================================= applicants, applications (FT-2, FT-2.1)

  ensureApplicant(openId: string, name?: string) {
    return this.repo.ensureApplicant(openId, name);
  }

  private companyProblems(co: Partial<CompanyFacts>, now: Date, complete: boolean): string[] {
    const p: string[] = [];
    if (co.creditCode !== undefined) {
      const e = creditCodeProblem(co.creditCode);
      if (e) p.push(`company.creditCode: ${e}`);
    } else if (complete) p.push('company.creditCode: 请填写统一社会信用代码');
    if (co.registeredOn !== undefined) {
      if (!isValidDateString(co.registeredOn)) p.push('company.registeredOn: 成立日期格式应为 YYYY-MM-DD');
      else if (co.registeredOn > shanghaiDate(now)) p.push('company.registeredOn: 成立日期不能晚于今天');
    } else if (complete) p.push('company.registeredOn: 请填写成立日期');
    if (co.taxpayerType !== undefined && !['general', 'small_scale'].includes(co.taxpayerType))
      p.push('company.taxpayerType: 纳税人类型应为 general 或 small_scale');
    if (complete) {
      if (!co.name?.trim()) p.push('company.name: 请填写企业名称');
      if (!co.legalRep?.trim()) p.push('company.legalRep: 请填写法定代表人');
      if (!co.taxpayerType) p.push('company.taxpayerType: 请选择纳税人类型');
      if (!co.contacts?.length) p.push('company.contacts: 请填写至少一位联系人');
    }
    return p;
  }

  /** Starts a draft; one application per company (credit code) per recruitment, 409 otherwise. */
  async createApplication(recruitmentId: string, input: ApplicationDraftInput, c: IntakeCaller) {
    if (c.role !== 'applicant' || !c.openId) throw DomainError.forbidden('请以申请人身份登录');
    const r = await this.repo.recruitment(recruitmentId);
    if (!r || r.status === 'draft' || r.status === 'archived') throw notFound('招募');
    const now = this.now();
    const refused = this.accepting(r, now);
    if (refused) throw conflict(refused);
    const company = { contacts: [], ...input.company } as CompanyFacts;
    const problems = this.companyProblems(company, now, false);
    if (!company.creditCode) problems.push('company.creditCode: 请填写统一社会信用代码');
    if (problems.length) throw invalid(problems.join('；'), problems);
    company.creditCode = normaliseCreditCode(company.creditCode);
    const app = await this.repo.createApplication({
      recruitmentId,
      programmeId: r.programmeId,
      mode: r.mode,
      applicantId: c.userId,
      applicantOpenId: c.openId,
      creditCode: company.creditCode,
      company,
      answers: this.cleanAnswers(input.answers ?? []),
      declaration: input.declaration ? { signedBy: c.name, at: now } : null,
      status: 'draft',
      history: [hist(now, 'created', c)],
    });
    if (!app) throw conflict('该企业已申请本次招募，不能重复申请');
    await this.deps.audit.append({
      actor: c.actor,
      action: 'application.created',
      entity: 'application',
      entityId: app.id,
      after: { recruitmentId, creditCode: app.creditCode },
    });
    return app;
  }

  private cleanAnswers(answers: CriterionAnswer[]): CriterionAnswer[] {
    const bad = answers.filter((a) => !CRITERION_IDS.includes(a.criterion));
    if (bad.length) throw invalid(`answers: 未知的评审项 ${bad.map((a) => a.criterion).join(',')}`);
    const byId = new Map(answers.map((a) => [a.criterion, a]));
    return [...byId.values()].map((a) => ({
      criterion: a.criterion,
      met: Boolean(a.met),
      ...(a.note && { note: a.note }),
    }));
  }

  /** The application as its applicant (own only; another's reads as 404) or staff see it. */
  async application(id: string, c: IntakeCaller): Promise<ApplicationRecord> {
    const app = await this.repo.application(
      id,
      isStaff(c) ? {} : { applicantId: c.role === 'applicant' ? c.userId : '\0' },
    );
    if (!app) throw notFound('申请');
    return app;
  }

  async updateDraft(id: string, rev: number, input: ApplicationDraftInput, c: IntakeCaller) {
    const app = await this.application(id, c);
    if (c.role !== 'applicant') throw DomainError.forbidden('只有申请人可以修改申请');
    if (app.status !== 'draft') throw conflict('申请已提交，修改请先撤回为新版本');
    const now = this.now();
    const set: Doc = {};
    if (input.company) {
      const problems = this.companyProblems(input.company, now, false);
      if (problems.length) throw invalid(problems.join('；'), problems);
      const company = { ...app.company, ...input.company };
      if (input.company.creditCode) {
        company.creditCode = normaliseCreditCode(input.company.creditCode);
        if (company.creditCode !== app.creditCode) {
          const taken = await this.m.Application.countDocuments({
            recruitmentId: app.recruitmentId,
            creditCode: company.creditCode,
          });
          if (taken) throw conflict('该企业已申请本次招募，不能重复申请');
          set.creditCode = company.creditCode;
        }
      }
      set.company = company;
    }
    if (input.answers) set.answers = this.cleanAnswers(input.answers);
    if (input.declaration !== undefined) set.declaration = input.declaration ? { signedBy: c.name, at: now } : null;
    try {
      return await this.step({
        model: 'IntakeApplication',
        entity: 'application',
        id,
        rev,
        action: 'application.draft_saved',
        actor: c.actor,
        set,
        before: { status: app.status },
        at: now,
      });
    } catch (e) {
      if ((e as { code?: number }).code === 11000) throw conflict('该企业已申请本次招募，不能重复申请');
      throw e;
    }
  }

  /** Evidence (pdf/jpg/png by magic bytes, matching the extension, size and count limits) into GridFS. */
  async uploadEvidence(
    id: string,
    file: { name: string; bytes: Buffer },
    criterion: string | undefined,
    c: IntakeCaller,
  ) {
    const app = await this.application(id, c);
    if (c.role !== 'applicant') throw DomainError.forbidden('只有申请人可以上传材料');
    if (app.status !== 'draft') throw conflict('申请已提交，不能再上传材料');
    if (criterion !== undefined && !CRITERION_IDS.includes(criterion)) throw invalid('criterion: 未知的评审项');
    const s = await this.repo.settings();
    if (file.bytes.length === 0) throw invalid('file: 文件为空');
    if (file.bytes.length > s.maxFileBytes)
      throw new DomainError('too_large', `file: 单个文件不能超过 ${(s.maxFileBytes / 1024 / 1024).toFixed(0)} MB`);
    const claimed = extensionType(file.name);
    if (!claimed) throw invalid('file: 只接受 pdf、jpg、png 文件');
    const actual = sniffEvidence(file.bytes);
    if (actual !== claimed) throw invalid('file: 文件内容与扩展名不符（只接受 pdf、jpg、png）');
    const existing = await this.files.find({ applicationId: id, kind: 'evidence' });
    if (existing.length >= s.maxFiles) throw new DomainError('too_large', `file: 每份申请最多 ${s.maxFiles} 个文件`);
    const fileId = await this.files.put(file.name, file.bytes, EVIDENCE_MIME[actual], {
      kind: 'evidence',
      applicationId: id,
      applicantId: app.applicantId,
      criterion: criterion ?? null,
      type: actual,
      version: app.version,
    });
    await this.deps.audit.append({
      actor: c.actor,
      action: 'application.evidence_uploaded',
      entity: 'application',
      entityId: id,
      after: { fileId, name: file.name, size: file.bytes.length, criterion },
    });
    return { id: fileId, fileName: file.name, type: actual, size: file.bytes.length, criterion: criterion ?? null };
  }

  async evidenceList(id: string, c: IntakeCaller) {
    await this.application(id, c);
    return (await this.files.find({ applicationId: id, kind: 'evidence' })).map((f) => ({
      id: f.id,
      fileName: f.fileName,
      type: f.type,
      size: f.size,
      criterion: f.metadata.criterion ?? null,
      version: f.metadata.version ?? 1,
      uploadedAt: f.uploadedAt,
    }));
  }

  /** A file of the application, for its applicant and staff only (another's reads as 404). */
  async evidence(id: string, fileId: string, c: IntakeCaller) {
    await this.application(id, c);
    const f = await this.files.get(fileId);
    if (!f || f.metadata.applicationId !== id) throw notFound('文件');
    return { file: f, bytes: await this.files.read(fileId) };
  }

  /** Removes a draft's file. */
  async deleteEvidence(id: string, fileId: string, c: IntakeCaller) {
    const app = await this.application(id, c);
    if (c.role !== 'applicant') throw DomainError.forbidden('只有申请人可以删除材料');
    if (app.status !== 'draft') throw conflict('申请已提交，不能删除材料');
    const f = await this.files.get(fileId);
    if (!f || f.metadata.applicationId !== id || (f.metadata.version ?? 1) !== app.version) throw notFound('文件');
    await this.files.delete(fileId);
    await this.deps.audit.append({
      actor: c.actor,
      action: 'application.evidence_deleted',
      entity: 'application',
      entityId: id,
      before: { fileId, name: f.fileName },
    });
  }

  /** FT-2.1: the automatic checks, each with its evidence. */
  async automaticChecks(company: CompanyFacts, at: Date): Promise<CheckResult[]> {
    const [cancellations, badCredit, serious, debtor, seriousCount, debtorCount] = await Promise.all([
      this.repo.riskCancellations(company.creditCode),
      this.deps.badCredit.isListed(company.name),
      this.repo.dishonestHits('serious_illegal', company),
      this.repo.dishonestHits('dishonest_debtor', { creditCode: '\0', name: '\0', legalRep: company.legalRep }),
      this.repo.dishonestCount('serious_illegal'),
      this.repo.dishonestCount('dishonest_debtor'),
    ]);
    const byName = await this.m.RiskCancellation.find({ companyName: company.name }).lean();
    // by credit code, or by name (the exit flow records partners, which may have no credit code on file)
    const seen = new Map<string, { at: Date; reason: string; source?: string }>();
    for (const r of cancellations) seen.set(r.id, r);
    for (const d of byName as Doc[]) seen.set(String(d._id), { at: d.at, reason: d.reason, source: d.source });
    const all = [...seen.values()];
    const hit = (h: DishonestEntryRecord[]) =>
      h.map((e) => ({ name: e.name, creditCode: e.creditCode, legalRep: e.legalRep }));
    return [
      registeredOverOneYear(company.registeredOn, at),
      noRiskCancellation(all, at),
      listCheck('not_bad_credit', badCredit, '中国移动体系内不良信用名单（MG-11）', { companyName: company.name }),
      listCheck('not_serious_illegal', serious.length > 0, '严重违法失信企业名单', {
        entries: hit(serious),
        listSize: seriousCount,
      }),
      listCheck('legal_rep_not_dishonest_debtor', debtor.length > 0, '失信被执行人名单（法定代表人）', {
        legalRep: company.legalRep,
        entries: hit(debtor),
        listSize: debtorCount,
      }),
    ];
  }

  /**
   * Submission freezes the application (a frozen version is kept), runs the FT-2.1 checks and stores the FT-7
   * pre-review due date; a failed hard check rejects it with the reason, visible to the applicant.
   */
  async submit(id: string, rev: number, c: IntakeCaller) {
    const app = await this.application(id, c);
    if (c.role !== 'applicant') throw DomainError.forbidden('只有申请人可以提交申请');
    if (app.status !== 'draft') throw conflict('申请已提交');
    const now = this.now();
    const r = await this.recruitment(app.recruitmentId);
    const refused = this.accepting(r, now);
    if (refused) throw conflict(refused);
    const problems = this.companyProblems(app.company, now, true);
    const answered = new Set(app.answers.map((a) => a.criterion));
    for (const id2 of CRITERION_IDS) if (!answered.has(id2)) problems.push(`answers: 请回答评审项 ${id2}`);
    if (!app.declaration) problems.push('declaration: 请签署承诺声明');
    if (problems.length) throw invalid(problems.join('；'), problems);
    const checks = await this.automaticChecks(app.company, now);
    const failed = checks.filter((ch) => !ch.passed);
    const cal = await this.deps.calendar.get();
    const t =
      r.mode === 'batch'
        ? intakeTimeline({ mode: 'batch', closesOn: r.closesOn! }, cal)
        : intakeTimeline({ mode: 'monthly', submittedAt: now }, cal);
    const status: ApplicationStatus = failed.length ? 'rejected' : 'submitted';
    const rejection = failed.length ? failed.map((f) => f.reason).join('；') : null;
    const files = (await this.files.find({ applicationId: id, kind: 'evidence' })).map((f) => ({
      id: f.id,
      fileName: f.fileName,
      criterion: f.metadata.criterion ?? null,
    }));
    await this.repo.saveVersion(app, now, files);
    const doc = await this.step({
      model: 'IntakeApplication',
      entity: 'application',
      id,
      rev,
      action: failed.length ? 'application.rejected_by_checks' : 'application.submitted',
      actor: c.actor,
      reason: rejection ?? undefined,
      set: {
        status,
        submittedAt: now,
        checks,
        rejection,
        reviewOn: t.reviewOn,
        preReviewDueAt: failed.length ? null : t.preReviewDueAt,
        calendarVersion: cal.version,
        provisional: t.provisional,
      },
      push: { history: hist(now, failed.length ? 'rejected_by_checks' : 'submitted', c, rejection ?? undefined) },
      before: { status: app.status, version: app.version },
      after: { status, version: app.version, checks: checks.map((ch) => ({ id: ch.id, passed: ch.passed })) },
      at: now,
    });
    await this.tell(
      doc as ApplicationRecord,
      failed.length ? 'rejected' : 'submitted',
      rejection ?? '已提交，等待预审',
    );
    return doc;
  }

  /** A submitted application not yet reviewed goes back to draft as a new version (the frozen one is kept). */
  async revise(id: string, rev: number, c: IntakeCaller) {
    const app = await this.application(id, c);
    if (c.role !== 'applicant') throw DomainError.forbidden('只有申请人可以修改申请');
    if (app.status !== 'submitted' && app.status !== 'rejected') throw conflict('申请已进入评审，不能修改');
    const r = await this.recruitment(app.recruitmentId);
    const now = this.now();
    const refused = this.accepting(r, now);
    if (refused) throw conflict(refused);
    return this.step({
      model: 'IntakeApplication',
      entity: 'application',
      id,
      rev,
      action: 'application.revised',
      actor: c.actor,
      set: {
        status: 'draft',
        version: app.version + 1,
        declaration: null,
        checks: [],
        rejection: null,
        preReviewDueAt: null,
      },
      push: { history: hist(now, 'revised', c, `第${app.version + 1}版`) },
      before: { status: app.status, version: app.version },
      after: { status: 'draft', version: app.version + 1 },
      at: now,
    });
  }

  myApplications(c: IntakeCaller) {
    return this.repo.applications({ applicantId: c.userId });
  }

  // ================================================================= pre-review (FT-7), evaluation (FT-8)

  /** Queues sorted by their due instant. */
  async queue(stage: 'pre_review' | 'evaluation' | 'decision') {
    const statuses: Record<typeof stage, ApplicationStatus[]> = {
      pre_review: ['submitted'],
      evaluation: ['pre_review_passed', 'evaluation'],
      decision: ['evaluated'],
    };
    const field = { pre_review: 'preReviewDueAt', evaluation: 'evaluationDueAt', decision: 'decisionDueAt' }[stage];
    const apps = await this.repo.applications({ status: statuses[stage] });
    return apps.sort((a, b) => ((a as Doc)[field]?.getTime() ?? 0) - ((b as Doc)[field]?.getTime() ?? 0));
  }

  /** FT-7: a verdict per Annex 1 criterion; pass = all met. A pass fixes the FT-8/FT-9 due dates. */
  async preReview(id: string, rev: number, verdicts: CriterionVerdict[], c: IntakeCaller) {
    requireRole(c, ['reviewer'], '预审');
    const app = await this.application(id, c);
    if (app.status !== 'submitted') throw conflict('该申请不在预审阶段');
    const problems = verdictProblems(verdicts);
    if (problems.length) throw invalid(problems.join('；'), problems);
    const now = this.now();
    const passed = preReviewPassed(verdicts);
    const cal = await this.deps.calendar.get();
    const r = await this.recruitment(app.recruitmentId);
    const t = intakeTimeline(
      r.mode === 'batch'
        ? { mode: 'batch', closesOn: r.closesOn!, preReviewPassedAt: now }
        : { mode: 'monthly', submittedAt: app.submittedAt!, preReviewPassedAt: now },
      cal,
    );
    const status: ApplicationStatus = passed ? 'pre_review_passed' : 'pre_review_failed';
    const doc = await this.step({
      model: 'IntakeApplication',
      entity: 'application',
      id,
      rev,
      action: passed ? 'application.pre_review_passed' : 'application.pre_review_failed',
      actor: c.actor,
      set: {
        status,
        preReview: { reviewerId: c.userId, reviewerName: c.name, verdicts, passed, at: now },
        ...(passed && {
          evaluationDueAt: t.evaluationDueAt,
          decisionDueAt: t.decisionDueAt,
          calendarVersion: cal.version,
          provisional: t.provisional,
        }),
      },
      push: { history: hist(now, status, c) },
      before: { status: app.status },
      after: { status, verdicts },
      at: now,
    });
    const failedText = verdicts
      .filter((v) => !v.met)
      .map((v) => `${v.criterion}${v.comment ? `：${v.comment}` : ''}`)
      .join('；');
    await this.tell(doc as ApplicationRecord, status, passed ? '预审通过，进入评估' : `预审未通过：${failedText}`);
    return doc;
  }

  /** FT-8: the panel is fixed when the evaluation starts (members' teams are copied, later changes don't apply). */
  async startEvaluation(id: string, rev: number, memberIds: string[], quorum: Quorum | undefined, c: IntakeCaller) {
    requireRole(c, ['reviewer', 'staff'], '组建评估小组');
    const app = await this.application(id, c);
    if (app.status !== 'pre_review_passed') throw conflict('该申请不在待评估阶段');
    const users: Doc[] = await this.users.find({ _id: { $in: memberIds.filter(isObjectId) } }).lean();
    const byId = new Map(users.map((u) => [String(u._id), u]));
    const missing = memberIds.filter((m) => !byId.get(m) || byId.get(m)!.disabled);
    if (missing.length) throw invalid(`memberIds: 员工不存在或已停用 ${missing.join(',')}`, ['memberIds']);
    const members: PanelMember[] = memberIds.map((m) => {
      const u = byId.get(m)!;
      return { userId: m, name: u.displayName ?? u.username, team: u.team ?? '' };
    });
    const problem = panelProblems(members, app.preReview?.reviewerId);
    if (problem) throw new DomainError(problem.code, problem.message);
    const q = quorum ?? (await this.repo.settings()).quorum;
    if (q.kind === 'min' && !(Number.isInteger(q.minPass) && q.minPass >= 1 && q.minPass <= members.length))
      throw invalid('quorum: minPass 须在1到成员人数之间');
    const now = this.now();
    return this.step({
      model: 'IntakeApplication',
      entity: 'application',
      id,
      rev,
      action: 'application.evaluation_started',
      actor: c.actor,
      set: {
        status: 'evaluation',
        panel: { members, quorum: q, startedAt: now, startedBy: c.actor, votes: [], outcome: 'pending' },
      },
      push: { history: hist(now, 'evaluation_started', c, members.map((mm) => `${mm.name}(${mm.team})`).join('、')) },
      before: { status: app.status },
      after: { status: 'evaluation', members, quorum: q },
      at: now,
    });
  }

  /** FT-8: a member's verdict; the quorum rule decides once it can. Non-members 403, a second vote 409. */
  async vote(id: string, rev: number, pass: boolean, comment: string | undefined, c: IntakeCaller) {
    const app = await this.application(id, c);
    if (app.status !== 'evaluation' || !app.panel) throw conflict('该申请不在评估阶段');
    const panel = app.panel;
    if (!panel.members.some((m) => m.userId === c.userId)) throw DomainError.forbidden('您不是该申请评估小组成员');
    if (panel.votes.some((v) => v.userId === c.userId)) throw conflict('您已提交评估意见');
    const now = this.now();
    const votes = [...panel.votes, { userId: c.userId, name: c.name, pass, ...(comment && { comment }), at: now }];
    const outcome = panelOutcome(
      panel.members.map((m) => m.userId),
      votes,
      panel.quorum,
    );
    const status: ApplicationStatus =
      outcome === 'passed' ? 'evaluated' : outcome === 'failed' ? 'evaluation_failed' : 'evaluation';
    const doc = await this.step({
      model: 'IntakeApplication',
      entity: 'application',
      id,
      rev,
      action: 'application.evaluation_vote',
      actor: c.actor,
      reason: comment,
      set: { status, panel: { ...panel, votes, outcome } },
      push: { history: hist(now, pass ? 'vote_pass' : 'vote_fail', c, comment) },
      before: { status: app.status, votes: panel.votes.length },
      after: { status, vote: { userId: c.userId, pass }, outcome },
      at: now,
    });
    if (outcome !== 'pending')
      await this.tell(doc as ApplicationRecord, status, outcome === 'passed' ? '评估通过，等待结果确认' : '评估未通过');
    return doc;
  }

  // ================================================================= result confirmation (FT-4, FT-9)

  /**
   * The committee meeting (部务会) record: decisions per evaluated application; approvals over the quota need a
   * ranking and only the first `quota` are approved (择优, FT-4); the rest are declined.
   */
  async recordMeeting(
    input: {
      recruitmentId: string;
      heldOn: string;
      attendees: string[];
      minutes: string;
      decisions: { applicationId: string; approve: boolean; reason?: string }[];
      ranking?: string[];
    },
    c: IntakeCaller,
  ): Promise<MeetingRecord> {
    requireRole(c, ['committee'], '录入部务会决策');
    const r = await this.recruitment(input.recruitmentId);
    if (!isValidDateString(input.heldOn)) throw invalid('heldOn: 会议日期格式应为 YYYY-MM-DD', ['heldOn']);
    if (!input.minutes?.trim()) throw invalid('minutes: 请填写会议纪要', ['minutes']);
    if (!input.decisions?.length) throw invalid('decisions: 请对至少一份申请作出决定', ['decisions']);
    const ids = input.decisions.map((d) => d.applicationId);
    if (new Set(ids).size !== ids.length) throw invalid('decisions: 同一申请不能重复决定');
    const apps = await this.repo.applications({ ids });
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
    const now = this.now();
    const meeting = await this.repo.createMeeting({
      recruitmentId: r.id,
      heldOn: input.heldOn,
      attendees: input.attendees ?? [],
      minutes: input.minutes,
      candidates,
      ranking: input.ranking ?? [],
      overQuota: ranked.overQuota,
      decisions,
      status: 'recorded',
      createdBy: c.name,
    });
    await this.deps.audit.append({
      actor: c.actor,
      action: 'meeting.recorded',
      entity: 'meeting',
      entityId: meeting.id,
      after: { recruitmentId: r.id, decisions, overQuota: ranked.overQuota },
    });
    try {
      for (const d of decisions) {
        const a = byId.get(d.applicationId)!;
        const doc = await this.step({
          model: 'IntakeApplication',
          entity: 'application',
          id: a.id,
          rev: a.rev,
          action: d.result === 'approved' ? 'application.approved' : 'application.declined',
          actor: c.actor,
          reason: d.reason,
          set: {
            status: d.result,
            decision: { meetingId: meeting.id, result: d.result, rank: d.rank, reason: d.reason, at: now },
          },
          push: { history: hist(now, d.result, c, d.reason) },
          before: { status: a.status },
          at: now,
        });
        await this.tell(
          doc as ApplicationRecord,
          d.result,
          d.result === 'approved'
            ? '结果确认：拟引入，公示后签约'
            : `结果确认：未入选${d.reason ? `（${d.reason}）` : ''}`,
        );
      }
    } catch (e) {
      await this.m.Meeting.updateOne({ _id: meeting.id }, { $set: { status: 'void' } });
      throw e;
    }
    return meeting;
  }

  async meeting(id: string): Promise<MeetingRecord> {
    const m = await this.repo.meeting(id);
    if (!m) throw notFound('会议记录');
    return m;
  }

  /** FT-9: the 公示 of a meeting's approvals starts now and ends per the admin setting (default 3 calendar days). */
  async publicize(id: string, rev: number, c: IntakeCaller, publishedAt?: Date) {
    requireRole(c, ['committee', 'staff'], '发布公示');
    const m = await this.meeting(id);
    if (m.status !== 'recorded') throw conflict('该会议结果已公示或已作废');
    const now = this.now();
    // staff record when the 公示 went up on the portal (default now): never in the future, not before the meeting
    const from = publishedAt ?? now;
    if (from.getTime() > now.getTime() || shanghaiDate(from) < m.heldOn)
      throw invalid('publishedAt: 公示时间不能晚于现在，也不能早于会议日期', ['publishedAt']);
    const s = (await this.repo.settings()).publicity;
    const endsAt = publicityEnd(from, s, await this.deps.calendar.get());
    return this.step({
      model: 'IntakeMeeting',
      entity: 'meeting',
      id,
      rev,
      action: 'meeting.publicized',
      actor: c.actor,
      set: { status: 'publicized', publicity: { ...s, publishedAt: from, endsAt } },
      push: { history: hist(now, 'publicized', c) },
      before: { status: m.status },
      at: now,
    });
  }

  /** FT-9: the signed minutes (会议纪要) as a file (pdf/jpg/png by magic bytes) attached to the meeting record. */
  async attachMinutes(id: string, rev: number, file: { name: string; bytes: Buffer }, c: IntakeCaller) {
    requireRole(c, ['committee'], '上传会议纪要');
    const m = await this.meeting(id);
    if (m.status === 'void') throw conflict('该会议记录已作废');
    const s = await this.repo.settings();
    if (file.bytes.length === 0) throw invalid('file: 文件为空');
    if (file.bytes.length > s.maxFileBytes)
      throw new DomainError('too_large', `file: 单个文件不能超过 ${(s.maxFileBytes / 1024 / 1024).toFixed(0)} MB`);
    const type = sniffEvidence(file.bytes);
    if (!type || type !== extensionType(file.name)) throw invalid('file: 只接受内容与扩展名一致的 pdf、jpg、png 文件');
    const fileId = await this.files.put(file.name, file.bytes, EVIDENCE_MIME[type], {
      kind: 'minutes',
      meetingId: id,
      type,
    });
    const now = this.now();
    return this.step({
      model: 'IntakeMeeting',
      entity: 'meeting',
      id,
      rev,
      action: 'meeting.minutes_attached',
      actor: c.actor,
      set: { minutesFileId: fileId },
      push: { history: hist(now, 'minutes_attached', c, file.name) },
      before: { minutesFileId: m.minutesFileId },
      at: now,
    });
  }

  async minutesFile(id: string) {
    const m = await this.meeting(id);
    const f = m.minutesFileId ? await this.files.get(m.minutesFileId) : null;
    if (!f) throw notFound('会议纪要文件');
    return { file: f, bytes: await this.files.read(f.id) };
  }

  /** The public 公示 page: only the approved company names of publicized meetings, and the window. */
  async publicNotices() {
    const ms = await this.repo.meetings({ status: 'publicized' });
    const out = [];
    for (const m of ms) {
      const r = await this.repo.recruitment(m.recruitmentId);
      out.push({
        meetingId: m.id,
        recruitmentId: m.recruitmentId,
        recruitmentTitle: r?.title ?? '',
        heldOn: m.heldOn,
        publishedAt: m.publicity!.publishedAt,
        endsAt: m.publicity!.endsAt,
        active: this.now() <= m.publicity!.endsAt,
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
    const m = await this.repo.meeting(input.meetingId);
    if (!m || m.status !== 'publicized') throw notFound('公示');
    const now = this.now();
    if (now > m.publicity!.endsAt) throw conflict('公示期已结束，不再受理异议');
    if (
      input.applicationId &&
      !m.decisions.some((d) => d.applicationId === input.applicationId && d.result === 'approved')
    )
      throw invalid('applicationId: 该企业不在本次公示名单中');
    if (!input.text?.trim()) throw invalid('text: 请填写异议内容', ['text']);
    const o = await this.repo.createObjection({
      meetingId: m.id,
      applicationId: input.applicationId ?? null,
      text: input.text.trim(),
      contact: input.contact ?? '',
      status: 'open',
    });
    await this.deps.audit.append({
      actor: { type: 'user', id: 'public', name: '公众' },
      action: 'objection.filed',
      entity: 'objection',
      entityId: o.id,
      after: { meetingId: m.id, applicationId: o.applicationId },
    });
    await this.deps.notifier?.notify({
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

  objections(f: { status?: 'open' | 'resolved'; meetingId?: string } = {}) {
    return this.repo.objections(f);
  }

  async resolveObjection(id: string, rev: number, resolution: string, c: IntakeCaller) {
    requireRole(c, ['staff', 'committee'], '处理异议');
    const o = await this.repo.objection(id);
    if (!o) throw notFound('异议');
    if (o.status !== 'open') throw conflict('该异议已处理');
    if (!resolution?.trim()) throw invalid('resolution: 请填写处理意见', ['resolution']);
    const now = this.now();
    return this.step({
      model: 'IntakeObjection',
      entity: 'objection',
      id,
      rev,
      action: 'objection.resolved',
      actor: c.actor,
      reason: resolution,
      set: { status: 'resolved', resolution: resolution.trim(), resolvedAt: now, resolvedBy: c.actor },
      before: { status: o.status },
      at: now,
    });
  }

  // ================================================================= signing (FT-10), letters (FT-11)

  /**
   * FT-10: after the 公示 ended with every objection resolved: the contract record, the partner (with its
   * programme), the applicant's WeChat identity bound to it, and a credit account when the programme's rulebook
   * is `credit` (a `scorecard` programme scores the partner from its first half-year on its own).
   */
  async sign(
    id: string,
    rev: number,
    input: {
      partnerCode: string;
      termStart: string;
      termEnd: string;
      products: string[];
      template?: string;
      tier?: string;
    },
    c: IntakeCaller,
  ) {
    requireRole(c, ['staff'], '签约');
    const app = await this.application(id, c);
    const now = this.now();
    // a signing interrupted after its claim (process died) resumes with the input it was claimed with
    const resume = app.status === 'signing' && now.getTime() - app.updatedAt.getTime() > SIGNING_STALE_MS;
    if ((app.status !== 'approved' && !resume) || !app.decision) throw conflict('该申请未通过结果确认');
    if (resume && app.signing) input = app.signing;
    const m = await this.meeting(app.decision.meetingId);
    if (m.status !== 'publicized' || !m.publicity) throw conflict('结果尚未公示，不能签约');
    if (now <= m.publicity.endsAt) throw conflict(`公示期至${formatBeijing(m.publicity.endsAt)}，公示结束后方可签约`);
    const open = (await this.repo.objections({ meetingId: m.id, status: 'open' })).filter(
      (o) => !o.applicationId || o.applicationId === id,
    );
    if (open.length) throw conflict(`有${open.length}条异议尚未处理，不能签约`, { objections: open.map((o) => o.id) });
    const problems: string[] = [];
    if (!/^[A-Za-z0-9-]{2,32}$/.test(input.partnerCode ?? ''))
      problems.push('partnerCode: 伙伴编码为2–32位字母、数字或-');
    if (!isValidDateString(input.termStart ?? '')) problems.push('termStart: 格式应为 YYYY-MM-DD');
    if (!isValidDateString(input.termEnd ?? '')) problems.push('termEnd: 格式应为 YYYY-MM-DD');
    if (!problems.length && input.termEnd <= input.termStart) problems.push('termEnd: 须晚于 termStart');
    if (!input.products?.length) problems.push('products: 请选择合作产品');
    const unknown = unknownProducts(input.products, (await this.repo.settings()).products);
    if (unknown.length) problems.push(`products: ${unknown.join('、')} 不在合作产品目录中（FT-1）`);
    if (problems.length) throw invalid(problems.join('；'), problems);
    const existing = await this.deps.partners.byCode(input.partnerCode);
    // on a resume, the partner created before the interruption is this application's (same name and programme)
    const mine = (p: PartnerRecord | null) => !!p && p.name === app.company.name && p.programmeId === app.programmeId;
    if (existing && !(resume && mine(existing))) throw conflict(`伙伴编码 ${input.partnerCode} 已存在`);
    const programme = await this.deps.programmes.get(app.programmeId);
    if (!programme) throw notFound('项目');
    // claim the step first: of concurrent signings (or resumes) exactly one goes on
    const claimed = await this.step<ApplicationRecord>({
      model: 'IntakeApplication',
      entity: 'application',
      id,
      rev,
      action: resume ? 'application.signing_resumed' : 'application.signing',
      actor: c.actor,
      set: { status: 'signing', signing: input },
      before: { status: app.status },
      at: now,
    });
    const contact = app.company.contacts[0];
    const partner =
      existing ??
      (await this.deps.partners.create({
        code: input.partnerCode,
        name: app.company.name,
        programmeId: app.programmeId,
        ...(contact?.name && { contactName: contact.name }),
        ...(contact?.phone && { contactPhone: contact.phone }),
      }));
    if (!partner) {
      await this.step({
        model: 'IntakeApplication',
        entity: 'application',
        id,
        rev: claimed.rev,
        action: 'application.signing_failed',
        actor: c.actor,
        set: { status: 'approved', signing: null },
        at: now,
      });
      throw conflict(`伙伴编码 ${input.partnerCode} 已存在`);
    }
    if (!existing)
      await this.deps.audit.append({
        actor: c.actor,
        action: 'partner.created',
        entity: 'partner',
        entityId: partner.id,
        after: partner,
      });
    // each step below is idempotent: a resume repeats it safely
    await this.repo.createContract({
      applicationId: id,
      partnerId: partner.id,
      template: input.template ?? '行业拓展服务商合作协议（标准模板）',
      termStart: input.termStart,
      termEnd: input.termEnd,
      products: input.products,
      signedAt: now,
      signedBy: c.actor,
    });
    await this.deps.partners.bindIdentity(app.applicantOpenId, partner.id);
    let creditAccountId: string | null = null;
    if (programme.rulebook === 'credit' && this.deps.creditLedger) {
      try {
        const acc = await this.deps.creditLedger.open(
          partner,
          { tier: (input.tier as 'ordinary') ?? 'ordinary', joinedAt: input.termStart },
          input.termStart.slice(0, 7),
          c.actor,
          now,
        );
        creditAccountId = acc.id;
      } catch (e) {
        if (!resume) throw e; // opened before the interruption
      }
    }
    const doc = await this.step({
      model: 'IntakeApplication',
      entity: 'application',
      id,
      rev: claimed.rev,
      action: 'application.signed',
      actor: c.actor,
      set: { status: 'signed', partnerId: partner.id },
      push: { history: hist(now, 'signed', c, `伙伴编码 ${partner.code}`) },
      before: { status: 'signing' },
      after: { status: 'signed', partnerId: partner.id, rulebook: programme.rulebook, creditAccountId },
      at: now,
    });
    await this.tell(doc as ApplicationRecord, 'signed', `已签约，伙伴编码 ${partner.code}`);
    return { application: doc, partner, creditAccountId, rulebook: programme.rulebook };
  }

  /** FT-11: the 业务拓展授权书 for a signed application: number by sequence claim, unguessable verification code. */
  async issueLetter(
    applicationId: string,
    input: {
      validFrom: string;
      validTo: string;
      products?: string[];
      capabilities?: string[];
      governingRules?: string[];
    },
    c: IntakeCaller,
  ): Promise<LetterRecord> {
    requireRole(c, ['staff'], '出具授权书');
    const app = await this.application(applicationId, c);
    if (app.status !== 'signed' || !app.partnerId) throw conflict('该申请尚未签约');
    const problems: string[] = [];
    if (!isValidDateString(input.validFrom ?? '')) problems.push('validFrom: 格式应为 YYYY-MM-DD');
    if (!isValidDateString(input.validTo ?? '')) problems.push('validTo: 格式应为 YYYY-MM-DD');
    if (!problems.length && input.validTo < input.validFrom) problems.push('validTo: 不能早于 validFrom');
    if (problems.length) throw invalid(problems.join('；'), problems);
    if (await this.m.Letter.countDocuments({ applicationId })) throw conflict('该申请已出具授权书');
    const contract = await this.repo.contract(applicationId);
    const s = await this.repo.settings();
    const now = this.now();
    const year = shanghaiDate(now).slice(0, 4);
    const n = await this.sequences.next(`intake-letter-${year}`, now);
    const letter = await this.repo.createLetter({
      letterNo: `SQ-${year}-${String(n).padStart(4, '0')}`,
      code: randomBytes(18).toString('base64url'),
      applicationId,
      partnerId: app.partnerId,
      grantor: s.grantor,
      grantee: app.company.name,
      products: input.products?.length ? input.products : (contract?.products ?? []),
      capabilities: input.capabilities ?? [],
      governingRules: input.governingRules ?? ['《行业拓展服务商管理办法》'],
      validFrom: shanghaiMidnight(input.validFrom),
      validTo: endOfDay(input.validTo),
      issuedAt: now,
      issuedBy: c.actor,
    });
    if (!letter) throw conflict('该申请已出具授权书');
    await this.deps.audit.append({
      actor: c.actor,
      action: 'letter.issued',
      entity: 'letter',
      entityId: letter.id,
      after: {
        letterNo: letter.letterNo,
        partnerId: letter.partnerId,
        validFrom: input.validFrom,
        validTo: input.validTo,
      },
    });
    return letter;
  }

  verifyUrl(code: string): string {
    return `${this.deps.publicUrl.replace(/\/$/, '')}/verify/${code}`;
  }

  /** A letter for staff or its own partner (another's reads as 404), with its derived status. */
  async letter(id: string, c: IntakeCaller) {
    const l = await this.repo.letter(id);
    if (!l || (!isStaff(c) && (c.role !== 'partner' || c.partnerId !== l.partnerId))) throw notFound('授权书');
    return this.withStatus(l);
  }

  async withStatus(l: LetterRecord) {
    const p = await this.deps.partners.get(l.partnerId);
    return { ...l, status: letterStatus(l, p?.status, this.now()), verifyUrl: this.verifyUrl(l.code) };
  }

  async letters(c: IntakeCaller) {
    const ls = await this.repo.letters(isStaff(c) ? {} : { partnerId: c.role === 'partner' ? c.partnerId! : '\0' });
    return Promise.all(ls.map((l) => this.withStatus(l)));
  }

  async letterPdf(id: string, c: IntakeCaller): Promise<{ letterNo: string; pdf: Buffer }> {
    const l = await this.letter(id, c);
    return { letterNo: l.letterNo, pdf: await renderLetterPdf({ ...l, verifyUrl: l.verifyUrl }) };
  }

  /** FT-11: the public verification (minimal fields). */
  async verifyLetter(code: string) {
    const l = await this.repo.letterByCode(code);
    if (!l) throw notFound('授权书');
    const { status } = await this.withStatus(l);
    return {
      status,
      letterNo: l.letterNo,
      grantee: l.grantee,
      products: l.products,
      validFrom: l.validFrom.toISOString(),
      validTo: l.validTo.toISOString(),
    };
  }

  async revokeLetter(id: string, rev: number, reason: string, c: IntakeCaller) {
    requireRole(c, ['staff'], '撤销授权书');
    const l = await this.repo.letter(id);
    if (!l) throw notFound('授权书');
    if (l.revokedAt) throw conflict('授权书已撤销');
    if (!reason?.trim()) throw invalid('reason: 请填写撤销原因', ['reason']);
    const now = this.now();
    return this.step({
      model: 'IntakeLetter',
      entity: 'letter',
      id,
      rev,
      action: 'letter.revoked',
      actor: c.actor,
      reason,
      set: { revokedAt: now, revocationReason: reason.trim(), status: 'revoked' },
      before: { status: 'issued' },
      at: now,
    });
  }

  // ================================================================= FT-2.1 lists

  async recordRiskCancellation(
    input: { companyCreditCode: string; companyName: string; at: string; reason: string; source?: string },
    c: IntakeCaller,
  ) {
    requireRole(c, ['staff'], '录入取消合作记录');
    const problems: string[] = [];
    const cc = creditCodeProblem(input.companyCreditCode ?? '');
    if (cc) problems.push(`companyCreditCode: ${cc}`);
    if (!input.companyName?.trim()) problems.push('companyName: 请填写企业名称');
    const at = new Date(input.at);
    if (!input.at || Number.isNaN(at.getTime())) problems.push('at: 取消日期无效');
    if (!input.reason?.trim()) problems.push('reason: 请填写原因');
    if (problems.length) throw invalid(problems.join('；'), problems);
    const rec = await this.repo.addRiskCancellation({
      companyCreditCode: normaliseCreditCode(input.companyCreditCode),
      companyName: input.companyName.trim(),
      at,
      reason: input.reason.trim(),
      source: input.source ?? 'staff',
    });
    await this.deps.audit.append({
      actor: c.actor,
      action: 'risk_cancellation.recorded',
      entity: 'risk_cancellation',
      entityId: rec.id,
      after: rec,
    });
    return rec;
  }

  /** Imports 严重违法失信企业名单 / 失信被执行人 from Excel or CSV (columns 名称, 统一社会信用代码, 法定代表人). */
  async importDishonestList(list: string, file: { name: string; bytes: Buffer }, c: IntakeCaller) {
    requireRole(c, ['staff'], '导入失信名单');
    if (list !== 'serious_illegal' && list !== 'dishonest_debtor')
      throw invalid('list: 应为 serious_illegal 或 dishonest_debtor', ['list']);
    let table;
    try {
      table = await readSheet(file.name, file.bytes, 100_000);
    } catch (e) {
      throw invalid(`file: ${(e as Error).message}`);
    }
    const col = (...names: string[]) => table.headers.findIndex((h: unknown) => names.includes(String(h ?? '').trim()));
    const nameCol = col('名称', '企业名称', '姓名', '被执行人', 'name');
    const codeCol = col('统一社会信用代码', '信用代码', 'creditCode');
    const repCol = col('法定代表人', '法定代表人或负责人', 'legalRep');
    if (nameCol < 0) throw invalid('file: 缺少“名称”列（企业名称或被执行人姓名）');
    const entries: Omit<DishonestEntryRecord, 'id' | 'list'>[] = [];
    for (const row of table.rows) {
      const name = String(row.cells[nameCol] ?? '').trim();
      if (!name) continue;
      const code = codeCol >= 0 ? normaliseCreditCode(String(row.cells[codeCol] ?? '')) : '';
      const rep = repCol >= 0 ? String(row.cells[repCol] ?? '').trim() : '';
      entries.push({ name, ...(code && { creditCode: code }), ...(rep && { legalRep: rep }) });
    }
    const importId = randomBytes(8).toString('hex');
    const n = await this.repo.replaceDishonestList(list, entries, importId);
    await this.deps.audit.append({
      actor: c.actor,
      action: 'dishonest_list.imported',
      entity: 'dishonest_list',
      entityId: list,
      after: { importId, entries: n, file: file.name },
    });
    return { list, importId, entries: n };
  }

  // ================================================================= applicant messages

  private async tell(app: ApplicationRecord, outcome: string, text: string) {
    await this.messages.send({
      key: `intake-${app.id}-v${app.version}-${outcome}`,
      applicationId: app.id,
      openId: app.applicantOpenId,
      template: 'intake_result',
      data: {
        thing1: { value: app.company.name.slice(0, 20) },
        phrase2: { value: outcome.slice(0, 5) },
        thing3: { value: text.slice(0, 20) },
      },
      text,
    });
  }

  calendar(): Promise<WorkCalendar> {
    return this.deps.calendar.get();
  }

  async auditSystem(action: string, entity: string, entityId: string, after: unknown, at: Date): Promise<void> {
    await this.deps.audit.append({ actor: SYSTEM_ACTOR, action, entity, entityId, after, at });
  }

  // ================================================================= partner seen from intake

  partner(id: string): Promise<PartnerRecord | null> {
    return this.deps.partners.get(id);
  }
}

/** Builds the intake feature over a connection (indexes first). */
export async function connectIntake(conn: Connection, deps: IntakeDeps): Promise<IntakeService> {
  return new IntakeService(conn, await intakeModels(conn), deps);
}
