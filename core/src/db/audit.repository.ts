import { insertIgnoringDuplicates, type Doc } from './queries.js';
import type { Models } from './schemas.js';
import type { AuditRecord } from './types.js';

const toAudit = ({ _id, at, actor, action, entity, entityId, reason, before, after }: Doc): AuditRecord => {
  const optional = { reason: reason ?? undefined, before: before ?? undefined, after: after ?? undefined };
  return { id: String(_id), at, actor, action, entity, entityId, ...optional };
};

/** Append-only: there is no update or delete. */
export class AuditRepository {
  constructor(private readonly m: Models) {}
  async append(e: Omit<AuditRecord, 'id' | 'at'> & { at?: Date }): Promise<void> {
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
