/**
 * Test support (not part of the runtime api): Redis and FerretDB daemons of a test's own, on their own ports and
 * data directories, which a fault-injection test may stop, kill and start again without disturbing anyone else.
 * Imported as `@huoban/core/testing`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

/**
 * A free port below the kernel's ephemeral range (32768–60999 on Linux), for a daemon that is stopped and started
 * again on the same port: while it is down, an outgoing connection of any process on the machine may be given an
 * ephemeral port, and the daemon could not bind it again (a chaos run's FerretDB never came back that way).
 */
export async function freeStablePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((ok) => {
      const srv = createServer();
      srv.once('error', () => ok(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
    });
    if (free) return port;
  }
  return freePort();
}

const portOpen = (port: number) =>
  new Promise<boolean>((ok) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), ok(true)));
    s.once('error', () => ok(false));
  });

async function waitPort(port: number, open: boolean, ms: number, what: string, died = () => false): Promise<void> {
  const end = Date.now() + ms;
  while ((await portOpen(port)) !== open) {
    if (died()) throw new Error(`${what}: exited before port ${port} opened`);
    if (Date.now() > end) throw new Error(`${what}: port ${port} not ${open ? 'open' : 'closed'} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Daemon {
  name: string;
  port: number;
  url: string;
  running(): boolean;
  /** the running process's id (for its open files and sockets in /proc) */
  pid(): number | undefined;
  /** starts it (again, on the same port and data) and waits until it accepts connections */
  start(): Promise<void>;
  /** stops it: SIGTERM (or `SIGKILL`) and waits until the port is closed */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** stops it and removes its data */
  destroy(): Promise<void>;
}

function daemon(
  name: string,
  port: number,
  url: string,
  dataDir: string,
  cmd: () => [string, string[]],
  /** where its output goes (appended, every start); none when unset */
  logFile?: string,
): Daemon {
  let child: ChildProcess | undefined;
  const d: Daemon = {
    name,
    port,
    url,
    running: () => !!child && child.exitCode === null && child.signalCode === null,
    pid: () => (d.running() ? child!.pid : undefined),
    async start() {
      if (d.running()) return;
      mkdirSync(dataDir, { recursive: true });
      const [bin, args] = cmd();
      const out = logFile ? openSync(logFile, 'a') : 'ignore';
      const c = spawn(bin, args, { stdio: ['ignore', out, out], detached: false });
      if (typeof out === 'number') closeSync(out);
      child = c;
      // never outlive the test process (a timed-out test exits without its `after`)
      const reap = () => c.kill('SIGKILL');
      process.once('exit', reap);
      c.once('exit', () => process.off('exit', reap));
      await waitPort(port, true, 30_000, name, () => c.exitCode !== null || c.signalCode !== null);
      // an open port is not proof: another process may hold it (then this one exits, unable to bind)
      await new Promise((r) => setTimeout(r, 200));
      if (!d.running())
        throw new Error(
          `${name} exited at start (code ${c.exitCode}, ${c.signalCode ?? 'no signal'}); port ${port} is another process's`,
        );
    },
    async stop(signal = 'SIGTERM') {
      if (!d.running()) return;
      const exited = new Promise((r) => child!.once('exit', r));
      child!.kill(signal);
      await exited;
      await waitPort(port, false, 10_000, name);
    },
    async destroy() {
      await d.stop('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return d;
}

/** A Redis 7 of its own: no persistence (a stop loses everything, like FLUSHALL), `noeviction`. */
export function redisDaemon(port: number, dataDir: string): Daemon {
  return daemon('redis', port, `redis://127.0.0.1:${port}`, dataDir, () => [
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dataDir,
      '--maxmemory-policy',
      'noeviction',
      '--loglevel',
      'warning',
    ],
  ]);
}

/** The FerretDB 1.24 binary `scripts/services.sh` uses (HUOBAN_FERRETDB_BIN, `.data/bin`, PATH, Go's bin). */
export function findFerretdb(): string | undefined {
  const candidates = [
    process.env.HUOBAN_FERRETDB_BIN,
    join(REPO_ROOT, '.data/bin/ferretdb'),
    ...(process.env.PATH ?? '').split(':').map((p) => join(p, 'ferretdb')),
    join(homedir(), 'go/bin/ferretdb'),
  ].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(c) && /v1\.24/.test(spawnSync(c, ['--version']).stdout?.toString() ?? ''));
}

/** A FerretDB of its own (SQLite backend in `dataDir`); its data survives a stop and start. */
export function ferretDaemon(port: number, dataDir: string, bin = findFerretdb(), logFile?: string): Daemon {
  if (!bin) throw new Error('FerretDB 1.24 not found (run `npm run services -- install` or set HUOBAN_FERRETDB_BIN)');
  return daemon(
    'ferretdb',
    port,
    `mongodb://127.0.0.1:${port}`,
    dataDir,
    () => [
      bin,
      [
        `--handler=sqlite`,
        `--sqlite-url=file:${dataDir}/?_txlock=immediate`,
        `--state-dir=${dataDir}`,
        `--listen-addr=127.0.0.1:${port}`,
        '--debug-addr=127.0.0.1:0',
        '--telemetry=disable',
        // with a log file (the chaos runner's), warnings too: failed accepts and connections stopped by an error
        `--log-level=${logFile ? 'warn' : 'error'}`,
      ],
    ],
    logFile,
  );
}
