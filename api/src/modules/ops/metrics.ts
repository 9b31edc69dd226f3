import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The api's Prometheus registry (one per app instance, so tests with several apps stay apart). */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  readonly latency = new Histogram({
    name: 'huoban_http_request_duration_seconds',
    help: 'api request latency by route (the matched route pattern), method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'huoban_api_' });
  }

  /** Express middleware: times every request; unmatched paths share one label so scans cannot blow up series. */
  readonly middleware = (req: Request, res: Response, next: NextFunction) => {
    const end = this.latency.startTimer();
    res.once('finish', () => {
      // Nest routes: the matched pattern; mounted operator apps (metrics, Bull Board) name themselves
      const pattern = (req.route as { path?: string } | undefined)?.path;
      const route =
        (res.locals.metricsRoute as string | undefined) ??
        (typeof pattern === 'string' ? `${req.baseUrl ?? ''}${pattern}` : 'unmatched');
      end({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  };
}
