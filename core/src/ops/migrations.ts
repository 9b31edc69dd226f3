import type { Connection } from 'mongoose';

/** Where finished data migrations leave their done-marker, one document per migration keyed by its name. */
export const MIGRATIONS_COLLECTION = 'migrations';

/** The data migrations the worker runs at start (docs/OPERATIONS.md), by the `_id` of their done-marker. */
export const MIGRATION = {
  contracts: 'contracts-one-record',
  dueFlags: 'due-flags',
  searchKeys: 'search-keys',
  complaintCounters: 'complaint-counters',
  complaintRollups: 'complaint-rollups',
} as const;

/**
 * Runs an idempotent data migration once per database: after it finished, its done-marker (`{_id: id}` in
 * `migrations`, with when and what it did) makes every later start cost one `{_id}` read instead of a scan.
 * `null` when the marker was there (nothing ran). A run that dies before its marker is simply run again.
 */
export async function runMigrationOnce<T>(
  conn: Connection,
  id: string,
  run: () => Promise<T>,
  at = new Date(),
): Promise<T | null> {
  const markers = conn.db!.collection<{ _id: string }>(MIGRATIONS_COLLECTION);
  if (await markers.findOne({ _id: id }, { projection: { _id: 1 } })) return null;
  const report = await run();
  await markers.updateOne({ _id: id }, { $setOnInsert: { doneAt: at, report } }, { upsert: true });
  return report;
}
