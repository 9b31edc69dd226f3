import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiConfig } from './config.js';
import { ApiMetrics } from './modules/ops/metrics.js';

/**
 * The api's operator plumbing, installed before any route: latency metrics for every request.
 * (Kept out of app.ts so the app's own setup stays readable.)
 */
export function installOps(app: NestExpressApplication, _config: ApiConfig, _opts: { logger?: boolean } = {}): void {
  app.use(app.get(ApiMetrics).middleware);
}
