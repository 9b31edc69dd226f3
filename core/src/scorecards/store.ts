import { Types } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** A lean scorecard document as mongoose returns it (the schemas are declared untyped, see schemas.ts). */
export type Doc = Record<string, any>;
export const oid = (id: string) => new Types.ObjectId(id);
export const newId = () => new Types.ObjectId().toHexString();

/** Inserts once; on the unique key's duplicate returns the stored document instead. */
export async function insertOnce<T>(create: () => Promise<Doc>, existing: () => Promise<T | null>, map: (d: Doc) => T) {
  try {
    return { record: map((await create()).toObject()), created: true };
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const stored = await existing();
    if (!stored) throw e;
    return { record: stored, created: false };
  }
}
