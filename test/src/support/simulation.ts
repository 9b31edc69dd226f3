/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
/**
 * The real processes (api, worker, bot on the mock puppet) on one clock a test moves (HUOBAN_TEST_CLOCK_FILE, issue
 * #17): `move` sets every process's "now" and waits until the worker has run what the move made due (its schedules
 * follow the clock, worker/src/clock-watch.ts). With helpers to call the api, count audit entries and messages in
 * the WeChat room, and keep the timeline a reviewer reads (written as a table to test-artifacts/).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { advanceTestClock, connectMongo, shanghaiDate, waitForTestClock } from '@huoban/core';
import { ARTIFACTS, startSystem, waitFor, type System } from './system.js';

export const ROOM = 'room:伙伴运营值班群';
/** A Beijing wall time `YYYY-MM-DDTHH:mm:ss` as an instant. */
export const beijing = (wall: string) => new Date(`${wall}+08:00`);
/** An instant as Beijing wall time (for `move`). */
export const beijingWall = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);

export interface Simulation {
  sys: System;
  db: Connection;
  admin: string;
  now(): Date;
  /** Moves every process to the Beijing wall time `to` and waits until the worker has run what fell due. */
  move(to: string): Promise<void>;
  call(method: string, path: string, body?: unknown, token?: string): Promise<any>;
  upload(
    path: string,
    fields: Record<string, string>,
    file: { name: string; bytes: Buffer },
    token?: string,
  ): Promise<any>;
  /** audit entries of one entity and action */
  audits(entityId: string, action: string): Promise<number>;
  /** the notice's messages in the WeChat room: waits for the first, then counts (duplicates included) */
  delivered(noticeId: string): Promise<number>;
  record(event: string, rule: string, detail?: string): void;
  /** writes the timeline recorded since the last call to test-artifacts/`file`; returns its number of rows */
  writeTimeline(file: string, title: string): number;
  stop(): Promise<void>;
}

export async function startSimulation(opts: { apiPort: number; webPort: number; start: string }): Promise<Simulation> {
  const clockFile = join(mkdtempSync(join(tmpdir(), 'huoban-clock-')), 'clock.json');
  let now = beijing(opts.start);
  advanceTestClock(clockFile, { to: now });
  const sys = await startSystem({
    apiPort: opts.apiPort,
    webPort: opts.webPort,
    web: false,
    extraEnv: { HUOBAN_TEST_CLOCK_FILE: clockFile, HUOBAN_PUBLIC_URL: `http://127.0.0.1:${opts.webPort}` },
  });
  const admin = await sys.staffToken();
  const db = await connectMongo(sys.mongoUrl);
  await sys.botLoggedIn();
  const timeline: { at: Date; event: string; rule: string; detail: string }[] = [];
  const ok = (method: string, path: string, status: number, body: unknown) =>
    assert.ok([200, 201, 202].includes(status), `${method} ${path} → ${status} ${JSON.stringify(body)}`);
  return {
    sys,
    db,
    admin,
    now: () => now,
    async move(to) {
      now = beijing(to);
      advanceTestClock(clockFile, { to: now });
      await waitForTestClock(clockFile, 60_000);
    },
    async call(method, path, body, token = admin) {
      const r = await sys.call(method, path, { token, body });
      ok(method, path, r.status, r.body);
      return r.body;
    },
    async upload(path, fields, file, token = admin) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob([file.bytes]), file.name);
      const res = await fetch(`${sys.apiUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const body = await res.json();
      ok('POST', path, res.status, body);
      return body;
    },
    audits: (entityId, action) => db.collection('audit_log').countDocuments({ entityId, action }),
    async delivered(noticeId) {
      const sent = () => db.collection('bot_deliveries').countDocuments({ noticeId, target: ROOM });
      await waitFor(`${noticeId} in the room`, async () => (await sent()) > 0, 30_000);
      await new Promise((r) => setTimeout(r, 300)); // a duplicate would follow at once
      return sent();
    },
    record: (event, rule, detail = '') => timeline.push({ at: now, event, rule, detail }),
    writeTimeline(file, title) {
      const rows = timeline
        .splice(0)
        .sort((x, y) => x.at.getTime() - y.at.getTime())
        .map((t) => `| ${shanghaiDate(t.at)} | ${t.event} | ${t.rule} | ${t.detail} |`);
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(
        join(ARTIFACTS, file),
        [`# ${title}`, '', '| 日期 | 事件 | 规则 | 说明 |', '|---|---|---|---|', ...rows, ''].join('\n'),
      );
      return rows.length;
    },
    async stop() {
      await db.close();
      await sys.stop();
    },
  };
}
