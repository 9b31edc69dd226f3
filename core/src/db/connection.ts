import mongoose, { type Connection } from 'mongoose';
import { workflowModels } from '../workflow/schemas.js';
import { models } from './schemas.js';

/**
 * Opens a dedicated connection (apps and tests never share mongoose's global one) with every model
 * registered and its indexes built, so unique idempotency keys hold from the first write.
 */
export async function connectMongo(url: string): Promise<Connection> {
  const conn = mongoose.createConnection(url, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
  await conn.asPromise();
  await Promise.all(
    [...Object.values(models(conn)), ...Object.values(workflowModels(conn))].map((m) => m.createIndexes()),
  );
  return conn;
}

/** Duplicate-key error from a unique index (idempotency keys). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
