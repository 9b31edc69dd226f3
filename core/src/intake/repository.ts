import { Types } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import { isObjectId } from '../db/repositories.js';
import { companyNameKey } from './rules.js';
import { findPage, searchKey, type Page, type PageRequest } from '../db/paging.js';
import { ANY_DATE } from '../db/queries.js';
import { APPLICATION_STATUSES, OBJECTION_STATUSES } from './types.js';
import type { IntakeModels } from './schemas.js';
import type {
  ApplicationRecord,
  ApplicationStatus,
  IntakeSettings,
  LetterRecord,
  MeetingRecord,
  ObjectionRecord,
  RecruitmentRecord,
  RecruitmentStatus,
} from './types.js';
import { DEFAULT_INTAKE_PRODUCTS, DEFAULT_PUBLICITY, DEFAULT_QUORUM } from './rules.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;
export const APPLICATION_SORTS = ['submittedAt', 'updatedAt'] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];
/** The FT-7/8/9 deadlines an application stores (each with its own timers). */
export type ApplicationDeadline = 'preReviewDueAt' | 'evaluationDueAt' | 'decisionDueAt';
const oid = (id: string) => new Types.ObjectId(id);
const ID_FIELDS = ['programmeId', 'recruitmentId', 'partnerId', 'meetingId'];

/** A lean document as a record: `_id` → `id`, ObjectId references → strings, no `__v`. */
export function plain<T>(d: Doc): T {
  const { _id, __v, companyKey, ...rest } = d;
  void __v;
  void companyKey;
  for (const f of ID_FIELDS) if (rest[f] instanceof Types.ObjectId) rest[f] = String(rest[f]);
  return { id: String(_id), ...rest, rev: rest.rev ?? 0 } as T;
}

export const DEFAULT_INTAKE_SETTINGS: IntakeSettings = {
  publicity: DEFAULT_PUBLICITY,
  quorum: DEFAULT_QUORUM,
  maxFileBytes: 5 * 1024 * 1024,
  maxFiles: 20,
  grantor: '中移金科技术有限公司',
  products: DEFAULT_INTAKE_PRODUCTS,
};

export interface IntakeRiskCancellationRecord {
  id: string;
  /** absent on exit records of partners whose credit code was never recorded */
  companyCreditCode?: string;
  companyName: string;
  at: Date;
  reason: string;
  source: string;
}

export interface DishonestEntryRecord {
  id: string;
  list: 'serious_illegal' | 'dishonest_debtor';
  creditCode?: string;
  name: string;
  legalRep?: string;
}

/** Typed access to the intake collections; every read maps to a record, every write is one document. */
export class IntakeRepository {
  constructor(readonly m: IntakeModels) {}

  // ---- settings
  async settings(): Promise<IntakeSettings> {
    const d: Doc | null = await this.m.Settings.findById('default').lean();
    return { ...DEFAULT_INTAKE_SETTINGS, ...(d?.settings ?? {}) };
  }
  async putSettings(s: IntakeSettings): Promise<void> {
    await this.m.Settings.updateOne({ _id: 'default' }, { $set: { settings: s } }, { upsert: true });
  }

  // ---- recruitments
  async createRecruitment(r: Doc): Promise<RecruitmentRecord> {
    const d = await this.m.Recruitment.create({ ...r, programmeId: oid(r.programmeId) });
    return plain(d.toObject());
  }
  async recruitment(id: string): Promise<RecruitmentRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Recruitment.findById(id).lean();
    return d ? plain(d) : null;
  }
  async recruitments(f: { status?: RecruitmentStatus | RecruitmentStatus[] } = {}): Promise<RecruitmentRecord[]> {
    const q: Doc = {};
    if (f.status) q.status = Array.isArray(f.status) ? { $in: f.status } : f.status;
    return (await this.m.Recruitment.find(q).sort({ createdAt: -1, _id: -1 }).limit(500).lean()).map((d) => plain(d));
  }
  /** Published batch recruitments whose application deadline has passed (the worker closes them). */
  async recruitmentsPastDeadline(now: Date): Promise<RecruitmentRecord[]> {
    return (
      await this.m.Recruitment.find({ status: 'published', mode: 'batch', applicationDeadline: { $lt: now } })
        .limit(200)
        .lean()
    ).map((d) => plain(d));
  }

  // ---- applications
  /** Inserts a draft; null when the company has an application to this recruitment already. */
  async createApplication(a: Doc): Promise<ApplicationRecord | null> {
    try {
      const d = await this.m.Application.create({
        ...a,
        recruitmentId: oid(a.recruitmentId),
        programmeId: oid(a.programmeId),
        companyKey: searchKey(a.company?.name ?? ''),
      });
      return plain(d.toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  async application(id: string, scope: { applicantId?: string } = {}): Promise<ApplicationRecord | null> {
    if (!isObjectId(id)) return null;
    const q: Doc = { _id: oid(id) };
    if (scope.applicantId !== undefined) q.applicantId = scope.applicantId;
    const d = await this.m.Application.findOne(q).lean();
    return d ? plain(d) : null;
  }
  async applications(
    f: { applicantId?: string; recruitmentId?: string; status?: ApplicationStatus[]; ids?: string[] } = {},
  ): Promise<ApplicationRecord[]> {
    const q: Doc = {};
    if (f.applicantId !== undefined) q.applicantId = f.applicantId;
    if (f.recruitmentId) q.recruitmentId = isObjectId(f.recruitmentId) ? oid(f.recruitmentId) : null;
    if (f.status) q.status = { $in: f.status };
    if (f.ids) q._id = { $in: f.ids.filter(isObjectId).map(oid) };
    return (await this.m.Application.find(q).sort({ createdAt: 1, _id: 1 }).limit(2000).lean()).map((d) => plain(d));
  }
  /**
   * The intake sweeper's due read (issue #16): applications in one of `statuses` whose deadline `field` lies in
   * [from, to), in deadline order, at most `limit` (`{status, <field>}`: an index range, whatever is stored).
   */
  async applicationsDueIn(
    field: ApplicationDeadline,
    statuses: ApplicationStatus[],
    from: Date,
    to: Date,
    limit: number,
  ): Promise<ApplicationRecord[]> {
    const q = { status: { $in: statuses }, [field]: { $gte: from, $lt: to } };
    return (
      await this.m.Application.find(q)
        .sort({ [field]: 1 })
        .limit(limit)
        .lean()
    ).map((d) => plain(d));
  }
  /** Applications in one of `statuses` changed after `since`, oldest change first, at most `limit` (`{status, updatedAt}`). */
  async applicationsChangedAfter(
    statuses: ApplicationStatus[],
    since: Date,
    limit: number,
  ): Promise<ApplicationRecord[]> {
    const q = { status: { $in: statuses }, updatedAt: { $gt: since } };
    return (await this.m.Application.find(q).sort({ updatedAt: 1 }).limit(limit).lean()).map((d) => plain(d));
  }
  /**
   * #18 the console's 申请 table: a page of applications of a status (or every status but draft) and maybe a
   * recruitment, by submission or last change, searched by a prefix of the company name or the unified social credit
   * code (normalized); indexed (hot-queries.ts).
   */
  async applicationPage(
    f: { status?: ApplicationStatus; recruitmentId?: string; q?: string },
    req: PageRequest<ApplicationSort>,
  ): Promise<Page<ApplicationRecord>> {
    const filter: Doc = { status: f.status ?? { $in: APPLICATION_STATUSES.filter((s) => s !== 'draft') } };
    if (f.recruitmentId) filter.recruitmentId = isObjectId(f.recruitmentId) ? oid(f.recruitmentId) : null;
    const q = f.q && searchKey(f.q);
    // a credit code has only letters and digits (stored upper case): such a text is tried as both
    const search = !q
      ? undefined
      : /^[0-9a-z]+$/.test(q)
        ? [
            { key: 'companyKey', prefix: q },
            { key: 'creditCode', prefix: q.toUpperCase() },
          ]
        : [{ key: 'companyKey', prefix: q }];
    return findPage(this.m.Application, filter, { ...req, sortRange: ANY_DATE }, (d) => plain(d), search);
  }
  /** Not a state change: the stored deadlines after a calendar change (FT-7/8/9, same function as the api). */
  async setDeadlines(id: string, d: Doc): Promise<void> {
    await this.m.Application.updateOne({ _id: oid(id) }, { $set: d });
  }
  async saveVersion(app: ApplicationRecord, submittedAt: Date, files: unknown[] = []): Promise<void> {
    try {
      await this.m.ApplicationVersion.create({
        _id: `${app.id}-v${app.version}`,
        applicationId: app.id,
        version: app.version,
        snapshot: { company: app.company, answers: app.answers, declaration: app.declaration, files },
        submittedAt,
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  async versions(applicationId: string): Promise<Doc[]> {
    return this.m.ApplicationVersion.find({ applicationId }).sort({ version: 1 }).lean();
  }

  // ---- FT-2.1 lists
  async addRiskCancellation(r: Omit<IntakeRiskCancellationRecord, 'id'>): Promise<IntakeRiskCancellationRecord> {
    return plain((await this.m.RiskCancellation.create(r)).toObject());
  }
  async riskCancellations(creditCode?: string): Promise<IntakeRiskCancellationRecord[]> {
    const q = creditCode ? { companyCreditCode: creditCode } : {};
    return (await this.m.RiskCancellation.find(q).sort({ at: -1 }).limit(1000).lean()).map((d) => plain(d));
  }
  async replaceDishonestList(
    list: DishonestEntryRecord['list'],
    entries: Omit<DishonestEntryRecord, 'id' | 'list'>[],
    importId: string,
  ): Promise<number> {
    if (entries.length)
      await this.m.DishonestEntry.insertMany(
        entries.map((e) => ({
          ...e,
          list,
          importId,
          nameKey: companyNameKey(e.name),
          ...(e.legalRep && { legalRepKey: companyNameKey(e.legalRep) }),
        })),
      );
    await this.m.DishonestEntry.deleteMany({ list, importId: { $ne: importId } });
    return entries.length;
  }
  async dishonestCount(list: DishonestEntryRecord['list']): Promise<number> {
    return this.m.DishonestEntry.countDocuments({ list });
  }
  /** Entries naming the company (by credit code or name) or, for 失信被执行人, its legal representative. */
  async dishonestHits(
    list: DishonestEntryRecord['list'],
    by: { creditCode: string; name: string; legalRep?: string },
  ): Promise<DishonestEntryRecord[]> {
    const or: Doc[] = [{ creditCode: by.creditCode }, { nameKey: companyNameKey(by.name) }];
    if (by.legalRep) or.push({ legalRepKey: companyNameKey(by.legalRep) }, { nameKey: companyNameKey(by.legalRep) });
    return (await this.m.DishonestEntry.find({ list, $or: or }).limit(10).lean()).map((d) => plain(d));
  }

  // ---- meetings, objections
  async meeting(id: string): Promise<MeetingRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Meeting.findById(id).lean();
    return d ? plain(d) : null;
  }
  async meetings(f: { status?: MeetingRecord['status']; recruitmentId?: string } = {}): Promise<MeetingRecord[]> {
    const q: Doc = {};
    if (f.status) q.status = f.status;
    if (f.recruitmentId) q.recruitmentId = isObjectId(f.recruitmentId) ? oid(f.recruitmentId) : null;
    return (await this.m.Meeting.find(q).sort({ createdAt: -1 }).limit(500).lean()).map((d) => plain(d));
  }
  /** The new objection, or null when one under its `_id` exists (a concurrent identical one). */
  async createObjection(o: Doc): Promise<ObjectionRecord | null> {
    try {
      return plain((await this.m.Objection.create({ ...o, meetingId: oid(o.meetingId) })).toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  async objection(id: string): Promise<ObjectionRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Objection.findById(id).lean();
    return d ? plain(d) : null;
  }
  async objections(f: { meetingId?: string; status?: ObjectionRecord['status'] } = {}): Promise<ObjectionRecord[]> {
    const q: Doc = {};
    if (f.meetingId) q.meetingId = isObjectId(f.meetingId) ? oid(f.meetingId) : null;
    if (f.status) q.status = f.status;
    return (await this.m.Objection.find(q).sort({ createdAt: 1 }).limit(1000).lean()).map((d) => plain(d));
  }

  /**
   * #18 the console's 公示异议 table: a page of objections of a status (or both) and maybe a recruitment, by filing
   * time; indexed (hot-queries.ts).
   */
  async objectionPage(
    f: { status?: ObjectionRecord['status']; recruitmentId?: string },
    req: PageRequest<'createdAt'>,
  ): Promise<Page<ObjectionRecord>> {
    const filter: Doc = { status: f.status ?? { $in: [...OBJECTION_STATUSES] } };
    if (f.recruitmentId) filter.recruitmentId = isObjectId(f.recruitmentId) ? oid(f.recruitmentId) : null;
    return findPage(this.m.Objection, filter, { ...req, sortRange: ANY_DATE }, (d) => plain(d));
  }

  // ---- letters
  async createLetter(l: Doc): Promise<LetterRecord | null> {
    try {
      return plain((await this.m.Letter.create({ ...l, partnerId: oid(l.partnerId) })).toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  async letter(id: string): Promise<LetterRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Letter.findById(id).lean();
    return d ? plain(d) : null;
  }
  async letterByCode(code: string): Promise<LetterRecord | null> {
    if (typeof code !== 'string' || code.length > 64) return null;
    const d = await this.m.Letter.findOne({ code }).lean();
    return d ? plain(d) : null;
  }
  async letters(f: { partnerId?: string } = {}): Promise<LetterRecord[]> {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    return (await this.m.Letter.find(q).sort({ issuedAt: -1 }).limit(1000).lean()).map((d) => plain(d));
  }

  // ---- applicants
  async ensureApplicant(openId: string, name?: string): Promise<{ id: string; openId: string; name?: string }> {
    const d: Doc = await this.m.Applicant.findOneAndUpdate(
      { openId },
      { $setOnInsert: { openId, ...(name && { name }) } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return { id: String(d._id), openId: d.openId, name: d.name };
  }

  /** An applicant by its id (an applicant user's `applicant-<id>` without the prefix); an id of no applicant → null. */
  async applicant(id: string): Promise<{ id: string; openId: string; name?: string } | null> {
    if (!isObjectId(id)) return null;
    const d: Doc | null = await this.m.Applicant.findById(id).lean();
    return d ? { id: String(d._id), openId: d.openId, name: d.name ?? undefined } : null;
  }
}
