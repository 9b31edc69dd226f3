/**
 * Scale (issue #16): the main reads at a seeded year (and at 10× with `HUOBAN_BENCH_SCALE=10x`), each at 50
 * requests/s next to `/health` in the same run, the partner home at 200 requests/s, and each periodic run's
 * duration per tick as the worker itself runs it. The dataset is `npm run seed`'s, in its own database
 * (`huoban_bench_year`, `huoban_bench_10x`), seeded on first use and kept for the next run (`HUOBAN_BENCH_RESEED=1`
 * seeds again).
 */
import { randomBytes } from 'node:crypto';
import { QueueEvents, Queue, type Job } from 'bullmq';
import {
  EXIT_QUEUE,
  QueueName,
  Sequences,
  connectMongo,
  coreEnv,
  periodOf,
  redisConnection,
  shanghaiDate,
  type ScheduleTask,
} from '@huoban/core';
import { seedYear, type SeedReport } from '../seed/year.js';
import { startSystem } from '../support/system.js';
import { openLoop, type LoadResult } from './home.bench.js';
import { percentiles } from './sla.bench.js';
import { probe, settle, type ProbeReport } from './profile.js';

const API_PORT = Number(process.env.HUOBAN_BENCH_API_PORT ?? 3190);
const RATE = Number(process.env.HUOBAN_BENCH_SCALE_RPS ?? 50);
const SECONDS = Number(process.env.HUOBAN_BENCH_SCALE_S ?? 5);
const HOME_RATE = Number(process.env.HUOBAN_BENCH_HOME_RPS ?? 200);
const SEED = Number(process.env.HUOBAN_BENCH_SEED ?? 1);
/** a read whose sequential p50 exceeds this is reported from its sequential requests, not fired at the rate */
const MAX_SEQUENTIAL_MS = Number(process.env.HUOBAN_BENCH_SCALE_MAX_MS ?? 1000);
/** requests sent one after another before each open loop (fewer when the first is already too slow) */
const SEQUENTIAL = 3;
/** how long one periodic run is waited for */
const TICK_LIMIT_MS = Number(process.env.HUOBAN_BENCH_TICK_LIMIT_MS ?? 120_000);
/** only the reads whose name contains one of these (comma-separated), e.g. `SLA,queue`; default all */
const ONLY_READS = process.env.HUOBAN_BENCH_SCALE_READS?.split(',');
/** `0`: skip the periodic runs */
const SWEEPS = process.env.HUOBAN_BENCH_SCALE_SWEEPS !== '0';

/** `SEQUENTIAL` GETs one after another (one only when it exceeds MAX_SEQUENTIAL_MS), as a LoadResult. */
async function oneAtATime(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const ms: number[] = [];
  let errors = 0;
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(120_000) }).catch(() => null);
    if (res?.ok) await res.arrayBuffer();
    else errors++;
    ms.push(performance.now() - t);
    if (ms[0] > MAX_SEQUENTIAL_MS) break;
  }
  return { ...percentiles(ms), sent: ms.length, ok: ms.length - errors, errors, timeouts: 0, unsent: 0 };
}

export interface ReadResult {
  name: string;
  path: string;
  rate: number;
  load: LoadResult;
  profile: ProbeReport;
  /** the open loop was not run: one request at a time already took longer than MAX_SEQUENTIAL_MS */
  skipped?: boolean;
  /** the requests sent one at a time before the open loop, and where their time went */
  sequential: { load: LoadResult; profile: ProbeReport };
}

export interface ScaleResult {
  scale: string;
  database: string;
  seeded: { ms: number; counts: Record<string, number> } | null;
  reads: ReadResult[];
  sweeps: { task: string; ms: number[]; result: unknown }[];
}

/** The seeded database of a scale, seeded now when missing (or when asked to). */
async function dataset(
  scale: 'year' | '10x',
): Promise<{ database: string; report: SeedReport | null; sample: SeedReport['sample'] }> {
  // HUOBAN_BENCH_SCALE_DATABASE: an already seeded database instead (e.g. a small `npm run seed -- --scale 0.02`)
  const database = process.env.HUOBAN_BENCH_SCALE_DATABASE ?? `huoban_bench_${scale}`;
  const url = new URL(coreEnv().mongoUrl);
  url.pathname = `/${database}`;
  const conn = await connectMongo(url.toString());
  try {
    const stored = await conn.db!.collection('seed_info').findOne({ _id: 'seed' as never });
    if (stored && process.env.HUOBAN_BENCH_RESEED !== '1')
      return { database, report: null, sample: stored.sample as SeedReport['sample'] };
    await conn.db!.dropDatabase();
    console.log(`seeding ${scale} into ${database} (once; kept for later runs)`);
    const report = await seedYear(conn, {
      seed: SEED,
      scale: scale === 'year' ? 1 : 10,
      until: new Date(),
      closes: Number(process.env.HUOBAN_BENCH_SEED_CLOSES ?? 12),
      log: (l) => console.log(l),
    });
    return { database, report, sample: report.sample };
  } finally {
    await conn.close();
  }
}

export async function runScaleBench(scale: 'year' | '10x'): Promise<ScaleResult> {
  const { database, report, sample } = await dataset(scale);
  const sys = await startSystem({
    apiPort: API_PORT,
    webPort: API_PORT + 1,
    bot: false,
    web: false,
    database,
    startTimeoutMs: 180_000,
    // the periodic runs are fired one at a time below and timed; none runs by itself meanwhile
    extraEnv: {
      HUOBAN_SWEEP_EVERY_MS: '3600000',
      HUOBAN_OUTBOX_EVERY_MS: '3600000',
      HUOBAN_RECOVER_EVERY_MS: '3600000',
    },
  });
  try {
    const staff = await sys.staffToken();
    const login = await sys.call('POST', '/api/v1/auth/partner/dev-login', {
      body: { partnerCode: sample.partnerCode },
    });
    if (login.status !== 201 && login.status !== 200) throw new Error(`dev-login: ${login.status}`);
    const partner = login.body.accessToken as string;
    const period = periodOf(new Date());
    const all: [string, string, string, number?][] = [
      ['partner home (/scorecards/me)', '/api/v1/scorecards/me', partner],
      ['partner home at 200 req/s', '/api/v1/scorecards/me', partner, HOME_RATE],
      ['我的投诉', '/api/v1/complaints', partner],
      ["a complaint's detail", `/api/v1/complaints/${sample.complaintId}`, partner],
      ['staff complaints, status + kind', '/api/v1/complaints?status=open&kind=ordinary', staff],
      ['临期投诉 queue', '/api/v1/complaints/queue', staff],
      ['SLA report', `/api/v1/complaints/sla-report?period=${period}&programmeId=${sample.programmeIds[0]}`, staff],
      ["an entity's audit trail", `/api/v1/audit?entity=complaint&entityId=${sample.complaintId}`, staff],
      ['intake review queue (预审)', '/api/v1/intake/applications?stage=pre_review', staff],
      ['exit queue', '/api/v1/exit/cases', staff],
      ['public recruitment list', '/api/v1/public/recruitments', ''],
      ['letter verification', `/api/v1/public/letters/${sample.letterCode}`, ''],
    ];
    const reads = all.filter(([name]) => !ONLY_READS || ONLY_READS.some((w) => name.includes(w)));
    for (const [, path, token] of reads) {
      const r = await sys.call('GET', path, { token: token || undefined });
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    const api = sys.procs.find((p) => p.name === 'api')?.child.pid;
    const mongoPort = Number(new URL(sys.mongoUrl).port);
    const results: ReadResult[] = [];
    const measure = async (name: string, path: string, token: string, rate: number) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      // what the previous read left queued (requests that timed out are still answered) is not charged to this one
      const waited = await settle([api], mongoPort);
      if (waited > 4000) console.log(`  (waited ${Math.round(waited / 1000)} s for the previous read's backlog)`);
      // one request at a time first: a read far slower than the rate allows is not fired at it (the store would be
      // busy for many minutes with requests the client has long abandoned); its sequential figures are reported
      const sequential = await probe({ api }, mongoPort);
      const one = await oneAtATime(`${sys.apiUrl}${path}`, headers);
      const seqProfile = await sequential();
      const sequentially = { load: one, profile: seqProfile };
      if (one.p50 > MAX_SEQUENTIAL_MS)
        results.push({ name, path, rate, load: one, profile: seqProfile, skipped: true, sequential: sequentially });
      else {
        const measured = await probe({ api }, mongoPort);
        const load = await openLoop(`${sys.apiUrl}${path}`, headers, rate, SECONDS);
        results.push({ name, path, rate, load, profile: await measured(), sequential: sequentially });
      }
      const r = results[results.length - 1];
      const per = (p: ProbeReport, n: number) =>
        `FerretDB ${(Object.values(p.commands).reduce((a, b) => a + b, 0) / n).toFixed(1)} cmds, ${((p.cpuMs.ferretdb ?? NaN) / n).toFixed(1)} CPU ms, api ${((p.cpuMs.api ?? NaN) / n).toFixed(1)} CPU ms per request`;
      // a line as each read ends (a long run shows where it is)
      console.log(
        `  ${name}: sequential p50 ${Math.round(one.p50)} ms (${per(seqProfile, one.sent)}); ${r.skipped ? 'open loop not run' : `${rate} req/s p50 ${Math.round(r.load.p50)} ms, p99 ${Math.round(r.load.p99)} ms`}`,
      );
    };
    await measure('GET /health', '/health', '', RATE);
    for (const [name, path, token, rate] of reads) await measure(name, path, token, rate ?? RATE);
    await measure('GET /health (again, after the reads)', '/health', '', RATE);
    const sweeps = SWEEPS ? [...(await timeSweeps(sys.env)), await timeSequences(sys.mongoUrl)] : [];
    return { scale, database, seeded: report && { ms: report.ms, counts: report.counts }, reads: results, sweeps };
  } finally {
    await sys.stop();
  }
}

/** Each periodic run fired as the scheduler fires it, taken by the system's own worker; its duration per tick. */
async function timeSweeps(env: Record<string, string>) {
  const prefix = env.HUOBAN_QUEUE_PREFIX;
  const connection = redisConnection(env.HUOBAN_REDIS_URL);
  const schedules = new Queue(QueueName.Schedules, { connection, prefix });
  const exit = new Queue(EXIT_QUEUE, { connection, prefix });
  const events = {
    [QueueName.Schedules]: new QueueEvents(QueueName.Schedules, {
      connection: redisConnection(env.HUOBAN_REDIS_URL),
      prefix,
    }),
    [EXIT_QUEUE]: new QueueEvents(EXIT_QUEUE, { connection: redisConnection(env.HUOBAN_REDIS_URL), prefix }),
  };
  await Promise.all(Object.values(events).map((e) => e.waitUntilReady()));
  const tasks: ScheduleTask[] = [
    'sla-sweep',
    'notice-outbox',
    'workflow-recover',
    'intake-sweep',
    'scorecard-anomaly',
    'scorecard-renewal',
    'credit-close', // last: a dataset seeded with fewer closes makes it catch up for a long time
  ];
  const out: ScaleResult['sweeps'] = [];
  const tick = async (queue: Queue, name: string, data: unknown) => {
    const job: Job = await queue.add(name, data, {
      jobId: `bench-${name}-${randomBytes(4).toString('hex')}`,
      removeOnComplete: false,
    });
    const t = Date.now();
    try {
      const result = await job.waitUntilFinished(events[queue.name as keyof typeof events], TICK_LIMIT_MS);
      const done = (await queue.getJob(job.id!))!;
      return { ms: (done.finishedOn ?? 0) - (done.processedOn ?? 0), result };
    } catch {
      // not finished in time: reported as at least the wait (the worker goes on with it until the system stops)
      return { ms: Date.now() - t, result: `still running after ${Math.round((Date.now() - t) / 1000)} s` };
    }
  };
  try {
    for (const task of tasks) {
      const ticks = [];
      // three ticks; one when the first already misses (at history-sized cost a tick can take minutes)
      for (let i = 0; i < 3 && !(ticks[0]?.ms > 1000); i++) ticks.push(await tick(schedules, task, { task }));
      out.push({ task, ms: ticks.map((t) => t.ms), result: ticks[ticks.length - 1].result });
      console.log(`  ${task}: ${ticks.map((t) => Math.round(t.ms)).join(' / ')} ms per tick`);
    }
    const ticks = [];
    for (let i = 0; i < 3 && !(ticks[0]?.ms > 1000); i++) ticks.push(await tick(exit, 'sweep', { type: 'sweep' }));
    out.push({ task: 'exit-sweep', ms: ticks.map((t) => t.ms), result: ticks[ticks.length - 1].result });
  } finally {
    await Promise.all([schedules.close(), exit.close(), ...Object.values(events).map((e) => e.close())]);
    connection.disconnect();
  }
  return out;
}

/** `Sequences.next()` on today's complaint scope (the busiest kind), as registering a complaint calls it. */
async function timeSequences(mongoUrl: string): Promise<ScaleResult['sweeps'][number]> {
  const conn = await connectMongo(mongoUrl);
  try {
    const seq = new Sequences(conn);
    const scope = `complaint-${shanghaiDate(new Date()).replaceAll('-', '')}`;
    const ms: number[] = [];
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      n = await seq.next(scope);
      ms.push(performance.now() - t);
    }
    return { task: 'Sequences.next()', ms, result: { scope, last: n } };
  } finally {
    await conn.close();
  }
}

const ms = (n: number) => `${Math.round(n)} ms`;

/** The tables and the targets (p99 ≤ 50 ms at the year; 1×→10× ≤ 1.5×; a periodic run ≤ 1 s per tick). */
export function printScale(runs: ScaleResult[], verdict: (ok: boolean) => string): void {
  for (const run of runs) {
    console.log(
      `\nScale: ${run.scale} dataset (${run.database}), each read open loop for ${SECONDS} s, same api process`,
    );
    if (run.seeded)
      console.log(`  seeded now in ${(run.seeded.ms / 1000).toFixed(0)} s: ${JSON.stringify(run.seeded.counts)}`);
    console.table(
      Object.fromEntries(
        run.reads.map((r) => {
          const cmds = Object.values(r.profile.commands).reduce((a, b) => a + b, 0);
          return [
            r.name,
            {
              'req/s': r.skipped ? `${r.rate}: not run, 1/s shown` : r.rate,
              p50: ms(r.load.p50),
              p99: ms(r.load.p99),
              'timeouts (10 s)': r.load.timeouts,
              'not sent (saturated)': r.load.unsent,
              errors: r.load.errors,
              'FerretDB cmds/req': (cmds / r.load.sent).toFixed(1),
              'FerretDB CPU ms/req': ((r.profile.cpuMs.ferretdb ?? NaN) / r.load.sent).toFixed(1),
              'api CPU ms/req': ((r.profile.cpuMs.api ?? NaN) / r.load.sent).toFixed(1),
              target: r.name.startsWith('GET /health') ? '' : `p99 ≤ 50 ms ${verdict(!r.skipped && r.load.p99 <= 50)}`,
            },
          ];
        }),
      ),
    );
    console.table(
      Object.fromEntries(
        run.sweeps.map((s) => [
          s.task,
          {
            'ms per tick': s.ms.map((x) => Math.round(x)).join(' / '),
            target: `≤ 1 s ${verdict(Math.max(...s.ms) <= 1000)}`,
            result: JSON.stringify(s.result ?? null).slice(0, 80),
          },
        ]),
      ),
    );
  }
  if (runs.length < 2) {
    console.log('1× → 10×: not measured (HUOBAN_BENCH_SCALE=10x runs the 10× dataset too; its first seeding is long)');
    return;
  }
  const [one, ten] = runs;
  console.table(
    Object.fromEntries(
      one.reads
        .filter((r) => !r.name.startsWith('GET /health'))
        .map((r) => {
          const t = ten.reads.find((x) => x.name === r.name)!;
          const ratio = t.load.p99 / r.load.p99;
          return [
            r.name,
            {
              '1× p99': ms(r.load.p99),
              '10× p99': ms(t.load.p99),
              ratio: ratio.toFixed(2),
              target: `≤ 1.5 ${verdict(ratio <= 1.5)}`,
            },
          ];
        }),
    ),
  );
}
