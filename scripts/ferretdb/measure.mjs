// Measures the issue #16 query on the local store: `{partnerId, receivedAt: {$gte}}` with the index
// {partnerId: 1, receivedAt: -1}, on N complaint-like documents (about 25 fields, a year of receipts).
//   node scripts/ferretdb/measure.mjs <mongodb url> [docs=50000] [partners=20] [windowDays=30] [runs=40]
// Prints p50/p99 of the query (sequential), the documents it returns, p50/p99 of countDocuments on the staff list's
// filters (a whole programme, and its open complaints; the indexes {programmeId: 1, receivedAt: -1} and
// {status: 1, receivedAt: -1}, as core's schema declares), and the race figure (20 concurrent guarded
// findOneAndUpdate on a small collection, 10 trials). FERRETDB_PID=<pid> adds FerretDB's CPU per query (from
// /proc). Uses a scratch database that it drops.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MongoClient, ObjectId } from 'mongodb';

/** CPU seconds used so far by the FerretDB process named by FERRETDB_PID (load-independent), or NaN. */
const ferretCpu = () => {
  try {
    const f = readFileSync(`/proc/${process.env.FERRETDB_PID}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
};

const [url, nDocs = '50000', nPartners = '20', windowDays = '30', nRuns = '40'] = process.argv.slice(2);
if (!url) throw new Error('usage: measure.mjs <mongodb url> [docs] [partners] [windowDays] [runs]');
const client = await MongoClient.connect(url, { maxPoolSize: 30 });
const db = client.db(`huoban_measure_${process.pid}`);
const col = db.collection('complaints');
const races = db.collection('races'); // small, so the race is not dominated by scans on an unpatched build
const YEAR = 365 * 86_400_000;
const end = Date.UTC(2026, 11, 1);
const partners = Array.from({ length: Number(nPartners) }, () => new ObjectId());
try {
  await col.createIndex({ partnerId: 1, receivedAt: -1 });
  await col.createIndex({ programmeId: 1, receivedAt: -1 });
  await col.createIndex({ status: 1, receivedAt: -1 });
  let t = Date.now();
  for (let i = 0; i < Number(nDocs); i += 1000) {
    await col.insertMany(
      Array.from({ length: Math.min(1000, Number(nDocs) - i) }, (_, j) => {
        const n = i + j;
        const receivedAt = new Date(end - ((n * 2654435761) % YEAR));
        return {
          no: `C${n}`,
          programmeId: partners[0],
          partnerId: partners[n % partners.length],
          kind: 'service',
          channel: 'hotline',
          summary: `投诉 ${n} 的摘要，长度和真实的差不多`,
          receivedAt,
          dueAt: new Date(receivedAt.getTime() + 86_400_000),
          provisional: false,
          calendarVersion: 'v1',
          window: { start: receivedAt, end: receivedAt },
          slaHours: 24,
          warningMinutes: [60, 30],
          status: n % 3 ? 'closed' : 'open',
          replies: [{ text: '已处理', at: receivedAt, by: 'u1' }],
          effectiveReplyAt: null,
          breachedAt: null,
          slaSettled: n % 3 !== 0,
          warningsSent: [],
          rev: 1,
          createdBy: 'seed',
          createdAt: receivedAt,
          updatedAt: receivedAt,
        };
      }),
    );
  }
  console.log(`inserted ${nDocs} documents (${partners.length} partners) in ${Date.now() - t} ms`);
  const from = new Date(end - Number(windowDays) * 86_400_000);
  const times = [];
  let returned = 0;
  const cpu0 = ferretCpu();
  for (let r = 0; r < Number(nRuns); r++) {
    t = performance.now();
    const docs = await col.find({ partnerId: partners[r % partners.length], receivedAt: { $gte: from } }).toArray();
    times.push(performance.now() - t);
    returned = docs.length;
  }
  const cpuMs = ((ferretCpu() - cpu0) * 1000) / Number(nRuns);
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))].toFixed(1);
  const cpu = (ms) => (Number.isNaN(ms) ? '' : `, FerretDB CPU ${ms.toFixed(1)} ms per query`);
  console.log(
    `{partnerId, receivedAt >= ${windowDays} days ago}: ${returned} documents, p50 ${q(times, 0.5)} ms, p99 ${q(times, 0.99)} ms` +
      cpu(cpuMs),
  );
  for (const [label, filter] of [
    ['countDocuments({programmeId})', { programmeId: partners[0] }],
    ["countDocuments({programmeId, status: 'open'})", { programmeId: partners[0], status: 'open' }],
  ]) {
    const counts = [];
    let n = 0;
    const c0 = ferretCpu();
    for (let r = 0; r < Math.min(10, Number(nRuns)); r++) {
      t = performance.now();
      n = await col.countDocuments(filter);
      counts.push(performance.now() - t);
    }
    console.log(
      `${label}: ${n}, p50 ${q(counts, 0.5)} ms, p99 ${q(counts, 0.99)} ms` +
        cpu(((ferretCpu() - c0) * 1000) / counts.length),
    );
  }
  const winners = [];
  for (let trial = 0; trial < 10; trial++) {
    const { insertedId: _id } = await races.insertOne({ status: 'open' });
    const rs = await Promise.all(
      Array.from({ length: 20 }, () => races.findOneAndUpdate({ _id, status: 'open' }, { $set: { status: 'closed' } })),
    );
    winners.push(rs.filter(Boolean).length);
  }
  console.log(`20 concurrent guarded findOneAndUpdate, winners per trial: ${winners.join(' ')}`);
} finally {
  await db.dropDatabase();
  await client.close();
}
