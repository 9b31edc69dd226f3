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
