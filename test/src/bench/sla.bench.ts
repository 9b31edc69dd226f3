/**
 * SLA breach lateness: 10,000 open complaints falling due within 5 s, processed by the real worker
 * process, next to raw BullMQ delayed-job lateness on the same Redis in the same run.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Types } from 'mongoose';
import {
  coreEnv,
  QueueName,
  WorkCalendar,
  connectMongo,
  createQueue,
  models,
  redisConnection,
  repositories,
  slaJobId,
  stagePlan,
} from '@huoban/core';
import { startProcess, waitFor } from '../support/system.js';
import { listener, probe, type ProbeReport } from './profile.js';

export interface Lateness {
  p50: number;
  p99: number;
  max: number;
}

const N = Number(process.env.HUOBAN_BENCH_N ?? 10_000);
const SPREAD_MS = 5_000;

export function percentiles(xs: number[]): Lateness {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] };
}

async function rawLateness(redisUrl: string, prefix: string): Promise<Lateness & { profile: ProbeReport }> {
  const queue = new Queue('bench-raw', { connection: redisConnection(redisUrl), prefix });
  const proc = startProcess('bench-raw-worker', 'test/dist/bench/raw-worker.js', { HUOBAN_REDIS_URL: redisUrl }, [
    'bench-raw',
    prefix,
  ]);
  await waitFor('raw worker', async () => proc.output().includes('ready'));
  const start = Date.now() + 3000;
  const jobs = Array.from({ length: N }, (_, i) => {
    const due = start + Math.floor((i * SPREAD_MS) / N);
    return {
      name: 'raw',
      data: { due },
      opts: { delay: due - Date.now(), jobId: `raw-${i}`, removeOnComplete: false },
    };
  });
  const redisPort = Number(new URL(redisUrl).port || 6379);
  const measured = await probe({ 'raw worker': proc.child.pid, redis: listener(redisPort)?.pid }, 0);
  for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
  await waitFor('raw jobs', async () => (await queue.getCompletedCount()) >= N, 60_000, 250);
  const profile = await measured();
  const done = await queue.getCompleted(0, N);
  await proc.stop();
  await queue.obliterate({ force: true });
  await queue.close();
  return { ...percentiles(done.map((j) => j.finishedOn! - (j.data as { due: number }).due)), profile };
}

async function slaLateness(
  mongoUrl: string,
  redisUrl: string,
  prefix: string,
): Promise<Lateness & { notices: number; recorded: number; profile: ProbeReport }> {
  const conn = await connectMongo(mongoUrl);
  const m = models(conn);
  const repos = repositories(m);
  const connection = redisConnection(redisUrl);
  const slaQueue = createQueue(QueueName.Sla, connection, prefix);
  const notices = createQueue(QueueName.Notices, connection, prefix);
  const programme = await repos.programmes.ensure({
    code: 'bench',
    name: '基准测试计划',
    rulebook: 'scorecard',
    complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
    slaHours: 12,
    warningMinutes: [],
  });
  const partner = (await repos.partners.create({ code: 'BENCH', name: '基准测试伙伴', programmeId: programme.id }))!;
  const worker = startProcess(
    'bench-worker',
    'worker/dist/main.js',
    {
      HUOBAN_MONGO_URL: mongoUrl,
      HUOBAN_REDIS_URL: redisUrl,
      HUOBAN_QUEUE_PREFIX: prefix,
      HUOBAN_SWEEP_EVERY_MS: '600000',
    },
    // HUOBAN_BENCH_CPU_PROF=<dir>: the worker writes a V8 CPU profile there when it stops
    [],
    process.env.HUOBAN_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HUOBAN_BENCH_CPU_PROF}`] : [],
  );
  await waitFor('worker', async () => worker.output().includes('started'));
  const cal = new WorkCalendar();
  const start = Date.now() + 15_000; // time to insert and schedule before the first deadline
  const docs = Array.from({ length: N }, (_, i) => {
    const dueAt = new Date(start + Math.floor((i * SPREAD_MS) / N));
    return {
      _id: new Types.ObjectId(),
      no: `BENCH-${i}`,
      programmeId: new Types.ObjectId(programme.id),
      partnerId: new Types.ObjectId(partner.id),
      kind: 'ordinary',
      channel: 'hotline_10086',
      summary: '基准测试投诉',
      receivedAt: new Date(dueAt.getTime() - 12 * 3_600_000),
      dueAt,
      provisional: false,
      calendarVersion: cal.version,
      window: programme.complaintWindow,
      slaHours: 12,
      warningMinutes: [],
      status: 'open',
      replies: [],
      effectiveReplyAt: null,
      breachedAt: null,
      slaSettled: false,
      warningsSent: [],
      createdBy: 'bench',
    };
  });
  for (let i = 0; i < docs.length; i += 1000) await m.Complaint.insertMany(docs.slice(i, i + 1000));
  const redisPort = Number(new URL(redisUrl).port || 6379);
  const measured = await probe(
    { worker: worker.child.pid, redis: listener(redisPort)?.pid },
    Number(new URL(mongoUrl).port),
  );
  // the api schedules one complaint at a time (SlaScheduler); here the same jobs are added in bulk
  const jobs = docs.flatMap((d) =>
    stagePlan({ dueAt: d.dueAt, window: d.window, warningMinutes: [] }, cal).map(({ stage, at }) => ({
      name: stage,
      data: { complaintId: String(d._id), stage, dueAt: d.dueAt.toISOString() },
      opts: { jobId: slaJobId(String(d._id), stage), delay: at.getTime() - Date.now() },
    })),
  );
  for (let i = 0; i < jobs.length; i += 1000) await slaQueue.addBulk(jobs.slice(i, i + 1000));
  if (Date.now() > start)
    console.warn(`warning: scheduling took longer than the lead time (${Date.now() - start} ms late)`);
  // wait until every wake-up has run, or progress stalls for 30 s (then report what was recorded). Progress is
  // read from Redis: counting sla_breaches on FerretDB scans the collection and would steal its CPU from the worker.
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const counts = await slaQueue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
    const left = Object.values(counts).reduce((a, b) => a + b, 0);
    if (left === 0) break;
    if (left !== last) [last, lastChange] = [left, Date.now()];
    else if (Date.now() - lastChange > 30_000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const profile = await measured();
  const recorded = await m.SlaBreach.find({}, { recordedAt: 1 }).lean();
  const dueAt = new Map(docs.map((d) => [String(d._id), d.dueAt.getTime()]));
  const noticeJobs = await notices.getJobs(
    ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'],
    0,
    N * 2,
  );
  const queuedAt = new Map(noticeJobs.map((j) => [j.data.ref?.id, j.timestamp]));
  // lateness: from dueAt until both the breach is recorded and its notice is queued
  const lateness = recorded.map(
    (d: { _id: unknown; recordedAt: Date }) =>
      Math.max(d.recordedAt.getTime(), queuedAt.get(String(d._id)) ?? Infinity) - dueAt.get(String(d._id))!,
  );
  await worker.stop();
  await conn.dropDatabase();
  await conn.close();
  await notices.obliterate({ force: true });
  await slaQueue.obliterate({ force: true });
  await slaQueue.close();
  await notices.close();
  connection.disconnect();
  return { ...percentiles(lateness), notices: queuedAt.size, recorded: recorded.length, profile };
}

export async function runSlaBench() {
  const id = randomBytes(3).toString('hex');
  const mongo = new URL(coreEnv().mongoUrl);
  mongo.pathname = `/huoban_bench_${id}`;
  const redisUrl = coreEnv().redisUrl;
  const raw = await rawLateness(redisUrl, `bench-raw-${id}`);
  const sla = await slaLateness(mongo.toString(), redisUrl, `bench-${id}`);
  return { n: N, raw, sla, ratio: sla.p99 / Math.max(1, raw.p99) };
}
