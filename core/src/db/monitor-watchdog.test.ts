/**
 * Issue #15, the chaos DB-stop loop (`npm run chaos -- --only=ferretdb --loop=20`): from the second FerretDB stop
 * on, the api answered 503 for good — its driver's server monitor had stopped (the error never changed from
 * `connection 50 to … closed`, no heartbeat was sent again), so the server stayed Unknown after the database was
 * back. `connectMongo` watches for that and restarts a monitor that has sent no heartbeat for a while. Here the
 * monitor's check is made to hang by hand (what the chaos loop's api was left with), the database is stopped and
 * started again, and the connection must serve again.
 */
import { afterAll as after, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { ferretDaemon, freeStablePort } from '../testing/daemons.js';
import { connectMongo } from './connection.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The driver's monitor loops (mongodb 7 internals), to hang them as the chaos loop's heartbeat check did. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const monitorLoops = (conn: Connection): any[] =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [...((conn.getClient() as any).topology.s.servers as Map<string, any>).values()].map((s) => s.monitor.monitorId);

describe('MongoDB server monitor watchdog (issue #15)', () => {
  const dirs: string[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  });

  it('a monitor that stopped sending heartbeats is restarted: the connection serves again after a DB restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huoban-watchdog-'));
    dirs.push(dir);
    const db = ferretDaemon(await freeStablePort(), dir);
    await db.start();
    closers.push(() => db.destroy());
    const conn = await connectMongo(`${db.url}/watchdog_${randomBytes(4).toString('hex')}`, {
      serverSelectionTimeoutMS: 1_500,
      bufferCommands: false,
      monitorStuckMs: 3_000,
    });
    closers.push(() => conn.close());
    const ping = () => conn.db!.admin().ping();
    await ping();

    // what the chaos loop's api was left with: a heartbeat check that never completes, so its loop waits for good
    for (const loop of monitorLoops(conn)) loop.fn = () => undefined;
    await sleep(1_500); // the next tick starts the check that never ends
    // writes in flight when the database stops: one fails on its closed connection and marks the server Unknown
    let stop = false;
    const writers = Array.from({ length: 10 }, async () => {
      while (!stop)
        await conn
          .collection('w')
          .insertOne({ at: new Date() })
          .catch(() => undefined);
    });
    await sleep(300);
    await db.stop();
    stop = true;
    await Promise.all(writers);
    await assert.rejects(ping());
    await sleep(500);
    await db.start();

    const t0 = Date.now();
    let served = false;
    while (!served && Date.now() - t0 < 25_000) {
      served = await ping().then(
        () => true,
        () => false,
      );
      if (!served) await sleep(250);
    }
    assert.ok(served, 'the connection never served again after the database returned');
  });
});
