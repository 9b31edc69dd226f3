/** Baseline: a BullMQ worker that does nothing, in its own process, to measure raw delayed-job lateness. */
import { Worker } from 'bullmq';
import { coreEnv, redisConnection } from '@huoban/core';

const [queueName, prefix] = process.argv.slice(2);
if (!queueName || !prefix) throw new Error('usage: raw-worker <queue> <prefix>');
const worker = new Worker(queueName, async () => undefined, {
  connection: redisConnection(coreEnv().redisUrl),
  prefix,
  concurrency: Number(process.env.HUOBAN_WORKER_CONCURRENCY ?? 300),
});
await worker.waitUntilReady();
console.log('[raw-worker] ready');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
