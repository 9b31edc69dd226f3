import { Types, type Connection } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import { isObjectId, toComplaint } from '../db/repositories.js';
import { models, type Models } from '../db/schemas.js';
import type { Actor, ComplaintRecord } from '../db/types.js';
import { ensureScorecardIndexes, scorecardModels, type ScorecardModels } from './schemas.js';
import { DEFAULT_PROGRAMME_SCORECARD_TABLES, copyProgrammeScorecardTables } from './tables.js';
import type {
  AnomalyAlertRecord,
  EscalationFlagRecord,
  PartnerContractRecord,
  ProgrammeScorecardTables,
  RectificationRecord,
  RenewalReviewRecord,
  ScorecardInputsRecord,
  ScorecardSnapshotRecord,
  ScorecardTablesRecord,
} from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;
const oid = (id: string) => new Types.ObjectId(id);
const newId = () => new Types.ObjectId().toHexString();

/** Inserts once; on the unique key's duplicate returns the stored document instead. */
async function insertOnce<T>(create: () => Promise<Doc>, existing: () => Promise<T | null>, map: (d: Doc) => T) {
  try {
    return { record: map((await create()).toObject()), created: true };
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const stored = await existing();
    if (!stored) throw e;
    return { record: stored, created: false };
  }
}

// ------------------------------------------------------------------ tables

export class ScorecardTablesRepository {
  constructor(private readonly m: ScorecardModels) {}
  /** The stored version in force, or null when the programme still uses the defaults. */
  async current(programmeId: string): Promise<ScorecardTablesRecord | null> {
    if (!isObjectId(programmeId)) return null;
    const d: Doc | null = await this.m.Tables.findOne({ programmeId: oid(programmeId) })
      .sort({ version: -1 })
      .lean();
    return d ? { programmeId, version: d.version, tables: d.tables, actor: d.actor ?? null, at: d.at ?? null } : null;
  }
  /** The tables in force: the latest stored version, else the defaults as version 0. */
  async inForce(programmeId: string): Promise<ScorecardTablesRecord> {
    return (
      (await this.current(programmeId)) ?? {
        programmeId,
        version: 0,
        tables: copyProgrammeScorecardTables(DEFAULT_PROGRAMME_SCORECARD_TABLES),
        actor: null,
        at: null,
      }
    );
  }
  async byVersion(programmeId: string, version: number): Promise<ScorecardTablesRecord | null> {
    if (!isObjectId(programmeId)) return null;
    const d: Doc | null = await this.m.Tables.findOne({ programmeId: oid(programmeId), version }).lean();
    return d ? { programmeId, version: d.version, tables: d.tables, actor: d.actor ?? null, at: d.at ?? null } : null;
  }
  /** Appends a version; null when that version number was taken meanwhile (a concurrent edit). */
  async append(programmeId: string, version: number, tables: ProgrammeScorecardTables, actor: Actor, at: Date) {
    try {
      await this.m.Tables.create({
        programmeId: oid(programmeId),
        version,
        tables: copyProgrammeScorecardTables(tables),
        actor,
        at,
      });
      return { programmeId, version, tables: copyProgrammeScorecardTables(tables), actor, at } as ScorecardTablesRecord;
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
}

// ------------------------------------------------------------------ period inputs

export type ScorecardInputKind = 'onboarding' | 'security_incident' | 'success_rate';

export class ScorecardInputRepository {
  constructor(private readonly m: ScorecardModels) {}

  /** The partner's inputs of the period assembled from their items; null when there is nothing at all. */
  async get(partnerId: string, period: string): Promise<ScorecardInputsRecord | null> {
    if (!isObjectId(partnerId)) return null;
    const [items, closure]: [Doc[], Doc | null] = await Promise.all([
      this.m.InputItem.find({ partnerId: oid(partnerId), period }).lean(),
      this.m.Closure.findOne({ partnerId: oid(partnerId), period }).lean(),
    ]);
    if (items.length === 0 && !closure) return null;
    const of = (kind: ScorecardInputKind) => items.filter((d) => d.kind === kind);
    const onboarding = of('onboarding')[0];
    return {
      id: `${partnerId}-${period}`,
      partnerId,
      programmeId: String(items[0]?.programmeId ?? closure?.programmeId ?? ''),
      period,
      onboarding: onboarding
        ? {
            rating: onboarding.value.rating,
            comment: onboarding.value.comment,
            actor: onboarding.actor,
            at: onboarding.at,
          }
        : null,
      securityIncidents: of('security_incident')
        .map((d) => ({
          id: d.key as string,
          level: d.value.level,
          description: d.value.description,
          occurredAt: d.value.occurredAt,
          actor: d.actor,
          at: d.at,
        }))
        .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id)),
      successRates: of('success_rate')
        .map((d) => ({ month: d.key as string, rate: d.value.rate, actor: d.actor, at: d.at }))
        .sort((a, b) => a.month.localeCompare(b.month)),
      closed: closure !== null,
      closedAt: closure?.at ?? null,
    };
  }

  async isClosed(partnerId: string, period: string): Promise<boolean> {
    if (!isObjectId(partnerId)) return false;
    return (await this.m.Closure.countDocuments({ partnerId: oid(partnerId), period })) > 0;
  }

  /** `${partnerId}/${period}` of every closed period of the programme's partners. */
  async closedPeriods(programmeId: string): Promise<Set<string>> {
    if (!isObjectId(programmeId)) return new Set();
    const docs: Doc[] = await this.m.Closure.find({ programmeId: oid(programmeId) }).lean();
    return new Set(docs.map((d) => `${d.partnerId}/${d.period}`));
  }

  /** Sets one item (insert or replace). The caller checks that the period is open. */
  async put(item: {
    partnerId: string;
    programmeId: string;
    period: string;
    kind: ScorecardInputKind;
    key: string;
    value: Record<string, unknown>;
    actor: Actor;
    at: Date;
  }): Promise<void> {
    const { partnerId, period, kind, key } = item;
    const run = () =>
      this.m.InputItem.updateOne(
        { partnerId: oid(partnerId), period, kind, key },
        { $set: { programmeId: oid(item.programmeId), value: item.value, actor: item.actor, at: item.at } },
        { upsert: true },
      );
    // two first writes of the same item race on the unique key: the loser writes over the stored one
    await run().catch((e: unknown) => (isDuplicateKey(e) ? run() : Promise.reject(e)));
  }

  async remove(partnerId: string, period: string, kind: ScorecardInputKind, key: string): Promise<boolean> {
    if (!isObjectId(partnerId)) return false;
    return (await this.m.InputItem.deleteOne({ partnerId: oid(partnerId), period, kind, key })).deletedCount > 0;
  }

  /** FT-14: closes the partner's period once (the first close's instant is kept); later edits are refused. */
  async close(partnerId: string, programmeId: string, period: string, at: Date, actor: Actor): Promise<Date> {
    const { record } = await insertOnce(
      () => this.m.Closure.create({ partnerId: oid(partnerId), programmeId: oid(programmeId), period, at, actor }),
      () => this.m.Closure.findOne({ partnerId: oid(partnerId), period }).lean() as Promise<Doc | null>,
      (d) => d,
    );
    return record.at;
  }

  newIncidentId(): string {
    return newId();
  }
}

// ------------------------------------------------------------------ escalation flags

const toFlag = (d: Doc): EscalationFlagRecord => ({
  complaintId: d.complaintId,
  partnerId: String(d.partnerId),
  attributable: d.attributable,
  malicious: d.malicious,
  reason: d.reason,
  actor: d.actor,
  at: d.at,
});

export class EscalationFlagRepository {
  constructor(private readonly m: ScorecardModels) {}
  async get(complaintId: string): Promise<EscalationFlagRecord | null> {
    const d = await this.m.EscalationFlag.findOne({ complaintId }).lean();
    return d ? toFlag(d) : null;
  }
  async forComplaints(ids: string[]): Promise<Map<string, EscalationFlagRecord>> {
    if (ids.length === 0) return new Map();
    const docs = await this.m.EscalationFlag.find({ complaintId: { $in: ids } }).lean();
    return new Map(docs.map((d: Doc) => [d.complaintId as string, toFlag(d)]));
  }
  async put(f: EscalationFlagRecord): Promise<EscalationFlagRecord> {
    const d = await this.m.EscalationFlag.findOneAndUpdate(
      { complaintId: f.complaintId },
      { $set: { ...f, partnerId: oid(f.partnerId) } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return toFlag(d);
  }
}

// ------------------------------------------------------------------ snapshots

const toSnapshot = (d: Doc): ScorecardSnapshotRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  period: d.period,
  partnerName: d.partnerName,
  tablesVersion: d.tablesVersion,
  tables: d.tables,
  window: d.window,
  calendarVersion: d.calendarVersion,
  input: d.input,
  result: d.result,
  entries: d.entries ?? [],
  closedAt: d.closedAt,
  closedBy: d.closedBy,
});

export class ScorecardSnapshotRepository {
  constructor(private readonly m: ScorecardModels) {}
  async get(partnerId: string, period: string): Promise<ScorecardSnapshotRecord | null> {
    if (!isObjectId(partnerId)) return null;
    const d = await this.m.Snapshot.findOne({ partnerId: oid(partnerId), period }).lean();
    return d ? toSnapshot(d) : null;
  }
  /** Every closed period of the partner, oldest first. */
  async forPartner(partnerId: string): Promise<ScorecardSnapshotRecord[]> {
    if (!isObjectId(partnerId)) return [];
    return (
      await this.m.Snapshot.find({ partnerId: oid(partnerId) })
        .sort({ period: 1 })
        .lean()
    ).map(toSnapshot);
  }
  async forPeriod(period: string): Promise<ScorecardSnapshotRecord[]> {
    return (await this.m.Snapshot.find({ period }).lean()).map(toSnapshot);
  }
  /** Frozen once per partner and period: a second close finds the first snapshot and changes nothing. */
  insertOnce(s: Omit<ScorecardSnapshotRecord, 'id'>) {
    return insertOnce(
      () => this.m.Snapshot.create({ ...s, partnerId: oid(s.partnerId), programmeId: oid(s.programmeId) }),
      () => this.get(s.partnerId, s.period),
      toSnapshot,
    );
  }
}

// ------------------------------------------------------------------ rectification (FT-14)

const toRectification = (d: Doc): RectificationRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  period: d.period,
  snapshotId: d.snapshotId,
  total: d.total,
  threshold: d.threshold,
  openedAt: d.openedAt,
  deadline: d.deadline,
  deadlineProvisional: Boolean(d.deadlineProvisional),
  status: d.status,
  submissions: (d.submissions ?? []).map((s: Doc) => ({
    id: String(s._id),
    plan: s.plan,
    evidence: [...(s.evidence ?? [])],
    at: s.at,
    actor: s.actor,
    afterDeadline: Boolean(s.afterDeadline),
  })),
  decision: d.decision ?? null,
  terminationRecommended: Boolean(d.terminationRecommended),
  rev: d.rev ?? 0,
});

export class RectificationRepository {
  constructor(private readonly m: ScorecardModels) {}
  async get(id: string, scope: { partnerId?: string } = {}): Promise<RectificationRecord | null> {
    if (!isObjectId(id)) return null;
    const q: Doc = { _id: oid(id) };
    if (scope.partnerId !== undefined) q.partnerId = isObjectId(scope.partnerId) ? oid(scope.partnerId) : null;
    const d = await this.m.Rectification.findOne(q).lean();
    return d ? toRectification(d) : null;
  }
  async byPeriod(partnerId: string, period: string): Promise<RectificationRecord | null> {
    if (!isObjectId(partnerId)) return null;
    const d = await this.m.Rectification.findOne({ partnerId: oid(partnerId), period }).lean();
    return d ? toRectification(d) : null;
  }
  async list(f: { partnerId?: string; status?: string }): Promise<RectificationRecord[]> {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    if (f.status) q.status = f.status;
    return (await this.m.Rectification.find(q).sort({ openedAt: -1, _id: -1 }).limit(500).lean()).map(toRectification);
  }
  /** One case per partner and period. */
  openOnce(r: Omit<RectificationRecord, 'id' | 'rev'>) {
    return insertOnce(
      () => this.m.Rectification.create({ ...r, partnerId: oid(r.partnerId), programmeId: oid(r.programmeId) }),
      () => this.byPeriod(r.partnerId, r.period),
      toRectification,
    );
  }
  newSubmissionId(): string {
    return newId();
  }
}

// ------------------------------------------------------------------ anomaly alerts (FT-15)

const toAlert = (d: Doc): AnomalyAlertRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  day: d.day,
  kind: d.kind,
  last7Days: d.last7Days,
  previous4Weeks: [...(d.previous4Weeks ?? [])],
  factor: d.factor,
  at: d.at,
});

export class AnomalyAlertRepository {
  constructor(private readonly m: ScorecardModels) {}
  /** One alert per partner and Asia/Shanghai day. */
  recordOnce(a: Omit<AnomalyAlertRecord, 'id'>) {
    return insertOnce(
      () => this.m.AnomalyAlert.create({ ...a, partnerId: oid(a.partnerId), programmeId: oid(a.programmeId) }),
      async () => {
        const d = await this.m.AnomalyAlert.findOne({ partnerId: oid(a.partnerId), day: a.day }).lean();
        return d ? toAlert(d) : null;
      },
      toAlert,
    );
  }
  async list(f: { partnerId?: string } = {}, limit = 200): Promise<AnomalyAlertRecord[]> {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    return (await this.m.AnomalyAlert.find(q).sort({ at: -1, _id: -1 }).limit(limit).lean()).map(toAlert);
  }
}

// ------------------------------------------------------------------ contracts and renewal (FT-16)

const toContract = (d: Doc): PartnerContractRecord => ({
  partnerId: String(d.partnerId),
  signedAt: d.signedAt,
  endsAt: d.endsAt,
  certificatesValidUntil: d.certificatesValidUntil ?? null,
  meetsQualification: d.meetsQualification !== false,
  actor: d.actor,
  updatedAt: d.updatedAt,
});

export class PartnerContractRepository {
  constructor(private readonly m: ScorecardModels) {}
  async get(partnerId: string): Promise<PartnerContractRecord | null> {
    if (!isObjectId(partnerId)) return null;
    const d = await this.m.PartnerContract.findOne({ partnerId: oid(partnerId) }).lean();
    return d ? toContract(d) : null;
  }
  async put(c: Omit<PartnerContractRecord, 'updatedAt'>): Promise<PartnerContractRecord> {
    const run = () =>
      this.m.PartnerContract.findOneAndUpdate(
        { partnerId: oid(c.partnerId) },
        { $set: { ...c, partnerId: oid(c.partnerId) } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
    return toContract(await run().catch((e: unknown) => (isDuplicateKey(e) ? run() : Promise.reject(e))));
  }
  /** Contracts whose last day is `day` or later (YYYY-MM-DD strings sort as dates). */
  async endingFrom(day: string): Promise<PartnerContractRecord[]> {
    return (
      await this.m.PartnerContract.find({ endsAt: { $gte: day } })
        .sort({ endsAt: 1 })
        .lean()
    ).map(toContract);
  }
}

const toReview = (d: Doc): RenewalReviewRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  endsAt: d.endsAt,
  reviewedAt: d.reviewedAt,
  scores: d.scores ?? [],
  average: d.average ?? null,
  certificatesValid: Boolean(d.certificatesValid),
  meetsQualification: Boolean(d.meetsQualification),
  renew: Boolean(d.renew),
  reasons: [...(d.reasons ?? [])],
  status: d.status,
  decision: d.decision ?? null,
  rev: d.rev ?? 0,
});

export class RenewalReviewRepository {
  constructor(private readonly m: ScorecardModels) {}
  async get(id: string): Promise<RenewalReviewRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.RenewalReview.findById(id).lean();
    return d ? toReview(d) : null;
  }
  async list(f: { partnerId?: string; status?: string } = {}): Promise<RenewalReviewRecord[]> {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    if (f.status) q.status = f.status;
    return (await this.m.RenewalReview.find(q).sort({ reviewedAt: -1, _id: -1 }).limit(500).lean()).map(toReview);
  }
  /** One review per partner and contract end. */
  recordOnce(r: Omit<RenewalReviewRecord, 'id' | 'rev'>) {
    return insertOnce(
      () => this.m.RenewalReview.create({ ...r, partnerId: oid(r.partnerId), programmeId: oid(r.programmeId) }),
      async () => {
        const d = await this.m.RenewalReview.findOne({ partnerId: oid(r.partnerId), endsAt: r.endsAt }).lean();
        return d ? toReview(d) : null;
      },
      toReview,
    );
  }
}

// ------------------------------------------------------------------ reads and writes on core collections

/** Read-only access to complaints for the scorecard (the complaint workflow owns them). */
export class ScorecardComplaintReader {
  constructor(private readonly m: Models) {}
  /** The partner's complaints received in [from, to). */
  async received(partnerId: string, from: Date, to: Date): Promise<ComplaintRecord[]> {
    if (!isObjectId(partnerId)) return [];
    const docs = await this.m.Complaint.find({ partnerId: oid(partnerId), receivedAt: { $gte: from, $lt: to } })
      .sort({ receivedAt: 1, _id: 1 })
      .lean();
    return docs.map(toComplaint);
  }
  async get(id: string): Promise<ComplaintRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Complaint.findById(id).lean();
    return d ? toComplaint(d) : null;
  }
  /** FT-15: when each complaint in [from, to) was received, per partner. */
  async receivedTimes(from: Date, to: Date): Promise<Map<string, Date[]>> {
    const docs = await this.m.Complaint.find(
      { receivedAt: { $gte: from, $lt: to } },
      { partnerId: 1, receivedAt: 1 },
    ).lean();
    const out = new Map<string, Date[]>();
    for (const d of docs as Doc[]) {
      const key = String(d.partnerId);
      out.set(key, [...(out.get(key) ?? []), d.receivedAt]);
    }
    return out;
  }
}

/** FT-15 suspension: the partner's `status` moves only from the expected state (guarded update). */
export function scorecardRepositories(core: Models, own: ScorecardModels) {
  return {
    tables: new ScorecardTablesRepository(own),
    inputs: new ScorecardInputRepository(own),
    escalations: new EscalationFlagRepository(own),
    snapshots: new ScorecardSnapshotRepository(own),
    rectifications: new RectificationRepository(own),
    anomalies: new AnomalyAlertRepository(own),
    contracts: new PartnerContractRepository(own),
    renewals: new RenewalReviewRepository(own),
    complaints: new ScorecardComplaintReader(core),
  };
}
export type ScorecardRepositories = ReturnType<typeof scorecardRepositories>;

/** Registers the scorecard models on a connection, builds their indexes and returns the repositories. */
export async function connectScorecards(conn: Connection): Promise<ScorecardRepositories> {
  const own = scorecardModels(conn);
  await ensureScorecardIndexes(own);
  return scorecardRepositories(models(conn), own);
}
