import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { featureTestbed, type FeatureTestbed } from '../../test/feature-testbed.js';
import { WorkCalendar } from '../calendar/index.js';
import { connectComplaints } from '../complaints/service.js';
import { coreEnv } from '../config.js';
import { DomainError } from '../errors.js';
import { models } from '../db/schemas.js';
import { Notifier } from '../notify/index.js';
import { redisConnection } from '../queues/factory.js';
import { startFakeWechat, type FakeWechat } from '../testing/fake-wechat.js';
import { connectCore, type Core } from '../root.js';
import { CalendarSource } from '../calendar/source.js';
import {
  SUBSCRIPTION_KIND_KEYS,
  complaintBreachMessage,
  connectSubscriptions,
  createSubscriptionQueue,
  documentExpiringMessage,
  fieldProblems,
  subscriptionJobId,
  subscriptionMessageId,
  thing,
  type SubscriptionTemplates,
  type SubscriptionsFeature,
} from './index.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const staff = { actor: { type: 'user' as const, id: 'staff1', role: 'staff' as const, name: '运营' } };
const TEMPLATES = Object.fromEntries(SUBSCRIPTION_KIND_KEYS.map((k) => [k, `tmpl-${k}`])) as SubscriptionTemplates;

describe('WeChat 订阅消息 with consent, through the outbox (real FerretDB + Redis, fake WeChat)', () => {
  let tb: FeatureTestbed;
  let wx: FakeWechat;
  let redis: Redis;
  let subs: SubscriptionsFeature;
  let notifier: Notifier;
  let core: Core;
  let prefix: string;
  let now = new Date('2026-12-07T10:00:00+08:00');
  const cal = new WorkCalendar();
  let n = 0;

  before(async () => {
    tb = await featureTestbed('subscriptions');
    notifier = new Notifier(tb.notices, tb.conn, undefined, { now: () => now }); // the producer's clock too
    wx = await startFakeWechat();
    redis = redisConnection(coreEnv().redisUrl);
    prefix = `t-subscriptions-${tb.id}`;
    core = connectCore(tb.conn, { notifier, calendar: CalendarSource.fixed(cal), now: () => now });
    subs = await connectSubscriptions(core, {
      queue: createSubscriptionQueue(redis, prefix),
      redis,
      prefix,
      templates: TEMPLATES,
      wechat: { apiBase: wx.base, appId: 'wx-test', secret: 'secret' },
    });
  });
  after(async () => {
    const q = createSubscriptionQueue(redis, prefix);
    await q.obliterate({ force: true });
    await q.close();
    await redis.del(`${prefix}:wechat:access-token:wx-test`);
    await tb.close();
    redis.disconnect();
    wx.server.close();
  });

  /** A partner bound to one WeChat user (its openid), as a WeChat login binds it. */
  const partner = async () => {
    n++;
    const p = await models(tb.conn).Partner.create({
      code: `S${n}-${tb.id}`,
      name: `订阅伙伴${n}有限公司`,
      programmeId: new Types.ObjectId(tb.programmeId),
      status: 'active',
      inviteCode: `inv-${n}-${tb.id}`,
    });
    const openId = `openid-${n}-${tb.id}`;
    await tb.repos.partners.bindIdentity(openId, String(p._id));
    return { id: String(p._id), openId, caller: { actor: staff.actor, userId: `partner-${p._id}`, openId } };
  };
  const complaints = async () => (await connectComplaints(core, { scheduler: { schedule: async () => 0 } })).service;
  const mine = (p: { openId: string }) =>
    subs.store.m.Message.find({ openId: p.openId }).sort({ sendAt: 1 }).lean<any[]>();
  const sentTo = (p: { openId: string }) => wx.sends.filter((s) => s.body.touser === p.openId);

  it('FT-12 WT-4 Done means: with consent the partner gets the complaint and its deadline reminder; without, nothing, and nothing is retried', async () => {
    now = new Date('2026-12-07T10:00:00+08:00');
    const a = await partner();
    const b = await partner();
    await subs.service.record(a.caller, [
      { templateId: 'tmpl-complaint-registered', result: 'accept' },
      { templateId: 'tmpl-complaint-due-soon', result: 'accept' },
    ]);
    await subs.service.record(b.caller, [{ templateId: 'tmpl-complaint-registered', result: 'reject' }]);
    const service = await complaints();
    const input = { kind: 'ordinary' as const, channel: 'hotline_10086' as const, receivedAt: now };
    const ca = await service.register({ ...input, partnerId: a.id, summary: '扣费未到账 13812345678' }, staff);
    await service.register({ ...input, partnerId: b.id, summary: '套餐未生效' }, staff);
    // WT-4: received 10:00, 12 working hours → due 22:00; reminded two working hours before, at 20:00
    assert.equal(new Date(ca.dueAt).toISOString(), '2026-12-07T14:00:00.000Z');

    const stored = await mine(a);
    assert.deepEqual(
      stored.map((m) => [m.kind, m.sendAt.toISOString(), m.status]),
      [
        ['complaint-registered', '2026-12-07T02:00:00.000Z', 'pending'],
        ['complaint-due-soon', '2026-12-07T12:00:00.000Z', 'pending'],
      ],
    );
    // each message is queued under its deterministic id, the reminder delayed until its instant
    const queue = createSubscriptionQueue(redis, prefix);
    const reminderJob = await queue.getJob(subscriptionJobId(stored[1]._id));
    assert.ok(reminderJob && reminderJob.opts.delay! > 0);
    await queue.close();

    for (const p of [a, b])
      for (const m of await mine(p))
        if (m.kind === 'complaint-registered') await subs.handlers.subscriptions.deliver(m._id);
    now = new Date('2026-12-07T20:00:00+08:00');
    for (const p of [a, b])
      for (const m of await mine(p))
        if (m.kind === 'complaint-due-soon') await subs.handlers.subscriptions.deliver(m._id);

    const toA = sentTo(a);
    assert.deepEqual(
      toA.map((s) => s.body.template_id),
      ['tmpl-complaint-registered', 'tmpl-complaint-due-soon'],
    );
    assert.equal(toA[0].body.data.time3.value, '2026年12月7日 22:00');
    assert.equal(toA[0].body.data.character_string1.value, ca.no);
    assert.doesNotMatch(JSON.stringify(toA[0].body), /13812345678/); // the customer's phone stays masked
    assert.match(toA[0].body.page, new RegExp(`id=${ca.id}`));
    for (const s of toA) assert.deepEqual(fieldProblems(s.body.data), []);
    assert.deepEqual(
      (await mine(a)).map((m) => m.status),
      ['sent', 'sent'],
    );
    // B declined: recorded, never sent; a job run again (a retry, the sweep) sends nothing either
    assert.equal(sentTo(b).length, 0);
    const bs = await mine(b);
    assert.deepEqual(
      bs.map((m) => [m.status, m.attempts, m.pending]),
      [
        ['no_consent', 0, false],
        ['no_consent', 0, false],
      ],
    );
    for (const m of bs) assert.equal(await subs.handlers.subscriptions.deliver(m._id), 'done');
    assert.equal(sentTo(b).length, 0);
    // the same notice again (a repeated step) is stored and sent once per recipient
    await notifier.message(complaintBreachMessage({ ...(ca as any), partnerId: a.id }));
    await notifier.message(complaintBreachMessage({ ...(ca as any), partnerId: a.id }));
    assert.equal((await mine(a)).filter((m) => m.kind === 'complaint-breach').length, 1);
  });

  it('one accepted consent allows one message of its template (WeChat one-time subscription)', async () => {
    const p = await partner();
    await subs.service.record(p.caller, [{ templateId: 'tmpl-document-expiring', result: 'accept' }]);
    assert.equal((await subs.service.list(p.caller)).find((t) => t.kind === 'document-expiring')!.remaining, 1);
    const doc = { documentId: `d-${p.id}`, partnerId: p.id, name: '增值电信业务经营许可证', expiresOn: '2027-01-06' };
    await notifier.message(
      documentExpiringMessage({ ...doc, reminder: '30d' }),
      documentExpiringMessage({ ...doc, reminder: '7d' }),
    );
    const outcomes = [];
    for (const m of await mine(p)) outcomes.push(await subs.handlers.subscriptions.deliver(m._id));
    assert.deepEqual(outcomes, ['sent', 'no_consent']);
    assert.equal(sentTo(p).length, 1);
    assert.equal(sentTo(p)[0].body.data.date2.value, '2027年1月6日');
    assert.equal((await subs.service.list(p.caller)).find((t) => t.kind === 'document-expiring')!.remaining, 0);
  });

  it('FT-12 43101 (not subscribed) is recorded and not retried', async () => {
    const p = await partner();
    await subs.service.record(p.caller, [{ templateId: 'tmpl-complaint-breach', result: 'accept' }]);
    wx.script.set(p.openId, [43101]);
    await notifier.message(
      complaintBreachMessage({
        id: `c-${p.id}`,
        no: 'TS-20261207-9001',
        partnerId: p.id,
        summary: 'x',
        dueAt: now,
        slaHours: 12,
        kind: 'ordinary',
      }),
    );
    const [m] = await mine(p);
    assert.equal(await subs.handlers.subscriptions.deliver(m._id), 'refused'); // resolved, not thrown: BullMQ does not retry
    assert.equal(await subs.handlers.subscriptions.deliver(m._id), 'done');
    assert.equal(sentTo(p).length, 1);
    const after = (await mine(p))[0];
    assert.deepEqual([after.status, after.errcode, after.attempts, after.pending], ['refused', 43101, 1, false]);
  });

  it('an expired access token (42001/40001) is refreshed once, then the send is tried once more; the token is shared', async () => {
    const p = await partner();
    await subs.service.record(p.caller, [
      { templateId: 'tmpl-score-closed', result: 'accept' },
      { templateId: 'tmpl-score-closed', result: 'accept' },
    ]);
    const score = (period: string) => ({
      key: `score-${p.id}-${period}`,
      kind: 'score-closed' as const,
      to: { partnerId: p.id },
      data: {
        thing1: { value: thing(`${period}考核`) },
        number2: { value: '86.5' },
        thing3: { value: '考核结果已冻结' },
      },
      text: `${period} 86.5`,
    });
    await notifier.message(score('2026H1'));
    const tokensBefore = wx.tokens();
    wx.script.set(p.openId, [42001]);
    const [first] = await mine(p);
    assert.equal(await subs.handlers.subscriptions.deliver(first._id), 'sent');
    const s = sentTo(p);
    assert.equal(s.length, 2);
    assert.notEqual(s[0].token, s[1].token);
    assert.equal(wx.tokens(), tokensBefore + 1, 'one refresh');
    // still refused after the refresh: recorded failed, no loop of refreshes
    wx.script.set(p.openId, [40001, 40001]);
    await notifier.message(score('2026H2'));
    const second = (await mine(p)).find((m) => m.key.endsWith('2026H2'))!;
    assert.equal(await subs.handlers.subscriptions.deliver(second._id), 'failed');
    assert.equal(sentTo(p).length, 4);
    assert.equal(wx.tokens(), tokensBefore + 2);
    // another replica on the same Redis uses the cached token without fetching one
    const other = await connectSubscriptions(core, {
      queue: createSubscriptionQueue(redis, prefix),
      redis,
      prefix,
      templates: TEMPLATES,
      wechat: { apiBase: wx.base, appId: 'wx-test', secret: 'secret' },
    });
    await subs.service.record(p.caller, [{ templateId: 'tmpl-score-closed', result: 'accept' }]);
    await notifier.message(score('2027H1'));
    const third = (await mine(p)).find((m) => m.key.endsWith('2027H1'))!;
    assert.equal(await other.handlers.subscriptions.deliver(third._id), 'sent');
    assert.equal(wx.tokens(), tokensBefore + 2);
  });

  it('other errors are retried with backoff on the same consent, until sent', async () => {
    const p = await partner();
    await subs.service.record(p.caller, [{ templateId: 'tmpl-exit-step', result: 'accept' }]);
    wx.script.set(p.openId, [-1, 45009]);
    await notifier.message({
      key: `exit-x-${p.id}-approval`,
      kind: 'exit-step',
      to: { partnerId: p.id },
      data: { thing1: { value: '退出合作申请' }, phrase2: { value: '审批中' }, thing3: { value: '已进入审批' } },
      text: '退出合作申请：审批中',
    });
    const [m] = await mine(p);
    await assert.rejects(
      subs.handlers.subscriptions.deliver(m._id),
      (e) => e instanceof DomainError && e.code === 'unavailable',
    );
    await assert.rejects(
      subs.handlers.subscriptions.deliver(m._id),
      (e) => e instanceof DomainError && e.code === 'unavailable',
    );
    assert.equal(await subs.handlers.subscriptions.deliver(m._id), 'sent');
    const done = (await mine(p))[0];
    assert.deepEqual([done.status, done.attempts], ['sent', 3]);
    assert.equal(await subs.store.m.ConsentUse.countDocuments({ messageId: m._id }), 1);
  });

  it('WT-4 the reminder is dropped once the partner replied; the sweep re-queues a due message Redis lost', async () => {
    now = new Date('2026-12-08T09:00:00+08:00');
    const p = await partner();
    await subs.service.record(p.caller, [{ templateId: 'tmpl-complaint-due-soon', result: 'accept' }]);
    const service = await complaints();
    const c = await service.register(
      { partnerId: p.id, kind: 'ordinary', channel: 'hotline_10086', summary: '积分未到账', receivedAt: now },
      staff,
    );
    await service.reply(c.id, '已核实原因，积分已补发', {
      actor: { type: 'user', id: p.caller.userId, role: 'partner' },
      partnerId: p.id,
    });
    const reminder = (await mine(p)).find((m) => m.kind === 'complaint-due-soon')!;
    now = new Date(reminder.sendAt.getTime() + 1000);
    // Redis lost the job: the sweep finds the due message and queues it again
    const queue = createSubscriptionQueue(redis, prefix);
    await (await queue.getJob(subscriptionJobId(reminder._id)))?.remove();
    now = new Date(reminder.sendAt.getTime() + 60_000);
    const swept = await subs.handlers.subscriptions.sweep();
    assert.ok(swept.queued >= 1);
    assert.ok(await queue.getJob(subscriptionJobId(reminder._id)));
    await queue.close();
    assert.equal(await subs.handlers.subscriptions.deliver(reminder._id), 'cancelled');
    assert.equal(sentTo(p).length, 0);
    assert.equal(reminder._id, subscriptionMessageId(reminder.key, p.openId));
  });

  it('consents name configured templates only (400 in Chinese) and need a WeChat user (409)', async () => {
    const p = await partner();
    await assert.rejects(
      subs.service.record(p.caller, [{ templateId: 'tmpl-unknown', result: 'accept' }]),
      (e: any) => e.status === 400 && /模板不存在/.test(e.message),
    );
    await assert.rejects(
      subs.service.record({ ...p.caller, openId: null }, [{ templateId: 'tmpl-exit-step', result: 'accept' }]),
      (e: any) => e.status === 409 && /微信/.test(e.message),
    );
  });
});
