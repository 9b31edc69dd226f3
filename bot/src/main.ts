import { connectMongo, createLogger, redisConnection, routeConsoleToLogger } from '@huoban/core';
import type { Worker } from 'bullmq';
import { WechatyBuilder, type PuppetModuleName } from 'wechaty';
import { botConfig, MOCK_PUPPET } from './config.js';
import { deliveryModel } from './deliver/delivery.schema.js';
import { createDeliverWorker } from './deliver/worker.js';
import { createMockWorld } from './mock-world.js';
import {
  DueToday,
  ExitCases,
  Heartbeat,
  Recruitments,
  httpFetchDueToday,
  httpFetchOpenExits,
  httpFetchRecruitments,
} from './plugins/index.js';
import { BotOps, botOpsConfig } from './ops.js';

const logger = createLogger('bot'); // JSON lines; console output goes through it too
routeConsoleToLogger(logger);
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const config = botConfig();
  const audience = { rooms: config.rooms, contacts: config.contacts };

  const world = config.puppet === MOCK_PUPPET ? createMockWorld(audience) : undefined;
  const bot = world
    ? WechatyBuilder.build({ puppet: world.puppet })
    : WechatyBuilder.build({
        puppet: config.puppet as PuppetModuleName,
        puppetOptions: config.puppetToken ? { token: config.puppetToken } : {},
      });

  const mongo = await connectMongo(config.mongoUrl);
  const redis = redisConnection(config.redisUrl);
  const ops = new BotOps(redis, config.queuePrefix, log); // heartbeat, metrics, live/ready (bot/src/ops.ts)
  if (!config.serviceKey) log('[bot] HUOBAN_SERVICE_KEY is not set: 今日到期 will be refused by the api');
  bot.use(
    Heartbeat(log, ops.onState),
    DueToday({
      ...audience,
      fetchDueToday: httpFetchDueToday({ apiUrl: config.apiUrl, serviceKey: config.serviceKey }),
      log,
    }),
    ExitCases({
      ...audience,
      fetchOpenExits: httpFetchOpenExits({ apiUrl: config.apiUrl, serviceKey: config.serviceKey }),
      log,
    }),
    Recruitments({
      fetchRecruitments: httpFetchRecruitments({ apiUrl: config.apiUrl }),
      publicUrl: config.publicUrl,
      log,
    }),
  );
  bot.on('scan', (qrcode, status) => log(`[bot] scan (${status}): ${qrcode}`));
  bot.on('error', (err) => log(`[bot] wechaty error: ${err.message}`));

  await deliveryModel(mongo).init(); // the unique {noticeId, target} index exists before the first post
  let worker: Worker | undefined;
  // the worker starts at the first login and then stays: while logged out its jobs fail and retry
  bot.on('login', () => {
    if (worker) return;
    worker = createDeliverWorker({
      bot,
      connection: redis,
      prefix: config.queuePrefix,
      mongo,
      rooms: config.rooms,
      contacts: config.contacts,
      throttleMs: config.throttleMs,
      log,
    });
    ops.watch(worker, logger);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`[bot] ${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await ops.close();
      await worker?.close();
      await bot.stop();
      await redis.quit();
      await mongo.close();
    } catch (err) {
      log(`[bot] shutdown error: ${(err as Error).message}`);
      process.exitCode = 1;
    }
    clearTimeout(force);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  ops.startHeartbeat();
  const httpPort = await ops.listen({ ...botOpsConfig(), mongo });
  if (httpPort !== undefined) log(`[bot] live/ready/metrics on :${httpPort}`);
  await bot.start();
  log(
    `[bot] started with ${config.puppet}; rooms: ${config.rooms.join('、') || '-'}; contacts: ${config.contacts.join('、') || '-'}`,
  );
  // with the mock puppet `bot.ready()` never resolves; the local account logs in by itself
  world?.login();
}

main().catch((err: unknown) => {
  console.error('[bot] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
