import type { Connection } from 'mongoose';
import { shanghaiMidnight, type WorkCalendar } from '../calendar/index.js';
import type { CreditLedger } from '../credit/ledger.js';
import { models } from '../db/schemas.js';
import type { AuditRepository, PartnerRepository, ProgrammeRepository } from '../db/repositories.js';
import { applicantFilter, ownerScope, type Actor, type Role } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { PartnerLifecycle } from '../partners/service.js';
import type { NoticeJobData } from '../queues/index.js';
import { STATE_CHANGED, Sequences, Transitions, type NoticeSink } from '../workflow/transitions.js';
import { IntakeFiles } from './files.js';
import { DocumentRepository } from '../documents/store.js';
import { ApplicantMessages } from './messages.js';
import { IntakeRepository, plain } from './repository.js';
import type { IntakeModels } from './schemas.js';
import type { ApplicationRecord, IntakeSettings, MeetingRecord, RecruitmentRecord } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Doc = Record<string, any>;

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
  /** admits the partner at signing and holds its one contract (core/src/partners) */
  lifecycle: PartnerLifecycle;
  programmes: ProgrammeRepository;
  /** MG-11 不良信用名单 (core/src/credit BadCreditRepository) */
  badCredit: { isListed(companyName: string): Promise<boolean> };
  creditLedger?: CreditLedger;
  /** the H5 app's public base URL (notice links, letter QR codes) */
  publicUrl: string;
  now?: () => Date;
}

const STAFF: Role[] = ['staff', 'admin', 'reviewer', 'committee'];
export const requireRole = (c: IntakeCaller, roles: Role[], what: string) => {
  // admin may do everything; `staff` admits every staff role (reviewer and committee count as staff)
  if (!(roles.includes(c.role) || c.role === 'admin' || (roles.includes('staff') && STAFF.includes(c.role))))
    throw DomainError.forbidden(`无权${what}`);
};
export const requireApplicant = (c: IntakeCaller, what: string) => {
  if (c.role !== 'applicant') throw DomainError.forbidden(`只有申请人可以${what}`);
};
export const notFound = (what: string) => DomainError.notFound(`${what}不存在`);
export const conflict = (msg: string, details?: unknown) => DomainError.conflict(msg, details);
export const invalid = (msg: string, details?: unknown) => DomainError.invalid(msg, details);
/** 400 naming every problem (one message per field), when there are any. */
export const refuse = (problems: string[]) => {
  if (problems.length) throw invalid(problems.join('；'), problems);
};
/** 409 unless `rev` is the revision the document was read at (before a step writes anything of its own). */
export const requireRev = (doc: { rev: number }, rev: number) => {
  if (rev !== doc.rev) throw conflict(STATE_CHANGED, 'revision');
};
export const endOfDay = (day: string) => new Date(shanghaiMidnight(day).getTime() + 86_400_000 - 1);

/** An outcome as WeChat's `phrase` (at most five Chinese characters). */
const OUTCOME_PHRASE: Record<string, string> = {
  submitted: '已提交',
  rejected: '未通过',
  pre_review_passed: '预审通过',
  pre_review_failed: '预审未过',
  evaluated: '评估通过',
  evaluation_failed: '评估未过',
  approved: '拟引入',
  declined: '未入选',
  signed: '已签约',
};

/** The intake documents a step moves, by the entity its action names. */
const MODELS = {
  recruitment: 'IntakeRecruitment',
  application: 'IntakeApplication',
  meeting: 'IntakeMeeting',
  objection: 'IntakeObjection',
  letter: 'IntakeLetter',
} as const;
export type IntakeEntity = keyof typeof MODELS;

/** `<entity>.<what>`: the entity names the collection and the audit entity of a step. */
export type IntakeAction = `${IntakeEntity}.${string}`;

/** What one workflow step of an intake document changes (see `IntakeContext.step`). */
export interface IntakeStep {
  at: Date;
  set: Doc;
  reason?: string;
  /** the entry on the document's visible history: its action and note */
  history?: string | [string, string | undefined];
  push?: Doc;
  /** the audit's `before`; default: the status of the document as read */
  before?: Doc;
  after?: Doc;
  notices?: NoticeJobData[];
}

/**
 * What every intake use-case group shares: the collections and their repository, the files, the applicant
 * messages, the loaders that read a document or answer 404, and the one step helper over `Transitions.apply`.
 */
export class IntakeContext {
  readonly repo: IntakeRepository;
  readonly files: IntakeFiles;
  /** the applicant's documents with expiry, which become the partner's at signing */
  readonly documents: DocumentRepository;
  readonly messages: ApplicantMessages;
  readonly sequences: Sequences;
  readonly users;
  private readonly transitions: Transitions;

  constructor(
    conn: Connection,
    readonly m: IntakeModels,
    readonly deps: IntakeDeps,
  ) {
    this.repo = new IntakeRepository(m);
    this.files = new IntakeFiles(conn);
    this.documents = new DocumentRepository(conn);
    this.messages = new ApplicantMessages(m, deps.notifier);
    this.transitions = new Transitions(conn, deps.audit, deps.notifier);
    this.sequences = new Sequences(conn);
    this.users = models(conn).User;
  }

  now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  settings(): Promise<IntakeSettings> {
    return this.repo.settings();
  }

  /**
   * Load → check → step: the caller has read the document (`of`) and checked its state; this applies the change at
   * the revision the caller read (409 when another request took it), with the audit entry, the history entry and
   * the notices recorded once. The updated document as a record.
   */
  async step<T = Record<string, any>>(
    action: IntakeAction,
    of: { id: string; status?: string },
    rev: number,
    by: IntakeCaller,
    s: IntakeStep,
  ): Promise<T> {
    const [doc] = await this.stepAll([{ action, of, rev, s }], by);
    return doc as T;
  }

  /**
   * Steps on several documents as one (`Transitions.applyAll`): all claimed first, then `create` (with its audit
   * entry), then applied; a refused claim leaves nothing written. The updated documents as records.
   */
  async stepAll(
    steps: { action: IntakeAction; of: { id: string; status?: string }; rev: number; s: IntakeStep }[],
    by: IntakeCaller,
    create?: { entity: IntakeEntity; doc: Doc & { _id: unknown }; action: IntakeAction; after?: Doc },
  ): Promise<Record<string, any>[]> {
    const docs = await this.transitions.applyAll(
      steps.map(({ action, of, rev, s }) => {
        const entity = action.slice(0, action.indexOf('.')) as IntakeEntity;
        const [what, note] = typeof s.history === 'string' ? [s.history] : (s.history ?? []);
        const push = what
          ? { ...s.push, history: { at: s.at, action: what, by: by.name, ...(note && { note }) } }
          : s.push;
        return {
          model: MODELS[entity],
          entity,
          id: of.id,
          rev,
          action,
          actor: by.actor,
          reason: s.reason,
          set: s.set,
          push,
          before: 'before' in s ? s.before : { status: of.status },
          after: s.after,
          notices: s.notices,
          at: s.at,
        };
      }),
      create && { ...create, model: MODELS[create.entity] },
    );
    return docs.map((d) => plain(d));
  }

  /** An audit entry for a write that is not a workflow step (creations, uploads, imports). */
  async record(c: IntakeCaller, action: string, entity: string, entityId: string, change: Doc): Promise<void> {
    await this.deps.audit.append({ actor: c.actor, action, entity, entityId, ...change });
  }

  async recruitment(id: string): Promise<RecruitmentRecord> {
    const r = await this.repo.recruitment(id);
    if (!r) throw notFound('招募');
    return r;
  }

  /** The application as its applicant (own only; another's reads as 404) or staff see it. */
  async application(id: string, c: IntakeCaller): Promise<ApplicationRecord> {
    const scope = applicantFilter(ownerScope(c));
    const app = scope && (await this.repo.application(id, scope));
    if (!app) throw notFound('申请');
    return app;
  }

  async meeting(id: string): Promise<MeetingRecord> {
    const m = await this.repo.meeting(id);
    if (!m) throw notFound('会议记录');
    return m;
  }

  /** An uploaded file's size against the settings: empty 400, too large 413. */
  async checkUpload(file: { bytes: Buffer }): Promise<IntakeSettings> {
    const s = await this.repo.settings();
    if (file.bytes.length === 0) throw invalid('file: 文件为空');
    if (file.bytes.length > s.maxFileBytes)
      throw new DomainError('too_large', `file: 单个文件不能超过 ${(s.maxFileBytes / 1024 / 1024).toFixed(0)} MB`);
    return s;
  }

  /** The applicant's WeChat message about an application's outcome (recorded once per version and outcome). */
  async tell(app: ApplicationRecord, outcome: string, text: string): Promise<void> {
    await this.messages.send({
      key: `intake-${app.id}-v${app.version}-${outcome}`,
      applicationId: app.id,
      openId: app.applicantOpenId,
      company: app.company.name,
      outcome: OUTCOME_PHRASE[outcome] ?? '有更新',
      note: text,
      text,
    });
  }
}
