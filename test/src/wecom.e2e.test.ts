/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectMongo } from '@huoban/core';
import { startFakeWecom, type FakeWecom } from '@huoban/core/testing';
import { startE2E } from './support/e2e.js';
import { waitFor, type System } from './support/system.js';

const H = 3_600_000;
const ROOM = '甲项目企业微信测试群';
const KEY = `${randomBytes(4).toString('hex')}-7000-4bc4-97a0-0ec2a1fa5aaa`;

/**
 * Issue #19 item 1, "done means": across real processes (api + worker + bot on FerretDB and Redis), a programme whose
 * 告警设置 names a WeChat room and a WeCom robot gets a complaint's breach in the mock WeChat room (the bot) and on the
 * fake WeCom robot (the worker) exactly once each, though the outbox recovery runs every second meanwhile.
 */
describe('WeCom robots beside the WeChat room end to end', () => {
  let sys: System;
  let db: Connection;
  let fake: FakeWecom;
  let staff: string;
  let partnerId: string;
  let programmeId: string;

  const must = async (method: string, path: string, body?: unknown) => {
    const r = await sys.call(method, path, { token: staff, body });
    assert.ok([200, 201].includes(r.status), `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  before(async () => {
    fake = await startFakeWecom({ keys: [KEY] });
    sys = await startE2E({
      web: false,
      extraEnv: { HUOBAN_WECOM_API_BASE: fake.base, HUOBAN_OUTBOX_EVERY_MS: '1000' },
    });
    db = await connectMongo(sys.mongoUrl);
    staff = await sys.staffToken();
    programmeId = (
      await must('POST', '/api/v1/programmes', {
        code: `e2e-wecom-${randomBytes(3).toString('hex')}`,
        name: '企业微信告警测试计划',
        rulebook: 'scorecard',
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [1],
      })
    ).id;
    const code = `W${randomBytes(3).toString('hex').toUpperCase()}`;
    partnerId = (await must('POST', '/api/v1/partners', { code, name: '企微端到端科技有限公司', programmeId })).id;
    const saved = await must('PUT', `/api/v1/programmes/${programmeId}/alert-settings`, {
      rooms: [ROOM],
      contacts: [],
      quietHours: null,
      channels: ['wechat', 'wecom'],
      wecomRobots: [{ name: '值班机器人', key: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` }],
      rev: 0,
      reason: '端到端：微信群和企业微信机器人都接收告警',
    });
    assert.ok(!JSON.stringify(saved).includes(KEY), 'the key is never answered');
    await sys.botLoggedIn();
  });
  after(async () => {
    await db?.close();
    await sys?.stop();
    await fake?.close();
  });

  it('a breach posts to the fake WeCom robot and to the mock WeChat room exactly once each', async () => {
    const c = await must('POST', '/api/v1/complaints', {
      partnerId,
      kind: 'ordinary',
      channel: 'hotline_10086',
      summary: '客户反映积分兑换失败',
      receivedAt: new Date(Date.now() - 12 * H + 8_000).toISOString(),
    });
    const breachId = `sla-${c.id}-breach`;
    const robotBreaches = () => fake.accepted(KEY).filter((m) => m.content.includes('【投诉超时】'));
    const roomBreaches = () =>
      db
        .collection('bot_deliveries')
        .find({ noticeId: breachId, target: `room:${ROOM}` })
        .toArray();
    await waitFor('breach on the robot', async () => robotBreaches().length > 0 || undefined, 60_000);
    await waitFor('breach in the room', async () => ((await roomBreaches()).length ? true : undefined), 60_000);
    // several outbox recoveries later (every second), still once each
    await new Promise((r) => setTimeout(r, 5_000));
    assert.equal(robotBreaches().length, 1);
    assert.match(robotBreaches()[0].content, new RegExp(c.no));
    assert.match(robotBreaches()[0].content, /^<font color="warning">\*\*【投诉超时】\*\*<\/font>/);
    assert.equal((await roomBreaches()).length, 1);
    assert.equal(fake.received.filter((m) => m.errcode !== 0).length, 0, 'WeCom refused nothing');
    const records = await db.collection('wecom_deliveries').find({ noticeId: breachId }).toArray();
    assert.deepEqual(
      records.map((r: any) => [r.status, r.attempts, r.robotName]),
      [['sent', 1, '值班机器人']],
    );
    const entry: any = await db.collection('outbox').findOne({ _id: breachId as any });
    assert.ok(entry.deliveredAt && entry.wecomDeliveredAt, 'both channels marked delivered in the outbox');
    assert.equal(entry.wecomPending, false);
    assert.ok(!JSON.stringify(entry).includes(KEY), 'no key in the outbox');
  });
});
