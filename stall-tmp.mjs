import { MongoClient } from 'mongodb';
const c = await new MongoClient('mongodb://127.0.0.1:27555/').connect();
const col = c.db('stalltest').collection('ctr2');
for (const [n, ids, ups] of [[101, 101, true], [101, 101, false], [300, 12, true], [250, 250, false]]) {
  await col.deleteMany({});
  if (!ups) await col.insertMany(Array.from({ length: ids }, (_, i) => ({ _id: `k${i}`, n: 0 })));
  const ops = Array.from({ length: n }, (_, i) => ({ updateOne: { filter: { _id: `k${i % ids}` }, update: { $inc: { n: 1 } }, upsert: ups } }));
  const t0 = Date.now();
  const r = await Promise.race([col.bulkWrite(ops, { ordered: true }), new Promise((_, no) => setTimeout(() => no(new Error('timeout 12s')), 12000))]).catch((e) => e.message);
  const sum = (await col.find().toArray()).reduce((a, d) => a + d.n, 0);
  console.log(n, ids, ups, Date.now() - t0, 'ms', typeof r === 'string' ? r : r.upsertedCount + '/' + r.modifiedCount, 'sum', sum);
}
await c.close(); process.exit(0);
