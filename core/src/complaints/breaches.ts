import type { Connection } from 'mongoose';
import { toComplaint } from './repository.js';
import { insertNew, isObjectId, oid, type Doc } from '../db/queries.js';
import { models, type Models } from '../db/schemas.js';
import type { ComplaintRecord } from '../db/types.js';

/**
 * The reads and writes of a burst of breaches, through the driver (no mongoose documents are built: in the 10k
 * bench profile mongoose's casting and validation was a fifth of the worker's CPU). Measured on FerretDB 1.24
 * (SQLite): a point lookup by `_id` costs ~0.4 ms of FerretDB CPU for a complaint, an inserted document ~0.05 ms,
 * so a breach is a share of one batched read and of four batched inserts.
 */
export class BreachStore {
  private readonly m: Models;
  constructor(conn: Connection) {
    this.m = models(conn);
  }

  /**
   * Complaints as stored: one `{_id: {$in}}` read for a batch (MongoDB and the local store with its index pushdown
   * answer it from the `_id` index; a point lookup each cost a command per breach, ~0.15 ms of FerretDB CPU before
   * the document is even read). Recorded breaches are not merged in: a breach recorded before is recorded again as
   * a no-op.
   */
  async complaints(ids: string[]): Promise<ComplaintRecord[]> {
    const valid = [...new Set(ids)].filter(isObjectId).map(oid);
    if (!valid.length) return [];
    // every document in the first reply, and one more so the store sees the cursor exhausted: no getMore round trip
    const docs: Doc[] = await this.m.Complaint.collection
      .find({ _id: { $in: valid } }, { batchSize: valid.length + 1 })
      .toArray();
    return docs.map(toComplaint);
  }

  scoreEvents(docs: Doc[]): Promise<boolean[]> {
    return insertNew(this.m.ScoreEvent, docs);
  }
  audit(docs: Doc[]): Promise<boolean[]> {
    return insertNew(this.m.Audit, docs);
  }
  /** The breach records (`_id` = the complaint's id): written last, they mark the breach as done. */
  breaches(items: { id: string; partnerId: string; at: Date }[]): Promise<boolean[]> {
    const recordedAt = new Date();
    return insertNew(
      this.m.SlaBreach,
      items.map((i) => ({
        _id: oid(i.id),
        partnerId: oid(i.partnerId),
        at: i.at,
        recordedAt,
      })),
    );
  }
}
