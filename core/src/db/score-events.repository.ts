import { isDuplicateKey } from './connection.js';
import { isObjectId, oid, type Doc } from './queries.js';
import type { Models } from './schemas.js';
import type { ScoreEventRecord } from './types.js';

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
