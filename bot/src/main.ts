import { connectMongo, createLogger, redisConnection, routeConsoleToLogger } from '@huoban/core';
import type { Worker } from 'bullmq';
import { WechatyBuilder, type PuppetModuleName } from 'wechaty';
import { botConfig, MOCK_PUPPET } from './config.js';
import { deliveryModel } from './deliver/delivery.schema.js';
import { findTarget } from './deliver/targets.js';
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
      publicUrl: config.publicUrl,
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
  // the worker starts at the first login and then stays. While logged out it is paused, so notices wait in the
  // queue in the order they came (a job that was running fails and is retried, never dropped).
  bot.on('login', () => {
    if (worker) {
      worker.resume();
      log('[bot] logged in again: delivering');
    }
    worker ??= createDeliverWorker({
      bot,
      connection: redis,
      prefix: config.queuePrefix,
      mongo,
      rooms: config.rooms,
      contacts: config.contacts,
      throttleMs: config.throttleMs,
      maxPerMinute: config.maxPerMinute,
      digests: { publicUrl: config.publicUrl, digestAfter: config.digestAfter },
      // the mock world grows the rooms and contacts a programme's alert settings name (a real account must be in them)
      ...(world && {
        find: (b: typeof bot, spec: Parameters<typeof findTarget>[1]) => {
          world.ensure(spec);
          return findTarget(b, spec);
        },
      }),
      // a notice fetched just as the account logs out waits for the login in its place (order per room holds);
      // after a day it fails and is retried like any other
      loginWaitMs: 24 * 3600_000,
      log,
    });
    ops.watch(worker, logger);
  });
  bot.on('logout', () => {
    log('[bot] logged out: notices wait until the next login');
    void worker?.pause(true);
  });
  // the mock puppet only: SIGUSR2 logs the local account out / in again (fault-injection tests, `npm run chaos`)
  if (world)
    process.on('SIGUSR2', () => {
      if (bot.isLoggedIn) void bot.logout();
      else world.login();
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
