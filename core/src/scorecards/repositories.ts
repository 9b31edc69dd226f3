/** FT-12, FT-12a: the period's stores — programme tables, inputs, escalation flags, snapshots, complaints read. */
import type { Models } from '../db/schemas.js';
import { PartnerContractRepository, isObjectId, toComplaint, toReply } from '../db/repositories.js';
import { isDuplicateKey } from '../db/connection.js';
import type { Actor, ComplaintRecord, ComplaintStatus } from '../db/types.js';
import type { ComplaintFacts } from './evaluate.js';
import { AnomalyAlertRepository, RectificationRepository, RenewalReviewRepository } from './case-repositories.js';
import type { ScorecardModels } from './schemas.js';
import { insertOnce, newId, oid, type Doc } from './store.js';
import { DEFAULT_PROGRAMME_SCORECARD_TABLES, copyProgrammeScorecardTables } from './tables.js';
import type {
  EscalationFlagRecord,
  ProgrammeScorecardTables,
  ScorecardInputsRecord,
  ScorecardSnapshotRecord,
  ScorecardTablesRecord,
} from './types.js';

// ------------------------------------------------------------------ tables

export { AnomalyAlertRepository, RectificationRepository, RenewalReviewRepository };

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
    return {
      ...this.assemble(partnerId, period, items, closure),
      closed: closure !== null,
      closedAt: closure?.at ?? null,
    };
  }

  /**
   * What the score is computed from: the inputs without whether the period is closed (the live view and the close
   * need no closure, so it is not read: one find less on the partner home); null when no item is stored.
   */
  async scored(partnerId: string, period: string): Promise<ScoredInputs | null> {
    if (!isObjectId(partnerId)) return null;
    const items: Doc[] = await this.m.InputItem.find({ partnerId: oid(partnerId), period }).lean();
    return items.length ? this.assemble(partnerId, period, items, null) : null;
  }

  private assemble(partnerId: string, period: string, items: Doc[], closure: Doc | null): ScoredInputs {
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

// ------------------------------------------------------------------ reads and writes on core collections

/** The inputs a score is computed from (`ScorecardInputsRecord` without the period's closure). */
export type ScoredInputs = Omit<ScorecardInputsRecord, 'closed' | 'closedAt'>;

/** The projection of `ComplaintFacts` (every field of it, `_id` as `id`). */
const COMPLAINT_FACTS = {
  no: 1,
  kind: 1,
  channel: 1,
  slaHours: 1,
  receivedAt: 1,
  dueAt: 1,
  status: 1,
  replies: 1,
  effectiveReplyAt: 1,
  breachedAt: 1,
} as const satisfies Record<Exclude<keyof ComplaintFacts, 'id'>, 1>;

/** Read-only access to complaints for the scorecard (the complaint workflow owns them). */
export class ScorecardComplaintReader {
  constructor(private readonly m: Models) {}
  /**
   * The partner's complaints received in [from, to), only the fields the scorecard reads: the partner home reads
   * its half-year's complaints on every request, and the rest of each (summary, window, timers' bookkeeping) was
   * most of what the store encoded and the api decoded.
   */
  async received(partnerId: string, from: Date, to: Date, statusIn?: ComplaintStatus[]): Promise<ComplaintFacts[]> {
    if (!isObjectId(partnerId)) return [];
    const docs = await this.m.Complaint.find(
      {
        partnerId: oid(partnerId),
        ...(statusIn && { status: { $in: statusIn } }),
        receivedAt: { $gte: from, $lt: to },
      },
      COMPLAINT_FACTS,
    )
      .sort({ receivedAt: 1, _id: 1 })
      .lean();
    return docs.map((d: Doc) => ({
      id: String(d._id),
      no: d.no,
      kind: d.kind,
      channel: d.channel,
      slaHours: d.slaHours,
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      status: d.status,
      replies: (d.replies ?? []).map(toReply),
      effectiveReplyAt: d.effectiveReplyAt ?? null,
      breachedAt: d.breachedAt ?? null,
    }));
  }
  /** How many of the partner's complaints received in [from, to) are closed (an index-only count). */
  async closedCount(partnerId: string, from: Date, to: Date): Promise<number> {
    if (!isObjectId(partnerId)) return 0;
    return this.m.Complaint.countDocuments({
      partnerId: oid(partnerId),
      status: 'closed',
      receivedAt: { $gte: from, $lt: to },
    });
  }
  async get(id: string): Promise<ComplaintRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Complaint.findById(id).lean();
    return d ? toComplaint(d) : null;
  }
}

/** Every scorecard repository over the core models (complaints, read only) and the scorecard's own. */
export function scorecardRepositories(core: Models, own: ScorecardModels) {
  return {
    tables: new ScorecardTablesRepository(own),
    inputs: new ScorecardInputRepository(own),
    escalations: new EscalationFlagRepository(own),
    snapshots: new ScorecardSnapshotRepository(own),
    rectifications: new RectificationRepository(own),
    anomalies: new AnomalyAlertRepository(own),
    /** the partner's one contract (core/src/db), read by FT-16 */
    contracts: new PartnerContractRepository(core),
    renewals: new RenewalReviewRepository(own),
    complaints: new ScorecardComplaintReader(core),
  };
}
export type ScorecardRepositories = ReturnType<typeof scorecardRepositories>;
