/** Query helpers of the repositories: ids, point lookups, inserts that skip stored unique keys. */
import { Types, type Model } from 'mongoose';
import type { Models } from './schemas.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Doc = Record<string, any>;

type WriteError = { index?: number; code?: number; err?: { code?: number } };

/**
 * For a failed unordered bulk insert: the indexes of the documents refused because their unique key is stored, when
 * that is all that failed; null for any other failure (rethrow it).
 */
export function duplicateKeyIndexes(err: unknown): number[] | null {
  const writeErrors = [(err as { writeErrors?: WriteError | WriteError[] }).writeErrors ?? []].flat();
  if (!writeErrors.length || !writeErrors.every((w) => (w.code ?? w.err?.code) === 11000)) return null;
  return writeErrors.map((w) => w.index ?? -1);
}

/** insertMany that skips documents whose unique key is already stored; returns how many were new. */
export async function insertIgnoringDuplicates(model: Models[keyof Models], docs: Doc[]): Promise<number> {
  try {
    return (await model.insertMany(docs, { ordered: false })).length;
  } catch (err) {
    const duplicates = duplicateKeyIndexes(err);
    if (!duplicates) throw err;
    return docs.length - duplicates.length;
  }
}

/**
 * Inserts through the driver, stored as mongoose would store them (`__v: 0`, no undefined keys) without building a
 * mongoose document each, skipping those whose unique key exists; returns for each document whether this call
 * inserted it.
 */
export async function insertNew(model: Pick<Model<any>, 'collection'>, docs: Doc[]): Promise<boolean[]> {
  const inserted = docs.map(() => true);
  if (!docs.length) return inserted;
  try {
    await model.collection.insertMany(
      docs.map((d) => ({ ...d, __v: 0 })),
      { ordered: false, ignoreUndefined: true },
    );
  } catch (err) {
    const duplicates = duplicateKeyIndexes(err);
    if (!duplicates) throw err;
    for (const i of duplicates) inserted[i] = false;
  }
  return inserted;
}

/**
 * Documents by id: one `{_id: {$in}}` read per thousand ids (MongoDB and the local store with its index pushdown
 * answer it from the `_id` index; without the pushdown it is one scan instead of a round trip per id, which was
 * 4,689 commands for one SLA report of a seeded year).
 */
export async function findByIds(model: Models[keyof Models], ids: unknown[]): Promise<Doc[]> {
  const out: Doc[] = [];
  for (let i = 0; i < ids.length; i += 1000)
    out.push(...((await model.find({ _id: { $in: ids.slice(i, i + 1000) } }).lean()) as Doc[]));
  return out;
}

export const isObjectId = (id: string): boolean => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);
export const oid = (id: string) => new Types.ObjectId(id);

/**
 * A range every stored date satisfies. A filter on a date field (e.g. `receivedAt: ANY_DATE`) changes no answer
 * where that field always holds a date, and it lets the local store read a page sorted on that field in index order
 * (its sort pushdown needs the sort key's type fixed by a range: scripts/ferretdb/README.md) instead of decoding
 * every match; MongoDB answers the same.
 */
export const ANY_DATE = { $gte: new Date(-8_640_000_000_000_000) };
