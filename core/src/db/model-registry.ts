import type { Connection, Model, Schema } from 'mongoose';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any>;

/**
 * The model of `name` on a connection, registered on first use (idempotent: a second feature connecting on the
 * same connection gets the same model).
 */
export function modelRegistry(conn: Connection): (name: string, schema: Schema) => AnyModel {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const register = conn.model.bind(conn) as unknown as (name: string, schema: Schema<any>) => AnyModel;
  return (name, schema) => (conn.models[name] as AnyModel | undefined) ?? register(name, schema);
}

/** A feature's models by key, registered through `modelRegistry`; `table` maps each key to its model name and schema. */
export function modelsOf<K extends string>(
  conn: Connection,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  table: Record<K, readonly [name: string, schema: Schema<any>]>,
): Record<K, AnyModel> {
  const model = modelRegistry(conn);
  return Object.fromEntries(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    Object.entries<readonly [string, Schema<any>]>(table).map(([key, [name, schema]]) => [key, model(name, schema)]),
  ) as Record<K, AnyModel>;
}

/** `modelsOf`, then their indexes built, so unique keys hold from the first write. */
export async function registerModels<K extends string>(
  conn: Connection,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  table: Record<K, readonly [name: string, schema: Schema<any>]>,
): Promise<Record<K, AnyModel>> {
  const all = modelsOf(conn, table);
  await Promise.all(Object.values<AnyModel>(all).map((m) => m.createIndexes()));
  return all;
}
