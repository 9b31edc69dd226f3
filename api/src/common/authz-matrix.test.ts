/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
/**
 * Issue #8 item 6: the authorization matrix, generated from the route table at run time (listRoutes walks Nest's
 * module container and is checked against what express registered), so a route added later is covered without
 * editing this file: every non-public route × 7 bad credentials → 401; staff routes × a partner token → 403;
 * partner routes × another partner's token → 404 (or no trace of the other partner in a list); public routes
 * (an explicit, reviewed allow-list) answer without a token.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { connectMongo, connectScorecards, intakeModels } from '@huoban/core';
import { startTestApi, type TestApi } from '../../test/support.js';
import { expressRoutes, listRoutes, type RouteInfo } from './routes.js';

/** Reviewed: these, and only these, answer without a token. Adding a public route means adding it here. */
const PUBLIC_ROUTES = [
  'GET /health',
  'GET /api/v1/health/live', // operators' probes (api/src/modules/ops)
  'GET /api/v1/health/ready',
  'GET /api/v1/calendar/exit-timeline',
  // intake (FT-6, FT-9, FT-11): public notices, 公示, objections, letter verification, the timeline, applicant login
  'GET /api/v1/calendar/intake-timeline',
  'GET /api/v1/public/recruitments',
  'GET /api/v1/public/recruitments.atom',
  'GET /api/v1/public/recruitments/:id',
  'GET /api/v1/public/publicity',
  'GET /api/v1/public/letters/:code',
  'POST /api/v1/public/objections',
  'POST /api/v1/auth/applicant/wechat',
  'POST /api/v1/auth/applicant/dev-login',
  'GET /api/v1/calendar/roll',
  'GET /api/v1/calendar/sla-deadline',
  'GET /api/v1/calendar/working-day-deadline',
  'POST /api/v1/auth/partner/dev-login',
  'POST /api/v1/auth/partner/wechat',
  'POST /api/v1/auth/staff/login',
];

/** Reviewed: partner routes that act only on the caller's own session and can name no other record. */
const SELF_ONLY = [
  'POST /api/v1/auth/logout',
  // files an exit request for the caller's own partner (the body names no partner)
  'POST /api/v1/exit/requests',
];

const SECRET = randomBytes(24).toString('hex');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function jwt(payload: Record<string, unknown>, secret: string | null, alg = 'HS256'): string {
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  return secret === null ? `${head}.` : `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

const key = (r: RouteInfo) => `${r.method} ${r.path}`;
const SAMPLE: Record<string, string> = {
  period: '2026H1',
  month: '2026-01',
  quarter: '2026Q1',
  date: '2026-01-01',
  year: '2031',
};
const fill = (path: string, values: Record<string, string> = {}) =>
  path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? SAMPLE[name] ?? '0123456789abcdef01234567');
const partnerMay = (r: RouteInfo) => !r.public && (r.roles.length === 0 || r.roles.includes('partner'));
const staffOnly = (r: RouteInfo) => !r.public && r.roles.length > 0 && !r.roles.includes('partner');

describe('authorization matrix (issue #8 item 6, generated from the route table)', () => {
  let api: TestApi;
  let routes: RouteInfo[];
  let staff: string;
  let a: { id: string; token: string };
  let b: { id: string; token: string };
  const owned: Record<string, string> = {};

  before(async () => {
    api = await startTestApi({ HUOBAN_JWT_SECRET: SECRET });
    routes = listRoutes(api.app);
    staff = await api.staffToken();
    const programme = await api.call('POST', '/api/v1/programmes', {
      token: staff,
      body: {
        code: `authz-${randomBytes(3).toString('hex')}`,
        name: '授权矩阵测试',
        rulebook: 'credit',
        complaintWindow: { start: '08:00', end: '23:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [30],
      },
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    const partner = async (name: string) => {
      const code = `Z${randomBytes(3).toString('hex')}`;
      const r = await api.call('POST', '/api/v1/partners', {
        token: staff,
        body: { code, name, programmeId: programme.body.id },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const open = await api.call('POST', '/api/v1/credit/accounts', {
        token: staff,
        body: { partnerId: r.body.id, tier: 'ordinary', joinedAt: '2025-06-01', firstMonth: '2026-01' },
      });
      assert.equal(open.status, 201, JSON.stringify(open.body));
      return { id: r.body.id as string, token: await api.partnerToken(code) };
    };
    a = await partner('甲矩阵科技有限公司');
    b = await partner('乙矩阵科技有限公司');
    // A's records: a complaint, a deduction under appeal, a rectification case
    const complaint = await api.call('POST', '/api/v1/complaints', {
      token: staff,
      body: {
        partnerId: a.id,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: '矩阵测试投诉',
        receivedAt: new Date().toISOString(),
      },
    });
    assert.equal(complaint.status, 201, JSON.stringify(complaint.body));
    owned.complaint = complaint.body.id;
    const deduction = await api.call('POST', `/api/v1/credit/accounts/${a.id}/events`, {
      token: staff,
      body: { type: 'deduction', month: '2026-01', category: 'violation', code: 'V-FORCED', note: '核实' },
    });
    assert.equal(deduction.status, 201, JSON.stringify(deduction.body));
    assert.equal((await api.call('POST', '/api/v1/credit/months/2026-01/close', { token: staff })).status, 200);
    const me = await api.call('GET', '/api/v1/credit/me', { token: a.token });
    owned.entry = me.body.entries.find((e: any) => e.kind === 'deduction').id;
    const appeal = await api.call('POST', '/api/v1/appeals', {
      token: a.token,
      body: { entryId: owned.entry, reason: '该笔订购为客户本人操作' },
    });
    assert.equal(appeal.status, 201, JSON.stringify(appeal.body));
    owned.appeal = appeal.body.id;
    const exit = await api.call('POST', '/api/v1/exit/cases', {
      token: staff,
      body: { partnerId: a.id, trigger: 'business_end', reason: '业务终止' },
    });
    assert.equal(exit.status, 201, JSON.stringify(exit.body));
    owned.exitCase = exit.body.id;
    const conn = await connectMongo(api.mongoUrl);
    try {
      const { repos } = await connectScorecards(conn);
      const now = new Date();
      const rect = await repos.rectifications.openOnce({
        partnerId: a.id,
        programmeId: programme.body.id,
        period: '2026H1',
        snapshotId: '0123456789abcdef01234567',
        total: 50,
        threshold: 60,
        openedAt: now,
        deadline: new Date(now.getTime() + 30 * 86_400_000),
        deadlineProvisional: false,
        status: 'open',
        submissions: [],
        decision: null,
        terminationRecommended: false,
      });
      owned.rectification = (rect as any).record?.id ?? (rect as any).id;
      assert.ok(owned.rectification, JSON.stringify(rect));
      // FT-11: an authorization letter of partner A
      const letter = await (
        await intakeModels(conn)
      ).Letter.create({
        letterNo: `SQ-AUTHZ-${randomBytes(3).toString('hex')}`,
        code: randomBytes(18).toString('base64url'),
        applicationId: randomBytes(12).toString('hex'),
        partnerId: a.id,
        grantor: '中移金科技术有限公司',
        grantee: '甲矩阵科技有限公司',
        products: ['和包食堂'],
        validFrom: now,
        validTo: new Date(now.getTime() + 365 * 86_400_000),
        issuedAt: now,
        issuedBy: { type: 'user', id: 'staff' },
      });
      owned.letter = String(letter._id);
    } finally {
      await conn.close();
    }
  });
  after(() => api.close());

  it('the route table is complete: every route express serves under /api/v1 and /health is in it', () => {
    const table = new Set(routes.map(key));
    const served = [...new Set(expressRoutes(api.app))].filter(
      (r) => / \/(api\/v1\/|health)/.test(r) && !(r.startsWith('ALL ') && routes.some((x) => x.path === r.slice(4))),
    );
    assert.ok(routes.length >= 80, `only ${routes.length} routes found`);
    assert.deepEqual(
      served.filter((r) => !table.has(r)),
      [],
    );
  });

  it('public routes are exactly the reviewed allow-list, and each answers without a token', async () => {
    assert.deepEqual(
      routes
        .filter((r) => r.public)
        .map(key)
        .sort(),
      [...PUBLIC_ROUTES].sort(),
    );
    for (const r of routes.filter((x) => x.public)) {
      const res = await api.call(
        r.method,
        fill(r.path) + (r.method === 'GET' ? '?date=2026-01-01&start=2026-01-01T10:00:00%2B08:00&hours=1&days=1' : ''),
        {
          body: r.method === 'GET' ? undefined : {},
        },
      );
      assert.ok(res.status !== 401 && res.status !== 403 && res.status < 500, `${key(r)} → ${res.status}`);
    }
  });

  it('every non-public route × no token, expired, wrong key, alg none, garbage, lowercase bearer, bad service key → 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'x', role: 'admin', name: '攻击者' };
    const valid = jwt({ ...claims, iat: now, exp: now + 600 }, SECRET);
    // the valid token itself is accepted (so the refusals below are about the credential, not the token format)
    assert.equal(
      (await api.call('GET', '/api/v1/partners', { headers: { authorization: `Bearer ${valid}` } })).status,
      200,
    );
    const bad: [string, Record<string, string>][] = [
      ['none', {}],
      ['expired', { authorization: `Bearer ${jwt({ ...claims, iat: now - 7200, exp: now - 3600 }, SECRET)}` }],
      [
        'wrong key',
        { authorization: `Bearer ${jwt({ ...claims, iat: now, exp: now + 600 }, 'not-the-secret-0123456789')}` },
      ],
      ['alg none', { authorization: `Bearer ${jwt({ ...claims, iat: now, exp: now + 600 }, null, 'none')}` }],
      ['garbage', { authorization: 'Bearer not.a.jwt' }],
      ['lowercase bearer', { authorization: `bearer ${valid}` }],
      ['bad service key', { 'x-service-key': 'x'.repeat(32) }],
    ];
    const failures: string[] = [];
    const checked = routes.filter((r) => !r.public);
    for (const r of checked)
      for (const [name, headers] of bad) {
        const res = await api.call(r.method, fill(r.path), {
          headers,
          body: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        if (res.status !== 401) failures.push(`${key(r)} with ${name} → ${res.status}`);
      }
    assert.deepEqual(failures, []);
    assert.ok(checked.length >= 70, `${checked.length} non-public routes`);
  });

  it('every staff route × a partner token → 403', async () => {
    const failures: string[] = [];
    for (const r of routes.filter(staffOnly)) {
      const res = await api.call(r.method, fill(r.path, { partnerId: a.id, id: owned.complaint! }), {
        token: a.token,
        body: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      if (res.status !== 403) failures.push(`${key(r)} → ${res.status}`);
    }
    assert.deepEqual(failures, []);
  });

  /**
   * Partner routes with a record in the path (or body) are tried with partner B's token on partner A's record.
   * A new partner route without an entry here fails the test until someone states which record it exposes.
   */
  const crossPartner = (): Record<string, { params?: Record<string, string>; body?: unknown }> => ({
    'GET /api/v1/appeals/:id': { params: { id: owned.appeal! } },
    'POST /api/v1/appeals': { body: { entryId: owned.entry, reason: '冒用他人记录' } },
    'GET /api/v1/complaints/:id': { params: { id: owned.complaint! } },
    'POST /api/v1/complaints/:id/replies': { params: { id: owned.complaint! }, body: { text: '冒充回复' } },
    'GET /api/v1/rectifications/:id': { params: { id: owned.rectification! } },
    'POST /api/v1/rectifications/:id/submissions': {
      params: { id: owned.rectification! },
      body: { plan: '冒充方案', evidence: [] },
    },
    'GET /api/v1/scorecards/partners/:partnerId': { params: { partnerId: a.id } },
    'GET /api/v1/exit/cases/:id': { params: { id: owned.exitCase! } },
    'POST /api/v1/exit/cases/:id/withdraw': { params: { id: owned.exitCase! }, body: {} },
    'GET /api/v1/intake/letters/:id': { params: { id: owned.letter! } },
    'GET /api/v1/intake/letters/:id/pdf': { params: { id: owned.letter! } },
  });

  it("partner routes × another partner's token → 404 on A's records, and B's lists hold nothing of A", async () => {
    const cases = crossPartner();
    const failures: string[] = [];
    const secrets = [
      a.id,
      owned.complaint!,
      owned.appeal!,
      owned.rectification!,
      owned.entry!,
      owned.exitCase!,
      owned.letter!,
    ];
    for (const r of routes.filter(partnerMay)) {
      if (SELF_ONLY.includes(key(r))) continue;
      const c = cases[key(r)];
      const hasParams = r.path.includes(':');
      if (!c && (hasParams || r.method !== 'GET')) {
        failures.push(`${key(r)}: no cross-partner case (add one to crossPartner())`);
        continue;
      }
      if (c) {
        const asA = await api.call(r.method, fill(r.path, c.params), { token: a.token, body: c.body });
        const asB = await api.call(r.method, fill(r.path, c.params), { token: b.token, body: c.body });
        if (asB.status !== 404) failures.push(`${key(r)} as B → ${asB.status} ${JSON.stringify(asB.body)}`);
        // the owner gets past the ownership check (a 2xx, or a state conflict for one-time actions)
        if (asA.status === 404 || asA.status >= 500) failures.push(`${key(r)} as A → ${asA.status}`);
        continue;
      }
      const list = await api.call(r.method, r.path, { token: b.token });
      // B's own view: any answer but an auth refusal or a fault (409: B's programme has no scorecard)
      if ([401, 403].includes(list.status) || list.status >= 500) failures.push(`${key(r)} as B → ${list.status}`);
      const text = JSON.stringify(list.body ?? '');
      for (const s of secrets) if (text.includes(s)) failures.push(`${key(r)} as B shows ${s} of partner A`);
    }
    assert.deepEqual(failures, []);
  });
});
