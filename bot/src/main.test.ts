import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { coreEnv } from '@huoban/core';
import { eventually, testServices, type TestServices } from '../test/support.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The bot's service block of docker-compose.yml: the port it is given and the port its healthcheck asks. */
function composeBotPorts(): { env: number; healthcheck: number } {
  const yml = readFileSync(`${root}docker-compose.yml`, 'utf8');
  const bot = yml.slice(yml.search(/^ {2}bot:/m)).split(/\n {2}\S/)[0];
  return {
    env: Number(/HUOBAN_BOT_HTTP_PORT:\s*'?(\d+)/.exec(bot)?.[1]),
    healthcheck: Number(/127\.0\.0\.1:(\d+)\/health\/live/.exec(bot)?.[1]),
  };
}

/**
 * The real bot process (bot/dist/main.js, mock puppet) with HUOBAN_BOT_HTTP_PORT set, as compose runs it: its
 * /health/live, /health/ready and /metrics answer. Before the fix main.ts passed `{ httpPort }` to a listener that
 * reads `port`, so nothing listened and the compose healthcheck on :9101 failed.
 */
describe('bot process: health and metrics on the port compose gives it (real process, FerretDB + Redis)', () => {
  let svc: TestServices;
  let child: ChildProcess;
  let out = '';

  before(async () => {
    svc = await testServices();
    const mongoUrl = new URL(coreEnv().mongoUrl);
    mongoUrl.pathname = `/${svc.id}`;
    child = spawn(process.execPath, [`${root}bot/dist/main.js`], {
      env: {
        ...process.env,
        HUOBAN_MONGO_URL: mongoUrl.toString(),
        HUOBAN_QUEUE_PREFIX: svc.id,
        HUOBAN_BOT_HTTP_PORT: '0', // a free port, read back from the log (compose sets 9101; other tests share this machine)
        WECHATY_PUPPET: 'wechaty-puppet-mock',
        HUOBAN_API_URL: 'http://127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
  });
  after(async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    await svc?.close();
  });

  it('compose gives the bot HUOBAN_BOT_HTTP_PORT 9101 and its healthcheck asks that port', () => {
    assert.deepEqual(composeBotPorts(), { env: 9101, healthcheck: 9101 });
  });

  it('/health/live, /health/ready and /metrics answer on HUOBAN_BOT_HTTP_PORT', async () => {
    const port = await eventually(
      () => /live\/ready\/metrics on :(\d+)/.exec(out)?.[1],
      30_000,
      `the bot's listener (log so far: ${out.slice(-500)})`,
    );
    const base = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${base}/health/live`)).status, 200);
    const ready = await eventually(async () => {
      const r = await fetch(`${base}/health/ready`);
      return r.status === 200 ? ((await r.json()) as { mongo: string; redis: string; login: string }) : undefined;
    }, 20_000);
    assert.equal(ready.mongo, 'up');
    assert.equal(ready.redis, 'up');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /^huoban_bot_logged_in [01]$/m);
    assert.match(metrics, /huoban_bot_process_cpu_seconds_total/);
  });
});
