/**
 * The fault-injection harness: a Redis and a FerretDB of its own (so it may flush, stop and kill them), and the
 * real processes — api(s), worker(s), the bot on the mock puppet — started and killed by name.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { connectMongo, redisConnection } from '@huoban/core';
import { ferretDaemon, freePort, freeStablePort, redisDaemon, type Daemon } from '@huoban/core/testing';
import { ROOT, startProcess, waitFor, type Proc } from '../support/system.js';

export const H = 3_600_000;
export const ROOM = '伙伴运营值班群';
/** a request slower than this is a hang (issue #8 mark) */
export const HANG_MS = 5_000;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What every request of a scenario answered: statuses, the slowest, the ones that hung. */
export class Probe {
  statuses = new Map<number, number>();
  maxMs = 0;
  hung = 0;
  record(status: number, ms: number) {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    this.maxMs = Math.max(this.maxMs, ms);
    if (ms > HANG_MS) this.hung++;
  }
  count(status: number) {
    return this.statuses.get(status) ?? 0;
  }
  get total() {
    return [...this.statuses.values()].reduce((a, b) => a + b, 0);
  }
  summary() {
    return [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s === 0 ? 'aborted' : s}×${n}`)
      .join(' ');
  }
}

export interface CallResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are read field by field
  body: any;
  ms: number;
}

export interface ClusterOptions {
  /** short: the worker's periodic tasks run every few seconds instead of the production defaults */
  short: boolean;
}

export class Cluster {
  readonly id = randomBytes(4).toString('hex');
  readonly procs = new Map<string, Proc>();
  readonly ports = new Map<string, number>();
  private readonly starts = new Map<string, number>();
  env: Record<string, string> = {};
  db!: Connection;
  staff = '';
  probe = new Probe();

  private constructor(
    readonly redis: Daemon,
    readonly mongo: Daemon,
    readonly opts: ClusterOptions,
    /** FerretDB's SQLite files */ readonly mongoDir: string,
  ) {}

  static async create(opts: ClusterOptions): Promise<Cluster> {
    const dir = join(ROOT, '.data', 'chaos');
    const redisPort = Number(process.env.HUOBAN_CHAOS_REDIS_PORT ?? (await freeStablePort()));
    const mongoPort = Number(process.env.HUOBAN_CHAOS_MONGO_PORT ?? (await freeStablePort()));
    const mongoDir = join(dir, `ferretdb-${mongoPort}`);
    const c = new Cluster(
      redisDaemon(redisPort, join(dir, `redis-${redisPort}`)),
      // its output is kept: a restart that comes back broken must say why
      ferretDaemon(mongoPort, mongoDir, undefined, join(ROOT, 'test-artifacts', 'chaos-ferretdb.log')),
      opts,
      mongoDir,
    );
    await Promise.all([c.redis.start(), c.mongo.start()]);
    const mongoUrl = `${c.mongo.url}/huoban_chaos_${c.id}`;
    c.env = {
      HUOBAN_MONGO_URL: mongoUrl,
      HUOBAN_REDIS_URL: c.redis.url,
      HUOBAN_QUEUE_PREFIX: `chaos-${c.id}`,
      HUOBAN_JWT_SECRET: randomBytes(24).toString('hex'),
      HUOBAN_SERVICE_KEY: randomBytes(16).toString('hex'),
      HUOBAN_ADMIN_USER: 'admin',
      HUOBAN_ADMIN_PASSWORD: 'chaos-admin-pass',
      HUOBAN_DEV_LOGIN: 'true',
      WECHATY_PUPPET: 'wechaty-puppet-mock',
      HUOBAN_BOT_ROOMS: ROOM,
      HUOBAN_BOT_THROTTLE_MS: '5',
      ...(opts.short && {
        HUOBAN_SWEEP_EVERY_MS: '5000',
        HUOBAN_SCHEDULE_ASSERT_MS: '3000',
        HUOBAN_OUTBOX_EVERY_MS: '2000',
        HUOBAN_RECOVER_EVERY_MS: '3000',
      }),
    };
    c.db = await connectMongo(mongoUrl);
    return c;
  }

  /** Starts (or restarts) a process: `api`, `api2`, `worker`, `worker2`, `bot`. */
  async start(name: string): Promise<Proc> {
    const kind = name.replace(/\d+$/, '');
    let port = this.ports.get(name);
    if (kind === 'api' && port === undefined) {
      port = await freePort();
      this.ports.set(name, port);
    }
    const env = {
      ...this.env,
      ...(port !== undefined && { PORT: String(port) }),
      HUOBAN_API_URL: `http://127.0.0.1:${this.ports.get('api') ?? 3000}`,
    };
    // one log per start (test-artifacts/chaos-<name>-<n>.log): a killed process keeps its last words
    const n = (this.starts.get(name) ?? 0) + 1;
    this.starts.set(name, n);
    const old = this.procs.get(name);
    if (old && kind === 'bot')
      this.deadBotPosts.push(...[...old.output().matchAll(/\[bot\] posted (\S+) to /g)].map((m) => m[1]!));
    const proc = startProcess(`chaos-${name}-${n}`, `${kind}/dist/main.js`, env);
    this.procs.set(name, proc);
    // never outlive the runner (a timed-out test run exits without its cleanup)
    const reap = () => proc.child.kill('SIGKILL');
    process.once('exit', reap);
    proc.child.once('exit', () => process.off('exit', reap));
    const dead = () => {
      if (proc.child.exitCode !== null) throw new Error(`${name} exited: ${proc.output().slice(-1500)}`);
    };
    if (kind === 'api')
      await waitFor(
        `${name} /health`,
        async () => (dead(), (await fetch(`http://127.0.0.1:${port}/health`)).ok),
        60_000,
      );
    if (kind === 'worker')
      await waitFor(`${name} start`, async () => (dead(), proc.output().includes('started')), 60_000);
    if (kind === 'bot') await waitFor(`${name} login`, async () => (dead(), proc.output().includes('已登录')), 60_000);
    return proc;
  }

  /** kill -9 (or another signal) and wait for the exit. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.procs.get(name);
    if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    const exited = new Promise((r) => proc.child.once('exit', r));
    proc.child.kill(signal);
    await exited;
  }

  async stopProc(name: string): Promise<void> {
    await this.procs.get(name)?.stop();
    this.procs.delete(name);
  }

  /** One HTTP call to an api process; never throws: a refused or cut connection is status 0. */
  async call(
    method: string,
    path: string,
    o: { body?: unknown; token?: string; headers?: Record<string, string>; api?: string; probe?: Probe } = {},
  ): Promise<CallResult> {
    const port = this.ports.get(o.api ?? 'api');
    const t0 = Date.now();
    let status = 0;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let body: any;
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: {
          ...(o.body !== undefined && { 'content-type': 'application/json' }),
          ...(o.token && { authorization: `Bearer ${o.token}` }),
          ...o.headers,
        },
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        signal: AbortSignal.timeout(20_000),
      });
      status = res.status;
      const text = await res.text();
      body = text ? JSON.parse(text) : undefined;
    } catch {
      status = 0;
    }
    const ms = Date.now() - t0;
    (o.probe ?? this.probe).record(status, ms);
    return { status, body, ms };
  }

  async login(): Promise<string> {
    const r = await this.call('POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'chaos-admin-pass' },
    });
    if (r.status !== 201 && r.status !== 200) throw new Error(`staff login: ${r.status} ${JSON.stringify(r.body)}`);
    this.staff = r.body.accessToken;
    return this.staff;
  }

  /** A programme with the all-day window (the run does not depend on the hour) and no warnings. */
  async programme(code: string, rulebook: 'scorecard' | 'credit' = 'scorecard'): Promise<string> {
    const r = await this.call('POST', '/api/v1/programmes', {
      token: this.staff,
      body: {
        code,
        name: `故障注入计划 ${code}`,
        rulebook,
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [],
      },
    });
    if (r.status !== 201) throw new Error(`programme: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  }

  async partner(programmeId: string, code: string): Promise<string> {
    const r = await this.call('POST', '/api/v1/partners', {
      token: this.staff,
      body: { code, name: `故障注入伙伴${code}有限公司`, programmeId },
    });
    if (r.status !== 201) throw new Error(`partner: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  }

  /** Registers a complaint through the api that falls due `dueInMs` from now (12 working hours, all-day window). */
  register(
    partnerId: string,
    dueInMs: number,
    o: { key?: string; api?: string; probe?: Probe; summary?: string; receivedAt?: string } = {},
  ) {
    return this.call('POST', '/api/v1/complaints', {
      token: this.staff,
      api: o.api,
      probe: o.probe,
      headers: o.key ? { 'Idempotency-Key': o.key } : {},
      body: {
        partnerId,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: o.summary ?? '故障注入测试投诉',
        receivedAt: o.receivedAt ?? new Date(Date.now() - 12 * H + dueInMs).toISOString(),
      },
    });
  }

  // ---- what MongoDB holds (the truth the marks are read from) ----

  async breaches(ids: string[]): Promise<Map<string, { at: Date; recordedAt: Date }>> {
    const docs = await this.db
      .collection('sla_breaches')
      .find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } })
      .toArray();
    return new Map(docs.map((d) => [String(d._id), { at: d.at as Date, recordedAt: d.recordedAt as Date }]));
  }

  /** per complaint: FT-12 score events, breach audit entries, outbox entries */
  async perComplaint(ids: string[]) {
    const set = new Set(ids);
    const events = await this.db
      .collection('score_events')
      .find({ 'source.id': { $in: ids }, rule: 'FT-12' }, { projection: { 'source.id': 1, points: 1 } })
      .toArray();
    const audits = await this.db
      .collection('audit_log')
      .find({ entityId: { $in: ids }, action: 'complaint.sla_breached' }, { projection: { entityId: 1 } })
      .toArray();
    const count = (xs: string[]) => {
      const m = new Map<string, number>();
      for (const x of xs) if (set.has(x)) m.set(x, (m.get(x) ?? 0) + 1);
      return m;
    };
    return {
      events: count(events.filter((e) => e.points < 0).map((e) => String(e.source.id))),
      audits: count(audits.map((a) => String(a.entityId))),
    };
  }

  /** noticeIds recorded in `bot_deliveries` (posted to the room), with the first post's time */
  async delivered(noticeIds: string[]): Promise<Map<string, Date>> {
    const docs = await this.db
      .collection('bot_deliveries')
      .find({ noticeId: { $in: noticeIds } }, { projection: { noticeId: 1, sentAt: 1 } })
      .toArray();
    const m = new Map<string, Date>();
    for (const d of docs) if (!m.has(d.noticeId) || d.sentAt < m.get(d.noticeId)!) m.set(d.noticeId, d.sentAt);
    return m;
  }

  async outbox(noticeIds: string[]) {
    return this.db
      .collection('outbox')
      .find({ _id: { $in: noticeIds as never[] } })
      .toArray() as unknown as Promise<{ _id: string; createdAt: Date; deliveredAt: Date | null }[]>;
  }

  /** posts the bot made, read from its log in order: noticeId per line (`[bot] posted <id> to <room>`) */
  posts(): string[] {
    const lines: string[] = [];
    for (const [name, p] of this.procs) {
      if (!name.startsWith('bot')) continue;
      for (const m of p.output().matchAll(/\[bot\] posted (\S+) to /g)) lines.push(m[1]!);
    }
    return [...this.deadBotPosts, ...lines];
  }
  /** posts of bot processes that were restarted (their output is kept here) */
  deadBotPosts: string[] = [];

  /**
   * What the FerretDB process holds now (the DB-stop loop's per-cycle evidence): its open files, threads and memory,
   * the TCP sockets on its port by state (server side), and the size of its SQLite files.
   */
  storeStats() {
    const pid = this.mongo.pid();
    const proc = (f: string) => {
      try {
        return readFileSync(`/proc/${pid}/${f}`, 'utf8');
      } catch {
        return '';
      }
    };
    let fds = 0;
    try {
      fds = pid ? readdirSync(`/proc/${pid}/fd`).length : 0;
    } catch {
      // gone
    }
    const status = proc('status');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    // /proc/net/tcp: `sl local rem st …`, addresses as HEXIP:HEXPORT; 01 established, 06 time-wait, 08 close-wait
    const port = this.mongo.port.toString(16).toUpperCase().padStart(4, '0');
    const sockets = { established: 0, timeWait: 0, closeWait: 0, other: 0 };
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
      const [, local, , st] = line.trim().split(/\s+/);
      if (!local?.endsWith(`:${port}`) || st === '0A') continue; // this port's server side, not the listener
      if (st === '01') sockets.established++;
      else if (st === '06') sockets.timeWait++;
      else if (st === '08') sockets.closeWait++;
      else sockets.other++;
    }
    const files = readdirSync(this.mongoDir).map((f) => ({ f, size: statSync(join(this.mongoDir, f)).size }));
    const mb = (n: number) => Math.round(n / 104857.6) / 10;
    return {
      fds,
      threads: field('Threads'),
      rssMB: mb(field('VmRSS') * 1024),
      sockets,
      sqliteMB: mb(files.filter((x) => x.f.endsWith('.sqlite')).reduce((a, x) => a + x.size, 0)),
      walMB: mb(files.filter((x) => x.f.endsWith('-wal')).reduce((a, x) => a + x.size, 0)),
    };
  }

  async flushRedis(): Promise<void> {
    const r = redisConnection(this.redis.url);
    await r.flushall();
    r.disconnect();
  }

  async close(): Promise<void> {
    await Promise.all([...this.procs.keys()].map((n) => this.stopProc(n)));
    await this.db.dropDatabase().catch(() => undefined);
    await this.db.close().catch(() => undefined);
    await this.redis.destroy();
    await this.mongo.destroy();
  }
}

/** Counts how many later items come before earlier ones (0 = in order). `order` gives each item its rank. */
export function inversions<T>(seq: T[], rank: (x: T) => number): number {
  let n = 0;
  for (let i = 1; i < seq.length; i++) if (rank(seq[i]!) < rank(seq[i - 1]!)) n++;
  return n;
}

/** For each inversion, how far apart (ms of rank) the two items were produced. */
export function gaps<T>(seq: T[], rank: (x: T) => number): number[] {
  const out: number[] = [];
  for (let i = 1; i < seq.length; i++)
    if (rank(seq[i]!) < rank(seq[i - 1]!)) out.push(rank(seq[i - 1]!) - rank(seq[i]!));
  return out;
}

export async function until<T>(probe: () => Promise<T | undefined | null | false>, ms: number, every = 250) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) return undefined;
    await sleep(every);
  }
}
