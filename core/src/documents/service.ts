/**
 * Documents with expiry (issue #19, FT-16(b)): partners (and applicants before signing) keep their business licence,
 * special qualifications and tax proof with issue and expiry dates; staff see what expires soon; reminders go out
 * 30, 7 and 0 days before expiry; an expired document asks for a new upload; the FT-16 review reads them.
 */
import { shanghaiDate } from '../calendar/index.js';
import { SYSTEM_ACTOR, type Actor, type OwnerScope, type PartnerRecord } from '../db/types.js';
import type { AuditRepository, PartnerRepository } from '../db/repositories.js';
import { isObjectId } from '../db/queries.js';
import { DomainError } from '../errors.js';
import { EVIDENCE_MIME, extensionType, sniffEvidence } from '../intake/rules.js';
import { IntakeFiles } from '../intake/files.js';
import { NO_NOTICES, type Core, type Feature, type ScheduleRun } from '../root.js';
import type { NoticeJobData } from '../queues/index.js';
import { documentExpiringMessage } from '../subscriptions/messages.js';
import { isDayInRange } from '../validation/bounds.js';
import { normaliseText, textProblemMessage } from '../validation/text.js';
import type { NoticeSink } from '../workflow/transitions.js';
import {
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABEL,
  DOCUMENT_STATE_LABEL,
  EXPIRING_WITHIN_DAYS,
  addDays,
  certificatesCheck,
  daysBetween,
  daysLeftLabel,
  documentState,
  dueReminder,
  nextReminder,
  type DocumentKind,
  type DocumentState,
} from './rules.js';
import { DocumentRepository, type DocumentRecord } from './store.js';

/** A document's largest file. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Documents a reminder run takes at most (the next run takes the rest). */
const REMINDER_BATCH = 200;

export interface DocumentInput {
  /** staff only: whose document it is (a partner caller always files its own) */
  partnerId?: string;
  kind: string;
  title: string;
  number?: string;
  issuedOn: string;
  expiresOn?: string | null;
  /** the document this one replaces (same owner; it becomes superseded) */
  replaces?: string;
}

export type DocumentView = Omit<DocumentRecord, 'nextReminderAt' | 'actor' | 'fileId'> & {
  hasFile: boolean;
  kindLabel: string;
  state: DocumentState;
  stateLabel: string;
  daysLeft: number | null;
  partnerName?: string;
};

export interface DocumentsDeps {
  partners: Pick<PartnerRepository, 'get' | 'names'>;
  audit: Pick<AuditRepository, 'append' | 'appendMany'>;
  /** staff alerts, and the partner's own 订阅消息 when the sink carries them */
  notifier: NoticeSink;
  now?: () => Date;
}

/** A field's message as core states them (`field: 消息`); the api keys them under `fields`. */
const field = (name: string, message: string) => `${name}: ${message}`;

export class DocumentsService {
  private readonly now: () => Date;
  constructor(
    readonly repo: DocumentRepository,
    private readonly files: IntakeFiles,
    private readonly d: DocumentsDeps,
  ) {
    this.now = d.now ?? (() => new Date());
  }

  // ---------------------------------------------------------------- writes

  /** Files a document (with its file, pdf/jpg/png), replacing `replaces` when given. */
  async upload(
    input: DocumentInput,
    file: { name: string; bytes: Buffer } | undefined,
    scope: OwnerScope,
    actor: Actor,
  ): Promise<DocumentView> {
    const now = this.now();
    const today = shanghaiDate(now);
    const owner = await this.ownerOf(input, scope);
    const v = this.check(input, today);
    const stored = file ? await this.checkFile(file) : undefined;
    const id = this.repo.newId();
    if (input.replaces) {
      const old = await this.repo.get(input.replaces);
      if (!old || !this.owns(owner, old)) throw DomainError.notFound('要替换的证照不存在');
      if (old.status !== 'current' || !(await this.repo.supersede(old.id, id)))
        throw DomainError.conflict('该证照已被替换，请刷新后再试');
    }
    const fileId = stored
      ? await this.files.put(stored.name, stored.bytes, stored.mime, {
          kind: 'document',
          documentId: id,
          type: stored.type,
          ...(owner.partner ? { partnerId: owner.partner.id } : { applicantId: owner.applicantId }),
        })
      : null;
    const record = await this.repo.create({
      id,
      partnerId: owner.partner?.id ?? null,
      applicantId: owner.applicantId ?? null,
      programmeId: owner.partner?.programmeId ?? null,
      ...v,
      fileId,
      fileName: stored?.name ?? null,
      status: 'current',
      supersededBy: null,
      nextReminderAt: nextReminder(v.expiresOn, now)?.at ?? null,
      createdAt: now,
      actor,
    });
    await this.d.audit.append({
      actor,
      action: input.replaces ? 'document.replaced' : 'document.uploaded',
      entity: 'document',
      entityId: id,
      at: now,
      ...(input.replaces && { before: { documentId: input.replaces } }),
      after: { ...v, partnerId: record.partnerId, applicantId: record.applicantId, fileName: record.fileName },
    });
    return this.view(record, today);
  }

  // ---------------------------------------------------------------- reads

  /** The caller's own documents (partner or applicant), newest first, with their state today. */
  async mine(scope: OwnerScope): Promise<{ items: DocumentView[] }> {
    const today = shanghaiDate(this.now());
    if (scope.kind === 'partner')
      return { items: (await this.repo.ofOwner({ partnerId: scope.partnerId })).map((r) => this.view(r, today)) };
    if (scope.kind === 'applicant')
      return { items: (await this.repo.ofOwner({ applicantId: scope.applicantId })).map((r) => this.view(r, today)) };
    throw DomainError.forbidden('无权查看证照');
  }

  /** Staff: one partner's documents. */
  async ofPartner(partnerId: string, scope: OwnerScope): Promise<{ items: DocumentView[] }> {
    this.requireStaff(scope);
    const p = await this.partner(partnerId);
    const today = shanghaiDate(this.now());
    return { items: (await this.repo.ofOwner({ partnerId: p.id })).map((r) => this.view(r, today, p.name)) };
  }

  /** Staff: current documents expiring within `withinDays` (expired ones included), soonest first, paged. */
  async expiring(
    q: { withinDays?: number; page?: number; pageSize?: number },
    scope: OwnerScope,
  ): Promise<{ items: DocumentView[]; total: number; page: number; pageSize: number }> {
    this.requireStaff(scope);
    const today = shanghaiDate(this.now());
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await this.repo.expiringBy(
      addDays(today, q.withinDays ?? EXPIRING_WITHIN_DAYS),
      page,
      pageSize,
    );
    const names = await this.d.partners.names(items.flatMap((r) => (r.partnerId ? [r.partnerId] : [])));
    return {
      items: items.map((r) => this.view(r, today, (r.partnerId && names.get(r.partnerId)) || '')),
      total,
      page,
      pageSize,
    };
  }

  async get(id: string, scope: OwnerScope): Promise<DocumentView> {
    const r = await this.readable(id, scope);
    return this.view(r, shanghaiDate(this.now()));
  }

  /** The document's file (owner or staff). */
  async file(id: string, scope: OwnerScope): Promise<{ fileName: string; mime: string; bytes: Buffer }> {
    const r = await this.readable(id, scope);
    const f = r.fileId ? await this.files.get(r.fileId) : null;
    if (!r.fileId || !f) throw DomainError.notFound('该证照没有上传文件');
    return { fileName: f.fileName, mime: f.mime, bytes: await this.files.read(r.fileId) };
  }

  /**
   * FT-16(b) on `today`: the partner's current special qualifications not expired; with no qualification
   * document on file the condition holds ("if any"). Returns the expired ones for the review to name.
   */
  async certificatesOn(partnerId: string, today: string) {
    const docs = (await this.repo.ofOwner({ partnerId })).filter((d) => d.status === 'current');
    const { valid, expired } = certificatesCheck(docs, today);
    return { valid, expired: expired.map((d) => ({ id: d.id, title: d.title, expiresOn: d.expiresOn })) };
  }

  // ---------------------------------------------------------------- reminders

  /**
   * The reminder run (worker, every few minutes): documents whose next reminder has come, read by the indexed
   * `nextReminderAt`, so a run costs what is due. Each reminder once (audit key and notice id per document and
   * stage: a rerun after a crash repeats nothing), then the next one is set.
   */
  async remindDue(now: Date = this.now()): Promise<{ due: number; sent: number }> {
    const report = { due: 0, sent: 0 };
    const due = await this.repo.remindersDue(now, REMINDER_BATCH);
    const names = await this.d.partners.names(due.flatMap((r) => (r.partnerId ? [r.partnerId] : [])));
    const today = shanghaiDate(now);
    for (const doc of due) {
      report.due++;
      const stage = dueReminder(doc.expiresOn, now);
      if (stage !== null && doc.status === 'current' && doc.expiresOn) {
        const daysLeft = daysBetween(today, doc.expiresOn);
        const partnerName = (doc.partnerId && names.get(doc.partnerId)) || '申请人';
        await this.d.audit.appendMany([
          {
            key: `document-${doc.id}-reminder-${stage}`,
            at: now,
            actor: SYSTEM_ACTOR,
            action: 'document.expiry_reminded',
            entity: 'document',
            entityId: doc.id,
            reason: `证照到期前 ${stage} 天提醒`,
            after: { stage, expiresOn: doc.expiresOn, partnerId: doc.partnerId },
          },
        ]);
        await this.d.notifier.notify(expiryNotice(doc, stage, daysLeft, partnerName, now));
        if (doc.partnerId)
          await this.d.notifier.message?.(
            documentExpiringMessage({
              documentId: doc.id,
              partnerId: doc.partnerId,
              name: doc.title,
              expiresOn: doc.expiresOn,
              reminder: `${stage}d`,
              note: stage === 0 ? '今日到期，请尽快上传新证照' : `${daysLeftLabel(daysLeft)}，请及时上传新证照`,
            }),
          );
        report.sent++;
      }
      await this.repo.setNextReminder(
        doc.id,
        doc.status === 'current' ? (nextReminder(doc.expiresOn, now)?.at ?? null) : null,
      );
    }
    return report;
  }

  // ---------------------------------------------------------------- helpers

  /** A document as shown; staff read `已过期 3 天` where the owner reads `已过期，请重新上传` (a view with a partner name is staff's). */
  private view(r: DocumentRecord, today: string, partnerName?: string): DocumentView {
    const { nextReminderAt: _n, actor: _a, fileId, ...rest } = r;
    const { state, daysLeft } = documentState(r, today);
    const dated = state === 'expiring' || (state === 'expired' && partnerName !== undefined);
    return {
      ...rest,
      hasFile: fileId !== null,
      kindLabel: DOCUMENT_KIND_LABEL[r.kind],
      state,
      stateLabel: dated && daysLeft !== null ? daysLeftLabel(daysLeft) : DOCUMENT_STATE_LABEL[state],
      daysLeft,
      ...(partnerName !== undefined && { partnerName }),
    };
  }

  private check(input: DocumentInput, today: string) {
    const errors: string[] = [];
    const kind = input.kind as DocumentKind;
    if (!DOCUMENT_KINDS.includes(kind)) errors.push(field('kind', '请选择证照类型'));
    const title = normaliseText(input.title);
    if (!title.ok) errors.push(field('title', textProblemMessage('证照名称', title.problem)));
    else if (title.value.length > 60) errors.push(field('title', '证照名称不能超过 60 个字'));
    let number: string | null = null;
    if (input.number !== undefined && input.number !== '') {
      const n = normaliseText(input.number);
      if (!n.ok) errors.push(field('number', textProblemMessage('证照编号', n.problem)));
      else if (n.value.length > 60) errors.push(field('number', '证照编号不能超过 60 个字'));
      else number = n.value;
    }
    if (!isDayInRange(input.issuedOn)) errors.push(field('issuedOn', '请填写签发日期（2000-01-01 至 2100-12-31）'));
    else if (input.issuedOn > today) errors.push(field('issuedOn', '签发日期不能晚于今天'));
    const expiresOn = input.expiresOn || null;
    if (expiresOn !== null && !isDayInRange(expiresOn))
      errors.push(field('expiresOn', '请填写有效期至（2000-01-01 至 2100-12-31），长期有效请留空'));
    else if (expiresOn !== null && isDayInRange(input.issuedOn) && expiresOn < input.issuedOn)
      errors.push(field('expiresOn', '有效期至不能早于签发日期'));
    if (kind === 'qualification' && expiresOn === null) errors.push(field('expiresOn', '特殊资质/证书须填写有效期至'));
    if (errors.length) throw DomainError.invalid(errors.join('；'), errors);
    return { kind, title: title.ok ? title.value : '', number, issuedOn: input.issuedOn, expiresOn };
  }

  private async checkFile(file: { name: string; bytes: Buffer }) {
    if (file.bytes.length === 0) throw DomainError.invalid(field('file', '文件为空'));
    if (file.bytes.length > DOCUMENT_MAX_BYTES)
      throw new DomainError('too_large', field('file', `文件不能超过 ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB`));
    const claimed = extensionType(file.name);
    const actual = sniffEvidence(file.bytes);
    if (!claimed || actual !== claimed)
      throw DomainError.invalid(field('file', '只接受 pdf、jpg、png 文件，且内容须与扩展名相符'));
    return { name: file.name, bytes: file.bytes, type: actual, mime: EVIDENCE_MIME[actual] };
  }

  /** Whose document an upload is: the calling partner's or applicant's own, or (staff) the named partner's. */
  private async ownerOf(
    input: DocumentInput,
    scope: OwnerScope,
  ): Promise<{ partner?: PartnerRecord; applicantId?: string }> {
    if (scope.kind === 'applicant') return { applicantId: scope.applicantId };
    const partnerId = scope.kind === 'partner' ? scope.partnerId : scope.kind === 'staff' ? input.partnerId : undefined;
    if (scope.kind === 'none') throw DomainError.forbidden('无权上传证照');
    if (!partnerId) throw DomainError.invalid(field('partnerId', '请选择伙伴'));
    const partner = await this.partner(partnerId);
    if (partner.status === 'exited') throw DomainError.conflict('伙伴已退出合作，不能再上传证照');
    return { partner };
  }

  private owns(owner: { partner?: PartnerRecord; applicantId?: string }, d: DocumentRecord) {
    return owner.partner ? d.partnerId === owner.partner.id : d.applicantId === owner.applicantId;
  }

  /** The document if the caller may read it; 404 otherwise (another owner's document does not exist for it). */
  private async readable(id: string, scope: OwnerScope): Promise<DocumentRecord> {
    const r = await this.repo.get(id);
    const ok =
      r &&
      (scope.kind === 'staff' ||
        (scope.kind === 'partner' && r.partnerId === scope.partnerId) ||
        (scope.kind === 'applicant' && r.applicantId === scope.applicantId));
    if (!r || !ok) throw DomainError.notFound('证照不存在');
    return r;
  }

  private requireStaff(scope: OwnerScope) {
    if (scope.kind !== 'staff') throw DomainError.forbidden('无权查看其他伙伴的证照');
  }

  private async partner(id: string): Promise<PartnerRecord> {
    const p = isObjectId(id) ? await this.d.partners.get(id) : null;
    if (!p) throw DomainError.notFound('伙伴不存在');
    return p;
  }
}

/** The staff alert of a reminder; its id is per document and stage, so a repeat is a no-op. */
export function expiryNotice(
  doc: DocumentRecord,
  stage: number,
  daysLeft: number,
  partnerName: string,
  now: Date,
): NoticeJobData {
  return {
    noticeId: `document-expiring-${doc.id}-${stage}`,
    kind: 'generic',
    audience: 'staff',
    ...(doc.programmeId && { programmeId: doc.programmeId }),
    text: [
      '【证照到期提醒】',
      `伙伴：${partnerName}`,
      `证照：${DOCUMENT_KIND_LABEL[doc.kind]}《${doc.title}》${doc.number ? `（编号 ${doc.number}）` : ''}`,
      `有效期至：${doc.expiresOn}（${daysLeftLabel(daysLeft)}）`,
      doc.kind === 'qualification'
        ? '请提醒伙伴上传新证照；特殊资质过期将影响续约评审（FT-16）。'
        : '请提醒伙伴上传新证照。',
    ].join('\n'),
    headline: `${partnerName}｜${doc.title}｜${daysLeftLabel(daysLeft)}`,
    ref: { entity: 'document', id: doc.id },
    createdAt: now.toISOString(),
  };
}

export type DocumentsFeature = Feature<DocumentsService, { 'document-reminders': ScheduleRun }>;

/** Builds the documents feature on the composition root (api, worker and tests alike). */
export function connectDocuments(core: Core): Promise<DocumentsFeature> {
  return core.feature('documents', async () => {
    const repo = new DocumentRepository(core.conn);
    await repo.createIndexes();
    const { partners, audit } = core.repos;
    const deps = { partners, audit, notifier: core.notifier ?? NO_NOTICES, now: core.now };
    const service = new DocumentsService(repo, new IntakeFiles(core.conn), deps);
    return { service, handlers: { 'document-reminders': (now: Date) => service.remindDue(now) } };
  });
}
