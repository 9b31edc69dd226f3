import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { startFakeWechat, type FakeWechat } from '@huoban/core/testing';
import { startTestApi, type TestApi } from '../../../test/support.js';

describe('auth', () => {
  let api: TestApi;
  let wx: FakeWechat;
  before(async () => {
    wx = await startFakeWechat({ accepts: (code) => code.startsWith('good') });
    api = await startTestApi({
      HUOBAN_WECHAT_API_BASE: wx.base,
      HUOBAN_WECHAT_APPID: 'wx-test',
      HUOBAN_WECHAT_SECRET: 'secret',
    });
  });
  after(async () => {
    await api.close();
    wx.server.close();
  });

  it('staff login: the first admin comes from env; a wrong password is 401; missing fields are 400', async () => {
    const ok = await api.call('POST', '/api/v1/auth/staff/login', {
      body: { username: 'admin', password: 'admin-pass-123' },
    });
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.body.accessToken, 'string');
    const me = await api.call('GET', '/api/v1/me', { token: ok.body.accessToken });
    assert.equal(me.body.role, 'admin');
    assert.equal(
      (await api.call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password: 'wrong' } })).status,
      401,
    );
    const missing = await api.call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin' } });
    assert.equal(missing.status, 400);
    assert.match(JSON.stringify([missing.body.message, missing.body.fields]), /password/);
  });

  it('partner WeChat login binds with the invite code once, then logs in by openid alone', async () => {
    const staff = await api.staffToken();
    const programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    const partner = (
      await api.call('POST', '/api/v1/partners', {
        token: staff,
        body: { code: 'WX01', name: '微信伙伴', programmeId },
      })
    ).body;
    const unbound = await api.call('POST', '/api/v1/auth/partner/wechat', { body: { code: 'good-1' } });
    assert.equal(unbound.status, 403);
    const badInvite = await api.call('POST', '/api/v1/auth/partner/wechat', {
      body: { code: 'good-1', inviteCode: 'NOPE' },
    });
    assert.equal(badInvite.status, 404);
    const bound = await api.call('POST', '/api/v1/auth/partner/wechat', {
      body: { code: 'good-1', inviteCode: partner.inviteCode },
    });
    assert.equal(bound.status, 200);
    const again = await api.call('POST', '/api/v1/auth/partner/wechat', { body: { code: 'good-1' } });
    assert.equal(again.status, 200);
    const me = await api.call('GET', '/api/v1/me', { token: again.body.accessToken });
    assert.deepEqual([me.body.role, me.body.partnerId], ['partner', partner.id]);
    assert.equal(wx.logins.at(-1)?.get('appid'), 'wx-test');
    assert.equal((await api.call('POST', '/api/v1/auth/partner/wechat', { body: { code: 'bad' } })).status, 401);
  });

  it('dev login is refused (404) unless HUOBAN_DEV_LOGIN=true', async () => {
    const prod = await startTestApi({ HUOBAN_DEV_LOGIN: 'false' });
    try {
      const r = await prod.call('POST', '/api/v1/auth/partner/dev-login', { body: { partnerCode: 'P001' } });
      assert.equal(r.status, 404);
    } finally {
      await prod.close();
    }
  });

  it('health reports MongoDB and Redis', async () => {
    const r = await api.call('GET', '/health');
    assert.deepEqual(r.body, { status: 'ok', mongo: 'up', redis: 'up' });
  });

  it('OpenAPI document is served at /api/docs', async () => {
    const res = await fetch(`${api.url}/api/docs-json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    assert.ok(doc.paths['/api/v1/calendar/sla-deadline']);
  });

  it('CORS preflight allows the H5 origin with Authorization', async () => {
    const res = await fetch(`${api.url}/api/v1/complaints`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:8080',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    assert.ok(res.status === 204 || res.status === 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
  });
});
