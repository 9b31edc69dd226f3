import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import mongoose, { type mongo } from 'mongoose';

const { EJSON } = mongoose.mongo.BSON;

/**
 * Backup and restore through the driver, for FerretDB and MongoDB alike (mongodump does not run against
 * FerretDB's SQLite backend). A backup is a directory:
 *   manifest.json                    database, time, and per collection its document count and indexes
 *   <collection>.ejson               one document per line, canonical Extended JSON (types kept: ObjectId, Date,
 *                                    Binary for GridFS chunks, Long, Decimal128 …)
 * Every collection is included (GridFS `*.files` / `*.chunks` too); `system.*` collections and views are not.
 */
export interface BackupManifest {
  format: 'huoban-backup-1';
  database: string;
  at: string;
  collections: { name: string; file: string; count: number; indexes: IndexSpec[] }[];
}

export interface IndexSpec {
  name: string;
  key: Record<string, unknown>;
  [option: string]: unknown;
}

const fileOf = (name: string) => `${encodeURIComponent(name)}.ejson`;
const BATCH = 500;

async function collectionNames(db: mongo.Db): Promise<string[]> {
  const infos = await db.listCollections({}, { nameOnly: false }).toArray();
  return infos
    .filter((c) => (c.type ?? 'collection') === 'collection' && !c.name.startsWith('system.'))
    .map((c) => c.name)
    .sort();
}

export async function backupDatabase(db: mongo.Db, dir: string): Promise<BackupManifest> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length) throw new Error(`backup directory ${dir} is not empty`);
  const manifest: BackupManifest = {
    format: 'huoban-backup-1',
    database: db.databaseName,
    at: new Date().toISOString(),
    collections: [],
  };
  for (const name of await collectionNames(db)) {
    const coll = db.collection(name);
    const indexes = (await coll.listIndexes().toArray()).map(({ v: _v, ns: _ns, ...spec }) => spec as IndexSpec);
    const out = createWriteStream(join(dir, fileOf(name)), { encoding: 'utf8' });
    let count = 0;
    for await (const doc of coll.find({}, { sort: { _id: 1 } })) {
      if (!out.write(EJSON.stringify(doc, { relaxed: false }) + '\n')) await once(out, 'drain');
      count++;
    }
    out.end();
    await once(out, 'finish');
    manifest.collections.push({ name, file: fileOf(name), count, indexes });
  }
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  if (m.format !== 'huoban-backup-1') throw new Error(`${dir}/manifest.json is not a Huoban backup`);
  return m;
}

/**
 * Re-imports a backup into `db`: documents first (insertMany in batches, order kept), then the indexes.
 * Refuses a database that already holds one of the collections unless `drop` (then that collection is dropped
 * first). Checks each collection's count against the manifest.
 */
export async function restoreDatabase(
  db: mongo.Db,
  dir: string,
  opts: { drop?: boolean } = {},
): Promise<{ collections: number; documents: number }> {
  const manifest = await readManifest(dir);
  const existing = new Set(await collectionNames(db));
  const clash = manifest.collections.filter((c) => existing.has(c.name)).map((c) => c.name);
  if (clash.length && !opts.drop)
    throw new Error(
      `the target database already has ${clash.join(', ')}: restore into a fresh database or pass --drop`,
    );
  let documents = 0;
  for (const c of manifest.collections) {
    if (existing.has(c.name)) await db.dropCollection(c.name);
    await db.createCollection(c.name);
    const coll = db.collection(c.name);
    let batch: mongo.Document[] = [];
    let count = 0;
    const lines = createInterface({
      input: createReadStream(join(dir, c.file), { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (!line.trim()) continue;
      batch.push(EJSON.parse(line, { relaxed: false }) as mongo.Document);
      if (batch.length >= BATCH) {
        await coll.insertMany(batch, { ordered: true });
        count += batch.length;
        batch = [];
      }
    }
    if (batch.length) {
      await coll.insertMany(batch, { ordered: true });
      count += batch.length;
    }
    if (count !== c.count) throw new Error(`${c.name}: restored ${count} documents, the manifest says ${c.count}`);
    documents += count;
    const indexes = c.indexes.filter((i) => i.name !== '_id_');
    if (indexes.length)
      await coll.createIndexes(
        indexes.map(({ key, background: _b, ...options }) => ({ key, ...options }) as mongo.IndexDescription),
      );
  }
  return { collections: manifest.collections.length, documents };
}
