import assert from 'node:assert/strict';
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import {
  DEFAULT_COMPLAINT_WINDOW,
  NoticeRecovery,
  Notifier,
  ProgrammeRepository,
  connectAlerts,
  connectCore,
  coreConfig,
  models,
  noticeJobId,
  outboxModel,
  storeInOutbox,
  type Actor,
  type NoticeJobData,
} from '@huoban/core';
import { Queue, type Worker } from 'bullmq';
import { WechatyBuilder } from 'wechaty';
import type { WechatyInterface } from 'wechaty/impls';
import { createMockWorld, type MockWorld } from '../mock-world.js';
import { eventually, sleep, testServices, type TestServices } from '../../test/support.js';
import { deliveryModel, type DeliveryModel } from './delivery.schema.js';
import { createDeliverWorker } from './worker.js';

/** Issue #11 end to end in one process: alert settings → Notifier (outbox + queue) → bot → mock WeChat. */
const ENV_ROOM = '伙伴运营值班群';
const A_ROOM = '甲项目值班群';
const A_CONTACT = '王经理';
const ADMIN: Actor = { type: 'user', id: 'u-admin', role: 'admin', name: '管理员' };
/** Asia/Shanghai wall time → instant. */
const sh = (s: string) => new Date(`${s}+08:00`);

describe('alert routing and quiet hours (Notifier → bot, mock puppet, real FerretDB + Redis)', () => {
  let svc: TestServices;
  let world: MockWorld;
  let bot: WechatyInterface;
  let queue: Queue<NoticeJobData>;
  let worker: Worker<NoticeJobData>;
  let deliveries: DeliveryModel;
  let notifier: Notifier;
  let clock = new Date();
  let programmeA: string;
  let programmeB: string;
  let programmeC: string;
  let aliased: string;
  const said = (topic: string) => world.saidBy(world.rooms.get(topic)!.id);
  const toContact = () => world.saidBy(world.contacts.get(A_CONTACT)!.id);
  const notice = (id: string, kind: NoticeJobData['kind'], programmeId?: string): NoticeJobData => ({
    noticeId: id,
    kind,
    audience: 'staff',
    ...(programmeId && { programmeId }),
    text: `${kind === 'sla-breach' ? '【投诉超时】' : '【投诉时限预警】'}${id}`,
    ref: { entity: 'complaint', id },
    createdAt: new Date().toISOString(),
  });
  const sentAt = async (noticeId: string) =>
    (await deliveries.find({ noticeId }).lean()).map((d) => [d.target, d.sentAt.getTime()] as const);

  before(async () => {
    svc = await testServices();
    deliveries = deliveryModel(svc.mongo);
    await deliveries.init();
    const programmes = new ProgrammeRepository(models(svc.mongo));
    const base = { rulebook: 'scorecard' as const, complaintWindow: DEFAULT_COMPLAINT_WINDOW, slaHours: 12 };
    programmeA = (await programmes.create({ ...base, code: 'a', name: '甲项目', warningMinutes: [120] }))!.id;
    programmeB = (await programmes.create({ ...base, code: 'b', name: '乙项目', warningMinutes: [120] }))!.id;
    programmeC = (await programmes.create({ ...base, code: 'c', name: '丙项目', warningMinutes: [120] }))!.id;
    const alerts = connectAlerts(connectCore(svc.mongo, { config: { ...coreConfig(), alertQuietHours: null } }), {
      cacheMs: 0,
    });
    await alerts.service.update(
      programmeC,
      { rooms: [], contacts: ['运营-王五'], quietHours: null, rev: 0, reason: '丙项目只发给王五' },
      ADMIN,
    );
    await alerts.service.update(
      programmeA,
      {
        rooms: [A_ROOM],
        contacts: [A_CONTACT],
        quietHours: { start: '22:00', end: '08:00' },
        rev: 0,
        reason: '甲项目夜间免打扰',
      },
      ADMIN,
    );
    world = createMockWorld({ rooms: [ENV_ROOM, A_ROOM], contacts: [A_CONTACT] });
    aliased = world.mocker.createContact({ name: '王五', alias: '运营-王五' }).id; // named in settings by alias
    bot = WechatyBuilder.build({ puppet: world.puppet });
    await bot.start();
    world.login();
    await eventually(() => bot.isLoggedIn, 5000, 'login');
    const queueName = `${svc.id}_notices`;
    queue = new Queue<NoticeJobData>(queueName, { connection: svc.redis, prefix: svc.id });
    notifier = new Notifier(queue, svc.mongo, () => undefined, { router: alerts.router, now: () => clock });
    worker = createDeliverWorker({
      bot,
      connection: svc.redis,
      prefix: svc.id,
      queueName,
      mongo: svc.mongo,
      rooms: [ENV_ROOM],
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

  it('a warning created at 23:30 Beijing is stored held until 08:00 the next day and queued delayed by the window', async () => {
    clock = sh('2026-12-01T23:30');
    const n = notice('warn-night', 'sla-warning', programmeA);
    await notifier.notify(n);
    const entry = await outboxModel(svc.mongo).findOne({ _id: n.noticeId }).lean();
    assert.equal(entry?.holdUntil?.toISOString(), sh('2026-12-02T08:00').toISOString());
    assert.equal(entry?.notice.holdUntil, sh('2026-12-02T08:00').toISOString());
    const job = (await queue.getJob(noticeJobId(n.noticeId)))!;
    assert.equal(await job.getState(), 'delayed');
    assert.equal(job.opts.delay, 8.5 * 3_600_000);
    await job.remove();
  });

  it('a warning at night is posted when the quiet hours end, not before, to its programme’s room and contact', async () => {
    clock = sh('2026-11-02T07:59:57'); // three seconds before the window opens (a past day: the bot's own guard agrees)
    const n = notice('warn-dawn', 'sla-warning', programmeA);
    const queuedAt = Date.now();
    await notifier.notify(n);
    await sleep(1500);
    assert.equal(said(A_ROOM).includes(n.text), false, 'held while the quiet hours last');
    assert.equal(await deliveries.countDocuments({ noticeId: n.noticeId }), 0);
    await eventually(async () => (await deliveries.countDocuments({ noticeId: n.noticeId })) === 2, 10_000, 'posted');
    for (const [, at] of await sentAt(n.noticeId)) assert.ok(at - queuedAt >= 2900, `posted after ${at - queuedAt} ms`);
    assert.deepEqual(
      said(A_ROOM).filter((t) => t === n.text),
      [n.text],
    );
    assert.deepEqual(
      toContact().filter((t) => t === n.text),
      [n.text],
    );
    assert.equal(said(ENV_ROOM).includes(n.text), false, 'not in the env room');
    // the outbox is marked after the last target's record: wait for it rather than read it at once (it raced under load)
    await eventually(
      async () => (await outboxModel(svc.mongo).findOne({ _id: n.noticeId }).lean())?.deliveredAt instanceof Date,
      5_000,
      'marked delivered',
    );
  });

  it('a breach at night is never held: posted at once to its programme’s room and contact only', async () => {
    clock = sh('2026-12-01T23:30');
    const n = notice('breach-night', 'sla-breach', programmeA);
    const queuedAt = Date.now();
    await notifier.notify(n);
    assert.notEqual(await (await queue.getJob(noticeJobId(n.noticeId)))?.getState(), 'delayed');
    await eventually(async () => (await deliveries.countDocuments({ noticeId: n.noticeId })) === 2, 5_000, 'posted');
    for (const [, at] of await sentAt(n.noticeId)) assert.ok(at - queuedAt < 2000, `posted after ${at - queuedAt} ms`);
    assert.deepEqual(
      (await sentAt(n.noticeId)).map(([t]) => t).sort(),
      [`contact:${A_CONTACT}`, `room:${A_ROOM}`].sort(),
    );
    assert.equal(said(ENV_ROOM).includes(n.text), false);
  });

  it('a programme without settings (and a notice without programme) goes to the env rooms, unheld by default', async () => {
    clock = sh('2026-12-01T23:30');
    const b = notice('warn-b', 'sla-warning', programmeB);
    const none = notice('warn-none', 'sla-warning');
    await notifier.notify(b, none);
    await eventually(() => said(ENV_ROOM).includes(b.text) && said(ENV_ROOM).includes(none.text), 5_000, 'posted');
    assert.equal(said(A_ROOM).includes(b.text), false);
    assert.deepEqual(
      (await sentAt(b.noticeId)).map(([t]) => t),
      [`room:${ENV_ROOM}`],
    );
  });

  it('a contact named by the alias the bot’s account gave it receives the notice, and no room does', async () => {
    clock = new Date();
    const n = notice('breach-c', 'sla-breach', programmeC);
    await notifier.notify(n);
    await eventually(() => world.saidBy(aliased).includes(n.text), 5_000, 'posted to the aliased contact');
    await eventually(async () => (await sentAt(n.noticeId)).length > 0, 5_000, 'the post recorded'); // just after it
    assert.deepEqual(
      (await sentAt(n.noticeId)).map(([t]) => t),
      ['contact:运营-王五'],
    );
    assert.equal(said(ENV_ROOM).includes(n.text), false);
  });

  it('the outbox recovery never delivers a held notice early: a lost held job is re-added with the delay it has left', async () => {
    const holdUntil = Date.now() + 2500;
    const n = {
      ...notice('warn-lost', 'sla-warning', programmeA),
      rooms: [A_ROOM],
      holdUntil: new Date(holdUntil).toISOString(),
    };
    // stored a minute ago; its delayed job is gone (a Redis loss)
    await storeInOutbox(outboxModel(svc.mongo), [n], new Date(Date.now() - 60_000));
    const report = await new NoticeRecovery(queue, svc.mongo, 0).run();
    assert.ok(report.enqueued >= 1);
    assert.equal(await (await queue.getJob(noticeJobId(n.noticeId)))?.getState(), 'delayed');
    await sleep(1000);
    assert.equal(await deliveries.countDocuments({ noticeId: n.noticeId }), 0, 'not posted early');
    await eventually(async () => (await deliveries.countDocuments({ noticeId: n.noticeId })) === 1, 10_000, 'posted');
    const [[, at]] = await sentAt(n.noticeId);
    assert.ok(at >= holdUntil, `posted ${holdUntil - at} ms early`);
  });

  it('the bot never posts a held notice early: a job added without its delay waits until holdUntil', async () => {
    const holdUntil = Date.now() + 2000;
    const n = { ...notice('warn-early', 'sla-warning'), holdUntil: new Date(holdUntil).toISOString() };
    await queue.add(n.kind, n, { jobId: noticeJobId(n.noticeId) });
    await sleep(800);
    assert.equal(await deliveries.countDocuments({ noticeId: n.noticeId }), 0, 'not posted early');
    await eventually(async () => (await deliveries.countDocuments({ noticeId: n.noticeId })) === 1, 10_000, 'posted');
    const [[target, at]] = await sentAt(n.noticeId);
    assert.equal(target, `room:${ENV_ROOM}`);
    assert.ok(at >= holdUntil, `posted ${holdUntil - at} ms early`);
  });
});
