/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
/** Issue #8 item 7: login throttling, security headers, token revocation, masked personal data, safe downloads. */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { startTestApi, type TestApi } from '../../../test/support.js';
// after the app's own imports (infra.module is part of a cycle the app's entry resolves)
import { Clock } from '../../common/infra.module.js';

describe('security hygiene (issue #8 item 7)', () => {
  let api: TestApi;

  before(async () => {
    api = await startTestApi({ HUOBAN_LOGIN_LIMIT_ACCOUNT: '5', HUOBAN_LOGIN_LIMIT_IP: '12' });
    await api.staffToken();
  });
  after(() => api.close());

  const login = (username: string, password: string) =>
    api.call('POST', '/api/v1/auth/staff/login', { body: { username, password } });

  it('login is throttled per account (5/min here) and per IP (12/min here) with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login('victim', `guess-${i}`)).status);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.deepEqual(statuses.slice(5), [429, 429]);
    // other accounts from the same IP still get through until the IP budget is spent
    const other: number[] = [];
    // this IP has used 1 (the staff token) + 7 attempts: 4 more are allowed, the 13th is refused
    for (let i = 0; i < 5; i++) other.push((await login(`user${i}`, 'x')).status);
    assert.deepEqual(other, [401, 401, 401, 401, 429]);
    const r = await login('admin', 'admin-pass-123');
    assert.equal(r.status, 429);
    assert.match(JSON.stringify(r.body), /频繁/);
  });

  it('login throttling holds across the turn of a minute: the window slides, it is not reset at :00', async () => {
    const clock = api.app.get(Clock);
    const real = clock.now.bind(clock);
    // ten minutes on (the attempts above have left the window), half a second before a minute turns
    const t0 = (Math.floor(Date.now() / 60_000) + 10) * 60_000 - 500;
    const at = (ms: number) => (clock.now = () => new Date(ms));
    try {
      const statuses: number[] = [];
      at(t0);
      for (let i = 0; i < 3; i++) statuses.push((await login('turn', `guess-${i}`)).status);
      at(t0 + 1000); // the minute has turned: a fixed window would start counting afresh here
      for (let i = 3; i < 6; i++) statuses.push((await login('turn', `guess-${i}`)).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      at(t0 + 61_000); // a minute after the first attempts, those three have left the window: three more are allowed
      assert.equal((await login('turn', 'guess-6')).status, 401);
    } finally {
      clock.now = real;
    }
  });

  it('security headers: nosniff, frame denial, no x-powered-by, HSTS, a CSP on api responses', async () => {
    const res = await fetch(`${api.url}/api/v1/calendar/roll?date=2026-11-23`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('x-frame-options'));
    assert.ok(res.headers.get('strict-transport-security'));
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(res.headers.get('x-powered-by'), null);
    const docs = await fetch(`${api.url}/api/docs`);
    assert.equal(docs.status, 200, 'the docs page still loads');
  });
});

describe('absolute public URLs (issue #20)', () => {
  it('the Atom feed’s links come from HUOBAN_PUBLIC_URL, never from the Host header', async () => {
    const api = await startTestApi({ HUOBAN_PUBLIC_URL: 'https://huoban.example.cn/' });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const u = new URL(`${api.url}/api/v1/public/recruitments.atom`);
        const req = request(
          { host: u.hostname, port: u.port, path: u.pathname, headers: { host: 'evil.example:666' } },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end();
      });
      assert.match(
        body,
        /<link rel="self" href="https:\/\/huoban\.example\.cn\/api\/v1\/public\/recruitments\.atom"\/>/,
      );
      assert.doesNotMatch(body, /evil\.example/);
    } finally {
      await api.close();
    }
  });
});

describe('rate limits across replicas (issue #15)', () => {
  it('two api replicas share one login budget and one public-write budget in Redis; over it, 429 in Chinese', async () => {
    const env = {
      HUOBAN_QUEUE_PREFIX: `t-rl-${randomBytes(3).toString('hex')}`,
      HUOBAN_LOGIN_LIMIT_ACCOUNT: '3',
      HUOBAN_LOGIN_LIMIT_IP: '1000',
      HUOBAN_PUBLIC_POST_LIMIT_IP: '4',
    };
    const replicas = [await startTestApi(env), await startTestApi(env)];
    try {
      const logins: number[] = [];
      for (let i = 0; i < 5; i++)
        logins.push(
          (
            await replicas[i % 2]!.call('POST', '/api/v1/auth/staff/login', {
              body: { username: 'shared-victim', password: `guess-${i}` },
            })
          ).status,
        );
      assert.deepEqual(logins, [401, 401, 401, 429, 429]);
      const objections: { status: number; body: any }[] = [];
      for (let i = 0; i < 6; i++)
        objections.push(await replicas[i % 2]!.call('POST', '/api/v1/public/objections', { body: {} }));
      assert.deepEqual(
        objections.map((o) => o.status),
        [400, 400, 400, 400, 429, 429],
      );
      assert.equal(objections[5]!.body.message, '提交过于频繁，请稍后再试');
      // the applicant logins share the login budget per IP and account
      const dev = await replicas[0]!.call('POST', '/api/v1/auth/applicant/dev-login', {
        body: { name: 'shared-victim' },
      });
      assert.equal(dev.status, 429);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });
});

describe('token revocation and masking (issue #8 item 7)', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
  });
  after(() => api.close());

  it('logout revokes the token (401 afterwards); other sessions stay signed in', async () => {
    const login = () =>
      api.call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password: 'admin-pass-123' } });
    const t1 = (await login()).body.accessToken;
    const t2 = (await login()).body.accessToken;
    assert.equal((await api.call('GET', '/api/v1/me', { token: t1 })).status, 200);
    assert.equal((await api.call('POST', '/api/v1/auth/logout', { token: t1 })).status, 204);
    assert.equal((await api.call('GET', '/api/v1/me', { token: t1 })).status, 401);
    assert.equal((await api.call('GET', '/api/v1/me', { token: t2 })).status, 200);
    assert.equal((await api.call('POST', '/api/v1/auth/logout')).status, 401);
  });

  it('a partner token is revoked by logout too', async () => {
    const code = `R${randomBytes(3).toString('hex')}`;
    assert.equal(
      (await api.call('POST', '/api/v1/partners', { token: staff, body: { code, name: '撤销测试', programmeId } }))
        .status,
      201,
    );
    const t = await api.partnerToken(code);
    assert.equal((await api.call('GET', '/api/v1/me', { token: t })).status, 200);
    assert.equal((await api.call('POST', '/api/v1/auth/logout', { token: t })).status, 204);
    assert.equal((await api.call('GET', '/api/v1/complaints', { token: t })).status, 401);
  });

  it('a password change revokes every earlier token of the user and returns a fresh one', async () => {
    const login = (password: string) =>
      api.call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password } });
    const old1 = (await login('admin-pass-123')).body.accessToken;
    const old2 = (await login('admin-pass-123')).body.accessToken;
    const wrong = await api.call('POST', '/api/v1/auth/password', {
      token: old1,
      body: { currentPassword: 'nope-nope-nope', newPassword: 'new-pass-4567' },
    });
    assert.equal(wrong.status, 401);
    const short = await api.call('POST', '/api/v1/auth/password', {
      token: old1,
      body: { currentPassword: 'admin-pass-123', newPassword: 'short' },
    });
    assert.equal(short.status, 400);
    const changed = await api.call('POST', '/api/v1/auth/password', {
      token: old1,
      body: { currentPassword: 'admin-pass-123', newPassword: 'new-pass-4567' },
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    for (const t of [old1, old2]) assert.equal((await api.call('GET', '/api/v1/me', { token: t })).status, 401);
    assert.equal((await api.call('GET', '/api/v1/me', { token: changed.body.accessToken })).status, 200);
    assert.equal((await login('admin-pass-123')).status, 401);
    assert.equal((await login('new-pass-4567')).status, 200);
  });

  it('PIPL the partner list masks contact phones; the staff detail view shows them whole', async () => {
    const code = `M${randomBytes(3).toString('hex')}`;
    const token = (
      await api.call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password: 'new-pass-4567' } })
    ).body.accessToken;
    const created = await api.call('POST', '/api/v1/partners', {
      token,
      body: { code, name: '掩码测试有限公司', programmeId, contactName: '张三', contactPhone: '13812345678' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const list = await api.call('GET', `/api/v1/partners?q=${code}`, { token });
    const item = list.body.find((p: any) => p.code === code);
    assert.equal(item.contactPhone, '138****5678');
    assert.ok(!JSON.stringify(list.body).includes('13812345678'));
    const detail = await api.call('GET', `/api/v1/partners/${created.body.id}`, { token });
    assert.equal(detail.status, 200);
    assert.equal(detail.body.contactPhone, '13812345678');
  });

  it('PIPL complaint answers mask phone and ID numbers (one format) except the detail to staff and admins, which is audited', async () => {
    const token = (
      await api.call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password: 'new-pass-4567' } })
    ).body.accessToken;
    const code = `C${randomBytes(3).toString('hex')}`;
    const p = await api.call('POST', '/api/v1/partners', { token, body: { code, name: '投诉掩码', programmeId } });
    const summary = '客户13812345678（身份证110101199003074518）反映扣费';
    const c = await api.call('POST', '/api/v1/complaints', {
      token,
      body: {
        partnerId: p.body.id,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary,
        receivedAt: new Date().toISOString(),
      },
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const list = await api.call('GET', `/api/v1/complaints?partnerId=${p.body.id}`, { token });
    assert.equal(list.body.items[0].summary, '客户138****5678（身份证1101**********4518）反映扣费');
    const detail = await api.call('GET', `/api/v1/complaints/${c.body.id}`, { token });
    assert.equal(detail.body.summary, summary);
    // issue #20: the whole numbers go only to staff and admins, and that read is audited
    const trail = await api.call('GET', `/api/v1/audit?entity=complaint&entityId=${c.body.id}`, { token });
    assert.ok(trail.body.items.some((e: any) => e.action === 'personal_data.read' && e.actor.role === 'admin'));
    const masked = '客户138****5678（身份证1101**********4518）反映扣费';
    const partner = await api.partnerToken(code);
    const own = await api.call('GET', `/api/v1/complaints/${c.body.id}`, { token: partner });
    assert.equal(own.status, 200);
    assert.equal(own.body.summary, masked);
    const reply = await api.call('POST', `/api/v1/complaints/${c.body.id}/replies`, {
      token: partner,
      body: { text: '已联系客户13812345678处理' },
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.ok(!JSON.stringify(reply.body).includes('13812345678'), JSON.stringify(reply.body));
    assert.equal(reply.body.summary, masked);
    const reviewer = await api.call('POST', '/api/v1/intake/staff-users', {
      token,
      body: { username: `rv${code}`, password: 'password-123', role: 'reviewer', team: '风控团队' },
    });
    assert.equal(reviewer.status, 201, JSON.stringify(reviewer.body));
    const rv = (
      await api.call('POST', '/api/v1/auth/staff/login', { body: { username: `rv${code}`, password: 'password-123' } })
    ).body.accessToken;
    const asReviewer = await api.call('GET', `/api/v1/complaints/${c.body.id}`, { token: rv });
    assert.equal(asReviewer.status, 200);
    assert.equal(asReviewer.body.summary, masked);
    assert.ok(!JSON.stringify(asReviewer.body).includes('13812345678'));
  });

  it('uploads are sniffed by content: an executable or HTML named .csv is refused; downloads are attachments with a fixed type', async () => {
    const token = (
      await api.call('POST', '/api/v1/auth/staff/login', { body: { username: 'admin', password: 'new-pass-4567' } })
    ).body.accessToken;
    const upload = async (name: string, bytes: Buffer) => {
      const form = new FormData();
      form.append('programmeId', programmeId);
      form.append('file', new Blob([bytes]), name);
      const res = await fetch(`${api.url}/api/v1/metrics/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      return { status: res.status, body: await res.json() };
    };
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
    const mz = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]);
    for (const [name, bytes] of [
      ['metrics.csv', elf],
      ['metrics.csv', mz],
      ['metrics.csv', Buffer.from('<html><script>alert(1)</script></html>')],
      ['metrics.csv', Buffer.from('a,b\u0000c\n1,2')],
    ] as const) {
      const r = await upload(name, bytes as Buffer);
      assert.equal(r.status, 400, `${name}: ${JSON.stringify(r.body)}`);
    }
    const res = await fetch(`${api.url}/api/v1/metrics/template`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });
});
