import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { startFakeWechat, type FakeWechat } from '@huoban/core/testing';
import { connectMongo } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

describe('订阅消息 consents (issue #19)', () => {
  let api: TestApi;
  let wx: FakeWechat;
  before(async () => {
    wx = await startFakeWechat();
    api = await startTestApi({
      HUOBAN_WECHAT_API_BASE: wx.base,
      HUOBAN_WECHAT_APPID: 'wx-test',
      HUOBAN_WECHAT_SECRET: 'secret',
      HUOBAN_WECHAT_TMPL_COMPLAINT_REGISTERED: 'tmpl-reg',
      HUOBAN_WECHAT_TMPL_COMPLAINT_DUE_SOON: 'tmpl-due',
    });
  });
  after(async () => {
    await api.close();
    wx.server.close();
  });

  it('FT-12 a partner signed in through WeChat records its answers per template; each accept allows one message', async () => {
    const staff = await api.staffToken();
    const programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    const partner = (
      await api.call('POST', '/api/v1/partners', {
        token: staff,
        body: { code: 'SUB01', name: '订阅伙伴', programmeId },
      })
    ).body;
    const login = await api.call('POST', '/api/v1/auth/partner/wechat', {
      body: { code: 'sub-1', inviteCode: partner.inviteCode },
    });
    const token = login.body.accessToken;
    const templates = await api.call('GET', '/api/v1/subscriptions/templates', { token });
    assert.equal(templates.status, 200);
    assert.deepEqual(
      templates.body.map((t: any) => [t.kind, t.templateId, t.remaining]),
      [
        ['complaint-registered', 'tmpl-reg', 0],
        ['complaint-due-soon', 'tmpl-due', 0],
      ],
    );
    const post = (body: unknown, t = token) => api.call('POST', '/api/v1/subscriptions/consents', { token: t, body });
    const r = await post({
      results: [
        { templateId: 'tmpl-reg', result: 'accept' },
        { templateId: 'tmpl-due', result: 'reject' },
      ],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(
      r.body.map((t: any) => t.remaining),
      [1, 0],
    );
    const db = await connectMongo(api.mongoUrl);
    const stored = await db.collection('subscription_consents').find({ openId: 'openid-sub-1' }).toArray();
    assert.deepEqual(stored.map((c) => [c.template, c.result]).sort(), [
      ['tmpl-due', 'reject'],
      ['tmpl-reg', 'accept'],
    ]);
    const audit = await db.collection('audit_log').find({ action: 'subscription.consented' }).toArray();
    assert.equal(audit.length, 1);
    await db.close();

    // bad input: clear Chinese errors, never a 500
    const unknown = await post({ results: [{ templateId: 'tmpl-x', result: 'accept' }] });
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.body), /模板不存在/);
    const bad = await post({ results: [{ templateId: 'tmpl-reg', result: 'maybe' }] });
    assert.equal(bad.status, 400);
    assert.equal((await post({ results: [] })).status, 400);
    // a partner signed in without WeChat has no openid to subscribe: 409; staff may not post consents: 403
    const dev = await api.partnerToken('SUB01');
    const noWechat = await post({ results: [{ templateId: 'tmpl-reg', result: 'accept' }] }, dev);
    assert.equal(noWechat.status, 409);
    assert.match(noWechat.body.message, /微信/);
    assert.equal((await post({ results: [{ templateId: 'tmpl-reg', result: 'accept' }] }, staff)).status, 403);
  });
});
