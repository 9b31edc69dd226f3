import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { noticeJobId, outboxModel, storeInOutbox, type NoticeJobData } from '@huoban/core';
import { Queue, type Job, type Worker } from 'bullmq';
import { WechatyBuilder } from 'wechaty';
import type { WechatyInterface } from 'wechaty/impls';
import { createMockWorld, type MockWorld } from '../mock-world.js';
import { eventually, testServices, type TestServices } from '../../test/support.js';
import { deliveryModel, type DeliveryModel } from './delivery.schema.js';
import { createDeliverWorker } from './worker.js';

const ROOM = '伙伴运营值班群';
const THROTTLE_MS = 300;
const RECRUIT_ROOM = '服务商招募群';
const RETRY = { attempts: 1000, backoff: { type: 'fixed' as const, delay: 150 } };

const notice = (noticeId: string, text = `【投诉时限预警】${noticeId}`): NoticeJobData => ({
  noticeId,
  kind: 'sla-warning',
  audience: 'staff',
  text,
  ref: { entity: 'complaint', id: 'c1' },
  createdAt: new Date().toISOString(),
});

/** resolves when the worker finishes (completed or failed, as asked) the job with this id */
function settled(worker: Worker, event: 'completed' | 'failed', jobId: string, timeoutMs = 15_000): Promise<Job> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.off(event, on);
      reject(new Error(`job ${jobId} not ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (job: Job | undefined) => {
      if (job?.id === jobId) {
        clearTimeout(timer);
        worker.off(event, on);
        resolve(job);
      }
    };
    worker.on(event, on);
  });
}

describe('deliver worker (mock puppet, real Redis + FerretDB)', () => {
  let svc: TestServices;
  let world: MockWorld;
  let bot: WechatyInterface;
  let queue: Queue<NoticeJobData>;
  let worker: Worker<NoticeJobData>;
  let deliveries: DeliveryModel;
  const logs: string[] = [];
  let roomId: string;

  before(async () => {
    svc = await testServices();
    deliveries = deliveryModel(svc.mongo);
    await deliveries.init();
    world = createMockWorld({ rooms: [ROOM, RECRUIT_ROOM], contacts: [] });
    roomId = world.rooms.get(ROOM)!.id;
    bot = WechatyBuilder.build({ puppet: world.puppet });
    await bot.start();
    const queueName = `${svc.id}_notices`;
    queue = new Queue<NoticeJobData>(queueName, { connection: svc.redis, prefix: svc.id });
    worker = createDeliverWorker({
      bot,
      connection: svc.redis,
      prefix: svc.id,
      queueName,
      mongo: svc.mongo,
      rooms: [ROOM],
      contacts: [],
      throttleMs: THROTTLE_MS,
      log: (line) => logs.push(line),
    });
  });

  after(async () => {
    await worker.close();
    await queue.close();
    await bot.stop();
    await svc.close();
  });

  it('posts a notice once even when the same notice is queued twice under different job ids', async () => {
    world.login();
    await eventually(() => bot.isLoggedIn, 5000, 'login');
    const n = notice('sla-c1-warn-120');
    const first = settled(worker, 'completed', noticeJobId(n.noticeId));
    const second = settled(worker, 'completed', `${noticeJobId(n.noticeId)}-again`);
    await queue.add(n.kind, n, { jobId: noticeJobId(n.noticeId), ...RETRY });
    await queue.add(n.kind, n, { jobId: `${noticeJobId(n.noticeId)}-again`, ...RETRY });
    const [j1, j2] = await Promise.all([first, second]);

    assert.deepEqual(world.saidBy(roomId), [n.text]);
    assert.deepEqual(j1.returnvalue, { posted: [`room:${ROOM}`], skipped: [] });
    assert.deepEqual(j2.returnvalue, { posted: [], skipped: [`room:${ROOM}`] });
    const recs = await deliveries.find({ noticeId: n.noticeId }).lean();
    assert.equal(recs.length, 1);
    assert.equal(recs[0]!.target, `room:${ROOM}`);
    assert.equal(recs[0]!.text, n.text);
    assert.equal(recs[0]!.kind, 'sla-warning');
    assert.deepEqual(recs[0]!.ref, { entity: 'complaint', id: 'c1' });
    assert.ok(recs[0]!.sentAt instanceof Date);
  });

  it('FT-6 a notice naming its own rooms (a recruitment) goes to those rooms only, once', async () => {
    const n = {
      ...notice('recruitment-r1-published', '【招募公告】测试'),
      kind: 'recruitment' as const,
      rooms: [RECRUIT_ROOM],
    };
    const before = world.saidBy(roomId).length;
    const done = settled(worker, 'completed', noticeJobId(n.noticeId));
    await queue.add(n.kind, n, { jobId: noticeJobId(n.noticeId), ...RETRY });
    const job = await done;
    assert.deepEqual(job.returnvalue, { posted: [`room:${RECRUIT_ROOM}`], skipped: [] });
    assert.deepEqual(world.saidBy(world.rooms.get(RECRUIT_ROOM)!.id), ['【招募公告】测试']);
    assert.equal(world.saidBy(roomId).length, before);
  });

  it('fails and retries while logged out, then delivers after login (never dropped)', async () => {
    await bot.logout();
    await eventually(() => !bot.isLoggedIn, 5000, 'logout');
    const before = world.saidBy(roomId).length;
    const n = notice('sla-c2-breach', '【投诉超时】c2');
    const jobId = noticeJobId(n.noticeId);
    await queue.add(n.kind, n, { jobId, ...RETRY });

    // at least two failed attempts while logged out, nothing posted, nothing recorded
    await eventually(async () => ((await queue.getJob(jobId))?.attemptsMade ?? 0) >= 2, 10_000, 'two failed attempts');
    assert.equal(world.saidBy(roomId).length, before);
    assert.equal(await deliveries.countDocuments({ noticeId: n.noticeId }), 0);
    assert.ok(logs.some((l) => l.includes(n.noticeId) && l.includes('bot is not logged in')));

    const done = settled(worker, 'completed', jobId);
    world.login();
    const job = await done;
    assert.ok(job.attemptsMade >= 2);
    assert.deepEqual(
      world.saidBy(roomId).filter((t) => t === n.text),
      [n.text],
    );
    assert.equal(await deliveries.countDocuments({ noticeId: n.noticeId }), 1);
  });

  it('marks the outbox entry delivered once the room has the notice, and a re-run of it posts nothing', async () => {
    const outbox = outboxModel(svc.mongo);
    const n = notice('sla-c9-breach', '【投诉超时】c9');
    await storeInOutbox(outbox, [n]);
    const jobId = noticeJobId(n.noticeId);
    const done = settled(worker, 'completed', jobId);
    await queue.add(n.kind, n, { jobId, ...RETRY });
    await done;
    const entry = await outbox.findOne({ _id: n.noticeId }).lean();
    assert.ok(entry?.deliveredAt instanceof Date, 'deliveredAt set');
    // the outbox recovery re-runs a completed job whose mark it did not see: nothing is posted again
    const again = settled(worker, 'completed', `${jobId}-rerun`);
    await queue.add(n.kind, n, { jobId: `${jobId}-rerun`, ...RETRY });
    assert.deepEqual((await again).returnvalue, { posted: [], skipped: [`room:${ROOM}`] });
    assert.deepEqual(
      world.saidBy(roomId).filter((t) => t === n.text),
      [n.text],
    );
  });

  it('spaces two posts to the same room by HUOBAN_BOT_THROTTLE_MS', async () => {
    const a = notice('generic-a', '通知A');
    const b = notice('generic-b', '通知B');
    const done = Promise.all([
      settled(worker, 'completed', noticeJobId(a.noticeId)),
      settled(worker, 'completed', noticeJobId(b.noticeId)),
    ]);
    await queue.add(a.kind, a, { jobId: noticeJobId(a.noticeId), ...RETRY });
    await queue.add(b.kind, b, { jobId: noticeJobId(b.noticeId), ...RETRY });
    await done;
    const sent = [...world.mocker.cacheMessagePayload.values()].filter(
      (m) => m.roomId === roomId && (m.text === a.text || m.text === b.text),
    );
    assert.equal(sent.length, 2);
    assert.ok(
      sent[1]!.timestamp - sent[0]!.timestamp >= THROTTLE_MS - 5,
      `gap ${sent[1]!.timestamp - sent[0]!.timestamp} ms`,
    );
  });

  it('fails a malformed notice for good without posting', async () => {
    const jobId = 'notice-malformed';
    const failed = settled(worker, 'failed', jobId);
    const before = world.saidBy(roomId).length;
    await queue.add('generic', { noticeId: '' } as NoticeJobData, { jobId, ...RETRY });
    const job = await failed;
    assert.equal(job.attemptsMade, 1);
    assert.match(job.failedReason, /malformed/);
    assert.equal(world.saidBy(roomId).length, before);
  });
});

describe('deliver worker with a missing target', () => {
  let svc: TestServices;
  let world: MockWorld;
  let bot: WechatyInterface;
  let queue: Queue<NoticeJobData>;
  let worker: Worker<NoticeJobData>;

  before(async () => {
    svc = await testServices();
    await deliveryModel(svc.mongo).init();
    world = createMockWorld({ rooms: [ROOM], contacts: [] });
    bot = WechatyBuilder.build({ puppet: world.puppet });
    await bot.start();
    world.login();
    await eventually(() => bot.isLoggedIn, 5000, 'login');
    const queueName = `${svc.id}_notices`;
    queue = new Queue<NoticeJobData>(queueName, { connection: svc.redis, prefix: svc.id });
    worker = createDeliverWorker({
      bot,
      connection: svc.redis,
      prefix: svc.id,
      queueName,
      mongo: svc.mongo,
      rooms: [ROOM, '不存在的群'],
      contacts: [],
      throttleMs: 0,
      log: () => undefined,
    });
  });

  after(async () => {
    await worker.close();
    await queue.close();
    await bot.stop();
    await svc.close();
  });

  it('posts to the rooms it finds once, and keeps retrying the missing one', async () => {
    const n = notice('sla-c3-warn-30');
    const jobId = noticeJobId(n.noticeId);
    await queue.add(n.kind, n, { jobId, ...RETRY });
    const job = await eventually(
      async () => {
        const j = await queue.getJob(jobId);
        return j && j.attemptsMade >= 3 ? j : undefined;
      },
      10_000,
      'three attempts',
    );
    assert.match(job.failedReason, /room:不存在的群/);
    assert.deepEqual(world.saidBy(world.rooms.get(ROOM)!.id), [n.text]);
    assert.equal(await deliveryModel(svc.mongo).countDocuments({ noticeId: n.noticeId }), 1);
    assert.notEqual(await job.getState(), 'completed');
  });
});
