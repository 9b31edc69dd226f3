import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { startFakeWechat, type FakeWechat } from '@huoban/core/testing';
import type { Connection } from 'mongoose';
import { connectMongo } from '@huoban/core';
import { startE2E } from './support/e2e.js';
import { waitFor, type System } from './support/system.js';

const H = 3_600_000;

/** Issue #19, "Done means": 订阅消息 through api, worker and a fake WeChat server on FerretDB and Redis. */
describe('partner 订阅消息 with consent end to end', () => {
  let sys: System;
  let wx: FakeWechat;
  let db: Connection;
  let staff: string;
  let programmeId: string;

  before(async () => {
    wx = await startFakeWechat();
    sys = await startE2E({
      bot: false,
      web: false,
      extraEnv: {
        HUOBAN_WECHAT_API_BASE: wx.base,
        HUOBAN_WECHAT_APPID: 'wx-e2e',
        HUOBAN_WECHAT_SECRET: 'secret',
        HUOBAN_WECHAT_TMPL_COMPLAINT_REGISTERED: 'tmpl-reg',
        HUOBAN_WECHAT_TMPL_COMPLAINT_DUE_SOON: 'tmpl-due',
      },
    });
    db = await connectMongo(sys.mongoUrl);
    staff = await sys.staffToken();
    const programme = await sys.call('POST', '/api/v1/programmes', {
      token: staff,
      body: {
        code: 'e2e-subs',
        name: '订阅消息测试计划',
        rulebook: 'scorecard',
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [30],
      },
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    programmeId = programme.body.id;
  });
  after(async () => {
    await db?.close();
    await sys?.stop();
    wx?.server.close();
  });

  /** A partner bound to a WeChat user through the mini-program login; its answer to the consent request. */
  const partnerWith = async (code: string, result: 'accept' | 'reject') => {
    const p = await sys.call('POST', '/api/v1/partners', {
      token: staff,
      body: { code, name: `${code}科技有限公司`, programmeId },
    });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    const login = await sys.call('POST', '/api/v1/auth/partner/wechat', {
      body: { code: code.toLowerCase(), inviteCode: p.body.inviteCode },
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const consent = await sys.call('POST', '/api/v1/subscriptions/consents', {
      token: login.body.accessToken,
      body: {
        results: [
          { templateId: 'tmpl-reg', result },
          { templateId: 'tmpl-due', result },
        ],
      },
    });
    assert.equal(consent.status, 201, JSON.stringify(consent.body));
    return { id: p.body.id as string, openId: `openid-${code.toLowerCase()}` };
  };

  it('FT-12 WT-4 a partner with consent gets the complaint and deadline messages; one without gets none, and nothing is retried', async () => {
    const a = await partnerWith('SUBA', 'accept');
    const b = await partnerWith('SUBB', 'reject');
    // due in 2 h + 8 s: the reminder two working hours before it falls due in 8 s
    const receivedAt = new Date(Date.now() - 10 * H + 8000).toISOString();
    const register = (partnerId: string) =>
      sys.call('POST', '/api/v1/complaints', {
        token: staff,
        body: { partnerId, kind: 'ordinary', channel: 'hotline_10086', summary: '积分兑换失败', receivedAt },
      });
    const ca = await register(a.id);
    assert.equal(ca.status, 201, JSON.stringify(ca.body));
    assert.equal((await register(b.id)).status, 201);
    const toA = () => wx.sends.filter((s) => s.body.touser === a.openId).map((s) => s.body);
    await waitFor('registered and deadline messages to A', async () => toA().length >= 2, 45_000);
    // give retries and the sweeper (every 2 s) time to misbehave
    await new Promise((r) => setTimeout(r, 6000));
    assert.deepEqual(
      toA().map((s) => s.template_id),
      ['tmpl-reg', 'tmpl-due'],
    );
    assert.equal(toA()[0].data.character_string1.value, ca.body.no);
    assert.equal(wx.sends.filter((s) => s.body.touser === b.openId).length, 0);
    const recorded = await db.collection('subscription_messages').find({ openId: b.openId }).toArray();
    assert.deepEqual(recorded.map((m) => [m.kind, m.status, m.attempts]).sort(), [
      ['complaint-due-soon', 'no_consent', 0],
      ['complaint-registered', 'no_consent', 0],
    ]);
  });
});
