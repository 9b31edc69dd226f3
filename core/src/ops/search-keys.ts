import { Types, type Connection } from 'mongoose';
import { searchKey } from '../db/paging.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/**
 * #18 the normalized search keys of the console's tables, set on documents stored before they existed: a partner's
 * `nameKey`/`codeKey`, a user's `nameKey`/`usernameKey`, an application's `companyKey`, an objection's
 * `recruitmentId` and `companyName`. Without them such a row is never found by a search (or a recruitment filter).
 * Idempotent: each read asks only for documents without the key. Run at start, like `backfillDueFlags`.
 */
export interface SearchKeyReport {
  partners: number;
  users: number;
  applications: number;
  objections: number;
}

export async function backfillSearchKeys(conn: Connection): Promise<SearchKeyReport> {
  const db = conn.db!;
  const missing = (f: string) => ({ [f]: { $exists: false } });
  const each = async (collection: string, filter: Doc, set: (d: Doc) => Promise<Doc> | Doc) => {
    let n = 0;
    for await (const d of db.collection(collection).find(filter)) {
      await db.collection(collection).updateOne({ _id: d._id, ...filter }, { $set: await set(d) });
      n++;
    }
    return n;
  };
  const partners = await each('partners', missing('nameKey'), (d) => ({
    nameKey: searchKey(d.name ?? ''),
    codeKey: searchKey(d.code ?? ''),
  }));
  const users = await each('users', missing('usernameKey'), (d) => ({
    usernameKey: searchKey(d.username ?? ''),
    nameKey: searchKey(d.displayName ?? ''),
    disabled: Boolean(d.disabled),
  }));
  const applications = await each('intake_applications', missing('companyKey'), (d) => ({
    companyKey: searchKey(d.company?.name ?? ''),
  }));
  const objections = await each('intake_objections', missing('recruitmentId'), async (d) => {
    const meeting = await db.collection('intake_meetings').findOne({ _id: d.meetingId });
    const app =
      d.applicationId && /^[0-9a-f]{24}$/i.test(d.applicationId)
        ? await db.collection('intake_applications').findOne({ _id: new Types.ObjectId(d.applicationId) })
        : null;
    return { recruitmentId: meeting?.recruitmentId ?? null, companyName: app?.company?.name ?? null };
  });
  return { partners, users, applications, objections };
}
