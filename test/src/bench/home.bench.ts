/**
 * Partner home latency: `GET /api/v1/scorecards/me` (what the mini-program's 我的评分 home calls) at a fixed
 * request rate, next to `/health` on the same api process in the same run. Open loop: requests leave on a fixed
 * schedule whatever the answers, and each latency counts from the scheduled instant (no coordinated omission).
 */
import { Agent, request } from 'node:http';
import { Types } from 'mongoose';
import { WorkCalendar, connectMongo, models, parsePeriod, periodOf, slaDeadline } from '@huoban/core';
import { startSystem, type System } from '../support/system.js';
import { probe } from './profile.js';
import { percentiles, type Lateness } from './sla.bench.js';

const RATE = Number(process.env.HUOBAN_BENCH_HOME_RPS ?? 200);
const SECONDS = Number(process.env.HUOBAN_BENCH_HOME_S ?? 20);
/** the seeded programme: partners, each with complaints received this half-year (some escalated, some answered) */
const PARTNERS = Number(process.env.HUOBAN_BENCH_HOME_PARTNERS ?? 20);
const COMPLAINTS = Number(process.env.HUOBAN_BENCH_HOME_COMPLAINTS ?? 10);
const API_PORT = Number(process.env.HUOBAN_BENCH_API_PORT ?? 3190);

export interface LoadResult extends Lateness {
  sent: number;
  ok: number;
  errors: number;
  /** requests not answered within TIMEOUT_MS (counted in the percentiles as TIMEOUT_MS: a lower bound) */
  timeouts: number;
  /** of the timeouts, requests never sent: the loop stopped once one waited STOP_AFTER_MS unanswered */
  unsent: number;
}

/** A saturated server must not stretch the phase without end: at most this long per request, this many sockets. */
const TIMEOUT_MS = 10_000;
const SOCKETS = 64;
/**
 * Once a request has waited this long unanswered the loop stops sending: the server is saturated, and every further
 * request would only queue work it goes on doing after the client gave up (the store stays busy, and the reads
 * measured after it would measure that backlog). The requests not sent count as timeouts (`unsent` of them).
 */
const STOP_AFTER_MS = Number(process.env.HUOBAN_BENCH_STOP_AFTER_MS ?? 2000);

/**
 * Fires `rate` GETs per second for `seconds` and reports latency percentiles. Requests beyond `SOCKETS` in flight
 * wait in the client's queue (their wait counts); one not answered within `TIMEOUT_MS` is abandoned and counted;
 * once one has waited `STOP_AFTER_MS` no more are sent.
 */
export async function openLoop(url: string, headers: Record<string, string>, rate: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS });
  const latencies: number[] = [];
  let errors = 0;
  let timeouts = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now() + 50;
  const inflight: Promise<void>[] = [];
  const waiting = new Set<number>(); // the scheduled instants of the requests not answered yet
  const one = (scheduled: number) =>
    new Promise<void>((done) => {
      let finished = false;
      waiting.add(scheduled);
      const finish = (outcome: 'ok' | 'error' | 'timeout') => {
        if (finished) return;
        finished = true;
        waiting.delete(scheduled);
        clearTimeout(timer);
        if (outcome === 'ok') latencies.push(performance.now() - scheduled);
        else if (outcome === 'timeout') {
          timeouts++;
          latencies.push(TIMEOUT_MS);
        } else errors++;
        done();
      };
      const req = request(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode === 200 ? 'ok' : 'error'));
      });
      const timer = setTimeout(
        () => {
          finish('timeout');
          req.destroy();
        },
        TIMEOUT_MS - (performance.now() - scheduled),
      );
      req.on('error', () => finish('error'));
      req.end();
    });
  const saturated = () => {
    for (const at of waiting) return performance.now() - at > STOP_AFTER_MS; // the oldest (insertion order)
    return false;
  };
  let sent = 0;
  for (; sent < total && !saturated(); sent++) {
    const at = start + (sent * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(one(at));
  }
  const unsent = total - sent;
  await Promise.all(inflight);
  agent.destroy();
  for (let i = 0; i < unsent; i++) latencies.push(TIMEOUT_MS); // not sent: saturated (above)
  timeouts += unsent;
  const ok = latencies.length - timeouts;
  return { ...percentiles(latencies.length ? latencies : [NaN]), sent, ok, errors, timeouts, unsent };
}

export async function seedForProbe(sys: System): Promise<string> {
  const staff = await sys.staffToken();
  const call = async (path: string, body: unknown) => {
    const r = await sys.call('POST', `/api/v1${path}`, { token: staff, body });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string; code: string };
  };
  const window = { start: '00:00', end: '24:00', days: 'all' as const };
  const programme = await call('/programmes', {
    code: 'bench-home',
    name: '基准测试计划',
    rulebook: 'scorecard',
    complaintWindow: window,
    slaHours: 12,
    warningMinutes: [],
  });
  const partners = [];
  for (let p = 0; p < PARTNERS; p++)
    partners.push(await call('/partners', { code: `HOME${p}`, name: `基准伙伴${p}`, programmeId: programme.id }));
  // complaints go straight into MongoDB (the shape the api stores), spread over this half-year up to now
  const conn = await connectMongo(sys.mongoUrl);
  const cal = new WorkCalendar();
  const now = Date.now();
  const periodStart = parsePeriod(periodOf(now))!.start.getTime();
  const docs = partners.flatMap((partner, p) =>
    Array.from({ length: COMPLAINTS }, (_, i) => {
      const receivedAt = new Date(periodStart + ((now - periodStart - 86_400_000) * (i + 1)) / (COMPLAINTS + 1));
      const { dueAt, provisional } = slaDeadline(receivedAt, 12, window, cal);
      const answered = i % 3 !== 0;
      const replyAt = new Date(receivedAt.getTime() + (i % 2 ? 3_600_000 : 20 * 3_600_000));
      return {
        _id: new Types.ObjectId(),
        no: `HOME-${p}-${i}`,
        programmeId: new Types.ObjectId(programme.id),
        partnerId: new Types.ObjectId(partner.id),
        kind: i % 5 === 4 ? 'escalated' : 'ordinary',
        channel: 'hotline_10086',
        summary: '客户反映业务扣费异常，要求核实并退费',
        receivedAt,
        dueAt,
        provisional,
        calendarVersion: cal.version,
        window,
        slaHours: 12,
        warningMinutes: [],
        status: answered ? 'closed' : 'open',
        replies: answered
          ? [{ _id: new Types.ObjectId(), at: replyAt, text: '已联系客户并处理', by: 'partner', verdict: 'effective' }]
          : [],
        effectiveReplyAt: answered ? replyAt : null,
        breachedAt: !answered || replyAt > dueAt ? dueAt : null,
        slaSettled: true,
        warningsSent: [],
        createdBy: 'bench',
        rev: 1,
        createdAt: receivedAt,
        updatedAt: receivedAt,
      };
    }),
  );
  for (let i = 0; i < docs.length; i += 1000) await models(conn).Complaint.insertMany(docs.slice(i, i + 1000));
  await conn.close();
  const login = await sys.call('POST', '/api/v1/auth/partner/dev-login', { body: { partnerCode: partners[0].code } });
  if (login.status !== 201 && login.status !== 200) throw new Error(`dev-login: ${login.status}`);
  return login.body.accessToken as string;
}

export async function runHomeBench() {
  const sys = await startSystem({
    apiPort: API_PORT,
    webPort: API_PORT + 1,
    bot: false,
    web: false,
    extraEnv: { HUOBAN_SWEEP_EVERY_MS: '600000' },
  });
  try {
    const token = await seedForProbe(sys);
    const home = `${sys.apiUrl}/api/v1/scorecards/me`;
    const auth = { authorization: `Bearer ${token}` };
    const first = await sys.call('GET', '/api/v1/scorecards/me', { token });
    if (first.status !== 200) throw new Error(`scorecards/me: ${first.status} ${JSON.stringify(first.body)}`);
    for (let i = 0; i < 20; i++) await sys.call('GET', '/api/v1/scorecards/me', { token }); // warm-up, one at a time
    const health = await openLoop(`${sys.apiUrl}/health`, {}, RATE, SECONDS);
    const api = sys.procs.find((p) => p.name === 'api')?.child.pid;
    const measured = await probe({ api }, Number(new URL(sys.mongoUrl).port));
    const me = await openLoop(home, auth, RATE, SECONDS);
    const profile = await measured();
    return { rate: RATE, seconds: SECONDS, partners: PARTNERS, complaints: PARTNERS * COMPLAINTS, health, me, profile };
  } finally {
    await sys.stop();
  }
}
