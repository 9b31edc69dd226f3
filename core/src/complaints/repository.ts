import { Types } from 'mongoose';
import { ANY_DATE, findByIds, isObjectId, oid, type Doc } from '../db/queries.js';
import type { Models } from '../db/schemas.js';
import type { ComplaintRecord, ReplyRecord } from '../db/types.js';

export const toReply = (r: Doc): ReplyRecord => ({
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
  /** false: only complaints whose SLA still runs (the 临期投诉 queue's indexed bound) */
  slaSettled?: boolean;
}

export class ComplaintRepository {
  constructor(private readonly m: Models) {}

  private query(f: ComplaintFilter): Doc {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    if (f.status) q.status = f.status;
    else if (f.statusIn) q.status = { $in: f.statusIn };
    if (f.kind) q.kind = f.kind;
    if (f.slaSettled !== undefined) q.slaSettled = f.slaSettled;
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
    // the page in receivedAt order from an index, not every match decoded (every complaint has its receivedAt)
    const paged = q.receivedAt || q.dueAt ? q : { ...q, receivedAt: ANY_DATE };
    const [docs, total] = await Promise.all([
      this.m.Complaint.find(paged)
        .sort({ receivedAt: -1, _id: -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.m.Complaint.countDocuments(q),
    ]);
    return { items: await this.withBreaches(docs.map(toComplaint)), total };
  }

  /**
   * The complaints of several partners in the given states, newest first, at most `perPartner` each: one `$in`
   * read for a whole queue (the exit queue's blockers). Recorded breaches are not merged (callers need none).
   */
  async ofPartners(partnerIds: string[], statusIn: string[], perPartner = 200): Promise<ComplaintRecord[]> {
    const ids = partnerIds.filter(isObjectId);
    if (!ids.length) return [];
    const docs = await this.m.Complaint.find({ partnerId: { $in: ids.map(oid) }, status: { $in: statusIn } })
      .sort({ receivedAt: -1, _id: -1 })
      .limit(perPartner * ids.length)
      .lean();
    const seen = new Map<string, number>();
    return docs.map(toComplaint).filter((c) => {
      const n = (seen.get(c.partnerId) ?? 0) + 1;
      seen.set(c.partnerId, n);
      return n <= perPartner;
    });
  }

  /** Reads one complaint inside a scope; another partner's complaint reads as missing. */
  async get(id: string, scope: { partnerId?: string } = {}): Promise<ComplaintRecord | null> {
    if (!isObjectId(id)) return null;
    const q: Doc = { _id: oid(id), ...this.query({ partnerId: scope.partnerId }) };
    const d = await this.m.Complaint.findOne(q).lean();
    return d ? (await this.withBreaches([toComplaint(d)]))[0] : null;
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
