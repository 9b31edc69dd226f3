import type { Connection } from 'mongoose';
import { OUTBOX_COLLECTION } from '../notify/outbox.js';
import { monthIndex } from '../period/index.js';

/**
 * The due flags that the bounded periodic runs read (issue #16), set on documents stored before the flags existed:
 * an undelivered notice is `pending` (outbox recovery), a terminated exit case whose effects are not applied is
 * `effectsDue` (exit sweep), a credit account's `closeDue` is the index of its next month to close (MG-13 close).
 * Without this, those documents would never be found again. Idempotent and cheap once done: every read asks only
 * for documents without the flag, and each write keeps that guard. Run at every worker start (docs/OPERATIONS.md).
 */
export interface BackfillReport {
  notices: number;
  exitCases: number;
  creditAccounts: number;
}

export async function backfillDueFlags(conn: Connection): Promise<BackfillReport> {
  const db = conn.db!;
  const outbox = db.collection(OUTBOX_COLLECTION);
  const exits = db.collection('exit_cases');
  const accounts = db.collection('credit_accounts');
  const missing = (f: string) => ({ [f]: { $exists: false } });

  const undelivered = await outbox.updateMany(
    { ...missing('pending'), deliveredAt: null },
    { $set: { pending: true } },
  );
  await outbox.updateMany(missing('pending'), { $set: { pending: false } });

  const unfinished = await exits.updateMany(
    { ...missing('effectsDue'), status: 'terminated', effectsAppliedAt: null },
    { $set: { effectsDue: true } },
  );
  await exits.updateMany(missing('effectsDue'), { $set: { effectsDue: false } });

  let creditAccounts = 0;
  for await (const a of accounts.find(missing('closeDue'), { projection: { firstMonth: 1, lastClosedMonth: 1 } })) {
    const closeDue = a.lastClosedMonth ? monthIndex(a.lastClosedMonth) + 1 : monthIndex(a.firstMonth);
    const r = await accounts.updateOne({ _id: a._id, ...missing('closeDue') }, { $set: { closeDue } });
    creditAccounts += r.modifiedCount;
  }
  return { notices: undelivered.modifiedCount, exitCases: unfinished.modifiedCount, creditAccounts };
}
