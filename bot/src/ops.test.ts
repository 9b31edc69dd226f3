import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { readBotHeartbeat, type NoticeJobData } from '@huoban/core';
import { Queue, type Worker } from 'bullmq';
import { WechatyBuilder } from 'wechaty';
import type { WechatyInterface } from 'wechaty/impls';
import { createMockWorld, type MockWorld } from './mock-world.js';
import { Heartbeat } from './plugins/index.js';
import { BotOps } from './ops.js';
import { createDeliverWorker } from './deliver/worker.js';
import { deliveryModel } from './deliver/delivery.schema.js';
import { eventually, testServices, type TestServices } from '../test/support.js';

const ROOM = '伙伴运营值班群';
const sample = (text: string, name: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${name} `))
      ?.split(' ')
      .pop() ?? NaN,
  );

describe('bot operator surface: heartbeat, login gauge, delivery counters (mock puppet, real Redis + FerretDB)', () => {
  let svc: TestServices;
  let world: MockWorld;
  let bot: WechatyInterface;
  let ops: BotOps;
  let queue: Queue<NoticeJobData>;
  let worker: Worker<NoticeJobData> | undefined;
  let base: string;

  before(async () => {
    svc = await testServices();
    await deliveryModel(svc.mongo).init();
    world = createMockWorld({ rooms: [ROOM], contacts: [] });
    bot = WechatyBuilder.build({ puppet: world.puppet });
    ops = new BotOps(svc.redis, svc.id, () => undefined);
    bot.use(Heartbeat(() => undefined, ops.onState));
    ops.startHeartbeat();
    const port = await ops.listen({ port: 0, host: '127.0.0.1', mongo: svc.mongo });
    base = `http://127.0.0.1:${port}`;
    await bot.start();
    const queueName = `${svc.id}_notices`;
    queue = new Queue<NoticeJobData>(queueName, { connection: svc.redis, prefix: svc.id });
  });

  after(async () => {
    await ops?.close();
    await worker?.close();
    await queue?.close();
    await bot?.stop();
    await svc?.close();
  });

  it('before login: the heartbeat says starting, the gauge is 0, ready answers (login is reported, not required)', async () => {
    await eventually(async () => (await readBotHeartbeat(svc.redis, svc.id)).state === 'starting');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.equal(sample(metrics, 'huoban_bot_logged_in'), 0);
    const ready = await fetch(`${base}/health/ready`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { login: string }).login, 'starting');
    assert.equal((await fetch(`${base}/health/live`)).status, 200);
  });

  it('login is written to the heartbeat the api reads and to the gauge', async () => {
    world.login();
    await eventually(async () => (await readBotHeartbeat(svc.redis, svc.id)).state === 'logged_in');
    assert.equal((await readBotHeartbeat(svc.redis, svc.id)).user, '伙伴助手');
    assert.equal(sample(await (await fetch(`${base}/metrics`)).text(), 'huoban_bot_logged_in'), 1);
  });

  it('delivery failures are counted: a notice to a room the bot is not in fails', async () => {
    worker = createDeliverWorker({
      bot,
      connection: svc.redis,
      prefix: svc.id,
      queueName: `${svc.id}_notices`,
      mongo: svc.mongo,
      rooms: ['不存在的群'],
      contacts: [],
      throttleMs: 0,
      log: () => undefined,
    });
    ops.watch(worker);
    await queue.add(
      'n',
      { noticeId: 'ops-1', kind: 'generic', audience: 'staff', text: '测试', createdAt: new Date().toISOString() },
      { jobId: 'notice-ops-1', attempts: 1 },
    );
    await eventually(async () =>
      /huoban_bot_deliveries_total\{outcome="failed"\} 1/.test(await (await fetch(`${base}/metrics`)).text()),
    );
  });
});
