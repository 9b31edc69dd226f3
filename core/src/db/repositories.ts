import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { WorkCalendar } from '../calendar/index.js';
import { isDuplicateKey } from './connection.js';
import type { Models } from './schemas.js';
import type {
  Actor,
  AuditRecord,
  ComplaintRecord,
  PartnerRecord,
  PartnerStatus,
  ProgrammeRecord,
  ReplyRecord,
  ScoreEventRecord,
} from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** insertMany that skips documents whose unique key is already stored; returns how many were new. */
async function insertIgnoringDuplicates(model: Models[keyof Models], docs: Doc[]): Promise<number> {
  try {
    return (await model.insertMany(docs, { ordered: false })).length;
  } catch (err) {
    const e = err as { writeErrors?: { code?: number; err?: { code?: number } }[] };
    if (!e.writeErrors?.every((w) => (w.code ?? w.err?.code) === 11000)) throw err;
    return docs.length - e.writeErrors.length;
  }
}

/**
 * Documents by id, one point lookup each: FerretDB 1.24 answers a filter of `_id` alone from the `_id` index
 * (with the build patch in scripts/services.sh) but scans the whole collection for `{_id: {$in: [...]}}`
 * (measured at 5,000 documents: ~1 ms per lookup vs 150 ms for the `$in`).
 */
async function findByIds(model: Models[keyof Models], ids: unknown[]): Promise<Doc[]> {
  return (await Promise.all(ids.map((_id) => model.findOne({ _id }).lean()))).filter(Boolean) as Doc[];
}

export const isObjectId = (id: string): boolean => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);
const oid = (id: string) => new Types.ObjectId(id);

export const toProgramme = (d: Doc): ProgrammeRecord => ({
  id: String(d._id),
  code: d.code,
  name: d.name,
  rulebook: d.rulebook,
  complaintWindow: { start: d.complaintWindow.start, end: d.complaintWindow.end, days: d.complaintWindow.days },
  slaHours: d.slaHours,
  warningMinutes: [...(d.warningMinutes ?? [])],
  createdAt: d.createdAt,
});

export const toPartner = (d: Doc): PartnerRecord => ({
  id: String(d._id),
  code: d.code,
  name: d.name,
  programmeId: String(d.programmeId),
  status: d.status,
  rev: d.rev ?? 0,
  inviteCode: d.inviteCode,
  contactName: d.contactName ?? undefined,
  contactPhone: d.contactPhone ?? undefined,
  createdAt: d.createdAt,
});

const toReply = (r: Doc): ReplyRecord => ({
  id: String(r._id),
  text: r.text,
  at: r.at,
  by: r.by,
  verdict: r.verdict,
  reason: r.reason ?? undefined,
  decidedAt: r.decidedAt ?? undefined,
  decidedBy: r.decidedBy ?? undefined,
});

export const toComplaint = (d: Doc): ComplaintRecord => ({
  id: String(d._id),
  no: d.no,
  programmeId: String(d.programmeId),
  partnerId: String(d.partnerId),
  kind: d.kind,
  channel: d.channel,
  summary: d.summary,
  receivedAt: d.receivedAt,
  dueAt: d.dueAt,
  provisional: Boolean(d.provisional),
  calendarVersion: d.calendarVersion,
  window: { start: d.window.start, end: d.window.end, days: d.window.days },
  slaHours: d.slaHours,
  warningMinutes: [...(d.warningMinutes ?? [])],
  status: d.status,
  replies: (d.replies ?? []).map(toReply),
  effectiveReplyAt: d.effectiveReplyAt ?? null,
  breachedAt: d.breachedAt ?? null,
  slaSettled: Boolean(d.slaSettled),
  warningsSent: [...(d.warningsSent ?? [])],
  rev: d.rev ?? 0,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const toScoreEvent = (d: Doc): ScoreEventRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  rule: d.rule,
  component: d.component,
  points: d.points,
  period: d.period,
  source: { entity: d.source.entity, id: d.source.id },
  reason: d.reason,
  idempotencyKey: d.idempotencyKey,
  reverses: d.reverses ?? undefined,
  actor: d.actor,
  at: d.at,
});

const toAudit = (d: Doc): AuditRecord => ({
  id: String(d._id),
  at: d.at,
  actor: d.actor,
  action: d.action,
  entity: d.entity,
  entityId: d.entityId,
  reason: d.reason ?? undefined,
  before: d.before ?? undefined,
  after: d.after ?? undefined,
});

export class ProgrammeRepository {
  constructor(private readonly m: Models) {}
  async list(): Promise<ProgrammeRecord[]> {
    return (await this.m.Programme.find().sort({ code: 1 }).lean()).map(toProgramme);
  }
  async get(id: string): Promise<ProgrammeRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Programme.findById(id).lean();
    return d ? toProgramme(d) : null;
  }
  /** Creates, or returns null when the code is taken. */
  async create(p: Omit<ProgrammeRecord, 'id' | 'createdAt'>): Promise<ProgrammeRecord | null> {
    try {
      return toProgramme((await this.m.Programme.create(p)).toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  /** Inserts the programme unless one with the code exists; returns whichever is stored. */
  async ensure(p: Omit<ProgrammeRecord, 'id' | 'createdAt'>): Promise<ProgrammeRecord> {
    const d = await this.m.Programme.findOneAndUpdate(
      { code: p.code },
      { $setOnInsert: p },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return toProgramme(d);
  }
}

export class PartnerRepository {
  constructor(private readonly m: Models) {}
  async list(filter: { q?: string; programmeId?: string } = {}): Promise<PartnerRecord[]> {
    const query: Doc = {};
    if (filter.programmeId) query.programmeId = oid(filter.programmeId);
    const all = (await this.m.Partner.find(query).sort({ code: 1 }).limit(1000).lean()).map(toPartner);
    const q = filter.q?.trim();
    return q ? all.filter((p) => p.name.includes(q) || p.code.includes(q)) : all;
  }
  async get(id: string): Promise<PartnerRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Partner.findById(id).lean();
    return d ? toPartner(d) : null;
  }
  async byCode(code: string): Promise<PartnerRecord | null> {
    const d = await this.m.Partner.findOne({ code }).lean();
    return d ? toPartner(d) : null;
  }
  async names(ids: string[]): Promise<Map<string, string>> {
    return new Map([...(await this.summaries(ids))].map(([id, p]) => [id, p.name]));
  }
  /** Name and status by partner id (a suspended partner is flagged wherever it appears). */
  async summaries(ids: string[]): Promise<Map<string, { name: string; status: PartnerStatus }>> {
    const valid = [...new Set(ids)].filter(isObjectId).map(oid);
    const docs = await findByIds(this.m.Partner, valid);
    return new Map(docs.map((d) => [String(d._id), { name: d.name as string, status: d.status as PartnerStatus }]));
  }

  async byInviteCode(inviteCode: string): Promise<PartnerRecord | null> {
    const d = await this.m.Partner.findOne({ inviteCode }).lean();
    return d ? toPartner(d) : null;
  }
  /** Creates the partner, or returns null when its code is taken. */
  async create(
    p: Omit<PartnerRecord, 'id' | 'createdAt' | 'status' | 'inviteCode' | 'rev'>,
  ): Promise<PartnerRecord | null> {
    try {
      const inviteCode = randomBytes(6).toString('base64url').toUpperCase();
      return toPartner(
        (
          await this.m.Partner.create({ ...p, programmeId: oid(p.programmeId), status: 'active', inviteCode })
        ).toObject(),
      );
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  /** Binds a WeChat openid to a partner; false when the openid is bound already. */
  async bindIdentity(openId: string, partnerId: string): Promise<boolean> {
    try {
      await this.m.PartnerIdentity.create({ openId, partnerId: oid(partnerId) });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }
  async identityFor(openId: string): Promise<string | null> {
    const d = await this.m.PartnerIdentity.findOne({ openId }).lean();
    return d ? String((d as Doc).partnerId) : null;
  }
}

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: 'staff' | 'admin' | 'reviewer' | 'committee';
  displayName?: string;
  team?: string;
  disabled?: boolean;
}

export class UserRepository {
  constructor(private readonly m: Models) {}
  async byUsername(username: string): Promise<UserRecord | null> {
    const d: Doc | null = await this.m.User.findOne({ username }).lean();
    return d
      ? {
          id: String(d._id),
          username: d.username,
          passwordHash: d.passwordHash,
          role: d.role,
          displayName: d.displayName,
          team: d.team,
          disabled: Boolean(d.disabled),
        }
      : null;
  }
  async byId(id: string): Promise<UserRecord | null> {
    if (!isObjectId(id)) return null;
    const d: Doc | null = await this.m.User.findById(id).lean();
    return d ? this.byUsername(d.username) : null;
  }
  /** Replaces the password hash; false when the user does not exist. */
  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    if (!isObjectId(id)) return false;
    return (await this.m.User.updateOne({ _id: id }, { $set: { passwordHash } })).matchedCount > 0;
  }
  /** Creates the user unless the username exists (returns true when created). */
  async ensure(u: Omit<UserRecord, 'id'>): Promise<boolean> {
    const res = await this.m.User.updateOne({ username: u.username }, { $setOnInsert: u }, { upsert: true });
    return res.upsertedCount > 0;
  }
}

export interface ComplaintFilter {
  /** the partner scope: required for partner callers, absent for staff */
  partnerId?: string;
  status?: string;
  statusIn?: string[];
  kind?: string;
  dueFrom?: Date;
  dueTo?: Date;
  programmeId?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
}

export class ComplaintRepository {
  constructor(private readonly m: Models) {}

  private query(f: ComplaintFilter): Doc {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    if (f.status) q.status = f.status;
    else if (f.statusIn) q.status = { $in: f.statusIn };
    if (f.kind) q.kind = f.kind;
    if (f.dueFrom || f.dueTo) q.dueAt = { ...(f.dueFrom && { $gte: f.dueFrom }), ...(f.dueTo && { $lt: f.dueTo }) };
    if (f.programmeId !== undefined) q.programmeId = isObjectId(f.programmeId) ? oid(f.programmeId) : null;
    if (f.receivedFrom || f.receivedTo)
      q.receivedAt = { ...(f.receivedFrom && { $gte: f.receivedFrom }), ...(f.receivedTo && { $lt: f.receivedTo }) };
    return q;
  }

  /** Every complaint matching the filter (at most `limit`), for reports and queues. */
  async all(f: ComplaintFilter, limit = 5000): Promise<ComplaintRecord[]> {
    const docs = await this.m.Complaint.find(this.query(f)).sort({ receivedAt: 1, _id: 1 }).limit(limit).lean();
    return this.withBreaches(docs.map(toComplaint));
  }

  async list(f: ComplaintFilter, page = 1, pageSize = 20): Promise<{ items: ComplaintRecord[]; total: number }> {
    const q = this.query(f);
    const [docs, total] = await Promise.all([
      this.m.Complaint.find(q)
        .sort({ receivedAt: -1, _id: -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.m.Complaint.countDocuments(q),
    ]);
    return { items: await this.withBreaches(docs.map(toComplaint)), total };
  }

  /** Reads one complaint inside a scope; another partner's complaint reads as missing. */
  async get(id: string, scope: { partnerId?: string } = {}): Promise<ComplaintRecord | null> {
    if (!isObjectId(id)) return null;
    const q: Doc = { _id: oid(id), ...this.query({ partnerId: scope.partnerId }) };
    const d = await this.m.Complaint.findOne(q).lean();
    return d ? (await this.withBreaches([toComplaint(d)]))[0] : null;
  }

  async getMany(ids: string[]): Promise<ComplaintRecord[]> {
    const valid = [...new Set(ids)].filter(isObjectId).map(oid);
    return this.withBreaches((await findByIds(this.m.Complaint, valid)).map(toComplaint));
  }

  /** Records breaches (idempotent, insert-only); readers see them as `breachedAt` on the complaint. */
  async recordBreaches(items: { id: string; partnerId: string; at: Date }[]): Promise<void> {
    if (items.length)
      await insertIgnoringDuplicates(
        this.m.SlaBreach,
        items.map((i) => ({ _id: oid(i.id), partnerId: oid(i.partnerId), at: i.at, recordedAt: new Date() })),
      );
  }

  /** Merges recorded breaches into complaints not yet marked breached. */
  private async withBreaches(cs: ComplaintRecord[]): Promise<ComplaintRecord[]> {
    const unmarked = cs.filter((c) => !c.breachedAt);
    if (!unmarked.length) return cs;
    const found = await findByIds(
      this.m.SlaBreach,
      unmarked.map((c) => oid(c.id)),
    );
    const at = new Map(found.map((d) => [String(d._id), d.at as Date]));
    return cs.map((c) => (!c.breachedAt && at.has(c.id) ? { ...c, breachedAt: at.get(c.id)!, slaSettled: true } : c));
  }

  /** `id`: a pre-claimed id (the complaints import); a second create under it fails as a duplicate key. */
  async create(
    c: Omit<ComplaintRecord, 'id' | 'createdAt' | 'updatedAt' | 'rev'>,
    id?: string,
  ): Promise<ComplaintRecord> {
    const doc = await this.m.Complaint.create({
      ...(id && { _id: oid(id) }),
      ...c,
      programmeId: oid(c.programmeId),
      partnerId: oid(c.partnerId),
    });
    return toComplaint(doc.toObject());
  }

  /**
   * Open SLA work: every complaint whose timers may still fire, streamed in deadline order, with its recorded
   * breach (if any) as `breachedAt`. Read-only: the sweeper marks breached complaints settled itself.
   */
  async *unsettled(batchSize = 200): AsyncGenerator<ComplaintRecord> {
    let page: ComplaintRecord[] = [];
    const cursor = this.m.Complaint.find({ slaSettled: false }).sort({ dueAt: 1, _id: 1 }).lean().cursor({ batchSize });
    for await (const d of cursor) {
      page.push(toComplaint(d));
      if (page.length >= batchSize) {
        yield* await this.withBreaches(page);
        page = [];
      }
    }
    yield* await this.withBreaches(page);
  }

  newReplyId(): string {
    return new Types.ObjectId().toHexString();
  }
}

export class ScoreEventRepository {
  constructor(private readonly m: Models) {}
  /** Appends once per idempotency key; returns the stored entry and whether this call created it. */
  async appendOnce(e: Omit<ScoreEventRecord, 'id'>): Promise<{ event: ScoreEventRecord; created: boolean }> {
    try {
      const doc = await this.m.ScoreEvent.create({
        ...e,
        partnerId: oid(e.partnerId),
        programmeId: oid(e.programmeId),
      });
      return { event: toScoreEvent(doc.toObject()), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.byKey(e.idempotencyKey);
      if (!existing) throw err;
      return { event: existing, created: false };
    }
  }
  /** Appends each entry unless its idempotency key is already stored; returns how many were new. */
  async appendManyOnce(events: Omit<ScoreEventRecord, 'id'>[]): Promise<number> {
    if (!events.length) return 0;
    const docs = events.map((e) => ({ ...e, partnerId: oid(e.partnerId), programmeId: oid(e.programmeId) }));
    return insertIgnoringDuplicates(this.m.ScoreEvent, docs);
  }
  async byKey(idempotencyKey: string): Promise<ScoreEventRecord | null> {
    const d = await this.m.ScoreEvent.findOne({ idempotencyKey }).lean();
    return d ? toScoreEvent(d) : null;
  }
  async forPartner(partnerId: string, period?: string): Promise<ScoreEventRecord[]> {
    if (!isObjectId(partnerId)) return [];
    const q: Doc = { partnerId: oid(partnerId) };
    if (period) q.period = period;
    return (await this.m.ScoreEvent.find(q).sort({ at: 1, _id: 1 }).lean()).map(toScoreEvent);
  }
  async bySource(entity: string, id: string): Promise<ScoreEventRecord[]> {
    return (await this.m.ScoreEvent.find({ 'source.entity': entity, 'source.id': id }).sort({ at: 1 }).lean()).map(
      toScoreEvent,
    );
  }
}

/** Append-only: there is no update or delete. */
export class AuditRepository {
  constructor(private readonly m: Models) {}
  async append(e: {
    actor: Actor;
    action: string;
    entity: string;
    entityId: string;
    reason?: string;
    before?: unknown;
    after?: unknown;
    at?: Date;
  }): Promise<void> {
    await this.m.Audit.create({ ...e, at: e.at ?? new Date() });
  }
  /**
   * Appends entries; one with a `key` is stored under that key as its id, so a system step that may run
   * more than once (a retried job, the sweeper) records its entry exactly once.
   */
  async appendMany(entries: (Omit<AuditRecord, 'id'> & { key?: string })[]): Promise<void> {
    if (!entries.length) return;
    const docs = entries.map(({ key, ...e }) => (key ? { _id: key, ...e } : e));
    await insertIgnoringDuplicates(this.m.Audit, docs);
  }
  async find(f: { entity?: string; entityId?: string }, limit = 200): Promise<AuditRecord[]> {
    const q: Doc = {};
    if (f.entity) q.entity = f.entity;
    if (f.entityId) q.entityId = f.entityId;
    return (await this.m.Audit.find(q).sort({ at: 1, _id: 1 }).limit(limit).lean()).map(toAudit);
  }
}

export class CalendarRepository {
  constructor(private readonly m: Models) {}
  /** The effective calendar: built-in official data + loaded years + company overrides. */
  async load(): Promise<WorkCalendar> {
    const [years, overrides] = await Promise.all([
      this.m.CalendarYear.find().lean(),
      this.m.CalendarOverride.find().lean(),
    ]);
    return new WorkCalendar({
      years: years.map((y: Doc) => ({ year: y.year, holidays: y.holidays, makeupWorkdays: y.makeupWorkdays })),
      overrides: overrides.map((o: Doc) => ({ date: o.date, workday: o.workday, note: o.note ?? undefined })),
    });
  }
  async putYear(year: number, holidays: string[], makeupWorkdays: string[]): Promise<void> {
    await this.m.CalendarYear.updateOne({ year }, { $set: { holidays, makeupWorkdays } }, { upsert: true });
  }
  async putOverride(date: string, workday: boolean, note?: string): Promise<void> {
    await this.m.CalendarOverride.updateOne({ date }, { $set: { workday, note } }, { upsert: true });
  }
}

export function repositories(m: Models) {
  return {
    programmes: new ProgrammeRepository(m),
    partners: new PartnerRepository(m),
    users: new UserRepository(m),
    complaints: new ComplaintRepository(m),
    scoreEvents: new ScoreEventRepository(m),
    audit: new AuditRepository(m),
    calendar: new CalendarRepository(m),
  };
}
export type Repositories = ReturnType<typeof repositories>;
