/**
 * What the chaos scenarios share: their figures (value, mark, ok) and the steps they take on the running cluster
 * (complaints registered or inserted due, the bot logged out and in, breaches counted and timed).
 */
import { Types } from 'mongoose';
import { QueueName, WorkCalendar, createQueue, models, redisConnection, slaJobId, stagePlan } from '@huoban/core';
import { H, sleep, until, type Cluster, type Probe } from './cluster.js';

export interface Figure {
  scenario: string;
  figure: string;
  value: string;
  mark: string;
  ok: boolean;
}

export interface Ctx {
  c: Cluster;
  short: boolean;
  programmeId: string;
  /** a fresh partner for one scenario */
  partner(tag: string): Promise<string>;
}

export type Scenario = { name: string; run: (ctx: Ctx) => Promise<Figure[]> };

export const REBUILD_MS = 60_000;

export const fig = (scenario: string, figure: string, value: number | string, mark: string, ok: boolean): Figure => ({
  scenario,
  figure,
  value: String(value),
  mark,
  ok,
});
export const zero = (s: string, f: string, n: number) => fig(s, f, n, '0', n === 0);
export const atMost = (s: string, f: string, ms: number, limit: number) =>
  fig(s, f, `${(ms / 1000).toFixed(1)} s`, `≤ ${limit / 1000} s`, ms <= limit);
export const requestFigures = (s: string, p: Probe): Figure[] => [
  fig(s, 'requests (status×count)', p.summary() || '-', 'no 5xx but 503', p.count(500) === 0),
  zero(s, 'requests answered 500', p.count(500)),
  fig(s, 'slowest request', `${(p.maxMs / 1000).toFixed(1)} s`, '≤ 5 s', p.hung === 0),
];

/** Losses and doubles of breaches, score events, audit entries, notices and posts for complaints that fell due. */
export async function breachFigures(
  s: string,
  c: Cluster,
  ids: string[],
  dueOf: (id: string) => number,
  settleMs: number,
  /** lateness is counted from max(dueAt, since) — e.g. the instant a lost store returned */
  since = 0,
): Promise<Figure[]> {
  const all = await until(async () => (await c.breaches(ids)).size >= ids.length, settleMs);
  const breaches = await c.breaches(ids);
  const { events, audits } = await c.perComplaint(ids);
  const noticeIds = ids.map((id) => `sla-${id}-breach`);
  await until(async () => (await c.delivered(noticeIds)).size >= ids.length, all ? settleMs : 5_000);
  const delivered = await c.delivered(noticeIds);
  const posts = c.posts().filter((p) => p.startsWith('sla-') && noticeIds.includes(p));
  const postCount = new Map<string, number>();
  for (const p of posts) postCount.set(p, (postCount.get(p) ?? 0) + 1);
  let late = 0;
  for (const [id, b] of breaches) late = Math.max(late, b.recordedAt.getTime() - Math.max(dueOf(id), since));
  return [
    fig(s, 'breaches recorded', `${breaches.size}/${ids.length}`, 'all', breaches.size === ids.length),
    zero(s, 'breaches lost', ids.length - breaches.size),
    zero(
      s,
      'doubled score events / audit entries',
      [...events.values(), ...audits.values()].filter((n) => n > 1).length,
    ),
    zero(s, 'lost score events', ids.filter((id) => breaches.has(id) && !events.has(id)).length),
    atMost(s, 'worst breach lateness', late, REBUILD_MS),
    fig(s, 'notices delivered', `${delivered.size}/${ids.length}`, 'all', delivered.size === ids.length),
    zero(s, 'notices posted twice', [...postCount.values()].filter((n) => n > 1).length),
  ];
}

/** Complaints straight into MongoDB with their timers in Redis (as the api would), for large bursts. */
export async function insertDue(ctx: Ctx, partnerId: string, n: number, firstDue: number, spreadMs: number) {
  const m = models(ctx.c.db);
  const cal = new WorkCalendar();
  const window = { start: '00:00', end: '24:00', days: 'all' as const };
  const docs = Array.from({ length: n }, (_, i) => {
    const dueAt = new Date(firstDue + Math.floor((i * spreadMs) / n));
    return {
      _id: new Types.ObjectId(),
      no: `CHAOS-${ctx.c.id}-${partnerId.slice(-6)}-${i}`,
      programmeId: new Types.ObjectId(ctx.programmeId),
      partnerId: new Types.ObjectId(partnerId),
      kind: 'ordinary',
      channel: 'hotline_10086',
      summary: '故障注入测试投诉',
      receivedAt: new Date(dueAt.getTime() - 12 * H),
      dueAt,
      calendarVersion: cal.version,
      window,
      slaHours: 12,
      warningMinutes: [],
      status: 'open',
      createdBy: 'chaos',
    };
  });
  for (let i = 0; i < docs.length; i += 500) await m.Complaint.insertMany(docs.slice(i, i + 500));
  const redis = redisConnection(ctx.c.redis.url);
  const sla = createQueue(QueueName.Sla, redis, ctx.c.env.HUOBAN_QUEUE_PREFIX!);
  const jobs = docs.flatMap((d) =>
    stagePlan({ dueAt: d.dueAt, window, warningMinutes: [] }, cal).map(({ stage, at }) => ({
      name: stage,
      data: { complaintId: String(d._id), stage, dueAt: d.dueAt.toISOString() },
      opts: { jobId: slaJobId(String(d._id), stage), delay: Math.max(0, at.getTime() - Date.now()) },
    })),
  );
  for (let i = 0; i < jobs.length; i += 500) await sla.addBulk(jobs.slice(i, i + 500));
  await sla.close();
  redis.disconnect();
  return new Map(docs.map((d) => [String(d._id), d.dueAt.getTime()]));
}

/** Registers `n` complaints through the api, `parallel` at a time; returns id → dueAt. */
export async function registerMany(
  ctx: Ctx,
  partnerId: string,
  n: number,
  dueIn: (i: number) => number,
  o: { apis?: string[]; probe?: Probe; tag?: string } = {},
) {
  const due = new Map<string, number>();
  let next = 0;
  const one = async () => {
    for (let i = next++; i < n; i = next++) {
      const api = o.apis?.[i % o.apis.length];
      const key = `${o.tag ?? 'reg'}-${ctx.c.id}-${partnerId}-${i}`;
      // one request, however often it is sent: the same key and the same body
      const receivedAt = new Date(Date.now() - 12 * H + dueIn(i)).toISOString();
      const req = { key, probe: o.probe, summary: `故障注入 ${key}`, receivedAt };
      // a client that retries (another api, the same key) — the registration must exist once
      for (let attempt = 0; attempt < 20; attempt++) {
        const r = await ctx.c.register(partnerId, 0, { ...req, api });
        if (r.status === 201) {
          due.set(r.body.id, new Date(r.body.dueAt).getTime());
          if (o.apis && o.apis.length > 1) {
            const again = await ctx.c.register(partnerId, 0, { ...req, api: o.apis[(i + 1) % o.apis.length] });
            if (again.status === 201 && again.body.id !== r.body.id) due.set(again.body.id, due.get(r.body.id)!);
          }
          break;
        }
        await sleep(500);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, one));
  return due;
}

export async function countComplaints(ctx: Ctx, partnerId: string) {
  return ctx.c.db.collection('complaints').countDocuments({ partnerId: new Types.ObjectId(partnerId) });
}

export async function botLogout(c: Cluster, out: boolean) {
  const bot = c.procs.get('bot')!;
  const marker = out ? 'logged out: notices wait' : 'logged in again';
  const before = bot.output().split(marker).length;
  bot.child.kill('SIGUSR2');
  await until(async () => bot.output().split(marker).length > before, 10_000, 50);
}

/** A fresh partner of a scenario whose notices must wait: the bot is logged out once the partner exists. */
export async function partnerWhileBotAway(ctx: Ctx, letter: string): Promise<string> {
  const partnerId = await ctx.partner(letter);
  await botLogout(ctx.c, true);
  return partnerId;
}

export function printTable(rows: Figure[]): string {
  const head = ['scenario', 'figure', 'value', 'mark', ''];
  const cells = rows.map((r) => [r.scenario, r.figure, r.value, r.mark, r.ok ? 'ok' : 'MISS']);
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]!))));
  const line = (c: string[]) => '| ' + c.map((x, i) => x + ' '.repeat(widths[i]! - width(x))).join(' | ') + ' |';
  return [line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.map(line)].join('\n');
}
