import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import { coreEnv } from '../config.js';
import { connectMongo } from '../db/connection.js';
import { connectCore } from '../root.js';
import { DEFAULT_COMPLAINT_WINDOW } from '../calendar/index.js';
import { complaintFields } from '../testing/complaints.js';

const run = promisify(execFile);
const { EJSON } = mongoose.mongo.BSON;
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cli = (...args: string[]) => run('bash', [join(repoRoot, 'scripts/backup.sh'), ...args], { cwd: repoRoot });

const dbUrl = (name: string) => {
  const url = new URL(coreEnv().mongoUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Every collection's documents (canonical EJSON, in _id order) and indexes (name, key, unique). */
async function snapshot(conn: Connection) {
  const db = conn.db!;
  const out: Record<string, { docs: string[]; indexes: string[] }> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const coll = db.collection(name);
    const docs = (await coll.find({}, { sort: { _id: 1 } }).toArray()).map((d) =>
      EJSON.stringify(d, { relaxed: false }),
    );
    const indexes = (await coll.listIndexes().toArray())
      .map((i) => JSON.stringify({ name: i.name, key: i.key, unique: i.unique ?? false }))
      .sort();
    out[name] = { docs, indexes };
  }
  return out;
}

describe('backup and restore through the driver (real FerretDB)', () => {
  const id = randomBytes(4).toString('hex');
  const source = `huoban_test_backup_${id}`;
  const target = `huoban_test_restore_${id}`;
  let src: Connection;
  let dir: string;

  before(async () => {
    src = await connectMongo(dbUrl(source));
    const { repos } = connectCore(src);
    const programme = (await repos.programmes.ensure({
      code: `bk-${id}`,
      name: '备份测试计划',
      rulebook: 'scorecard',
      complaintWindow: DEFAULT_COMPLAINT_WINDOW,
      slaHours: 12,
      warningMinutes: [120, 30],
    }))!;
    const partner = (await repos.partners.create({ code: `B${id}`, name: '备份伙伴', programmeId: programme.id }))!;
    const receivedAt = new Date('2026-11-23T02:00:00Z');
    const c = await repos.complaints.create(
      complaintFields({
        no: `TS-20261123-${id}`,
        programmeId: programme.id,
        partnerId: partner.id,
        summary: '备份测试投诉：手机 13800138000',
        receivedAt,
      }),
    );
    await repos.scoreEvents.appendOnce({
      partnerId: partner.id,
      programmeId: programme.id,
      rule: 'FT-12',
      component: 'complaintEfficiency',
      points: -0.5,
      period: '2026H2',
      source: { entity: 'complaint', id: c.id },
      reason: '备份测试',
      idempotencyKey: `ft12-late-${c.id}`,
      actor: { type: 'system', id: 'worker', role: 'system', name: '系统' },
      at: new Date(),
    });
    // a GridFS file with bytes that are not text (Binary chunks must survive)
    const bucket = new mongoose.mongo.GridFSBucket(src.db!, { bucketName: 'uploads', chunkSizeBytes: 1024 });
    const bytes = randomBytes(5000);
    await new Promise<void>((resolve, reject) =>
      bucket
        .openUploadStream('metrics.xlsx', { metadata: { by: 'test' } })
        .once('finish', () => resolve())
        .once('error', reject)
        .end(bytes),
    );
    // types that JSON would lose (FerretDB 1.24 has no Decimal128: it drops the connection)
    await src.db!.collection('types_probe').insertOne({
      long: mongoose.mongo.Long.fromString('9007199254740993'),
      when: new Date('2026-01-01T00:00:00.123Z'),
      nested: { list: [1, 'two', null, { three: true }] },
    });
    dir = await mkdtemp(join(tmpdir(), 'huoban-backup-'));
  });

  after(async () => {
    await src?.dropDatabase();
    await src?.close();
    const t = await mongoose.createConnection(dbUrl(target)).asPromise();
    await t.dropDatabase();
    await t.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a round trip (npm run backup, npm run restore into a fresh database) keeps every document and index', async () => {
    const out = await cli('backup', join(dir, 'b'), '--url', dbUrl(source));
    assert.match(out.stdout, /\[backup\] .*collections/);
    const files = await readdir(join(dir, 'b'));
    assert.ok(files.includes('manifest.json'));
    for (const f of ['complaints', 'score_events', 'uploads.files', 'uploads.chunks'])
      assert.ok(files.includes(`${f}.ejson`), f);

    const restored = await cli('restore', join(dir, 'b'), '--url', dbUrl(target));
    assert.match(restored.stdout, /\[restore\]/);
    const dst = await mongoose.createConnection(dbUrl(target)).asPromise();
    try {
      const [a, b] = [await snapshot(src), await snapshot(dst)];
      assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
      for (const name of Object.keys(a)) {
        assert.deepEqual(b[name].docs, a[name].docs, `documents of ${name}`);
        assert.deepEqual(b[name].indexes, a[name].indexes, `indexes of ${name}`);
      }
      assert.equal(a.complaints.docs.length, 1);
      assert.equal(a.score_events.docs.length, 1);
      assert.ok(a['uploads.chunks'].docs.length >= 5);
      // unique indexes still hold after the restore
      const ev = await dst.db!.collection('score_events').findOne({});
      await assert.rejects(
        dst.db!.collection('score_events').insertOne({ ...ev, _id: new mongoose.mongo.ObjectId() }),
        /duplicate key|E11000/,
      );
      const probe = await dst.db!.collection('types_probe').findOne({});
      assert.equal(probe?.long.toString(), '9007199254740993');
    } finally {
      await dst.close();
    }
  });

  it('restore refuses a database that already has the collections, unless --drop', async () => {
    await assert.rejects(cli('restore', join(dir, 'b'), '--url', dbUrl(target)), /already has .*--drop/s);
    const again = await cli('restore', join(dir, 'b'), '--url', dbUrl(target), '--drop');
    assert.match(again.stdout, /\[restore\]/);
    await assert.rejects(cli('backup', join(dir, 'b'), '--url', dbUrl(source)), /not empty/);
  });
});
