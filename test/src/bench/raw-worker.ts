/** Baseline: a BullMQ worker that does nothing, in its own process, to measure raw delayed-job lateness. */
import { Worker } from 'bullmq';
import { redisConnection } from '@huoban/core';

const [queueName, prefix] = process.argv.slice(2);
if (!queueName || !prefix) throw new Error('usage: raw-worker <queue> <prefix>');
const worker = new Worker(queueName, async () => undefined, {
  connection: redisConnection(process.env.HUOBAN_REDIS_URL ?? 'redis://127.0.0.1:6380'),
  prefix,
  concurrency: Number(process.env.HUOBAN_WORKER_CONCURRENCY ?? 100),
});
await worker.waitUntilReady();
console.log('[raw-worker] ready');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
