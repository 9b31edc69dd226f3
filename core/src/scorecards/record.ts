import type { AuditRepository } from '../db/repositories.js';
import { SYSTEM_ACTOR } from '../db/types.js';

export interface SystemAuditEntry {
  action: string;
  entity: string;
  /** defaults to the record's id */
  entityId?: string;
  reason: string;
  after: unknown;
}

/**
 * A scheduled check's record, written once under its unique key: the run that created it audits it as the
 * system. Every run that finds it (the first, or a rerun after a crash) may deliver its notice again, a no-op
 * by notice id.
 */
export async function recordOnceAudited<T extends { id: string }>(
  audit: Pick<AuditRepository, 'append'>,
  recorded: { record: T; created: boolean },
  entry: (record: T) => SystemAuditEntry,
  at: Date,
): Promise<{ record: T; created: boolean }> {
  if (recorded.created) {
    const e = entry(recorded.record);
    await audit.append({ actor: SYSTEM_ACTOR, ...e, entityId: e.entityId ?? recorded.record.id, at });
  }
  return recorded;
}
