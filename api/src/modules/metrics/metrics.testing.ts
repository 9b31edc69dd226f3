/** Test support: stands in for the worker's metrics-import queue consumer (worker/src/handlers/metrics-import.handler.ts). */
import { Worker } from 'bullmq';
import {
  MetricsImportService,
  MetricsRepository,
  QueueName,
  ScorecardInputService,
  connectMongo,
  connectScorecards,
  metricsModels,
  models,
  redisConnection,
  repositories,
  type MetricsImportJobData,
} from '@huoban/core';
import type { TestApi } from '../../testing.js';

export async function startMetricsApplier(api: TestApi): Promise<{ close(): Promise<void> }> {
  const conn = await connectMongo(api.mongoUrl);
  const repos = repositories(models(conn));
  const sc = await connectScorecards(conn);
  const imports = new MetricsImportService({
    metrics: new MetricsRepository(await metricsModels(conn)),
    programmes: repos.programmes,
    partners: repos.partners,
    audit: repos.audit,
    scorecardInputs: sc.inputs,
    scorecards: new ScorecardInputService(sc, repos),
    wake: async () => undefined, // only the api wakes in these tests
  });
  const redis = redisConnection(process.env.HUOBAN_REDIS_URL ?? 'redis://127.0.0.1:6380');
  const worker = new Worker<MetricsImportJobData>(
    QueueName.MetricsImports,
    async (job) => void (await imports.apply(job.data.importId)),
    { connection: redis, prefix: api.queuePrefix },
  );
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      redis.disconnect();
      await conn.close();
    },
  };
}
