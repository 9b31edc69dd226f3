/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
/**
 * Issue #20 (tokens follow the account, dev login cannot reach production) and issue #15 (password cost kept in the
 * hash and upgraded at login; logins and logouts in the audit trail).
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { connectMongo, models } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';
import { apiConfig } from '../../config.js';
import { hashPassword, needsRehash, verifyPassword } from '../../common/auth.js';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

describe('tokens follow the account (issue #20)', () => {
  let api: TestApi;
  let admin: string;

  before(async () => {
    api = await startTestApi();
    admin = await api.staffToken();
  });
  after(() => api.close());

  const login = (username: string, password = 'password-123') =>
    api.call('POST', '/api/v1/auth/staff/login', { body: { username, password } });
  const staffUser = async (role: string) => {
    const username = `u${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/intake/staff-users', {
      token: admin,
      body: { username, password: 'password-123', role, team: '运营团队', displayName: username },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id as string, username, token: (await login(username)).body.accessToken as string };
  };
  const edit = (id: string, body: unknown, token = admin) =>
    api.call('PATCH', `/api/v1/intake/staff-users/${id}`, { token, body });

  it('L6: a demoted admin’s old token is refused on the next request (it can no longer create an admin)', async () => {
    const other = await staffUser('admin');
    assert.equal((await api.call('GET', '/api/v1/me', { token: other.token })).body.role, 'admin');
    assert.equal((await edit(other.id, { role: 'staff', reason: '调岗' })).status, 200);
    const me = await api.call('GET', '/api/v1/me', { token: other.token });
    assert.equal(me.status, 401, JSON.stringify(me.body));
    const create = await api.call('POST', '/api/v1/intake/staff-users', {
      token: other.token,
      body: { username: `x${randomBytes(3).toString('hex')}`, password: 'password-123', role: 'admin' },
    });
    assert.equal(create.status, 401);
    // a fresh login carries the new role
    const fresh = (await login(other.username)).body.accessToken;
    assert.equal((await api.call('GET', '/api/v1/me', { token: fresh })).body.role, 'staff');
  });

  it('L7: a disabled user’s old token is refused at once, and it can refresh nothing (POST /auth/password)', async () => {
    const u = await staffUser('staff');
    assert.equal((await api.call('GET', '/api/v1/complaints', { token: u.token })).status, 200);
    assert.equal((await edit(u.id, { disabled: true, reason: '离职' })).status, 200);
    assert.equal((await api.call('GET', '/api/v1/complaints', { token: u.token })).status, 401);
    const refresh = await api.call('POST', '/api/v1/auth/password', {
      token: u.token,
      body: { currentPassword: 'password-123', newPassword: 'password-456' },
    });
    assert.equal(refresh.status, 401, JSON.stringify(refresh.body));
    assert.equal((await login(u.username)).status, 401);
    // enabling again does not revive the old token
    assert.equal((await edit(u.id, { disabled: false, reason: '返岗' })).status, 200);
    assert.equal((await api.call('GET', '/api/v1/me', { token: u.token })).status, 401);
    assert.equal((await login(u.username)).status, 200);
  });

  it('an admin signs a user out everywhere: all its tokens are refused, other users stay signed in; audited', async () => {
    const u = await staffUser('reviewer');
    const second = (await login(u.username)).body.accessToken;
    const out = await api.call('POST', `/api/v1/intake/staff-users/${u.id}/sign-out`, { token: admin });
    assert.equal(out.status, 204, JSON.stringify(out.body));
    for (const t of [u.token, second]) assert.equal((await api.call('GET', '/api/v1/me', { token: t })).status, 401);
    assert.equal((await api.call('GET', '/api/v1/me', { token: admin })).status, 200);
    assert.equal((await login(u.username)).status, 200);
    const trail = await api.call('GET', `/api/v1/audit?entity=user&entityId=${u.id}`, { token: admin });
    assert.ok(trail.body.items.some((e: any) => e.action === 'user.signed_out_everywhere'));
    // staff who are not admins may not
    const staff = await staffUser('staff');
    const refused = await api.call('POST', `/api/v1/intake/staff-users/${u.id}/sign-out`, { token: staff.token });
    assert.equal(refused.status, 403);
    assert.equal(
      (await api.call('POST', `/api/v1/intake/staff-users/0123456789abcdef01234567/sign-out`, { token: admin })).status,
      404,
    );
  });

  it('an admin cannot disable or demote its own account (409, Chinese message)', async () => {
    const self = claimsOf(admin).sub;
    for (const body of [{ disabled: true }, { role: 'staff' }]) {
      const r = await edit(self, body);
      assert.equal(r.status, 409);
      assert.match(r.body.message, /不能停用自己或取消自己的管理员角色/);
    }
    assert.equal((await api.call('GET', '/api/v1/me', { token: admin })).status, 200);
  });

  it('every token has a jti: an applicant’s logout ends that session only', async () => {
    const one = (await api.call('POST', '/api/v1/auth/applicant/dev-login', { body: { name: 'jti-a' } })).body
      .accessToken;
    const two = (await api.call('POST', '/api/v1/auth/applicant/dev-login', { body: { name: 'jti-a' } })).body
      .accessToken;
    assert.ok(claimsOf(one).jti && claimsOf(two).jti && claimsOf(one).jti !== claimsOf(two).jti);
    assert.ok(claimsOf(admin).jti);
    assert.equal((await api.call('POST', '/api/v1/auth/logout', { token: one })).status, 204);
    assert.equal((await api.call('GET', '/api/v1/me', { token: one })).status, 401);
    assert.equal((await api.call('GET', '/api/v1/me', { token: two })).status, 200);
  });

  it('issue #15: login success, login failure and logout are in the audit trail', async () => {
    const u = await staffUser('staff');
    assert.equal((await login(u.username, 'wrong-password')).status, 401);
    assert.equal((await login(`nobody-${randomBytes(2).toString('hex')}`)).status, 401);
    assert.equal((await api.call('POST', '/api/v1/auth/logout', { token: u.token })).status, 204);
    const trail = (await api.call('GET', `/api/v1/audit?entity=session&entityId=${u.id}`, { token: admin })).body.items;
    const actions = trail.map((e: any) => e.action);
    assert.deepEqual(actions, ['auth.login', 'auth.login_failed', 'auth.logout']);
    assert.equal(trail[1].reason, 'wrong_password');
    assert.equal(trail[0].actor.id, u.id);
    const unknown = (await api.call('GET', '/api/v1/audit?entity=session&entityId=unknown', { token: admin })).body
      .items;
    assert.ok(unknown.some((e: any) => e.action === 'auth.login_failed' && e.reason === 'unknown_user'));
  });
});

describe('dev login (issue #20)', () => {
  it('is refused at start-up with NODE_ENV=production, and off unless HUOBAN_DEV_LOGIN is set', () => {
    const env = { HUOBAN_JWT_SECRET: 'x'.repeat(32) };
    assert.throws(
      () => apiConfig({ ...env, NODE_ENV: 'production', HUOBAN_DEV_LOGIN: 'true' }),
      /HUOBAN_DEV_LOGIN must not be set when NODE_ENV=production/,
    );
    assert.equal(apiConfig({ ...env, NODE_ENV: 'production' }).devLogin, false);
    assert.equal(apiConfig(env).devLogin, false);
    assert.equal(apiConfig({ ...env, HUOBAN_DEV_LOGIN: 'true' }).devLogin, true);
  });

  it('answers a known and an unknown partner code alike: the same 404 when off, no 伙伴编码不存在 when on', async () => {
    const on = await startTestApi();
    const off = await startTestApi({ HUOBAN_DEV_LOGIN: 'false' });
    try {
      const code = `D${randomBytes(3).toString('hex')}`;
      for (const api of [on, off]) {
        const token = await api.staffToken();
        const programmeId = (await api.call('GET', '/api/v1/programmes', { token })).body[0].id;
        const r = await api.call('POST', '/api/v1/partners', {
          token,
          body: { code, name: '开发登录测试', programmeId },
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const devLogin = (api: TestApi, partnerCode: string) =>
        api.call('POST', '/api/v1/auth/partner/dev-login', { body: { partnerCode } });
      const known = await devLogin(off, code);
      const unknown = await devLogin(off, 'NO-SUCH-CODE');
      assert.equal(known.status, 404);
      assert.deepEqual(known.body, unknown.body);
      const applicant = await off.call('POST', '/api/v1/auth/applicant/dev-login', { body: { name: 'x' } });
      assert.equal(applicant.status, 404);
      const missing = await devLogin(on, 'NO-SUCH-CODE');
      assert.equal(missing.status, 401);
      assert.doesNotMatch(JSON.stringify(missing.body), /伙伴编码不存在/);
      assert.equal(missing.body.message, '登录失败');
    } finally {
      await Promise.all([on.close(), off.close()]);
    }
  });
});

describe('password hashes (issue #15)', () => {
  it('new hashes are scrypt N = 2^17 with the parameters in the hash; a wrong password fails', async () => {
    const h = await hashPassword('correct horse');
    assert.match(h, /^\$scrypt\$ln=17,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    assert.equal(await verifyPassword('correct horse', h), true);
    assert.equal(await verifyPassword('correct hors', h), false);
    assert.equal(needsRehash(h), false);
    assert.equal(await verifyPassword('x', 'garbage'), false);
  });

  it('an old hash (Node’s default N = 2^14, no parameters) still verifies and is upgraded at the next login', async () => {
    const api = await startTestApi();
    try {
      const salt = randomBytes(16);
      const legacy = `scrypt$${salt.toString('hex')}$${scryptSync('old-pass-123', salt, 32).toString('hex')}`;
      assert.equal(needsRehash(legacy), true);
      const conn = await connectMongo(api.mongoUrl);
      try {
        const { User } = models(conn);
        await User.create({ username: 'legacy', passwordHash: legacy, role: 'staff' });
        const r = await api.call('POST', '/api/v1/auth/staff/login', {
          body: { username: 'legacy', password: 'old-pass-123' },
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const stored = ((await User.findOne({ username: 'legacy' }).lean()) as any).passwordHash as string;
        assert.match(stored, /^\$scrypt\$ln=17,r=8,p=1\$/);
        // the upgrade does not sign the user out
        assert.equal((await api.call('GET', '/api/v1/me', { token: r.body.accessToken })).status, 200);
        const again = await api.call('POST', '/api/v1/auth/staff/login', {
          body: { username: 'legacy', password: 'old-pass-123' },
        });
        assert.equal(again.status, 200);
      } finally {
        await conn.close();
      }
    } finally {
      await api.close();
    }
  });
});
