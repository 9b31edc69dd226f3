import mongoose, { type Connection } from 'mongoose';

/** Opens a dedicated connection (apps and tests never share mongoose's global one). */
export async function connectMongo(url: string): Promise<Connection> {
  const conn = mongoose.createConnection(url, { serverSelectionTimeoutMS: 10_000, autoIndex: true });
  await conn.asPromise();
  return conn;
}

/** Duplicate-key error from a unique index (idempotency keys). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
