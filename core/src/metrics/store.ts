import { Schema, Types, type Connection } from 'mongoose';
import { registerModels, type AnyModel } from '../db/model-registry.js';
import { isDuplicateKey } from '../db/connection.js';
import { isObjectId } from '../db/repositories.js';
import type { Actor } from '../db/types.js';
import type { MetricRow, MetricValues, RowError } from './validate.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;
// Untyped on purpose (see core/src/db/schemas.ts): mongoose's schema inference costs tsc minutes.
const schema = (definition: Record<string, unknown>, options: Record<string, unknown>): Schema<any> =>
  new Schema<any>(definition as any, options);
const ref = { type: Types.ObjectId, required: true };
const oid = (id: string) => new Types.ObjectId(id);

/**
 * `applying`: stored and counting, its effects on scorecards are being applied (`processed` of `total`);
 * `done`: applied; `failed`: the upload stopped before all its rows were stored, so none of them ever counted.
 */
export const METRICS_IMPORT_STATUSES = ['applying', 'done', 'failed'] as const;
export type MetricsImportStatus = (typeof METRICS_IMPORT_STATUSES)[number];

export interface MetricsImportRecord {
  id: string;
  programmeId: string;
  fileName: string;
  sha256: string;
  status: MetricsImportStatus;
  /** Data rows of the file; `processed` of them have been applied. */
  total: number;
  processed: number;
  months: string[];
  /** How many rows carry each figure. */
  summary: { revenue: number; successRate: number; customers: number };
  /** Rows whose effect could not be applied after acceptance (e.g. the period was closed meanwhile). */
  skipped: RowError[];
  createdAt: Date;
  /** Who uploaded it; its effects are written in their name. */
  createdBy: Actor & { name: string | null };
  /** When all rows were stored and the import started to count (null while storing, or if that never ended). */
  committedAt: Date | null;
  finishedAt: Date | null;
}

export interface MonthlyMetricRecord extends MetricValues {
  partnerId: string;
  partnerCode: string;
  month: string;
  importId: string;
}

/**
 * One document per upload. Its rows are stored first; then one write (`committedAt`) makes all of them count at
 * once. `key` is the file's sha256 while the import stands (one import per file and programme), and is freed
 * when an interrupted upload is marked failed, so the same file can come again.
 */
export const importSchema = schema(
  {
    programmeId: ref,
    fileName: { type: String, required: true },
    sha256: { type: String, required: true },
    key: { type: String, required: true },
    status: { type: String, required: true, enum: ['applying', 'done', 'failed'] },
    total: { type: Number, required: true },
    processed: { type: Number, required: true },
    months: [String],
    summary: { revenue: Number, successRate: Number, customers: Number },
    skipped: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
    createdBy: { type: { type: String }, id: String, role: String, name: String },
    committedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'metrics_imports' },
);
importSchema.index({ programmeId: 1, key: 1 }, { unique: true });
// the recovery's imports still applying (every 30 s), not every upload ever (issue #16)
importSchema.index({ status: 1, committedAt: 1, createdAt: -1 });

/** The rows of every import; a partner's month counts the row of its newest committed import. */
const metricSchema = schema(
  {
    importId: ref,
    programmeId: ref,
    partnerId: ref,
    partnerCode: { type: String, required: true },
    month: { type: String, required: true },
    row: Number,
    revenue: { type: Number, default: null },
    successRate: { type: Number, default: null },
    customers: { type: Number, default: null },
  },
  { collection: 'monthly_metrics' },
);
metricSchema.index({ importId: 1, partnerId: 1, month: 1 }, { unique: true });
metricSchema.index({ programmeId: 1, month: 1 });

export interface MetricsModels {
  Import: AnyModel;
  Metric: AnyModel;
}

export async function metricsModels(conn: Connection): Promise<MetricsModels> {
  return registerModels(conn, { Import: ['MetricsImport', importSchema], Metric: ['MonthlyMetric', metricSchema] });
}

/** The fields every sheet import record opens with (the metrics and the complaints imports). */
export const importedFile = (d: Doc): { id: string; programmeId: string; fileName: string; sha256: string } => ({
  id: String(d._id),
  programmeId: String(d.programmeId),
  fileName: d.fileName,
  sha256: d.sha256,
});

const toImport = (d: Doc): MetricsImportRecord => ({
  ...importedFile(d),
  status: d.status,
  total: d.total,
  processed: d.processed,
  months: d.months ?? [],
  summary: d.summary,
  skipped: d.skipped ?? [],
  createdAt: d.createdAt,
  createdBy: {
    type: d.createdBy?.type ?? 'user',
    id: d.createdBy?.id,
    role: d.createdBy?.role,
    name: d.createdBy?.name ?? null,
  },
  committedAt: d.committedAt ?? null,
  finishedAt: d.finishedAt ?? null,
});
const toMetric = (d: Doc): MonthlyMetricRecord => ({
  partnerId: String(d.partnerId),
  partnerCode: d.partnerCode,
  month: d.month,
  importId: String(d.importId),
  revenue: d.revenue ?? null,
  successRate: d.successRate ?? null,
  customers: d.customers ?? null,
});

export class MetricsRepository {
  constructor(private readonly m: MetricsModels) {}

  /**
   * Stores the accepted import and its rows (in batches), then commits it: from that one write on, its rows
   * count. `null` (nothing written) when the same file was imported before.
   */
  async create(
    i: { programmeId: string; fileName: string; sha256: string; rows: MetricRow[]; actor: Actor; at: Date },
    chunk = 1000,
  ): Promise<MetricsImportRecord | null> {
    const count = (f: keyof MetricValues) => i.rows.filter((r) => r[f] !== null).length;
    let doc: Doc;
    try {
      doc = await this.m.Import.create({
        programmeId: oid(i.programmeId),
        fileName: i.fileName,
        sha256: i.sha256,
        key: i.sha256,
        status: 'applying',
        total: i.rows.length,
        processed: 0,
        months: [...new Set(i.rows.map((r) => r.month))].sort(),
        summary: { revenue: count('revenue'), successRate: count('successRate'), customers: count('customers') },
        skipped: [],
        createdAt: i.at,
        createdBy: { type: i.actor.type, id: i.actor.id, role: i.actor.role, name: i.actor.name ?? null },
      });
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
    const importId = doc._id as Types.ObjectId;
    for (let k = 0; k < i.rows.length; k += chunk)
      await this.m.Metric.insertMany(
        i.rows.slice(k, k + chunk).map((r) => ({
          importId,
          programmeId: oid(i.programmeId),
          partnerId: oid(r.partnerId),
          partnerCode: r.partnerCode,
          month: r.month,
          row: r.row,
          revenue: r.revenue,
          successRate: r.successRate,
          customers: r.customers,
        })),
        { ordered: false },
      );
    const committed = await this.m.Import.findOneAndUpdate(
      { _id: importId },
      { $set: { committedAt: i.at } },
      { returnDocument: 'after' },
    ).lean();
    return toImport(committed);
  }

  async get(id: string): Promise<MetricsImportRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Import.findOne({ _id: oid(id) }).lean();
    return d ? toImport(d) : null;
  }

  async bySha(programmeId: string, sha256: string): Promise<MetricsImportRecord | null> {
    const d = await this.m.Import.findOne({ programmeId: oid(programmeId), key: sha256 }).lean();
    return d ? toImport(d) : null;
  }

  async list(
    f: { programmeId?: string; status?: MetricsImportStatus; committed?: boolean } = {},
  ): Promise<MetricsImportRecord[]> {
    const q: Doc = {};
    if (f.programmeId) q.programmeId = oid(f.programmeId);
    if (f.status) q.status = f.status;
    if (f.committed !== undefined) q.committedAt = f.committed ? { $ne: null } : null;
    return (await this.m.Import.find(q).sort({ createdAt: -1, _id: -1 }).lean()).map(toImport);
  }

  /** The rows of one import in file order (with their sheet row numbers). */
  async rowsOf(importId: string): Promise<MetricRow[]> {
    const docs = await this.m.Metric.find({ importId: oid(importId) })
      .sort({ row: 1 })
      .lean();
    return docs.map((d: Doc) => ({ row: d.row, ...toMetric(d) }));
  }

  /** Progress of the one applier of an import (a single writer: FerretDB may lose concurrent updates). */
  async progress(id: string, processed: number, skipped: RowError[]): Promise<void> {
    await this.m.Import.updateOne({ _id: oid(id) }, { $set: { processed, skipped } });
  }

  /**
   * Marks failed an import that never finished storing its rows (they never counted), frees its key so the
   * file can come again, and removes the rows it stored.
   */
  async fail(id: string, at: Date): Promise<void> {
    await this.m.Import.updateOne(
      { _id: oid(id) },
      { $set: { status: 'failed', key: `failed-${id}`, finishedAt: at } },
    );
    await this.m.Metric.deleteMany({ importId: oid(id) });
  }

  async finish(id: string, at: Date): Promise<MetricsImportRecord | null> {
    const d = await this.m.Import.findOneAndUpdate(
      { _id: oid(id) },
      { $set: { status: 'done', finishedAt: at } },
      { returnDocument: 'after' },
    ).lean();
    return d ? toImport(d) : null;
  }

  /**
   * The figures in force for the programme's months: per partner and month, the row of the newest committed
   * import (rows of an import still being stored do not count).
   */
  async inForce(programmeId: string, months: string[]): Promise<MonthlyMetricRecord[]> {
    const committed = await this.list({ programmeId, committed: true }); // newest first
    const rank = new Map(committed.map((i, n) => [i.id, n]));
    const docs: Doc[] = await this.m.Metric.find({ programmeId: oid(programmeId), month: { $in: months } }).lean();
    const best = new Map<string, Doc>();
    for (const d of docs) {
      const r = rank.get(String(d.importId));
      if (r === undefined) continue;
      const key = `${d.partnerId}/${d.month}`;
      const held = best.get(key);
      if (!held || r < rank.get(String(held.importId))!) best.set(key, d);
    }
    return [...best.values()]
      .map(toMetric)
      .sort((a, b) => a.month.localeCompare(b.month) || a.partnerCode.localeCompare(b.partnerCode));
  }
}
