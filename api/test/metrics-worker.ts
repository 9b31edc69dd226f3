/** Test support: stands in for the worker's metrics-import queue consumer (core/src/metrics/handler.ts). */
import { Worker } from 'bullmq';
import {
  coreEnv,
  QueueName,
  connectCore,
  connectMetricsImports,
  connectMongo,
  redisConnection,
  type MetricsImportJobData,
} from '@huoban/core';
import type { TestApi } from './support.js';

export async function startMetricsApplier(api: TestApi): Promise<{ close(): Promise<void> }> {
  const conn = await connectMongo(api.mongoUrl);
  // only the api wakes in these tests
  const { service: imports } = await connectMetricsImports(connectCore(conn), async () => undefined);
  const redis = redisConnection(coreEnv().redisUrl);
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
