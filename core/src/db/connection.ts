import mongoose, { type Connection } from 'mongoose';
import { outboxModel } from '../notify/outbox.js';
import { workflowModels } from '../workflow/schemas.js';
import { models } from './schemas.js';

/**
 * Opens a dedicated connection (apps and tests never share mongoose's global one) with every model
 * registered and its indexes built, so unique idempotency keys hold from the first write.
 */
export interface MongoOptions {
  /** how long an operation waits for a reachable server before it fails (default 10 s) */
  serverSelectionTimeoutMS?: number;
  /**
   * `false` (the api): an operation while the database is unreachable fails after the server selection timeout
   * instead of waiting in mongoose's buffer, so a request answers 503 within a bounded time. Default `true`.
   */
  bufferCommands?: boolean;
  /** how long without a heartbeat before the server monitor counts as stuck and is restarted (default 20 s) */
  monitorStuckMs?: number;
}

/** The driver's server monitors of a connection (internal API of mongodb 7: `topology.s.servers`). */
interface MonitorHandle {
  close(): void;
  connect(): void;
}
const monitorsOf = (conn: Connection): MonitorHandle[] => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the driver does not export its topology's shape
  const servers = (conn.getClient() as any).topology?.s?.servers as
    Map<string, { monitor?: MonitorHandle }> | undefined;
  return [...(servers?.values() ?? [])].flatMap((s) => (s.monitor ? [s.monitor] : []));
};

/**
 * Issue #15, the DB-stop loop: the driver's server monitor (mongodb 7.8, poll mode) can stop for good when
 * FerretDB is stopped under load — a heartbeat check that never completes leaves its loop waiting, no heartbeat is
 * sent again, the server stays Unknown with the last error (`connection N … closed`) and every operation fails
 * server selection: the api answered 503 from the second stop on, long after the database was back. A monitor
 * that has started no heartbeat for `stuckMs` (healthy: one a second, a check takes at most connectTimeoutMS) is
 * restarted, and it says so.
 */
export function watchServerMonitor(conn: Connection, stuckMs = 20_000): () => void {
  const client = conn.getClient();
  let last = Date.now();
  const beat = () => (last = Date.now());
  client.on('serverHeartbeatStarted', beat);
  const timer = setInterval(
    () => {
      const silent = Date.now() - last;
      if (silent < stuckMs) return;
      const monitors = monitorsOf(conn);
      for (const m of monitors) {
        m.close();
        m.connect();
      }
      console.warn(
        `mongodb: no server heartbeat for ${Math.round(silent / 1000)} s: ${monitors.length} monitor(s) restarted`,
      );
      last = Date.now();
    },
    Math.min(2_000, stuckMs / 2),
  );
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    client.off('serverHeartbeatStarted', beat);
  };
  conn.once('close', stop);
  return stop;
}

export async function connectMongo(url: string, opts: MongoOptions = {}): Promise<Connection> {
  const conn = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 10_000,
    autoIndex: false,
    ...(opts.bufferCommands === false && { bufferCommands: false }),
    // the driver watches the server by polling every second: with its streaming monitor, a process that had
    // requests in flight when FerretDB restarted stayed on "connection … closed" for minutes after the database
    // was back (`npm run chaos`, FerretDB stopped under load); polling finds it again within a second
    serverMonitoringMode: 'poll',
    heartbeatFrequencyMS: 1000,
  });
  await conn.asPromise();
  watchServerMonitor(conn, opts.monitorStuckMs);
  await Promise.all(
    [...Object.values(models(conn)), ...Object.values(workflowModels(conn)), outboxModel(conn)].map((m) =>
      m.createIndexes(),
    ),
  );
  return conn;
}

const UNAVAILABLE_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** A socket the server closed under a request in flight (the driver hands Node's own error over as it is). */
const DROPPED_SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET']);

/** The database cannot be reached right now (down, restarting, network): a 503, never a 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e = err as { name?: string; message?: string; code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (e.name && UNAVAILABLE_ERRORS.has(e.name)) return true;
    if (typeof e.code === 'string' && DROPPED_SOCKET_CODES.has(e.code)) return true;
    if (
      e.name === 'MongooseError' &&
      /buffering timed out|Connection was force closed|not connected/i.test(e.message ?? '')
    )
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Duplicate-key error from a unique index (idempotency keys). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
