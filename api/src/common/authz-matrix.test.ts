/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
/**
 * Issues #8 item 6, #15 item 1 and #20: the authorization matrix, generated from the live route table (listRoutes
 * walks Nest's module container and is checked against what express registered), so a route added later is covered
 * without editing this file. Every route × 7 callers (no token, applicant, partner, staff, reviewer, committee,
 * admin), with path parameters naming another owner's records: partner B and applicant Y are pointed at partner A's
 * and applicant X's records. Non-staff callers reach only the reviewed allow-lists below (anything else is exactly
 * 403), other owners' records are exactly 404, and no body shows another owner's data. Data scope per role (issue
 * #15): the public sees only what is published (a draft recruitment is 404 and never listed), applicants and partners
 * only their own, reviewers and committee members applications only within their panels, staff and admins all.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import {
  DomainError,
  connectCore,
  connectMongo,
  connectScorecards,
  intakeModels,
  panelMayRead,
  shanghaiDate,
} from '@huoban/core';
import { startTestApi, type TestApi } from '../../test/support.js';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Roles, scopeOf } from './auth.js';
import { assertRolesDeclared, expressRoutes, listRoutes, type RouteInfo } from './routes.js';

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

/** Reviewed: every route an applicant may call (its own session, applications and files). Anything else: 403. */
const APPLICANT_ROUTES = [
  'GET /api/v1/me',
  'POST /api/v1/auth/logout',
  'GET /api/v1/intake/my/applications',
  'POST /api/v1/intake/applications',
  'GET /api/v1/intake/applications/:id',
  'PUT /api/v1/intake/applications/:id',
  'GET /api/v1/intake/applications/:id/files',
  'POST /api/v1/intake/applications/:id/files',
  'GET /api/v1/intake/applications/:id/files/:fileId',
  'DELETE /api/v1/intake/applications/:id/files/:fileId',
  'POST /api/v1/intake/applications/:id/submit',
  'POST /api/v1/intake/applications/:id/revise',
  // documents with expiry: the caller's own (issue #19)
  'GET /api/v1/documents/mine',
  'POST /api/v1/documents',
  'GET /api/v1/documents/:id',
  'GET /api/v1/documents/:id/file',
  'GET /api/v1/subscriptions/templates', // its own consents (issue #19)
  'POST /api/v1/subscriptions/consents',
];

/** Reviewed: every route a partner may call (its own records only). Anything else: 403. */
const PARTNER_ROUTES = [
  'GET /api/v1/me',
  'POST /api/v1/auth/logout',
  'GET /api/v1/complaints',
  'GET /api/v1/complaints/:id',
  'POST /api/v1/complaints/:id/replies',
  'GET /api/v1/credit/me',
  'GET /api/v1/appeals',
  'POST /api/v1/appeals',
  'GET /api/v1/appeals/:id',
  'GET /api/v1/scorecards/me',
  'GET /api/v1/scorecards/partners/:partnerId',
  'GET /api/v1/rectifications',
  'GET /api/v1/rectifications/:id',
  'POST /api/v1/rectifications/:id/submissions',
  'GET /api/v1/exit/precheck',
  'POST /api/v1/exit/requests', // files for the caller's own partner (the body names no partner)
  'GET /api/v1/exit/cases/mine',
  'GET /api/v1/exit/cases/:id',
  'POST /api/v1/exit/cases/:id/withdraw',
  'GET /api/v1/intake/my/letters',
  'GET /api/v1/intake/my/profile',
  'GET /api/v1/intake/letters',
  'GET /api/v1/intake/letters/:id',
  'GET /api/v1/intake/letters/:id/pdf',
  // documents with expiry: the caller's own (issue #19)
  'GET /api/v1/documents/mine',
  'POST /api/v1/documents',
  'GET /api/v1/documents/:id',
  'GET /api/v1/documents/:id/file',
  'GET /api/v1/subscriptions/templates', // its own consents (issue #19)
  'POST /api/v1/subscriptions/consents',
];

/**
 * Issue #15: reviewers and committee members pass as staff on staff routes, but read an application only within their
 * panels (a reviewer: waiting for pre-review, pre-reviewed by it or on its FT-8 panel; a committee member: from the
 * committee stage on). Applicant X's draft is neither: these answer them 404.
 */
const PANEL_SCOPED_ROUTES = [
  'GET /api/v1/intake/applications/:id',
  'GET /api/v1/intake/applications/:id/files',
  'GET /api/v1/intake/applications/:id/files/:fileId',
];

/** Reviewed: staff routes reviewers and committee members do not pass (403), as they span every owner's records. */
const STAFF_ONLY_ROUTES = [
  'GET /api/v1/audit',
  // #18 the console's tables: every application, objection, partner or user, not a panel's own
  'GET /api/v1/intake/tables/applications',
  'GET /api/v1/intake/tables/objections',
  'GET /api/v1/intake/tables/staff-users',
  'GET /api/v1/partners/table',
];

/** Public reads of one record: a record not published (a draft recruitment) answers 404 to everyone. */
const PUBLISHED_ONLY_ROUTES = ['GET /api/v1/public/recruitments/:id'];

const CALLERS = ['public', 'applicant', 'partner', 'staff', 'reviewer', 'committee', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

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
const noBody = (r: RouteInfo) => r.method === 'GET' || r.method === 'DELETE';
const day = (offsetDays: number) => shanghaiDate(new Date(Date.now() + offsetDays * 86_400_000));
/** The title of a recruitment that is never published. */
const DRAFT_TITLE = '矩阵草稿招募（未发布）';
/** A customer's mobile and resident ID number inside partner A's complaint (masked for partners, issue #20). */
const PHONE = '13912345678';
const ID_NO = '110101199003074518';

describe('deny by default (issue #20)', () => {
  it('start-up refuses a route without a role declaration, and naming it', async () => {
    @Controller('bare')
    class BareController {
      @Get()
      open() {
        return 'served to every signed-in caller';
      }
      @Roles('staff')
      @Get('declared')
      declared() {
        return 'staff only';
      }
    }
    @Module({ controllers: [BareController] })
    class BareModule {}
    const app = await NestFactory.create(BareModule, { logger: false });
    try {
      assert.throws(
        () => assertRolesDeclared(app),
        /Routes without a role declaration[\s\S]*GET \/api\/v1\/bare \(BareController\.open\)/,
      );
      assert.throws(
        () => assertRolesDeclared(app),
        (e: Error) => !e.message.includes('declared'),
      );
    } finally {
      await app.close();
    }
  });

  it('a caller that is neither staff nor a partner has no partner scope: refused in the one place (scopeOf)', () => {
    assert.throws(
      () => scopeOf({ userId: 'applicant-1', role: 'applicant', name: '申请人' }),
      (e: unknown) => e instanceof DomainError && e.status === 403,
    );
    assert.deepEqual(scopeOf({ userId: 'p', role: 'partner', name: '伙伴', partnerId: 'A' }), { partnerId: 'A' });
    assert.deepEqual(scopeOf({ userId: 'u', role: 'reviewer', name: '评审' }), {});
    // a partner token without its partner is no staff either
    assert.throws(
      () => scopeOf({ userId: 'p', role: 'partner', name: '伙伴' }),
      (e: unknown) => e instanceof DomainError && e.status === 403,
    );
  });
});

describe('panel scope of reviewers and committee members (issue #15)', () => {
  const app = (status: string, over: Record<string, unknown> = {}) =>
    ({ status, preReview: null, panel: null, ...over }) as Parameters<typeof panelMayRead>[0];
  const reviewer = { role: 'reviewer', userId: 'r1' };
  const committee = { role: 'committee', userId: 'c1' };
  const panel = (ids: string[]) => ({ members: ids.map((userId) => ({ userId })), votes: [] });

  it('a reviewer reads the pre-review and panel queues, what it pre-reviewed and its panels’ applications, nothing else', () => {
    assert.equal(panelMayRead(app('submitted'), reviewer), true);
    assert.equal(panelMayRead(app('draft'), reviewer), false);
    assert.equal(panelMayRead(app('pre_review_passed', { preReview: { reviewerId: 'r2' } }), reviewer), true);
    assert.equal(panelMayRead(app('pre_review_failed', { preReview: { reviewerId: 'r1' } }), reviewer), true);
    assert.equal(panelMayRead(app('pre_review_failed', { preReview: { reviewerId: 'r2' } }), reviewer), false);
    assert.equal(panelMayRead(app('evaluation', { panel: panel(['r1', 'r3', 'r4']) }), reviewer), true);
    assert.equal(panelMayRead(app('evaluation', { panel: panel(['r2', 'r3', 'r4']) }), reviewer), false);
    const left = { ...panel(['r2', 'r3', 'r4']), removed: [{ userId: 'r1' }] };
    assert.equal(panelMayRead(app('evaluated', { panel: left }), reviewer), true);
  });

  it('a committee member reads the applications that reached the committee; staff and admins read all', () => {
    for (const s of ['evaluated', 'approved', 'declined', 'signing', 'signed'])
      assert.equal(panelMayRead(app(s), committee), true, s);
    for (const s of ['draft', 'submitted', 'pre_review_passed', 'evaluation', 'evaluation_failed'])
      assert.equal(panelMayRead(app(s), committee), false, s);
    // a committee member sitting on an FT-8 panel reads that application before the committee stage too
    assert.equal(panelMayRead(app('evaluation', { panel: panel(['c1', 'r3', 'r4']) }), committee), true);
    for (const role of ['staff', 'admin']) assert.equal(panelMayRead(app('draft'), { role, userId: 'x' }), true);
  });
});

describe('authorization matrix (issues #8, #15, #20: every route × 7 callers, generated from the route table)', () => {
  let api: TestApi;
  let routes: RouteInfo[];
  const token: Partial<Record<Caller, string>> = {};
  let a: { id: string; token: string };
  let xToken: string;
  const owned: Record<string, string> = {};

  before(async () => {
    api = await startTestApi({ HUOBAN_JWT_SECRET: SECRET });
    routes = listRoutes(api.app);
    const admin = await api.staffToken();
    token.admin = admin;
    for (const role of ['staff', 'reviewer', 'committee'] as const) {
      const username = `m-${role}`;
      const made = await api.call('POST', '/api/v1/intake/staff-users', {
        token: admin,
        body: { username, password: 'password-123', role, team: `${role}团队`, displayName: username },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const login = await api.call('POST', '/api/v1/auth/staff/login', {
        body: { username, password: 'password-123' },
      });
      token[role] = login.body.accessToken;
    }
    const programme = await api.call('POST', '/api/v1/programmes', {
      token: admin,
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
        token: admin,
        body: { code, name, programmeId: programme.body.id },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const open = await api.call('POST', '/api/v1/credit/accounts', {
        token: admin,
        body: { partnerId: r.body.id, tier: 'ordinary', joinedAt: '2025-06-01', firstMonth: '2026-01' },
      });
      assert.equal(open.status, 201, JSON.stringify(open.body));
      return { id: r.body.id as string, token: await api.partnerToken(code) };
    };
    a = await partner('甲矩阵科技有限公司');
    token.partner = (await partner('乙矩阵科技有限公司')).token; // partner B
    // A's records: a complaint, a deduction under appeal, an exit case, a rectification case, a letter
    const complaint = await api.call('POST', '/api/v1/complaints', {
      token: admin,
      body: {
        partnerId: a.id,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: `矩阵测试投诉，客户电话${PHONE}，身份证${ID_NO}`,
        receivedAt: new Date().toISOString(),
      },
    });
    assert.equal(complaint.status, 201, JSON.stringify(complaint.body));
    owned.complaint = complaint.body.id;
    const deduction = await api.call('POST', `/api/v1/credit/accounts/${a.id}/events`, {
      token: admin,
      body: { type: 'deduction', month: '2026-01', category: 'violation', code: 'V-FORCED', note: '核实' },
    });
    assert.equal(deduction.status, 201, JSON.stringify(deduction.body));
    assert.equal((await api.call('POST', '/api/v1/credit/months/2026-01/close', { token: admin })).status, 200);
    const me = await api.call('GET', '/api/v1/credit/me', { token: a.token });
    owned.entry = me.body.entries.find((e: any) => e.kind === 'deduction').id;
    const appeal = await api.call('POST', '/api/v1/appeals', {
      token: a.token,
      body: { entryId: owned.entry, reason: '该笔订购为客户本人操作' },
    });
    assert.equal(appeal.status, 201, JSON.stringify(appeal.body));
    owned.appeal = appeal.body.id;
    const exit = await api.call('POST', '/api/v1/exit/cases', {
      token: admin,
      body: { partnerId: a.id, trigger: 'business_end', reason: '业务终止' },
    });
    assert.equal(exit.status, 201, JSON.stringify(exit.body));
    owned.exitCase = exit.body.id;
    const conn = await connectMongo(api.mongoUrl);
    try {
      const { repos } = await connectScorecards(connectCore(conn));
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
    // applicant X's application with a file (applicant Y is the matrix's applicant)
    const recruitment = await api.call('POST', '/api/v1/intake/recruitments', {
      token: admin,
      body: {
        programmeId: programme.body.id,
        title: '矩阵测试招募',
        mode: 'batch',
        quota: 3,
        closesOn: day(10),
        products: ['和包食堂'],
      },
    });
    assert.equal(recruitment.status, 201, JSON.stringify(recruitment.body));
    const rid = recruitment.body.id;
    const published = await api.call('POST', `/api/v1/intake/recruitments/${rid}/publish`, {
      token: admin,
      body: { rev: recruitment.body.rev ?? 0 },
    });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    // a recruitment never published: no public read may show it
    const draft = await api.call('POST', '/api/v1/intake/recruitments', {
      token: admin,
      body: { programmeId: programme.body.id, title: DRAFT_TITLE, mode: 'batch', quota: 1, closesOn: day(20) },
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    owned.draftRecruitment = draft.body.id;
    const applicant = async (name: string) =>
      (await api.call('POST', '/api/v1/auth/applicant/dev-login', { body: { name } })).body.accessToken as string;
    xToken = await applicant('matrix-x');
    token.applicant = await applicant('matrix-y');
    const app = await api.call('POST', '/api/v1/intake/applications', {
      token: xToken,
      body: {
        recruitmentId: rid,
        company: {
          name: '丙申请科技有限公司',
          creditCode: '9144030071526726XG',
          registeredOn: '2019-03-01',
          legalRep: '李四',
          taxpayerType: 'general',
          contacts: [{ name: '王五', phone: '13800000000', email: 'w@example.com' }],
        },
      },
    });
    assert.equal(app.status, 201, JSON.stringify(app.body));
    owned.application = app.body.id;
    const form = new FormData();
    form.set('criterion', 'c1');
    form.set('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')]), '营业执照.pdf');
    const up = await fetch(`${api.url}/api/v1/intake/applications/${owned.application}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${xToken}` },
      body: form,
    });
    const file = (await up.json()) as any;
    assert.equal(up.status, 201, JSON.stringify(file));
    owned.file = file.id;
    // applicant X's own document (issue #19): partner B and applicant Y get 404 on it
    const doc = new FormData();
    doc.set('kind', 'business_licence');
    doc.set('title', '丙申请营业执照');
    doc.set('issuedOn', '2019-03-01');
    doc.set('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')]), '营业执照.pdf');
    const filed = await fetch(`${api.url}/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${xToken}` },
      body: doc,
    });
    const document = (await filed.json()) as any;
    assert.equal(filed.status, 201, JSON.stringify(document));
    owned.document = document.id;
  });
  after(() => api.close());

  /** The other owners' records each path parameter names (A's for partner routes, X's for applicant routes). */
  const paramsOf = (r: RouteInfo): Record<string, string> => {
    const p = r.path;
    const id = p.startsWith('/api/v1/complaints/')
      ? owned.complaint
      : p.startsWith('/api/v1/appeals/')
        ? owned.appeal
        : p.startsWith('/api/v1/rectifications/')
          ? owned.rectification
          : p.startsWith('/api/v1/exit/cases/')
            ? owned.exitCase
            : p.startsWith('/api/v1/intake/letters/')
              ? owned.letter
              : p.startsWith('/api/v1/intake/applications/')
                ? owned.application
                : p.startsWith('/api/v1/documents/')
                  ? owned.document
                  : p.startsWith('/api/v1/public/recruitments/')
                    ? owned.draftRecruitment
                    : undefined;
    return {
      partnerId: a.id,
      complaintId: owned.complaint!,
      fileId: owned.file!,
      ...(id && { id }),
    };
  };
  /**
   * Valid bodies for the writes on other owners' records (validation runs before the ownership check); the rest
   * send `{}` (the guard answers before validation).
   */
  const BODIES: Record<string, () => unknown> = {
    'POST /api/v1/appeals': () => ({ entryId: owned.entry, reason: '冒用他人记录' }),
    'POST /api/v1/complaints/:id/replies': () => ({ text: '冒充回复' }),
    'POST /api/v1/rectifications/:id/submissions': () => ({ plan: '冒充方案', evidence: [] }),
    'PUT /api/v1/intake/applications/:id': () => ({ rev: 0 }),
    'POST /api/v1/intake/applications/:id/submit': () => ({ rev: 0 }),
    'POST /api/v1/intake/applications/:id/revise': () => ({ rev: 0 }),
  };
  const bodyOf = (r: RouteInfo): unknown => (noBody(r) ? undefined : (BODIES[key(r)]?.() ?? {}));
  /** One request of the matrix (the evidence upload as multipart, the rest JSON). */
  const send = async (r: RouteInfo, path: string, bearer?: string) => {
    if (key(r) !== 'POST /api/v1/intake/applications/:id/files')
      return api.call(r.method, path, { token: bearer, body: bodyOf(r) });
    const form = new FormData();
    form.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), '冒充.pdf');
    const res = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** What no reviewer or committee member outside its panels may see: applicant X's draft. */
  const applicationSecrets = () => [owned.application!, owned.file!, '丙申请科技有限公司'];
  /** What nobody may see without a login, or through a public route: the unpublished recruitment. */
  const unpublished = () => [owned.draftRecruitment!, DRAFT_TITLE];
  /** What no partner B and no applicant Y may ever see: partner A's and applicant X's data. */
  const secrets = () => [
    a.id,
    owned.complaint!,
    owned.appeal!,
    owned.rectification!,
    owned.entry!,
    owned.exitCase!,
    owned.letter!,
    owned.application!,
    owned.file!,
    owned.document!,
    '甲矩阵科技有限公司',
    '丙申请科技有限公司',
    PHONE,
    ID_NO,
  ];

  const allowList: Partial<Record<Caller, string[]>> = { applicant: APPLICANT_ROUTES, partner: PARTNER_ROUTES };
  /** What a caller gets on a route: an exact status, or 'open' (past authorization: no 401/403, no 5xx). */
  function expected(r: RouteInfo, caller: Caller): number | 'open' {
    if (PUBLISHED_ONLY_ROUTES.includes(key(r))) return 404;
    if (r.public) return 'open';
    if ((caller === 'reviewer' || caller === 'committee') && PANEL_SCOPED_ROUTES.includes(key(r))) return 404;
    if ((caller === 'reviewer' || caller === 'committee') && r.staffOnly) return 403;
    if (caller === 'public') return 401;
    const list = allowList[caller];
    if (list) return !list.includes(key(r)) ? 403 : /:(id|partnerId|fileId)\b/.test(r.path) ? 404 : 'open';
    const staffRoute = r.roles.includes('staff') || (r.roles.includes('admin') && caller === 'admin');
    return staffRoute ? 'open' : 403;
  }

  it('the route table is complete: every route express serves under /api/v1 and /health is in it', () => {
    const table = new Set(routes.map(key));
    const served = [...new Set(expressRoutes(api.app))].filter(
      (r) => / \/(api\/v1\/|health)/.test(r) && !(r.startsWith('ALL ') && routes.some((x) => x.path === r.slice(4))),
    );
    assert.ok(routes.length >= 150, `only ${routes.length} routes found`);
    assert.deepEqual(
      served.filter((r) => !table.has(r)),
      [],
    );
  });

  it('deny by default: every route declares @Public() or its roles, and the public ones are the reviewed list', () => {
    assert.deepEqual(routes.filter((r) => !r.public && r.roles.length === 0).map(key), []);
    assert.deepEqual(
      routes
        .filter((r) => r.public)
        .map(key)
        .sort(),
      [...PUBLIC_ROUTES].sort(),
    );
    // issue #15: every public write (and so every login route) is rate-limited across replicas
    assert.deepEqual(routes.filter((r) => r.public && r.method !== 'GET' && !r.rateLimit).map(key), []);
    // issue #15: the staff-only routes are the reviewed list
    assert.deepEqual(
      routes
        .filter((r) => r.staffOnly)
        .map(key)
        .sort(),
      [...STAFF_ONLY_ROUTES].sort(),
    );
    // the allow-lists name live routes (a renamed route cannot leave a stale entry behind)
    const table = new Set(routes.map(key));
    assert.deepEqual(
      [...APPLICANT_ROUTES, ...PARTNER_ROUTES].filter((k) => !table.has(k)),
      [],
    );
  });

  it('L1–L5: an applicant reads no complaint, scorecard, appeal, exit case or rectification (403)', async () => {
    for (const path of [
      '/api/v1/complaints',
      `/api/v1/complaints/${owned.complaint}`,
      `/api/v1/scorecards/partners/${a.id}`,
      '/api/v1/appeals',
      `/api/v1/appeals/${owned.appeal}`,
      `/api/v1/exit/cases/${owned.exitCase}`,
      '/api/v1/rectifications',
      `/api/v1/rectifications/${owned.rectification}`,
    ]) {
      const res = await api.call('GET', path, { token: token.applicant });
      assert.equal(res.status, 403, `${path} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.message, '无权执行此操作');
    }
  });

  it('staff and admins read every owner’s records; a reviewer and a committee member not an applicant’s draft', async () => {
    const reads = [
      `/api/v1/complaints/${owned.complaint}`,
      `/api/v1/appeals/${owned.appeal}`,
      `/api/v1/exit/cases/${owned.exitCase}`,
      `/api/v1/intake/applications/${owned.application}`,
      `/api/v1/intake/applications/${owned.application}/files`,
    ];
    for (const caller of ['staff', 'admin'] as const)
      for (const path of reads) {
        const res = await api.call('GET', path, { token: token[caller] });
        assert.equal(res.status, 200, `${caller} ${path} → ${res.status}`);
      }
    for (const caller of ['reviewer', 'committee'] as const) {
      const one = await api.call('GET', reads[3]!, { token: token[caller] });
      assert.equal(one.status, 404, `${caller} reads applicant X's draft → ${one.status}`);
      for (const query of ['', '?stage=pre_review', '?stage=evaluation', '?stage=decision']) {
        const list = await api.call('GET', `/api/v1/intake/applications${query}`, { token: token[caller] });
        assert.equal(list.status, 200);
        assert.ok(!list.body.some((x: any) => x.id === owned.application), `${caller} lists X's draft (${query})`);
      }
    }
    const all = await api.call('GET', '/api/v1/intake/applications', { token: token.staff });
    assert.ok(
      all.body.some((x: any) => x.id === owned.application),
      'staff list every application',
    );
  });

  it('every route × 7 callers: exact refusals, 404 on other owners’ records, no other owner’s data in any body', async () => {
    const failures: string[] = [];
    // sign-outs last: they end the caller's session
    const ordered = [...routes].sort((x, y) => Number(x.path.endsWith('/logout')) - Number(y.path.endsWith('/logout')));
    // the callers run side by side (each with its own session), each through the whole table in order
    const probe = async (caller: Caller) => {
      for (const r of ordered) {
        const want = expected(r, caller);
        const path =
          fill(r.path, paramsOf(r)) +
          (r.public && r.method === 'GET' ? '?date=2026-01-01&start=2026-01-01T10:00:00%2B08:00&hours=1&days=1' : '');
        const res = await send(r, path, token[caller]);
        const what = `${caller} ${key(r)} → ${res.status}`;
        if (typeof want === 'number' ? res.status !== want : [401, 403].includes(res.status) || res.status >= 500)
          failures.push(`${what}, expected ${want} ${JSON.stringify(res.body)?.slice(0, 200)}`);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
        const hidden =
          caller === 'staff' || caller === 'admin'
            ? []
            : caller === 'reviewer' || caller === 'committee'
              ? applicationSecrets()
              : secrets();
        for (const s of [...hidden, ...(r.public || caller === 'public' ? unpublished() : [])])
          if (text.includes(s)) failures.push(`${what} shows ${s}, outside the caller's scope`);
      }
    };
    await Promise.all(CALLERS.map(probe));
    assert.deepEqual(failures.sort(), []);
  });

  it('the owners themselves get past the ownership checks (so the 404s above are about ownership)', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const owner = APPLICANT_ROUTES.includes(key(r)) ? xToken : PARTNER_ROUTES.includes(key(r)) ? a.token : null;
      if (!owner || !/:(id|partnerId|fileId)\b/.test(r.path) || r.method === 'DELETE') continue;
      const res = await send(r, fill(r.path, paramsOf(r)), owner);
      if ([401, 403, 404].includes(res.status) || res.status >= 500)
        failures.push(`${key(r)} as owner → ${res.status}`);
    }
    assert.deepEqual(failures, []);
  });

  it('every non-public route × no token, expired, wrong key, alg none, garbage, lowercase bearer, bad service key → 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'x', role: 'admin', name: '攻击者' };
    const valid = jwt({ ...claims, iat: now, exp: now + 600 }, SECRET);
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
    await Promise.all(
      bad.map(async ([name, headers]) => {
        for (const r of checked) {
          const res = await api.call(r.method, fill(r.path), { headers, body: noBody(r) ? undefined : {} });
          if (res.status !== 401) failures.push(`${key(r)} with ${name} → ${res.status}`);
        }
      }),
    );
    assert.deepEqual(failures, []);
    assert.ok(checked.length >= 70, `${checked.length} non-public routes`);
  });
});
