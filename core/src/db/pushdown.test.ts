import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  Binary,
  BSONRegExp,
  Double,
  Int32,
  Long,
  MongoClient,
  ObjectId,
  Timestamp,
  type Collection,
  type Document,
} from 'mongodb';
import { coreEnv } from '../config.js';

/*
 * The patched local store (scripts/ferretdb/sqlite-pushdown.patch) pushes top-level equality, `$in` and number/date
 * ranges down to SQL as a superset of the answer, and FerretDB's own filter decides every document. Differential
 * test: a few hundred generated filters over generated documents must return the same documents with the pushdown
 * as without it. The oracle is the same filter wrapped in `{$and: [filter]}`: the patch pushes down only top-level
 * field names, so under `$and` nothing is pushed down and FerretDB's Go filter (upstream semantics) answers alone.
 * Explain confirms, for each filter, that the wrapped one is not pushed down; across the run most filters are.
 * Counts too: countDocuments' pipeline is answered by a SQL COUNT when the filter is exact (no array in a selected
 * document, the stored type checked), and must equal the reference's count.
 */

const oids = [new ObjectId('650000000000000000000001'), new ObjectId('650000000000000000000002')];

/** Scalars chosen to collide across types: 5 as int32, int64 and double; 0 and -0; ms dates vs numbers; "5" … */
const scalars: unknown[] = [
  'a',
  'b',
  '5',
  '',
  '<&>"\\',
  '伙伴',
  '[5]', // a string that sorts among arrays' JSON texts
  '2026-01-01',
  '2027-09-30',
  'Z',
  oids[0].toHexString(),
  0,
  5,
  -3,
  1_700_000_000,
  new Double(0),
  new Double(-0),
  new Double(5),
  new Double(0.1),
  new Double(5.5),
  new Double(1e-7),
  new Double(2 ** 60),
  new Double(1_700_000_000_000),
  Long.fromNumber(5),
  Long.fromNumber(-3),
  Long.fromString('9007199254740993'),
  Long.fromNumber(1_700_000_000_000),
  new Int32(-0),
  true,
  false,
  null,
  oids[0],
  oids[1],
  new Date(1_700_000_000_000),
  new Date(1_700_000_000_001),
  new Date(0),
  new Date(-86_400_000),
  new Date('1990-06-01T00:00:00Z'),
  new Date('2300-01-01T00:00:00Z'),
];
/** Range bounds: numbers of each type, dates and strings (pushed down), ObjectIds (not pushed down). */
const bounds: unknown[] = [
  0,
  5,
  -3,
  new Double(-0),
  new Double(0.1),
  new Double(4.5),
  new Double(5),
  new Double(2 ** 60),
  Long.fromNumber(5),
  Long.fromString('1152921504606846976'),
  Long.fromNumber(1_700_000_000_000),
  new Date(1_700_000_000_000),
  new Date(0),
  new Date('1995-01-01T00:00:00Z'),
  new Date('2100-01-01T00:00:00Z'),
  '5',
  '',
  'a',
  '2026-06-30',
  '伙伴',
  '[',
  'a\u0000', // a NUL: not pushed down
  oids[0],
];

/**
 * Stored only (not in filters): values whose JSON text in the store equals another type's, so that an exact count
 * that trusted the text would count them: a regex's pattern and binary data's base64 are strings there, a
 * timestamp a number, a string an ObjectId's hex.
 */
const collisions: unknown[] = [
  new BSONRegExp('a'),
  new BSONRegExp('5'),
  new Binary(Buffer.from('a')),
  'YQ==',
  new Timestamp({ t: 0, i: 5 }),
  oids[1].toHexString(),
];

const scalar = fc.constantFrom(...scalars);
const stored = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: fc.constantFrom(...collisions) });
const value = fc.oneof(
  { weight: 6, arbitrary: stored },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ x: scalar }) },
);
const doc = fc.record(
  { a: value, b: value, c: value },
  { requiredKeys: [] }, // every field may be missing
);

const bound = fc.constantFrom(...bounds);
const condition = fc.oneof(
  scalar, // {f: v}
  scalar.map((v) => ({ $eq: v })),
  fc.array(scalar, { minLength: 1, maxLength: 4 }).map((vs) => ({ $in: vs })),
  fc
    .record({ $gt: bound, $gte: bound, $lt: bound, $lte: bound }, { requiredKeys: [] })
    .filter((r) => Object.keys(r).length > 0),
  scalar.map((v) => ({ $ne: v })), // not pushed down
  fc.boolean().map((b) => ({ $exists: b })), // not pushed down
);
const filter = fc
  .record(
    {
      a: condition,
      b: condition,
      c: condition,
      _id: fc.oneof(fc.constantFrom(...oids), fc.constant({ $in: oids })),
    },
    { requiredKeys: [] },
  )
  .filter((f) => Object.keys(f).length > 0);

/**
 * Filters for counts: mostly conditions an exact SQL COUNT answers (equality, `$in`, date ranges), some that it does
 * not (the generic ones above), so that both paths and their mixes are exercised.
 */
const dateRange = fc
  .record(
    {
      $gt: fc.constantFrom(...bounds.filter((b) => b instanceof Date)),
      $lte: fc.constantFrom(...scalars.filter((v) => v instanceof Date)),
    },
    { requiredKeys: [] },
  )
  .filter((r) => Object.keys(r).length > 0);
const countCondition = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: scalar.map((v) => ({ $eq: v })) },
  { weight: 2, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })) },
  { weight: 2, arbitrary: dateRange },
  { weight: 2, arbitrary: condition },
);
const countFilter = fc.record(
  {
    a: countCondition,
    b: countCondition,
    c: countCondition,
    _id: fc.oneof(fc.constantFrom(...oids), fc.constant({ $in: oids })),
  },
  { requiredKeys: [] },
);

const ids = (docs: Document[]) => docs.map((d) => String(d._id)).sort();

/*
 * Sort + limit (the patch orders by the sort's first key in SQL when the filter fixes that field's type class with a
 * number or date range and no selected document holds an array there; the handler then sorts runs of equal keys and
 * stops reading at the limit). A second collection keeps arrays out of `a` and `b` (in `c` they let equality
 * through), so that most sorted queries are pushed down; the first collection, with arrays everywhere, checks that
 * the store falls back. The sort ends with `_id`, so the order is total and both answers must be identical.
 */
const numberBounds = bounds.filter((b) => typeof b === 'number' || b instanceof Double || b instanceof Long);
const dateBounds = bounds.filter((b) => b instanceof Date);
const typedRange = fc.constantFrom(numberBounds, dateBounds, [...numberBounds, ...dateBounds]).chain((bs) =>
  fc
    .record(
      {
        $gt: fc.constantFrom(...bs),
        $gte: fc.constantFrom(...bs),
        $lt: fc.constantFrom(...bs),
        $lte: fc.constantFrom(...bs),
      },
      { requiredKeys: [] },
    )
    .filter((r) => Object.keys(r).length > 0),
);
const noArray = fc.oneof({ weight: 8, arbitrary: stored }, { weight: 1, arbitrary: fc.record({ x: scalar }) });
const fewArraysDoc = fc.record({ a: noArray, b: noArray, c: value }, { requiredKeys: [] });
const sortedQuery = fc
  .record({
    filter: fc.record({ a: condition, b: condition, c: condition }, { requiredKeys: [] }),
    key: fc.constantFrom('a', 'b'),
    range: typedRange,
    dir: fc.constantFrom(1, -1),
    skip: fc.nat(3),
    limit: fc.integer({ min: 1, max: 25 }),
  })
  .map(({ filter: f, key, range, dir, skip, limit }) => ({
    filter: { ...f, [key]: range },
    sort: { [key]: dir, _id: 1 } as Record<string, 1 | -1>,
    skip,
    limit,
  }));

describe('the patched local store pushes filters down without changing any answer', () => {
  let client: MongoClient;
  let coll: Collection;
  let dbName: string;

  before(async () => {
    dbName = `huoban_test_pushdown_${randomBytes(4).toString('hex')}`;
    client = await MongoClient.connect(coreEnv().mongoUrl);
    coll = client.db(dbName).collection('docs');
    // indexes like the app's (single field, compound, descending), so plans go through them
    await coll.createIndexes([{ key: { a: 1 } }, { key: { b: 1, c: -1 } }, { key: { c: 1, a: 1 } }]);
    const docs = fc
      .sample(doc, { numRuns: 300, seed: 16 })
      .map((d, i) => ({ _id: i < 2 ? oids[i] : new ObjectId(), ...d }));
    await coll.insertMany(docs);
    const sorted = client.db(dbName).collection('few_arrays');
    await sorted.createIndexes([{ key: { a: 1 } }, { key: { b: 1, a: -1 } }, { key: { c: 1, b: 1 } }]);
    await sorted.insertMany(
      fc.sample(fewArraysDoc, { numRuns: 300, seed: 17 }).map((d) => ({ _id: new ObjectId(), ...d })),
    );
  });
  after(async () => {
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  });

  const explain = async (f: Document) =>
    (await client.db(dbName).command({ explain: { find: 'docs', filter: f }, verbosity: 'queryPlanner' })) as Document;

  it('300 generated documents (arrays, nulls, missing fields, mixed numeric types, ObjectIds, dates), 300 filters', async () => {
    let pushed = 0;
    await fc.assert(
      fc.asyncProperty(filter, async (f) => {
        const [withPushdown, reference, ex, exRef] = await Promise.all([
          coll.find(f).toArray(),
          coll.find({ $and: [f] }).toArray(),
          explain(f),
          explain({ $and: [f] }),
        ]);
        assert.equal(exRef.filterPushdown, false, 'the reference query must not be pushed down');
        if (ex.filterPushdown === true) pushed++;
        assert.deepEqual(ids(withPushdown), ids(reference));
      }),
      { numRuns: 300, seed: 1616 },
    );
    // most generated filters have at least one pushable condition: the property is not vacuous
    assert.ok(pushed > 200, `only ${pushed} of 300 filters were pushed down`);
  });

  const countExplain = async (name: string, f: Document) =>
    (await client.db(dbName).command({
      explain: { aggregate: name, pipeline: [{ $match: f }, { $group: { _id: 1, n: { $sum: 1 } } }], cursor: {} },
      verbosity: 'queryPlanner',
    })) as Document;

  it('counts: 300 generated filters count the same with the exact SQL COUNT as the reference (arrays, type mixes)', async () => {
    const counted: Record<string, number> = { docs: 0, few_arrays: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('docs', 'few_arrays'), countFilter, async (name, f) => {
        const c = client.db(dbName).collection(name);
        const [n, reference, skipped, ex, exRef] = await Promise.all([
          c.countDocuments(f),
          c.find({ $and: [f] }).toArray(),
          c.countDocuments(f, { skip: 1, limit: 2 }),
          countExplain(name, f),
          countExplain(name, { $and: [f] }),
        ]);
        assert.equal(exRef.countPushdown, false, 'the reference count must not be pushed down');
        if (ex.countPushdown === true) counted[name]++;
        assert.equal(n, reference.length, `countDocuments(${JSON.stringify(f)}) on ${name}`);
        assert.equal(skipped, Math.min(2, Math.max(0, reference.length - 1)), 'countDocuments with skip 1, limit 2');
      }),
      { numRuns: 300, seed: 1618 },
    );
    // the exact path answers a good share of the filters on both collections: the property is not vacuous
    assert.ok(counted.few_arrays > 50, `only ${counted.few_arrays} counts on few_arrays were answered by SQL`);
    assert.ok(counted.docs > 10, `only ${counted.docs} counts on docs were answered by SQL`);
  });

  it('counts: the count command (and an empty filter) answers as the documents', async () => {
    for (const name of ['docs', 'few_arrays']) {
      const c = client.db(dbName).collection(name);
      const all = await c.find({}).toArray();
      assert.equal(await c.countDocuments({}), all.length);
      assert.equal((await countExplain(name, {})).countPushdown, true);
      const byCommand = await client.db(dbName).command({ count: name, query: { _id: { $in: oids } } });
      assert.equal(byCommand.n, all.filter((d) => oids.some((o) => o.equals(d._id as ObjectId))).length);
      assert.equal(
        (await client.db(dbName).command({ count: name, skip: 1, limit: 5 })).n,
        Math.min(5, all.length - 1),
      );
    }
  });

  it('sort + limit: 300 generated sorted queries answer in the same order with the sort pushed down as without', async () => {
    const pushed: Record<string, number> = { docs: 0, few_arrays: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('docs', 'few_arrays'), sortedQuery, async (name, q) => {
        const c = client.db(dbName).collection(name);
        const run = (f: Document) => c.find(f).sort(q.sort).skip(q.skip).limit(q.limit).toArray();
        const [withPushdown, reference, ex] = await Promise.all([
          run(q.filter),
          run({ $and: [q.filter] }),
          client.db(dbName).command({
            explain: {
              find: name,
              filter: q.filter,
              sort: q.sort,
              skip: Long.fromNumber(q.skip),
              limit: Long.fromNumber(q.limit),
            },
            verbosity: 'queryPlanner',
          }),
        ]);
        if (ex.sortPushdown === true) pushed[name]++;
        assert.deepEqual(
          withPushdown.map((d) => String(d._id)),
          reference.map((d) => String(d._id)),
        );
      }),
      { numRuns: 300, seed: 1617 },
    );
    // arrays in every field of `docs` keep its sorts in the handler; most sorts on `few_arrays` are pushed down
    assert.ok(pushed.few_arrays > 60, `only ${pushed.few_arrays} sorted queries on few_arrays were pushed down`);
  });
});
