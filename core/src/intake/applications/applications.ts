import { shanghaiDate } from '../../calendar/index.js';
import { isDayInRange } from '../../validation/bounds.js';
import { DomainError } from '../../errors.js';
import type { Checks } from '../checks/checks.js';
import {
  conflict,
  invalid,
  notFound,
  refuse,
  requireApplicant,
  requireRev,
  type Doc,
  type IntakeCaller,
  type IntakeContext,
} from '../context.js';
import { notAccepting } from '../recruitments/recruitments.js';
import {
  CRITERION_IDS,
  companyNameKey,
  creditCodeProblem,
  intakeTimeline,
  normaliseCreditCode,
  panelMayRead,
} from '../rules.js';
import type {
  ApplicationRecord,
  ApplicationStatus,
  CompanyFacts,
  CriterionAnswer,
  RecruitmentRecord,
} from '../types.js';

/** What an application's reviewers and applicant may edit in a draft. */
export interface ApplicationDraftInput {
  company?: Partial<CompanyFacts>;
  answers?: CriterionAnswer[];
  declaration?: boolean;
}

const DUPLICATE = '该企业已申请本次招募，不能重复申请';

function companyProblems(co: Partial<CompanyFacts>, now: Date, complete: boolean): string[] {
  const p: string[] = [];
  if (co.creditCode !== undefined) {
    const e = creditCodeProblem(co.creditCode);
    if (e) p.push(`company.creditCode: ${e}`);
  } else if (complete) p.push('company.creditCode: 请填写统一社会信用代码');
  if (co.registeredOn !== undefined) {
    if (!isDayInRange(co.registeredOn)) p.push('company.registeredOn: 成立日期格式应为 YYYY-MM-DD');
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

function cleanAnswers(answers: CriterionAnswer[]): CriterionAnswer[] {
  const bad = answers.filter((a) => !CRITERION_IDS.includes(a.criterion));
  if (bad.length) throw invalid(`answers: 未知的评审项 ${bad.map((a) => a.criterion).join(',')}`);
  const byId = new Map(answers.map((a) => [a.criterion, a]));
  return [...byId.values()].map((a) => ({
    criterion: a.criterion,
    met: Boolean(a.met),
    ...(a.note && { note: a.note }),
  }));
}

/** Applicants and their applications (FT-2, FT-2.1): drafts, submission with the automatic checks, revisions. */
export class Applications {
  constructor(
    private readonly x: IntakeContext,
    private readonly checks: Checks,
  ) {}

  ensureApplicant(openId: string, name?: string) {
    return this.x.repo.ensureApplicant(openId, name);
  }

  /** The application as its applicant (own only; another's reads as 404) or staff see it. */
  async get(id: string, c: IntakeCaller): Promise<ApplicationRecord> {
    const app = await this.x.readable(id, c);
    return c.role === 'applicant' ? withoutDeclarations(app) : app;
  }

  /** Every application of a recruitment (or all), within the caller's panels for a reviewer or committee member. */
  async list(recruitmentId: string | undefined, c: IntakeCaller) {
    const apps = await this.x.repo.applications(recruitmentId ? { recruitmentId } : {});
    return apps.filter((a) => panelMayRead(a, c));
  }

  async mine(c: IntakeCaller) {
    return (await this.x.repo.applications({ applicantId: c.userId })).map(withoutDeclarations);
  }

  /** The recruitment of an application that still takes applications (409 otherwise). */
  private async accepting(recruitmentId: string, now: Date): Promise<RecruitmentRecord> {
    const r = await this.x.recruitment(recruitmentId);
    const refused = notAccepting(r, now);
    if (refused) throw conflict(refused);
    return r;
  }

  /** Starts a draft; one application per company (credit code) per recruitment, 409 otherwise. */
  async create(recruitmentId: string, input: ApplicationDraftInput, c: IntakeCaller) {
    if (c.role !== 'applicant' || !c.openId) throw DomainError.forbidden('请以申请人身份登录');
    const r = await this.x.repo.recruitment(recruitmentId);
    if (!r || r.status === 'draft' || r.status === 'archived') throw notFound('招募');
    const now = this.x.now();
    const refused = notAccepting(r, now);
    if (refused) throw conflict(refused);
    const company = { contacts: [], ...input.company } as CompanyFacts;
    const problems = companyProblems(company, now, false);
    if (!company.creditCode) problems.push('company.creditCode: 请填写统一社会信用代码');
    refuse(problems);
    company.creditCode = normaliseCreditCode(company.creditCode);
    const app = await this.x.repo.createApplication({
      recruitmentId,
      programmeId: r.programmeId,
      mode: r.mode,
      applicantId: c.userId,
      applicantOpenId: c.openId,
      creditCode: company.creditCode,
      company,
      answers: cleanAnswers(input.answers ?? []),
      declaration: input.declaration ? { signedBy: c.name, at: now } : null,
      status: 'draft',
      history: [{ at: now, action: 'created', by: c.name }],
    });
    if (!app) throw conflict(DUPLICATE);
    await this.x.record(c, 'application.created', 'application', app.id, {
      after: { recruitmentId, creditCode: app.creditCode },
    });
    return app;
  }

  async updateDraft(id: string, rev: number, input: ApplicationDraftInput, c: IntakeCaller) {
    const app = await this.x.application(id, c);
    requireApplicant(c, '修改申请');
    if (app.status !== 'draft') throw conflict('申请已提交，修改请先撤回为新版本');
    const now = this.x.now();
    const set: Doc = {};
    if (input.company) {
      refuse(companyProblems(input.company, now, false));
      const company = { ...app.company, ...input.company };
      if (input.company.creditCode) {
        company.creditCode = normaliseCreditCode(input.company.creditCode);
        if (company.creditCode !== app.creditCode) {
          const taken = await this.x.m.Application.countDocuments({
            recruitmentId: app.recruitmentId,
            creditCode: company.creditCode,
          });
          if (taken) throw conflict(DUPLICATE);
          set.creditCode = company.creditCode;
        }
      }
      set.company = company;
      set.companyKey = companyNameKey(company.name ?? '');
    }
    if (input.answers) set.answers = cleanAnswers(input.answers);
    if (input.declaration !== undefined) set.declaration = input.declaration ? { signedBy: c.name, at: now } : null;
    try {
      return await this.x.step('application.draft_saved', app, rev, c, { at: now, set });
    } catch (e) {
      if ((e as { code?: number }).code === 11000) throw conflict(DUPLICATE);
      throw e;
    }
  }

  /**
   * Submission freezes the application (a frozen version is kept), runs the FT-2.1 checks and stores the FT-7
   * pre-review due date; a failed hard check rejects it with the reason, visible to the applicant.
   */
  async submit(id: string, rev: number, c: IntakeCaller) {
    const app = await this.x.application(id, c);
    requireApplicant(c, '提交申请');
    if (app.status !== 'draft') throw conflict('申请已提交');
    requireRev(app, rev); // before the frozen version is saved
    const now = this.x.now();
    const r = await this.accepting(app.recruitmentId, now);
    const problems = companyProblems(app.company, now, true);
    const answered = new Set(app.answers.map((a) => a.criterion));
    for (const id2 of CRITERION_IDS) if (!answered.has(id2)) problems.push(`answers: 请回答评审项 ${id2}`);
    if (!app.declaration) problems.push('declaration: 请签署承诺声明');
    refuse(problems);
    const checks = await this.checks.automatic(app.company, now);
    const failed = checks.filter((ch) => !ch.passed);
    const cal = await this.x.deps.calendar.get();
    const t =
      r.mode === 'batch'
        ? intakeTimeline({ mode: 'batch', closesOn: r.closesOn! }, cal)
        : intakeTimeline({ mode: 'monthly', submittedAt: now }, cal);
    const status: ApplicationStatus = failed.length ? 'rejected' : 'submitted';
    const rejection = failed.length ? failed.map((f) => f.reason).join('；') : null;
    const files = (await this.x.files.find({ applicationId: id, kind: 'evidence' })).map((f) => ({
      id: f.id,
      fileName: f.fileName,
      criterion: f.metadata.criterion ?? null,
    }));
    await this.x.repo.saveVersion(app, now, files);
    const doc = await this.x.step<ApplicationRecord>(
      failed.length ? 'application.rejected_by_checks' : 'application.submitted',
      app,
      rev,
      c,
      {
        at: now,
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
        history: [failed.length ? 'rejected_by_checks' : 'submitted', rejection ?? undefined],
        before: { status: app.status, version: app.version },
        after: { status, version: app.version, checks: checks.map((ch) => ({ id: ch.id, passed: ch.passed })) },
      },
    );
    await this.x.tell(doc, failed.length ? 'rejected' : 'submitted', rejection ?? '已提交，等待预审');
    return doc;
  }

  /** A submitted application not yet reviewed goes back to draft as a new version (the frozen one is kept). */
  async revise(id: string, rev: number, c: IntakeCaller) {
    const app = await this.x.application(id, c);
    requireApplicant(c, '修改申请');
    if (app.status !== 'submitted' && app.status !== 'rejected') throw conflict('申请已进入评审，不能修改');
    const now = this.x.now();
    await this.accepting(app.recruitmentId, now);
    const version = app.version + 1;
    return this.x.step('application.revised', app, rev, c, {
      at: now,
      set: { status: 'draft', version, declaration: null, checks: [], rejection: null, preReviewDueAt: null },
      history: ['revised', `第${version}版`],
      before: { status: app.status, version: app.version },
      after: { status: 'draft', version },
    });
  }
}

/** FT-8: the panel members' conflict-of-interest declarations and their reasons are for staff only. */
function withoutDeclarations(app: ApplicationRecord): ApplicationRecord {
  if (!app.panel) return app;
  const { declarations, removed, ...panel } = app.panel;
  void declarations;
  void removed;
  return { ...app, panel };
}
