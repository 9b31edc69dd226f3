import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { createLogger, isDomainError, redactText } from '@huoban/core';
import type { ApiConfig } from './config.js';
import { ApiMetrics } from './modules/ops/metrics.js';
import { OPS_QUEUES, assertOperator, type OpsQueues } from './modules/ops/ops.module.js';
import { TokenRevocations } from './modules/auth/revocations.js';

export const BOARD_PATH = '/api/v1/admin/queues';
export const METRICS_PATH = '/api/v1/ops/metrics';
const BOARD_COOKIE = 'huoban_board';
const SANE_ID = /^[\w.:-]{1,128}$/;

/**
 * The api's operator plumbing, installed before any route (kept out of app.ts so its own setup stays readable):
 * - `x-request-id`: the caller's (when it is 1–128 characters of `[A-Za-z0-9_.:-]`) or a new UUID, on the
 *   request (`req.id`) and echoed in the response;
 * - JSON request logs through pino-http with that id as `reqId`, secrets and personal data redacted, and the
 *   Nest logger on the same pino (off when the app is built with `logger: false`, as tests do);
 * - the request latency histogram;
 * - Bull Board at /api/v1/admin/queues for admins.
 */
export function installOps(app: NestExpressApplication, config: ApiConfig, opts: { logger?: boolean } = {}): void {
  app.use(requestId);
  if (opts.logger !== false) {
    const logger = createLogger('api', { level: config.logLevel });
    app.useLogger(new PinoNestLogger(logger));
    app.use(
      pinoHttp({
        logger,
        genReqId: (req) => (req as Request & { id: string }).id,
        customProps: (req) => ({ reqId: (req as Request & { id: string }).id }),
        serializers: {
          req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
            method: req.method,
            url: redactText(req.url),
            remoteAddress: req.remoteAddress,
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        customLogLevel: (_req, res, err) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        // probes and scrapes every few seconds would drown the rest
        autoLogging: { ignore: (req) => /^\/(api\/v1\/)?health(\/|$)|^\/api\/v1\/ops\/metrics/.test(req.url ?? '') },
      }),
    );
  }
  const metrics = app.get(ApiMetrics);
  app.use(metrics.middleware);
  installMetricsEndpoint(app, config, metrics);
  installBullBoard(app, config);
}

function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
  (req as Request & { id: string }).id = id;
  res.setHeader('x-request-id', id);
  next();
}

/** Answers an operator gate's refusal (a DomainError, 401 or 403) in the api's error shape; anything else is a 500. */
const refuse = (res: Response) => (err: unknown) => {
  const status = isDomainError(err) ? err.status : 500;
  res.status(status).json({
    statusCode: status,
    error: status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Internal Server Error',
    message: isDomainError(err) ? err.message : '服务器内部错误',
    ...(isDomainError(err) && { code: err.code }),
  });
};

/**
 * Prometheus text at `GET /api/v1/ops/metrics` (`GET /api/v1/metrics` is the monthly business figures), for
 * `Authorization: Bearer <HUOBAN_METRICS_TOKEN>` (when set) or a staff admin's token: 401 without, 403 for staff
 * and the bot. Mounted like Bull Board, outside Nest's route table: the metrics token is no api credential.
 */
function installMetricsEndpoint(app: NestExpressApplication, config: ApiConfig, metrics: ApiMetrics): void {
  const jwt = app.get(JwtService, { strict: false });
  const revocations = app.get(TokenRevocations, { strict: false });
  app.use(METRICS_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || (req.path !== '/' && req.path !== '')) return next();
    res.locals.metricsRoute = METRICS_PATH;
    assertOperator(req, config, jwt, revocations).then(async () => {
      res.set('content-type', metrics.registry.contentType).set('cache-control', 'no-store');
      res.send(await metrics.registry.metrics());
    }, refuse(res));
  });
}

/**
 * Bull Board over the app's queues, for staff admins only: `Authorization: Bearer <admin token>`, or in a
 * browser `GET /api/v1/admin/queues?token=<admin token>` once (kept in an HttpOnly cookie for that path).
 * 401 without a token, 403 for anyone but an admin (the metrics token does not open it).
 */
function installBullBoard(app: NestExpressApplication, config: ApiConfig): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  const queues = app.get<OpsQueues>(OPS_QUEUES);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  const jwt = app.get(JwtService, { strict: false });
  const revocations = app.get(TokenRevocations, { strict: false });
  const gate = (req: Request, res: Response, next: NextFunction) => {
    res.locals.metricsRoute = BOARD_PATH;
    const query = typeof req.query?.token === 'string' ? req.query.token : undefined;
    const cookie = cookieOf(req, BOARD_COOKIE);
    const token = query ?? cookie;
    const headers =
      token && !req.headers.authorization ? { ...req.headers, authorization: `Bearer ${token}` } : req.headers;
    assertOperator({ headers }, { metricsToken: undefined }, jwt, revocations).then(() => {
      if (query) {
        res.cookie(BOARD_COOKIE, query, {
          httpOnly: true,
          sameSite: 'strict',
          path: BOARD_PATH,
          secure: req.secure,
          maxAge: config.jwtTtlSeconds * 1000,
        });
        return res.redirect(302, BOARD_PATH + '/');
      }
      next();
    }, refuse(res));
  };
  app.use(BOARD_PATH, gate, serverAdapter.getRouter());
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** Nest's logger on pino: `Logger.log('…', 'Context')` becomes `{level, service: 'api', context, msg}`. */
class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  private write(level: 'info' | 'warn' | 'error' | 'debug' | 'trace', message: unknown, params: unknown[]) {
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const stack = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    this.logger[level]({ ...(context && { context }), ...(stack && { stack }) }, String(message));
  }
  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
}
