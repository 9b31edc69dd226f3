/** Query helpers of the repositories: ids, point lookups, inserts that skip stored unique keys. */
import { Types } from 'mongoose';
import type { Models } from './schemas.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Doc = Record<string, any>;

/** insertMany that skips documents whose unique key is already stored; returns how many were new. */
export async function insertIgnoringDuplicates(model: Models[keyof Models], docs: Doc[]): Promise<number> {
  try {
    return (await model.insertMany(docs, { ordered: false })).length;
  } catch (err) {
    const e = err as { writeErrors?: { code?: number; err?: { code?: number } }[] };
    if (!e.writeErrors?.every((w) => (w.code ?? w.err?.code) === 11000)) throw err;
    return docs.length - e.writeErrors.length;
  }
}

/**
 * Documents by id, one point lookup each: FerretDB 1.24 answers a filter of `_id` alone from the `_id` index
 * (with the build patch in scripts/services.sh) but scans the whole collection for `{_id: {$in: [...]}}`
 * (measured at 5,000 documents: ~1 ms per lookup vs 150 ms for the `$in`).
 */
export async function findByIds(model: Models[keyof Models], ids: unknown[]): Promise<Doc[]> {
  return (await Promise.all(ids.map((_id) => model.findOne({ _id }).lean()))).filter(Boolean) as Doc[];
}

export const isObjectId = (id: string): boolean => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);
export const oid = (id: string) => new Types.ObjectId(id);
