import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import { Notifier, outboxModel, type NoticeJobData, type NoticeKind } from '@huoban/core';
import { Queue, type Worker } from 'bullmq';
import { WechatyBuilder } from 'wechaty';
import type { WechatyInterface } from 'wechaty/impls';
import { createMockWorld, type MockWorld } from '../mock-world.js';
import { eventually, testServices, type TestServices } from '../../test/support.js';
import { deliveryModel } from './delivery.schema.js';
import { findTarget } from './targets.js';
import { createDeliverWorker } from './worker.js';

const ROOM = '伙伴运营值班群';
const PUBLIC_URL = 'https://huoban.example.com';

const notice = (noticeId: string, kind: NoticeKind, text: string, rooms?: string[]): NoticeJobData => ({
  noticeId,
  kind,
  audience: 'staff',
  text,
  ...(rooms && { rooms }),
  ref: { entity: 'complaint', id: noticeId },
  createdAt: new Date().toISOString(),
});
const breach = (i: number, rooms?: string[]) =>
  notice(`sla-b${i}-breach`, 'sla-breach', `【投诉超时】\n伙伴：伙伴${i}\n投诉编号：T${1000 + i}`, rooms);

/**
 * Issue #21 on the real delivery worker, the real Notifier (outbox + queue) and the mock puppet: urgent notices go
 * first, a burst for one room becomes one digest, every notice is recorded delivered once.
 */
describe('notice priorities and digests (Notifier → bot, mock puppet, real FerretDB + Redis)', () => {
  let svc: TestServices;
  let world: MockWorld;
  let bot: WechatyInterface;
  let queue: Queue<NoticeJobData>;
  let notifier: Notifier;
  let worker: Worker<NoticeJobData> | undefined;

  const allDelivered = (ids: string[]) =>
    eventually(
      async () =>
        (await outboxModel(svc.mongo).countDocuments({ _id: { $in: ids }, deliveredAt: { $ne: null } })) === ids.length,
      60_000,
      `${ids.length} notices delivered`,
    );

  before(async () => {
    svc = await testServices();
    await deliveryModel(svc.mongo).init();
    world = createMockWorld({ rooms: [ROOM], contacts: [] });
    bot = WechatyBuilder.build({ puppet: world.puppet });
    await bot.start();
    world.login();
    await eventually(() => bot.isLoggedIn, 5000, 'login');
    queue = new Queue<NoticeJobData>(`${svc.id}_notices`, { connection: svc.redis, prefix: svc.id });
    notifier = new Notifier(queue, svc.mongo, () => undefined, { router: null });
  });
  after(async () => {
    await worker?.close();
    await queue?.close();
    await bot?.stop();
    await svc?.close();
  });

  const startWorker = () =>
    createDeliverWorker({
      bot,
      connection: svc.redis,
      prefix: svc.id,
      queueName: `${svc.id}_notices`,
      mongo: svc.mongo,
      rooms: [ROOM],
      contacts: [],
      throttleMs: 100,
      digests: { publicUrl: PUBLIC_URL, gatherMs: 300 },
      find: (b, spec) => {
        world.ensure(spec);
        return findTarget(b, spec);
      },
      log: () => undefined,
    });

  it('a breach queued behind 200 routine notices reaches the room first; the 200 follow as one digest', async () => {
    const routine = Array.from({ length: 200 }, (_, i) => notice(`digest-r${i}`, 'digest', `【每日汇总】第${i}条`));
    await notifier.notify(...routine);
    const b = breach(0);
    await notifier.notify(b); // queued last
    worker = startWorker();
    await allDelivered([...routine, b].map((n) => n.noticeId));

    const said = world.saidBy(world.rooms.get(ROOM)!.id);
    assert.equal(said[0], b.text, 'the breach is the first message in the room');
    assert.equal(said.length, 2, said.join('\n---\n'));
    assert.match(said[1]!, /^【告警汇总】200条例行通知同时到期/);
    const records = await deliveryModel(svc.mongo)
      .find({ noticeId: { $in: routine.map((n) => n.noticeId) } })
      .lean();
    assert.equal(records.length, 200, 'each routine notice recorded delivered once');
    assert.equal(new Set(records.map((r) => r.via)).size, 1, 'all through the one digest');
  });

  it('50 breaches falling due together arrive as one digest plus nothing else, each recorded once through it', async () => {
    const room = '告警测试群B';
    const burst = Array.from({ length: 50 }, (_, i) => breach(100 + i, [room]));
    await notifier.notify(...burst);
    await allDelivered(burst.map((n) => n.noticeId));
    await new Promise((r) => setTimeout(r, 500)); // nothing else follows

    const said = world.saidBy(world.rooms.get(room)!.id);
    assert.equal(said.length, 1, said.join('\n---\n'));
    const digest = said[0]!;
    assert.match(
      digest,
      /^【告警汇总】50条紧急通知同时到期，合并为一条：\n投诉超时 50条\n最紧急的10条：\n1\. 投诉超时｜伙伴：伙伴100｜/,
    );
    assert.equal(digest.split('\n').filter((l) => /^\d+\. /.test(l)).length, 10);
    assert.match(digest, /另有40条未列出。/);
    assert.match(digest, new RegExp(`临期投诉：${PUBLIC_URL}/#/packages/staff/pages/due/index$`));
    const records = await deliveryModel(svc.mongo)
      .find({ target: `room:${room}` })
      .lean();
    assert.equal(records.length, 51, '50 notices + the digest itself');
    const digestId = records.find((r) => r.kind === 'digest')!.noticeId;
    assert.equal(records.filter((r) => r.via === digestId).length, 50);
  });
});
