import { createServer, type IncomingMessage, type Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/** A probe's answer: `ok` false gives 503. */
export interface ProbeResult {
  ok: boolean;
  body: Record<string, unknown>;
}

export interface OpsServerOptions {
  port: number;
  host?: string;
  /** when set, `/metrics` needs `Authorization: Bearer <token>` */
  metricsToken?: string;
  ready: () => Promise<ProbeResult>;
  metrics: () => Promise<{ contentType: string; body: string }>;
  log?: (line: string) => void;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

export function bearerMatches(req: Pick<IncomingMessage, 'headers'>, token: string): boolean {
  const [scheme, given] = (req.headers.authorization ?? '').split(' ');
  if (scheme !== 'Bearer' || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The small HTTP listener of the worker and the bot: `GET /health/live` (the process answers),
 * `GET /health/ready` (its dependencies, 503 when one is down) and `GET /metrics` (Prometheus text).
 * No framework: three routes, GET only.
 */
export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const send = (res: import('node:http').ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return json(res, 405, { message: 'GET only' });
    const run = async () => {
      if (path === '/health/live') return json(res, 200, { status: 'ok', pid: process.pid, uptimeS: process.uptime() });
      if (path === '/health/ready') {
        const r = await opts.ready();
        return json(res, r.ok ? 200 : 503, { status: r.ok ? 'ok' : 'error', ...r.body });
      }
      if (path === '/metrics') {
        if (opts.metricsToken && !bearerMatches(req, opts.metricsToken))
          return json(res, 401, { message: 'metrics need the metrics token' });
        const m = await opts.metrics();
        return send(res, 200, m.contentType, m.body);
      }
      return json(res, 404, { message: 'not found' });
    };
    run().catch((err: unknown) => {
      opts.log?.(`ops http ${path} failed: ${(err as Error).message}`);
      if (!res.headersSent) json(res, 500, { message: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads an optional port variable: unset or empty → undefined (no listener), `0` → a free port. */
export function optionalPort(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a TCP port number`);
  return port;
}
