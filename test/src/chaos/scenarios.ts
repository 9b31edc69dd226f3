/**
 * The fault-injection scenarios of issue #8. Each one injects its fault into the running cluster, waits (bounded)
 * for the system to settle and returns its figures with their marks: 0 lost, 0 doubled, timers and notices
 * rebuilt ≤ 60 s, 0 × 500, no request longer than 5 s. Sizes: `full` for `npm run chaos`, `short` for `npm test`.
 */
import { Types } from 'mongoose';
import { H, Probe, ROOM, gaps, inversions, sleep, until } from './cluster.js';
import {
  REBUILD_MS,
  atMost,
  botLogout,
  breachFigures,
  countComplaints,
  fig,
  insertDue,
  partnerWhileBotAway,
  registerMany,
  requestFigures,
  zero,
  type Scenario,
} from './steps.js';

export { printTable, type Ctx, type Figure, type Scenario } from './steps.js';

// ---------------------------------------------------------------------------------------------------------------

export const scenarios: Scenario[] = [
  {
    name: 'worker kill -9 during breaches',
    async run(ctx) {
      const s = this.name;
      const n = ctx.short ? 60 : 1000;
      const partnerId = await ctx.partner('K');
      const spread = ctx.short ? 3_000 : 10_000;
      const first = Date.now() + (ctx.short ? 4_000 : 8_000);
      const due = await insertDue(ctx, partnerId, n, first, spread);
      // once between batches (before the first deadline passes its batch), once inside the burst
      await sleep(Math.max(0, first + spread * 0.3 - Date.now()));
      await ctx.c.kill('worker');
      await sleep(500);
      await ctx.c.start('worker');
      await sleep(Math.max(0, first + spread * 0.7 - Date.now()));
      await ctx.c.kill('worker');
      await ctx.c.start('worker');
      return breachFigures(s, ctx.c, [...due.keys()], (id) => due.get(id)!, ctx.short ? 60_000 : 120_000);
    },
  },
  {
    name: 'two workers and two apis on one store',
    async run(ctx) {
      const s = this.name;
      const n = ctx.short ? 20 : 200;
      await Promise.all([ctx.c.start('api2'), ctx.c.start('worker2')]);
      try {
        const partnerId = await ctx.partner('D');
        const probe = new Probe();
        const due = await registerMany(ctx, partnerId, n, (i) => 5_000 + (i % 10) * 300, {
          apis: ['api', 'api2'],
          probe,
          tag: 'two',
        });
        const stored = await countComplaints(ctx, partnerId);
        return [
          fig(s, 'registrations (each sent to both apis, one key)', `${stored} stored for ${n}`, `${n}`, stored === n),
          ...requestFigures(s, probe),
          ...(await breachFigures(s, ctx.c, [...due.keys()], (id) => due.get(id)!, 60_000)),
        ];
      } finally {
        await Promise.all([ctx.c.stopProc('api2'), ctx.c.stopProc('worker2')]);
      }
    },
  },
  {
    name: 'Redis FLUSHALL',
    async run(ctx) {
      const s = this.name;
      const k = ctx.short ? 5 : 40;
      const n = ctx.short ? 10 : 40;
      // notices queued and not delivered yet (the bot is logged out), then timers still ahead
      const partnerId = await partnerWhileBotAway(ctx, 'F');
      const queued = await registerMany(ctx, partnerId, k, () => 500, { tag: 'flush-q' });
      await until(async () => (await ctx.c.breaches([...queued.keys()])).size >= k, 30_000);
      const ahead = await registerMany(ctx, partnerId, n, (i) => 12_000 + i * 200, { tag: 'flush-t' });
      const t0 = Date.now();
      await ctx.c.flushRedis();
      await botLogout(ctx.c, false);
      const ids = [...queued.keys(), ...ahead.keys()];
      const figures = await breachFigures(s, ctx.c, ids, (id) => (queued.get(id) ?? ahead.get(id))!, 90_000);
      const queuedIds = [...queued.keys()].map((id) => `sla-${id}-breach`);
      const sent = await ctx.c.delivered(queuedIds);
      const rebuilt = Math.max(...queuedIds.map((n) => (sent.has(n) ? sent.get(n)!.getTime() - t0 : Infinity)));
      return [...figures, atMost(s, 'notices queued before the flush delivered after it', rebuilt, REBUILD_MS)];
    },
  },
  {
    name: 'Redis stopped',
    async run(ctx) {
      const s = this.name;
      const outage = ctx.short ? 6_000 : 20_000;
      const partnerId = await ctx.partner('R');
      const before = await registerMany(ctx, partnerId, ctx.short ? 5 : 20, (i) => 4_000 + i * 300, { tag: 'rs-b' });
      const probe = new Probe();
      await ctx.c.redis.stop();
      const t0 = Date.now();
      const during = new Map<string, number>();
      let i = 0;
      while (Date.now() - t0 < outage) {
        const key = `rs-d-${ctx.c.id}-${i}`;
        const r = await ctx.c.register(partnerId, 3_000, { key, probe, summary: `故障注入 ${key}` });
        if (r.status === 201) during.set(r.body.id, new Date(r.body.dueAt).getTime());
        i++;
        await sleep(500);
      }
      const health = await ctx.c.call('GET', '/health', { probe });
      await ctx.c.redis.start();
      const t1 = Date.now();
      const sent = i;
      const stored = (await countComplaints(ctx, partnerId)) - before.size;
      const ids = [...before.keys(), ...during.keys()];
      const dueOf = (id: string) => (before.get(id) ?? during.get(id))!;
      return [
        fig(
          s,
          'registrations during the outage',
          `${during.size}×201 of ${sent}, ${stored} stored`,
          'all, once',
          during.size === sent && stored === sent,
        ),
        fig(s, 'readiness during the outage', health.status, '503', health.status === 503),
        ...requestFigures(s, probe),
        ...(await breachFigures(s, ctx.c, ids, dueOf, 90_000, t1)),
      ];
    },
  },
  {
    name: 'FerretDB stopped under load',
    async run(ctx) {
      const s = this.name;
      const outage = ctx.short ? 8_000 : 30_000;
      const partnerId = await ctx.partner('M');
      const due = await registerMany(ctx, partnerId, ctx.short ? 5 : 20, (i) => 3_000 + i * ((outage - 2_000) / 20), {
        tag: 'db-b',
      });
      const probe = new Probe();
      let stop = false;
      let stoppedAt = 0;
      let abandoned = 0;
      let logical = 0;
      const load = async () => {
        while (!stop) {
          await ctx.c.call('GET', `/api/v1/complaints?partnerId=${partnerId}`, { token: ctx.c.staff, probe });
          await sleep(200);
        }
      };
      // a client registering with retries under the same key until it is accepted
      const writer = async () => {
        while (!stop) {
          const key = `db-w-${ctx.c.id}-${partnerId}-${logical++}`; // unique per run (a loop reuses the cluster)
          const receivedAt = new Date(Date.now() - 2 * H).toISOString();
          // retried until accepted, but bounded: 60 s after the load stops the client gives up (a figure below)
          for (;;) {
            const r = await ctx.c.register(partnerId, 0, { key, probe, summary: `故障注入 ${key}`, receivedAt });
            if (r.status === 201) break;
            if (stop && Date.now() - stoppedAt > 60_000) {
              abandoned++;
              break;
            }
            await sleep(400);
          }
          await sleep(300);
        }
      };
      const loops = [load(), load(), writer()];
      await sleep(1_000);
      const held = ctx.c.storeStats(); // under load, just before the stop
      await ctx.c.mongo.stop();
      const t0 = Date.now();
      await sleep(outage / 2);
      const health = await ctx.c.call('GET', '/health', { probe });
      await sleep(Math.max(0, outage - (Date.now() - t0)));
      await ctx.c.mongo.start();
      const t1 = Date.now();
      await sleep(3_000);
      stop = true;
      stoppedAt = Date.now();
      await Promise.all(loops);
      const stored = (await countComplaints(ctx, partnerId)) - due.size;
      const alive = [...ctx.c.procs.entries()].filter(([, p]) => p.child.exitCode !== null).map(([n]) => n);
      const breaches = await breachFigures(s, ctx.c, [...due.keys()], (id) => due.get(id)!, 90_000, t1);
      const stats = (x: ReturnType<typeof ctx.c.storeStats>) =>
        `${x.fds} files, ${x.threads} threads, ${x.rssMB} MB, sockets ${x.sockets.established} est/` +
        `${x.sockets.closeWait} close-wait/${x.sockets.timeWait} time-wait, SQLite ${x.sqliteMB} MB + WAL ${x.walMB} MB`;
      return [
        fig(s, 'FerretDB under load before the stop', stats(held), 'any', true),
        fig(s, 'FerretDB after the cycle', stats(ctx.c.storeStats()), 'any', true),
        fig(s, 'readiness during the outage', health.status, '503', health.status === 503),
        fig(s, '503 answers during the outage', probe.count(503), '> 0', probe.count(503) > 0),
        fig(
          s,
          'registrations retried with their key',
          `${stored} stored for ${logical}`,
          `${logical}`,
          stored === logical,
        ),
        zero(s, 'registrations still refused 60 s after the database returned', abandoned),
        fig(s, 'processes that exited', alive.join(', ') || 'none', 'none', alive.length === 0),
        ...requestFigures(s, probe),
        ...breaches,
      ];
    },
  },
  {
    name: 'bot logged out while alerts are produced',
    async run(ctx) {
      const s = this.name;
      const partnerId = await partnerWhileBotAway(ctx, 'B');
      const k = ctx.short ? 8 : 40;
      const logoutMs = ctx.short ? 8_000 : 120_000;
      const t0 = Date.now();
      // alerts fall due one after another during the logout
      const due = await registerMany(ctx, partnerId, k, (i) => 1_000 + Math.floor((i * (logoutMs - 3_000)) / k), {
        tag: 'bot',
      });
      await sleep(Math.max(0, logoutMs - (Date.now() - t0)));
      const ids = [...due.keys()];
      const noticeIds = ids.map((id) => `sla-${id}-breach`);
      const deliveredBefore = (await ctx.c.delivered(noticeIds)).size;
      await botLogout(ctx.c, false);
      const tLogin = Date.now();
      const figures = await breachFigures(s, ctx.c, ids, (id) => due.get(id)!, 60_000);
      const outbox = await ctx.c.outbox(noticeIds);
      const rank = new Map(outbox.map((o) => [o._id, o.createdAt.getTime()]));
      const order = ctx.c.posts().filter((p) => rank.has(p));
      const sent = await ctx.c.delivered(noticeIds);
      const last = Math.max(...noticeIds.map((n) => (sent.has(n) ? sent.get(n)!.getTime() : Infinity)));
      return [
        zero(s, 'posted while logged out', deliveredBefore),
        ...figures,
        fig(
          s,
          'posted out of order (room ' + ROOM + ')',
          `${inversions(order, (p) => rank.get(p)!)} (gaps ${gaps(order, (p) => rank.get(p)!).join(', ') || '-'} ms)`,
          '0',
          inversions(order, (p) => rank.get(p)!) === 0,
        ),
        atMost(s, 'all delivered after the re-login', last - tLogin, REBUILD_MS),
      ];
    },
  },
  {
    name: 'api killed mid metrics import',
    async run(ctx) {
      const s = this.name;
      // the worker applies one import at a time, about 15–25 rows a second on FerretDB
      const partners = ctx.short ? 20 : 50;
      const codes: string[] = [];
      for (let i = 0; i < partners; i++) {
        const code = `MI${ctx.c.id.slice(0, 4)}${i}`;
        await ctx.c.partner(ctx.programmeId, code);
        codes.push(code);
      }
      const months = ['01', '02', '03', '04', '05', '06'].map((m) => `2026-${m}`);
      const file = (t: number) => {
        const rate = (0.95 + t / 1000).toFixed(4);
        return ['伙伴编码,月份,交易成功率', ...codes.flatMap((c) => months.map((m) => `${c},${m},${rate}`))].join('\n');
      };
      const upload = (t: number) => {
        const form = new FormData();
        form.append('programmeId', ctx.programmeId);
        form.append('file', new Blob([file(t)], { type: 'text/csv' }), `chaos-${t}.csv`);
        return fetch(`http://127.0.0.1:${ctx.c.ports.get('api')}/api/v1/metrics/imports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ctx.c.staff}` },
          body: form,
        });
      };
      // one upload undisturbed to learn how long it takes, then kill -9 at fractions of that: before, while and
      // after the rows are stored and committed
      const t0 = Date.now();
      const normal = await upload(0);
      const took = Date.now() - t0;
      if (normal.status !== 202) throw new Error(`metrics upload: ${normal.status} ${await normal.text()}`);
      const trials = (ctx.short ? [0.2, 0.6, 0.95] : [0.1, 0.4, 0.7, 0.95, 1.2]).map((f) => Math.round(f * took));
      const probe = new Probe();
      for (const [i, delay] of trials.entries()) {
        const sent = upload(i + 1).then(
          (r) => probe.record(r.status, 0),
          () => probe.record(0, 0),
        );
        await sleep(delay);
        await ctx.c.kill('api');
        await sent;
        await ctx.c.start('api');
      }
      // the periodic recovery resumes what was committed; what was not stays out of force
      const imports = () => ctx.c.db.collection('metrics_imports').find({}).toArray();
      await until(
        async () => (await imports()).every((i) => !i.committedAt || i.status === 'done'),
        ctx.short ? 90_000 : 240_000,
        500,
      );
      const all = await imports();
      const committed = all.filter((i) => i.committedAt);
      const halfApplied = committed.filter((i) => i.status !== 'done' || i.processed !== i.total).length;
      const uncommitted = all.filter((i) => !i.committedAt);
      const uncommittedApplied = uncommitted.filter((i) => (i.processed ?? 0) > 0).length;
      return [
        fig(s, 'uploads killed at (ms; an upload takes ' + took + ' ms)', trials.join(', '), 'any', true),
        fig(s, 'killed uploads as the client saw them', probe.summary(), 'any', true),
        fig(
          s,
          'imports committed → applied by the recovery',
          `${committed.length - halfApplied}/${committed.length}`,
          'all',
          halfApplied === 0,
        ),
        zero(s, 'imports half-applied', halfApplied + uncommittedApplied),
        fig(
          s,
          'uploads cut while storing (never counted; failed by the recovery after 10 min)',
          uncommitted.length,
          'any',
          true,
        ),
      ];
    },
  },
  {
    name: 'api killed mid workflow transition',
    async run(ctx) {
      const s = this.name;
      const n = ctx.short ? 30 : 150;
      const partnerCode = `TR${ctx.c.id.slice(0, 5)}`;
      const partnerId = await ctx.c.partner(ctx.programmeId, partnerCode);
      const due = await registerMany(ctx, partnerId, n, () => 6 * H, { tag: 'tr' });
      const ids = [...due.keys()];
      const login = await ctx.c.call('POST', '/api/v1/auth/partner/dev-login', { body: { partnerCode } });
      const token = login.body.accessToken as string;
      const probe = new Probe();
      const replies = Promise.all(
        ids.map((id) =>
          ctx.c.call('POST', `/api/v1/complaints/${id}/replies`, {
            token,
            probe,
            body: { text: '已联系客户，原因已查明，正在处理' },
          }),
        ),
      );
      // kill -9 once about a third of the steps are claimed: some finished, some mid-way, some never started
      const claimed = () =>
        ctx.c.db.collection('workflow_claims').countDocuments({ entity: 'complaint', entityId: { $in: ids } });
      await until(async () => (await claimed()) >= n / 3, 60_000, 10);
      await ctx.c.kill('api');
      const atKill = await claimed();
      await replies;
      const tKill = Date.now();
      await ctx.c.start('api');
      const claims = () =>
        ctx.c.db
          .collection('workflow_claims')
          .find({ entity: 'complaint', entityId: { $in: ids } })
          .toArray();
      await until(async () => (await claims()).every((c) => c.state === 'applied'), 90_000, 500);
      const done = Date.now() - tKill;
      const cs = await claims();
      const stuck = cs.filter((c) => c.state !== 'applied').length;
      const docs = await ctx.c.db
        .collection('complaints')
        .find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } })
        .toArray();
      const audits = new Set(
        (
          await ctx.c.db
            .collection('audit_log')
            .find({ _id: { $in: cs.map((c) => c._id) } }, { projection: { _id: 1 } })
            .toArray()
        ).map((a) => String(a._id)),
      );
      const claimsOf = new Map<string, number>();
      for (const c of cs) claimsOf.set(c.entityId, (claimsOf.get(c.entityId) ?? 0) + 1);
      // never half-applied: every claimed step is on the document, in the audit trail, and the document shows
      // exactly the steps claimed (a reply without its status, or a status without its reply, is half-applied)
      const half = docs.filter((d) => {
        const steps = claimsOf.get(String(d._id)) ?? 0;
        return (d.rev ?? 0) !== steps || d.replies.length !== steps || steps > 0 !== (d.status === 'replied');
      }).length;
      const unaudited = cs.filter((c) => !audits.has(String(c._id))).length;
      const recovered = cs.filter((c) => c.appliedAt && c.appliedAt.getTime() - c.at.getTime() > 5_000).length;
      return [
        fig(s, 'replies (status×count as the clients saw them)', probe.summary(), 'no 500', probe.count(500) === 0),
        fig(s, 'steps claimed when the api was killed', atKill, '> 0', atKill > 0),
        fig(s, 'steps claimed / finished later by the periodic recovery', `${cs.length} / ${recovered}`, 'any', true),
        zero(s, 'steps left claimed', stuck),
        zero(s, 'complaints half-applied', half),
        zero(s, 'steps without their audit entry', unaudited),
        atMost(s, 'recovered after the kill', stuck ? Infinity : done, 90_000),
      ];
    },
  },
];
