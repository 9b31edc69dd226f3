import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MongoClient, ObjectId, type Collection } from 'mongodb';
import { coreEnv } from '../config.js';

/*
 * The patched local store serializes update, findAndModify and delete per collection
 * (scripts/ferretdb/sqlite-pushdown.patch), so a guarded update is atomic, as on MongoDB. Upstream FerretDB 1.24
 * reads, filters and writes in separate steps: 20 concurrent guarded findOneAndUpdate had up to 17 winners.
 */
const N = 20;
const RESTART = 'a FerretDB started before the patch keeps running: npm run services -- restart';
const TRIALS = 10;

describe('guarded updates on the local store are atomic', () => {
  let client: MongoClient;
  let coll: Collection;
  let dbName: string;

  before(async () => {
    dbName = `huoban_test_store_races_${randomBytes(4).toString('hex')}`;
    client = await MongoClient.connect(coreEnv().mongoUrl, { maxPoolSize: N + 5 });
    coll = client.db(dbName).collection('cases');
    // other documents, so the guarded read is not a one-row table
    await coll.insertMany(Array.from({ length: 200 }, (_, i) => ({ status: i % 2 ? 'open' : 'closed', n: i })));
  });
  after(async () => {
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  });

  it(`${N} concurrent findOneAndUpdate({_id, status: 'open'}) give exactly one winner, ${TRIALS} times`, async () => {
    for (let t = 0; t < TRIALS; t++) {
      const _id = new ObjectId();
      await coll.insertOne({ _id, status: 'open' });
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          coll.findOneAndUpdate({ _id, status: 'open' }, { $set: { status: 'closed', winner: i } }),
        ),
      );
      const winners = results.map((r, i) => (r ? i : -1)).filter((i) => i >= 0);
      assert.equal(winners.length, 1, `trial ${t}: winners ${winners.join(', ')} (an unpatched FerretDB? ${RESTART})`);
      assert.equal((await coll.findOne({ _id }))?.winner, winners[0]);
    }
  });

  it(`${N} concurrent updateOne({_id, status: 'open'}) modify exactly once, ${TRIALS} times`, async () => {
    for (let t = 0; t < TRIALS; t++) {
      const _id = new ObjectId();
      await coll.insertOne({ _id, status: 'open', taken: 0 });
      const results = await Promise.all(
        Array.from({ length: N }, () =>
          coll.updateOne({ _id, status: 'open' }, { $set: { status: 'closed' }, $inc: { taken: 1 } }),
        ),
      );
      assert.equal(
        results.reduce((s, r) => s + r.modifiedCount, 0),
        1,
        `trial ${t}`,
      );
      assert.equal((await coll.findOne({ _id }))?.taken, 1);
    }
  });

  it(`${N} concurrent deleteOne({_id, status: 'open'}) of a document being closed: it is closed or deleted, never both`, async () => {
    for (let t = 0; t < TRIALS; t++) {
      const _id = new ObjectId();
      await coll.insertOne({ _id, status: 'open' });
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          i % 2
            ? coll.deleteOne({ _id, status: 'open' }).then((r) => r.deletedCount)
            : coll.updateOne({ _id, status: 'open' }, { $set: { status: 'closed' } }).then((r) => r.modifiedCount),
        ),
      );
      assert.equal(
        results.reduce((s, n) => s + n, 0),
        1,
        `trial ${t}`,
      );
    }
  });

  it('an update command of 300 statements (a bulkWrite of $inc upserts on 12 ids) answers, and twice', async () => {
    // FerretDB 1.24 kept each statement's read open until the command ended: past 100 statements every connection
    // of the SQLite pool was held and the command (and every later one on that database) waited forever
    const counters = client.db(dbName).collection<{ _id: string; n: number }>('counters');
    const ops = Array.from({ length: 300 }, (_, i) => ({
      updateOne: { filter: { _id: `k${i % 12}` }, update: { $inc: { n: 1 } }, upsert: true },
    }));
    for (const round of [1, 2]) {
      const r = await Promise.race([
        counters.bulkWrite(ops, { ordered: true }),
        new Promise<never>((_, no) => setTimeout(() => no(new Error(`round ${round}: no answer in 20 s`)), 20_000)),
      ]);
      assert.equal(r.upsertedCount + r.modifiedCount, 300, `round ${round}`);
    }
    const all = await counters.find().toArray();
    assert.equal(all.length, 12);
    assert.ok(all.every((d) => d.n === 50));
  });
});
