/** Runs the real processes (api, worker, bot, H5 static server) for end-to-end tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreEnv, connectMongo, redisConnection } from '@huoban/core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
/** The bootstrap admin every started system has (the one account end-to-end tests may set up by configuration). */
export const ADMIN = { username: 'admin', password: 'e2e-admin-pass' } as const;

export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  args: string[] = [],
  nodeArgs: string[] = [],
): Proc {
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = createWriteStream(join(ARTIFACTS, `${name}.log`));
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  const take = (chunk: Buffer) => {
    buffer += chunk.toString();
    log.write(chunk);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  return {
    name,
    child,
    output: () => buffer,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          log.end();
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  everyMs = 200,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export interface SystemOptions {
  apiPort: number;
  webPort: number;
  bot?: boolean;
  web?: boolean;
  extraEnv?: Record<string, string>;
  /** an existing database to serve (e.g. a seeded year), kept at stop; default a fresh one, dropped at stop */
  database?: string;
  /** how long the api may take to answer /health (default 30 s) */
  startTimeoutMs?: number;
}

export interface System {
  env: Record<string, string>;
  apiUrl: string;
  webUrl: string;
  mongoUrl: string;
  procs: Proc[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field in tests
  call<T = any>(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string },
  ): Promise<{ status: number; body: T }>;
  staffToken(): Promise<string>;
  /** resolves once the bot reports its login (`已登录`), within 60 s */
  botLoggedIn(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts api, worker, bot and the H5 server on their own database and queue prefix. */
export async function startSystem(opts: SystemOptions): Promise<System> {
  const id = randomBytes(4).toString('hex');
  const mongo = new URL(coreEnv().mongoUrl);
  mongo.pathname = `/${opts.database ?? `huoban_e2e_${id}`}`;
  const env: Record<string, string> = {
    HUOBAN_MONGO_URL: mongo.toString(),
    HUOBAN_REDIS_URL: coreEnv().redisUrl,
    HUOBAN_QUEUE_PREFIX: `e2e-${id}`,
    PORT: String(opts.apiPort),
    HUOBAN_API_URL: `http://127.0.0.1:${opts.apiPort}`,
    HUOBAN_WEB_PORT: String(opts.webPort),
    HUOBAN_JWT_SECRET: randomBytes(24).toString('hex'),
    HUOBAN_SERVICE_KEY: randomBytes(16).toString('hex'),
    HUOBAN_ADMIN_USER: ADMIN.username,
    HUOBAN_ADMIN_PASSWORD: ADMIN.password,
    HUOBAN_DEV_LOGIN: 'true',
    HUOBAN_CORS_ORIGINS: `http://127.0.0.1:${opts.webPort}`,
    HUOBAN_SWEEP_EVERY_MS: '2000',
    WECHATY_PUPPET: 'wechaty-puppet-mock',
    HUOBAN_BOT_ROOMS: '伙伴运营值班群',
    HUOBAN_BOT_THROTTLE_MS: '50',
    ...opts.extraEnv,
  };
  const apiUrl = `http://127.0.0.1:${opts.apiPort}`;
  const procs: Proc[] = [
    startProcess('api', 'api/dist/main.js', env),
    startProcess('worker', 'worker/dist/main.js', env),
  ];
  if (opts.bot !== false) procs.push(startProcess('bot', 'bot/dist/main.js', env));
  if (opts.web !== false) procs.push(startProcess('web', 'scripts/serve-h5.mjs', env));
  const call: System['call'] = async (method, path, o = {}) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(o.token && { authorization: `Bearer ${o.token}` }) },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const alive = () => {
    const dead = procs.find((p) => p.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited: ${dead.output().slice(-2000)}`);
  };
  // a loaded shared machine can take over 30 s to start the api; a start that fails leaves no process behind
  await waitFor(
    'api /health',
    async () => {
      alive();
      return (await fetch(`${apiUrl}/health`)).ok;
    },
    opts.startTimeoutMs ?? 120_000,
  ).catch(async (e: unknown) => {
    await Promise.all(procs.map((p) => p.stop()));
    throw e;
  });
  let token: string | undefined;
  return {
    env,
    apiUrl,
    webUrl: `http://127.0.0.1:${opts.webPort}`,
    mongoUrl: mongo.toString(),
    procs,
    call,
    async staffToken() {
      token ??= (await call('POST', '/api/v1/auth/staff/login', { body: ADMIN })).body.accessToken;
      return token!;
    },
    async botLoggedIn() {
      const bot = procs.find((x) => x.name === 'bot');
      if (!bot) throw new Error('the system was started without the bot');
      await waitFor('bot login', async () => bot.output().includes('已登录'), 60_000);
    },
    async stop() {
      await Promise.all(procs.map((p) => p.stop()));
      if (!opts.database) {
        const conn = await connectMongo(mongo.toString());
        await conn.dropDatabase();
        await conn.close();
      }
      const redis = redisConnection(env.HUOBAN_REDIS_URL);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.HUOBAN_QUEUE_PREFIX}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
