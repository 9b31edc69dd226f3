/** Complaints import, the storage: one record per imported file, one key per imported row (see ./import.ts). */
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { registerModels } from '../db/model-registry.js';
import { isDuplicateKey } from '../db/connection.js';
import type { Actor } from '../db/types.js';
import { importedFile } from '../metrics/store.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;
type AnyModel = Model<any>;
const schema = (definition: Record<string, unknown>, options: Record<string, unknown>): Schema<any> =>
  new Schema<any>(definition as any, options);
const oid = (id: string) => new Types.ObjectId(id);

/** `applying` while its rows are registered (an interrupted one resumes when the same file comes again). */
export type ComplaintImportStatus = 'applying' | 'done';

export interface ComplaintImportRecord {
  id: string;
  programmeId: string;
  fileName: string;
  sha256: string;
  status: ComplaintImportStatus;
  total: number;
  /** complaints this import registered */
  created: number;
  /** rows whose 外部编号 an earlier import had registered already (left as they are) */
  existing: number;
  complaintIds: string[];
  createdAt: Date;
  createdBy: Omit<Actor, 'name'> & { name: string | null };
  finishedAt: Date | null;
}

const importSchema = schema(
  {
    programmeId: { type: Types.ObjectId, required: true },
    fileName: { type: String, required: true },
    sha256: { type: String, required: true },
    status: { type: String, required: true },
    total: { type: Number, required: true },
    created: { type: Number, default: 0 },
    existing: { type: Number, default: 0 },
    complaintIds: { type: [Types.ObjectId], default: [] },
    createdAt: { type: Date, required: true },
    createdBy: { type: { type: String }, id: String, role: String, name: String },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'complaint_imports' },
);
importSchema.index({ programmeId: 1, sha256: 1 }, { unique: true });

/** One per imported row: its idempotency key and the complaint id claimed for it. */
const keySchema = schema(
  {
    key: { type: String, required: true, unique: true },
    complaintId: { type: Types.ObjectId, required: true },
    importId: { type: Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'complaint_import_keys' },
);

function toImport(d: Doc): ComplaintImportRecord {
  return {
    ...importedFile(d),
    status: d.status,
    total: d.total,
    created: d.created ?? 0,
    existing: d.existing ?? 0,
    complaintIds: (d.complaintIds ?? []).map(String),
    createdAt: d.createdAt,
    createdBy: {
      type: d.createdBy?.type,
      id: d.createdBy?.id,
      role: d.createdBy?.role,
      name: d.createdBy?.name ?? null,
    },
    finishedAt: d.finishedAt ?? null,
  };
}

export class ComplaintImportRepository {
  constructor(private readonly m: { Import: AnyModel; Key: AnyModel }) {}

  async bySha(programmeId: string, sha256: string): Promise<ComplaintImportRecord | null> {
    const d = await this.m.Import.findOne({ programmeId: oid(programmeId), sha256 }).lean();
    return d ? toImport(d) : null;
  }
  async get(id: string): Promise<ComplaintImportRecord | null> {
    if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id) return null;
    const d = await this.m.Import.findOne({ _id: oid(id) }).lean();
    return d ? toImport(d) : null;
  }
  async list(programmeId?: string, limit = 50): Promise<ComplaintImportRecord[]> {
    const q = programmeId ? { programmeId: oid(programmeId) } : {};
    return (await this.m.Import.find(q).sort({ createdAt: -1 }).limit(limit).lean()).map(toImport);
  }
  /** null when the same file of the programme is stored already (unique index). */
  async create(
    i: Omit<ComplaintImportRecord, 'id' | 'created' | 'existing' | 'complaintIds' | 'finishedAt' | 'status'>,
  ) {
    try {
      const d = await this.m.Import.create({ ...i, programmeId: oid(i.programmeId), status: 'applying' });
      return toImport(d.toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  async finish(id: string, r: { created: number; existing: number; complaintIds: string[] }, at: Date) {
    const d = await this.m.Import.findOneAndUpdate(
      { _id: oid(id) },
      { $set: { ...r, complaintIds: r.complaintIds.map(oid), status: 'done', finishedAt: at } },
      { returnDocument: 'after' },
    ).lean();
    return toImport(d as Doc);
  }
  /** Claims `key` for a new complaint id; the earlier claim (its complaint id and import) when the key is taken. */
  async claim(key: string, importId: string, at: Date): Promise<{ complaintId: string; importId: string }> {
    const complaintId = new Types.ObjectId();
    try {
      await this.m.Key.create({ key, complaintId, importId: oid(importId), at });
      return { complaintId: String(complaintId), importId };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const d = (await this.m.Key.findOne({ key }).lean()) as Doc;
      return { complaintId: String(d.complaintId), importId: String(d.importId) };
    }
  }
}

export function complaintImportModels(conn: Connection) {
  return registerModels(conn, { Import: ['ComplaintImport', importSchema], Key: ['ComplaintImportKey', keySchema] });
}
