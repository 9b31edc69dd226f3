/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { IntakeFeature, IntakeService } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';
import { INTAKE } from './intake.service.js';

/*
 * #18 the staff console's server-side tables: applications, partners, 公示异议 and staff users, each filtered,
 * searched by a prefix of a normalized key, sorted (ties by `_id`) and paged by the api; bad query parameters are
 * 400s with Chinese field messages; only staff and admins read them (the staff users: admins only).
 */
describe('#18 console tables (api)', () => {
  let api: TestApi;
  let admin: string;
  let programmeId: string;
  let intake: IntakeService;
  const tag = randomBytes(3).toString('hex');

  const get = async (path: string, token = admin) => {
    const r = await api.call('GET', `/api/v1${path}`, { token });
    return r;
  };
  const table = async (path: string, token = admin) => {
    const r = await get(path, token);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    return r.body as { items: Record<string, any>[]; total: number; page: number; pageSize: number };
  };
  const login = async (username: string, role: string, displayName: string) => {
    const r = await api.call('POST', '/api/v1/intake/staff-users', {
      token: admin,
      body: { username, password: 'password-123', role, team: '运营', displayName },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return (await api.call('POST', '/api/v1/auth/staff/login', { body: { username, password: 'password-123' } })).body
      .accessToken as string;
  };
  let staff: string;
  let reviewer: string;
  let partner: string;

  before(async () => {
    api = await startTestApi();
    admin = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: admin })).body[0].id;
    intake = api.app.get<IntakeFeature>(INTAKE).service;
    staff = await login(`ops-${tag}`, 'staff', '运营甲');
    reviewer = await login(`rev-${tag}`, 'reviewer', '评审乙');
    const code = `T-${tag}`;
    await api.call('POST', '/api/v1/partners', { token: admin, body: { code, name: '表格伙伴有限公司', programmeId } });
    partner = await api.partnerToken(code);
  });
  after(() => api.close());

  const bad = async (path: string, field: string) => {
    const r = await get(path);
    assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
    assert.ok(r.body.fields?.[field]?.length, `${path}: names ${field}: ${JSON.stringify(r.body)}`);
    assert.match(JSON.stringify(r.body.fields[field]), /[\u4e00-\u9fff]/, 'a Chinese message');
  };

  it('#18 partners table: filters, a name or code prefix search (normalized), sorts by code/name/createdAt, pages', async () => {
    const names = ['华南甲科技', '华南乙科技', '江北丙贸易'];
    const codes = [`Zq${tag}-1`, `Zq${tag}-2`, `Zq${tag}-3`];
    for (let i = 0; i < 3; i++) {
      const r = await api.call('POST', '/api/v1/partners', {
        token: admin,
        body: { code: codes[i], name: `${names[i]}${tag}`, programmeId },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    // a lower-case prefix finds the mixed-case codes; a full-width space in the search is ignored
    const byCode = await table(`/partners/table?q=${encodeURIComponent(`zq${tag}`)}&pageSize=2`);
    assert.equal(byCode.total, 3);
    assert.deepEqual(
      byCode.items.map((p) => p.code),
      codes.slice(0, 2),
    );
    const second = await table(`/partners/table?q=${encodeURIComponent(`zq${tag}`)}&pageSize=2&page=2`);
    assert.deepEqual(
      second.items.map((p) => p.code),
      [codes[2]],
    );
    const desc = await table(`/partners/table?q=zq${tag}&order=desc`);
    assert.deepEqual(
      desc.items.map((p) => p.code),
      [...codes].reverse(),
    );
    const byName = await table(`/partners/table?q=${encodeURIComponent('华南')}&sort=name&programmeId=${programmeId}`);
    assert.ok(
      byName.items.every((p) => p.name.startsWith('华南')),
      JSON.stringify(byName.items),
    );
    assert.ok(byName.total >= 2);
    // prefix only: the middle of a name finds nothing
    assert.equal((await table(`/partners/table?q=${encodeURIComponent('南甲')}`)).total, 0);
    const newest = await table(`/partners/table?sort=createdAt&order=desc&status=active&pageSize=1`);
    assert.equal(newest.items[0].code, codes[2]);
    assert.deepEqual([newest.page, newest.pageSize], [1, 1]);
    assert.equal((await table(`/partners/table?status=exited&q=zq${tag}`)).total, 0);
    await bad('/partners/table?pageSize=101', 'pageSize');
    await bad('/partners/table?page=0', 'page');
    await bad('/partners/table?sort=inviteCode', 'sort');
    await bad('/partners/table?status=gone', 'status');
    await bad('/partners/table?programmeId=x', 'programmeId');
    assert.equal((await get('/partners/table', partner)).status, 403);
    assert.equal((await get('/partners/table', reviewer)).status, 403);
    assert.equal((await get('/partners/table', staff)).status, 200);
    assert.equal((await api.call('GET', '/api/v1/partners/table')).status, 401);
  });

  it('#18 staff users table (admin only): role and enabled filters, a name or username prefix search, pages', async () => {
    await login(`zed-${tag}-a`, 'committee', `张${tag}`);
    await login(`zed-${tag}-b`, 'staff', `张${tag}二`);
    const off = await table(`/intake/tables/staff-users?q=zed-${tag}`);
    assert.deepEqual(
      off.items.map((u) => u.username),
      [`zed-${tag}-a`, `zed-${tag}-b`],
    );
    assert.ok(off.items.every((u) => !('passwordHash' in u)));
    const byName = await table(`/intake/tables/staff-users?q=${encodeURIComponent(`张${tag}`)}&pageSize=1&page=2`);
    assert.equal(byName.total, 2);
    assert.equal(byName.items[0].username, `zed-${tag}-b`);
    assert.equal((await table(`/intake/tables/staff-users?q=zed-${tag}&role=committee`)).total, 1);
    const id = off.items[1].id;
    const r = await api.call('PATCH', `/api/v1/intake/staff-users/${id}`, {
      token: admin,
      body: { disabled: true, displayName: `李${tag}`, reason: '离职' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(
      (await table(`/intake/tables/staff-users?q=zed-${tag}&enabled=false`)).items.map((u) => u.id),
      [id],
    );
    assert.equal((await table(`/intake/tables/staff-users?q=zed-${tag}&enabled=true`)).total, 1);
    // the renamed user is found by its new name only
    assert.equal((await table(`/intake/tables/staff-users?q=${encodeURIComponent(`李${tag}`)}`)).total, 1);
    assert.equal((await table(`/intake/tables/staff-users?q=${encodeURIComponent(`张${tag}`)}`)).total, 1);
    const newest = await table('/intake/tables/staff-users?sort=createdAt&order=desc&pageSize=1');
    assert.equal(newest.items[0].username, `zed-${tag}-b`);
    await bad('/intake/tables/staff-users?enabled=yes', 'enabled');
    await bad('/intake/tables/staff-users?role=partner', 'role');
    await bad('/intake/tables/staff-users?sort=password', 'sort');
    assert.equal((await get('/intake/tables/staff-users', staff)).status, 403);
    assert.equal((await get('/intake/tables/staff-users', reviewer)).status, 403);
    assert.equal((await get('/intake/tables/staff-users', partner)).status, 403);
  });

  /** Applications stored through the repository (as a draft save writes them), then given a status. */
  const seedApplication = async (recruitmentId: string, name: string, creditCode: string, status: string, at: Date) => {
    const a = await intake.repo.createApplication({
      recruitmentId,
      programmeId,
      mode: 'batch',
      applicantId: `app-${tag}`,
      applicantOpenId: `open-${tag}`,
      creditCode,
      company: { name, creditCode, contacts: [] },
      status: 'draft',
    });
    assert.ok(a);
    if (status !== 'draft')
      await intake.repo.m.Application.collection.updateOne(
        { _id: new Types.ObjectId(a.id) },
        { $set: { status, submittedAt: at, updatedAt: at } },
      );
    return a.id;
  };

  it('#18 applications table: never drafts; status and recruitment filters; company name or credit code prefix; sorts; pages', async () => {
    const [r1, r2] = [new Types.ObjectId().toHexString(), new Types.ObjectId().toHexString()];
    const t = (h: number) => new Date(Date.UTC(2026, 10, 2, h));
    const ids = [
      await seedApplication(r1, `星河${tag}科技有限公司`, `91440300${tag}A1`.toUpperCase(), 'submitted', t(1)),
      await seedApplication(r1, `星河${tag}贸易有限公司`, `91440300${tag}B2`.toUpperCase(), 'evaluation', t(2)),
      await seedApplication(r1, `Acme ${tag} 餐饮`, `92110000${tag}C3`.toUpperCase(), 'submitted', t(3)),
      await seedApplication(r2, `星河${tag}食品有限公司`, `91440300${tag}D4`.toUpperCase(), 'submitted', t(4)),
    ];
    await seedApplication(r1, `星河${tag}草稿`, `91440300${tag}E5`.toUpperCase(), 'draft', t(5));

    const all = await table(`/intake/tables/applications?recruitmentId=${r1}`);
    assert.deepEqual(
      all.items.map((a) => a.id),
      [ids[2], ids[1], ids[0]],
      'newest submitted first, no draft',
    );
    assert.deepEqual(Object.keys(all.items[0]).sort(), [
      'companyName',
      'creditCode',
      'id',
      'recruitmentId',
      'rev',
      'status',
      'submittedAt',
      'updatedAt',
    ]);
    const asc = await table(
      `/intake/tables/applications?recruitmentId=${r1}&sort=updatedAt&order=asc&pageSize=2&page=2`,
    );
    assert.equal(asc.total, 3);
    assert.deepEqual(
      asc.items.map((a) => a.id),
      [ids[2]],
    );
    assert.deepEqual(
      (await table(`/intake/tables/applications?recruitmentId=${r1}&status=submitted`)).items.map((a) => a.id),
      [ids[2], ids[0]],
    );
    // a name prefix, across recruitments unless one is chosen
    const star = await table(`/intake/tables/applications?q=${encodeURIComponent(`星河${tag}`)}`);
    assert.deepEqual(
      star.items.map((a) => a.id),
      [ids[3], ids[1], ids[0]],
    );
    assert.equal(star.items[0].companyName, `星河${tag}食品有限公司`);
    assert.equal(
      (await table(`/intake/tables/applications?q=${encodeURIComponent(`星河${tag}`)}&recruitmentId=${r2}`)).total,
      1,
    );
    // a credit-code prefix typed in lower case; a Latin name prefix, case and spaces ignored
    const code = await table(`/intake/tables/applications?q=${`92110000${tag}`.toLowerCase()}`);
    assert.deepEqual(
      code.items.map((a) => a.id),
      [ids[2]],
    );
    assert.deepEqual(
      (await table(`/intake/tables/applications?q=${encodeURIComponent(`ACME${tag.toUpperCase()}`)}`)).items.map(
        (a) => a.id,
      ),
      [ids[2]],
    );
    assert.equal((await table(`/intake/tables/applications?q=${encodeURIComponent('科技有限公司')}`)).total, 0);
    await bad('/intake/tables/applications?status=draft', 'status');
    await bad('/intake/tables/applications?sort=company', 'sort');
    await bad('/intake/tables/applications?pageSize=1000', 'pageSize');
    await bad('/intake/tables/applications?order=up', 'order');
    await bad(`/intake/tables/applications?q=${'x'.repeat(41)}`, 'q');
    await bad('/intake/tables/applications?recruitmentId=1', 'recruitmentId');
    assert.equal((await get('/intake/tables/applications', staff)).status, 200);
    assert.equal((await get('/intake/tables/applications', reviewer)).status, 403);
    assert.equal((await get('/intake/tables/applications', partner)).status, 403);
  });

  it('#18 公示异议 table names the company (also for an objection stored before the name was), filters, pages', async () => {
    const [r1, r2] = [new Types.ObjectId().toHexString(), new Types.ObjectId().toHexString()];
    const appId = await seedApplication(
      r1,
      `异议${tag}对象有限公司`,
      `91440300${tag}F6`.toUpperCase(),
      'approved',
      new Date(),
    );
    const meetingId = new Types.ObjectId().toHexString();
    const objection = async (n: number, extra: Record<string, unknown>, status = 'open') => {
      const o = await intake.repo.createObjection({
        _id: new Types.ObjectId(),
        meetingId,
        text: `第${n}条异议`,
        status,
        ...extra,
      });
      assert.ok(o);
      return o.id;
    };
    const named = await objection(1, {
      applicationId: appId,
      recruitmentId: new Types.ObjectId(r1),
      companyName: '甲',
    });
    // as stored before #18: no name, no recruitment (the backfill sets the recruitment; the name is read at once)
    const old = await objection(2, { applicationId: appId, recruitmentId: new Types.ObjectId(r1) });
    const whole = await objection(3, { recruitmentId: new Types.ObjectId(r1) }, 'resolved');
    await objection(4, { recruitmentId: new Types.ObjectId(r2) });

    const page = await table(`/intake/tables/objections?recruitmentId=${r1}`);
    assert.deepEqual(
      page.items.map((o) => [o.id, o.companyName]),
      [
        [whole, null],
        [old, `异议${tag}对象有限公司`],
        [named, '甲'],
      ],
    );
    const open = await table(`/intake/tables/objections?recruitmentId=${r1}&status=open&order=asc&pageSize=1`);
    assert.equal(open.total, 2);
    assert.equal(open.items[0].id, named);
    await bad('/intake/tables/objections?status=closed', 'status');
    await bad('/intake/tables/objections?sort=text', 'sort');
    assert.equal((await get('/intake/tables/objections', staff)).status, 200);
    assert.equal((await get('/intake/tables/objections', reviewer)).status, 403);
    assert.equal((await get('/intake/tables/objections', partner)).status, 403);
  });
});
