import type { Connection, Model, Schema } from 'mongoose';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyModel = Model<any>;

/**
 * Registers a feature's models on a connection (idempotent: a model registered before is reused) and builds their
 * indexes, so unique keys hold from the first write. `table` maps each key to its model name and schema.
 */
export async function registerModels<K extends string>(
  conn: Connection,
  table: Record<K, readonly [name: string, schema: Schema<any>]>,
): Promise<Record<K, AnyModel>> {
  const register = conn.model.bind(conn) as unknown as (name: string, s: Schema<any>) => AnyModel;
  const all = Object.fromEntries(
    Object.entries<readonly [string, Schema<any>]>(table).map(([key, [name, schema]]) => [
      key,
      (conn.models[name] as AnyModel | undefined) ?? register(name, schema),
    ]),
  ) as Record<K, AnyModel>;
  await Promise.all(Object.values<AnyModel>(all).map((model) => model.createIndexes()));
  return all;
}
