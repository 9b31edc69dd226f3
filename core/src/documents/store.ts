/**
 * The `partner_documents` collection: one document per uploaded licence, certificate or tax proof, owned by a
 * partner (or, before signing, an applicant). A replacement supersedes the one before; nothing is deleted.
 */
import { Schema, Types, type Connection } from 'mongoose';
import { modelsOf, type AnyModel } from '../db/model-registry.js';
import { isObjectId } from '../db/queries.js';
import type { Actor } from '../db/types.js';
import { DOCUMENT_KINDS, type DocumentKind } from './rules.js';

export interface DocumentRecord {
  id: string;
  /** the owner: a partner, or an applicant before signing */
  partnerId: string | null;
  applicantId: string | null;
  programmeId: string | null;
  kind: DocumentKind;
  title: string;
  /** the certificate's number, when it has one */
  number: string | null;
  issuedOn: string;
  /** the last valid day; null: does not expire */
  expiresOn: string | null;
  fileId: string | null;
  fileName: string | null;
  status: 'current' | 'superseded';
  /** the document that replaced this one */
  supersededBy: string | null;
  /** the next expiry reminder's instant (null: none left); the reminder sweep reads only what is due */
  nextReminderAt: Date | null;
  createdAt: Date;
  actor: Actor;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export const documentSchema = new Schema<any>(
  {
    partnerId: { type: Types.ObjectId, default: null },
    applicantId: { type: String, default: null },
    programmeId: { type: Types.ObjectId, default: null },
    kind: { type: String, required: true, enum: DOCUMENT_KINDS },
    title: { type: String, required: true },
    number: { type: String, default: null },
    issuedOn: { type: String, required: true },
    expiresOn: { type: String, default: null },
    fileId: { type: String, default: null },
    fileName: { type: String, default: null },
    status: { type: String, required: true, enum: ['current', 'superseded'] },
    supersededBy: { type: String, default: null },
    nextReminderAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'partner_documents', versionKey: false },
);
// a partner's (an applicant's) documents, newest first
documentSchema.index({ partnerId: 1, createdAt: -1 });
documentSchema.index({ applicantId: 1, createdAt: -1 });
// the reminder sweep: only what is due
documentSchema.index({ nextReminderAt: 1 });
// the staff list of documents expiring soon
documentSchema.index({ status: 1, expiresOn: 1 });

export const DOCUMENT_SCHEMAS = { Document: ['PartnerDocument', documentSchema] } as const;

const oid = (id: string) => new Types.ObjectId(id);

const toRecord = (d: any): DocumentRecord => ({
  id: String(d._id),
  partnerId: d.partnerId ? String(d.partnerId) : null,
  applicantId: d.applicantId ?? null,
  programmeId: d.programmeId ? String(d.programmeId) : null,
  kind: d.kind,
  title: d.title,
  number: d.number ?? null,
  issuedOn: d.issuedOn,
  expiresOn: d.expiresOn ?? null,
  fileId: d.fileId ?? null,
  fileName: d.fileName ?? null,
  status: d.status,
  supersededBy: d.supersededBy ?? null,
  nextReminderAt: d.nextReminderAt ?? null,
  createdAt: d.createdAt,
  actor: d.actor,
});

/** A document's owner: a partner, or an applicant before signing. */
export type DocumentOwner = { partnerId: string } | { applicantId: string };

const ownerQuery = (o: DocumentOwner): Record<string, unknown> =>
  'partnerId' in o ? { partnerId: oid(o.partnerId) } : { applicantId: o.applicantId };

export class DocumentRepository {
  private readonly m: AnyModel;
  constructor(conn: Connection) {
    this.m = modelsOf(conn, DOCUMENT_SCHEMAS).Document;
  }

  createIndexes() {
    return this.m.createIndexes();
  }

  /** A new document id, taken before the document is written (a replacement claims its predecessor first). */
  newId(): string {
    return new Types.ObjectId().toHexString();
  }

  async create(r: DocumentRecord): Promise<DocumentRecord> {
    const { id, ...rest } = r;
    const d = await this.m.create({
      ...rest,
      _id: oid(id),
      partnerId: r.partnerId ? oid(r.partnerId) : null,
      programmeId: r.programmeId ? oid(r.programmeId) : null,
    });
    return toRecord(d.toObject());
  }

  async get(id: string): Promise<DocumentRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.findById(id).lean();
    return d ? toRecord(d) : null;
  }

  /** An owner's documents, newest first (a partner keeps a few dozen at most). */
  async ofOwner(o: DocumentOwner): Promise<DocumentRecord[]> {
    return (await this.m.find(ownerQuery(o)).sort({ createdAt: -1 }).limit(500).lean()).map(toRecord);
  }

  /** Current documents whose last day is on or before `lastDay`, soonest first, one page. */
  async expiringBy(
    lastDay: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: DocumentRecord[]; total: number }> {
    const q = { status: 'current', expiresOn: { $lte: lastDay } };
    const [items, total] = await Promise.all([
      this.m
        .find(q)
        .sort({ status: 1, expiresOn: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.m.countDocuments(q),
    ]);
    return { items: items.map(toRecord), total };
  }

  /** Documents whose next reminder has come, oldest first: what is due, not what is stored. */
  async remindersDue(now: Date, limit: number): Promise<DocumentRecord[]> {
    return (
      await this.m
        .find({ nextReminderAt: { $lte: now } })
        .sort({ nextReminderAt: 1 })
        .limit(limit)
        .lean()
    ).map(toRecord);
  }

  /** Moves a document's next reminder (idempotent). */
  async setNextReminder(id: string, at: Date | null): Promise<void> {
    await this.m.updateOne({ _id: oid(id) }, { $set: { nextReminderAt: at } });
  }

  /**
   * FT-10 signing: the applicant's documents become the new partner's (idempotent: a resumed signing finds them
   * moved). Returns how many moved.
   */
  async adopt(applicantId: string, partnerId: string, programmeId: string): Promise<number> {
    const r = await this.m.updateMany(
      { applicantId, partnerId: null },
      { $set: { partnerId: oid(partnerId), programmeId: oid(programmeId) } },
    );
    return r.modifiedCount;
  }

  /** Marks `id` superseded by `by` if it is still current; false when another replacement took it first. */
  async supersede(id: string, by: string): Promise<boolean> {
    const r = await this.m.updateOne(
      { _id: oid(id), status: 'current' },
      { $set: { status: 'superseded', supersededBy: by, nextReminderAt: null } },
    );
    return r.modifiedCount === 1;
  }
}
