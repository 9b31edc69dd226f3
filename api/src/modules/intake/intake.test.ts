import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { startFakeWechat, type FakeWechat } from '@huoban/core/testing';
import { connectMongo, shanghaiDate } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const day = (offsetDays: number) => shanghaiDate(new Date(Date.now() + offsetDays * 86_400_000));

describe('intake api', () => {
  let api: TestApi;
  let wx: FakeWechat;
  let admin: string;
  let programmeId: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    wx = await startFakeWechat();
    api = await startTestApi({
      HUOBAN_WECHAT_API_BASE: wx.base,
      HUOBAN_WECHAT_APPID: 'wx-test',
      HUOBAN_WECHAT_SECRET: 'secret',
      HUOBAN_WECHAT_TMPL_APPLICATION_RESULT: 'intake_result',
    });
    admin = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: admin })).body[0].id;
  });
  after(async () => {
    await api.close();
    wx.server.close();
  });

  const post = (path: string, body: unknown, token?: string) => api.call('POST', `/api/v1${path}`, { body, token });
  const get = (path: string, token?: string) => api.call('GET', `/api/v1${path}`, { token });
  const upload = async (
    path: string,
    token: string,
    name: string,
    bytes: Buffer,
    fields: Record<string, string> = {},
    method = 'POST',
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('file', new Blob([bytes]), name);
    const res = await fetch(`${api.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('FT-7 FT-8 FT-9 GET /calendar/intake-timeline: the fixed contract, no auth', async () => {
    const batch = await get('/calendar/intake-timeline?mode=batch&closesOn=2026-09-30');
    assert.equal(batch.status, 200);
    assert.deepEqual(batch.body, {
      reviewOn: '2026-09-30',
      preReviewDueAt: '2026-10-10T15:59:59.999Z',
      evaluationDueAt: null,
      decisionDueAt: null,
    });
    const monthly = await get(
      `/calendar/intake-timeline?mode=monthly&submittedAt=${encodeURIComponent('2026-03-14T20:00:00+08:00')}&preReviewPassedAt=${encodeURIComponent('2026-04-29T18:00:00+08:00')}`,
    );
    assert.deepEqual(monthly.body, {
      reviewOn: '2026-03-16',
      preReviewDueAt: '2026-03-19T15:59:59.999Z',
      evaluationDueAt: '2026-05-07T15:59:59.999Z',
      decisionDueAt: '2026-05-31T15:59:59.999Z',
    });
    for (const [q, name] of [
      ['', 'mode'],
      ['mode=weekly', 'mode'],
      ['mode=batch', 'closesOn'],
      ['mode=batch&closesOn=2026-02-30', 'closesOn'],
      ['mode=monthly', 'submittedAt'],
      ['mode=monthly&submittedAt=yesterday', 'submittedAt'],
      ['mode=batch&closesOn=2026-09-30&preReviewPassedAt=x', 'preReviewPassedAt'],
    ]) {
      const r = await get(`/calendar/intake-timeline?${q}`);
      assert.equal(r.status, 400, q);
      assert.match(JSON.stringify([r.body.message, r.body.fields]), new RegExp(name), q);
    }
  });

  it('admins manage staff users with roles and teams (audited); others get 403; a disabled user cannot log in', async () => {
    for (const [name, role, team] of [
      ['rev1', 'reviewer', '政企拓展团队'],
      ['com1', 'committee', '客户服务团队'],
      ['ops2', 'staff', '产品运营团队'],
      ['ops3', 'staff', '风控团队'],
      ['gone', 'staff', '风控团队'],
    ]) {
      const r = await post(
        '/intake/staff-users',
        { username: name, password: 'password-123', role, team, displayName: name },
        admin,
      );
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids[name] = r.body.id;
      tokens[name] = (await post('/auth/staff/login', { username: name, password: 'password-123' })).body.accessToken;
    }
    assert.equal(
      (await post('/intake/staff-users', { username: 'x1', password: 'password-123', role: 'staff' }, tokens.ops2))
        .status,
      403,
    );
    assert.equal(
      (await post('/intake/staff-users', { username: 'rev1', password: 'password-123', role: 'staff' }, admin)).status,
      409,
    );
    assert.equal(
      (await post('/intake/staff-users', { username: 'x2', password: 'password-123', role: 'boss' }, admin)).status,
      400,
    );
    const off = await api.call('PATCH', `/api/v1/intake/staff-users/${ids.gone}`, {
      body: { disabled: true, reason: '离职' },
      token: admin,
    });
    assert.equal(off.status, 200);
    assert.equal((await post('/auth/staff/login', { username: 'gone', password: 'password-123' })).status, 401);
    const trail = await get(`/audit?entity=user&entityId=${ids.gone}`, admin);
    assert.equal(trail.status, 200);
    assert.ok(JSON.stringify(trail.body).includes('staff_user.changed'));
    // reviewer and committee count as staff on staff routes
    assert.equal((await get('/intake/recruitments', tokens.rev1)).status, 200);
    assert.equal((await get('/intake/recruitments', tokens.com1)).status, 200);
  });

  it('FT-2 FT-4 FT-5 FT-6 FT-7 FT-8 FT-9 FT-10 FT-11 one batch recruitment over HTTP, from the notice to a verifiable letter', async () => {
    // FT-6 publish: public list + notice + Atom feed
    const created = await post(
      '/intake/recruitments',
      {
        programmeId,
        title: '餐饮行业拓展服务商招募（第一批）',
        mode: 'batch',
        quota: 1,
        closesOn: day(10),
        products: ['和包食堂', '预付卡'],
      },
      admin,
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const rid = created.body.id;
    assert.ok(!(await get('/public/recruitments')).body.some((r: any) => r.id === rid));
    assert.equal((await post(`/intake/recruitments/${rid}/publish`, { rev: 0 }, tokens.rev1)).status, 200);
    assert.equal((await post(`/intake/recruitments/${rid}/publish`, { rev: 0 }, admin)).status, 409);
    const pub = await get('/public/recruitments');
    assert.equal(pub.status, 200);
    const entry = pub.body.find((r: any) => r.id === rid);
    assert.equal(entry.title, '餐饮行业拓展服务商招募（第一批）');
    assert.equal(entry.mode, 'batch');
    assert.equal(entry.quota, 1);
    assert.match(entry.applicationDeadline, /^\d{4}-\d{2}-\d{2}T15:59:59\.999Z$/);
    assert.match(entry.publishedAt, /Z$/);
    assert.match(
      (await api.noticeText(`recruitment-${rid}-published`))!,
      /招募公告[\s\S]*packages\/intake\/pages\/recruitment/,
    );
    const atom = await fetch(`${api.url}/api/v1/public/recruitments.atom`);
    assert.match(atom.headers.get('content-type')!, /atom\+xml/);
    assert.match(await atom.text(), /<title>餐饮行业拓展服务商招募（第一批）<\/title>/);

    // FT-2 applications
    const a = (await post('/auth/applicant/dev-login', { name: 'alpha' })).body.accessToken;
    const b = (await post('/auth/applicant/wechat', { code: 'beta' })).body.accessToken;
    assert.equal((await get('/me', b)).body.role, 'applicant');
    const company = {
      name: '深圳测试科技有限公司',
      creditCode: '9144030071526726XG',
      registeredOn: '2019-03-01',
      legalRep: '李四',
      taxpayerType: 'general',
      contacts: [{ name: '王五', phone: '13800000000', email: 'w@example.com' }],
    };
    const bad = await post(
      '/intake/applications',
      { recruitmentId: rid, company: { ...company, creditCode: '9144030071526726XA' } },
      a,
    );
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /校验位/);
    const app = await post(
      '/intake/applications',
      {
        recruitmentId: rid,
        company,
        answers: ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true })),
        declaration: true,
      },
      a,
    );
    assert.equal(app.status, 201, JSON.stringify(app.body));
    const aid = app.body.id;
    assert.equal((await post('/intake/applications', { recruitmentId: rid, company }, b)).status, 409);
    assert.equal((await get(`/intake/applications/${aid}`, b)).status, 404);
    assert.equal((await upload(`/intake/applications/${aid}/files`, a, '执照.png', PDF)).status, 400);
    const up = await upload(`/intake/applications/${aid}/files`, a, '营业执照.pdf', PDF, { criterion: 'c1' });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal((await get(`/intake/applications/${aid}/files/${up.body.id}`, b)).status, 404);
    const file = await fetch(`${api.url}/api/v1/intake/applications/${aid}/files/${up.body.id}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.equal(file.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);
    const sub = await post(`/intake/applications/${aid}/submit`, { rev: app.body.rev }, a);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    assert.equal(sub.body.status, 'submitted');
    assert.equal(sub.body.checks.length, 5);
    const timeline = await get(`/calendar/intake-timeline?mode=batch&closesOn=${day(10)}`);
    assert.equal(sub.body.preReviewDueAt, timeline.body.preReviewDueAt); // the workflow uses the same function
    // FT-7 pre-review: staff (not reviewer) 403; reviewer passes
    const verdicts = ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true, comment: '符合' }));
    assert.equal(
      (await post(`/intake/applications/${aid}/pre-review`, { rev: sub.body.rev, verdicts }, tokens.ops2)).status,
      403,
    );
    const queue = await get('/intake/applications?stage=pre_review', tokens.rev1);
    assert.ok(queue.body.some((x: any) => x.id === aid));
    const pr = await post(`/intake/applications/${aid}/pre-review`, { rev: sub.body.rev, verdicts }, tokens.rev1);
    assert.equal(pr.status, 200, JSON.stringify(pr.body));
    assert.equal(
      (await post(`/intake/applications/${aid}/pre-review`, { rev: sub.body.rev, verdicts }, tokens.rev1)).status,
      409,
    );
    // FT-8 panel
    const panel = (memberIds: string[]) =>
      post(`/intake/applications/${aid}/evaluation`, { rev: pr.body.rev, memberIds }, admin);
    assert.equal((await panel([ids.com1, ids.ops2])).status, 400);
    assert.equal((await panel([ids.rev1, ids.ops2, ids.ops3])).status, 409);
    const ev = await panel([ids.com1, ids.ops2, ids.ops3]);
    assert.equal(ev.status, 200, JSON.stringify(ev.body));
    assert.equal(
      (await post(`/intake/applications/${aid}/votes`, { rev: ev.body.rev, pass: true }, tokens.rev1)).status,
      403,
    );
    // FT-8 conflict of interest: staff only on the route (an applicant 403), a vote before the declaration 409,
    // the affiliation admins register (here the applicant's credit code) refuses "no conflict" with its reason
    const declare = (body: object, token: string) => post(`/intake/applications/${aid}/declarations`, body, token);
    assert.equal((await declare({ rev: ev.body.rev, conflict: false }, a)).status, 403);
    assert.equal((await declare({ rev: ev.body.rev, conflict: true }, tokens.com1)).status, 400);
    const early = await post(`/intake/applications/${aid}/votes`, { rev: ev.body.rev, pass: true }, tokens.com1);
    assert.equal(early.status, 409);
    assert.match(early.body.message, /无利益冲突/);
    const tagged = await api.call('PATCH', `/api/v1/intake/staff-users/${ids.ops3}`, {
      body: { affiliation: { creditCode: company.creditCode } },
      token: admin,
    });
    assert.equal(tagged.status, 200, JSON.stringify(tagged.body));
    assert.equal(tagged.body.affiliation.creditCode, company.creditCode);
    const blocked = await declare({ rev: ev.body.rev, conflict: false }, tokens.ops3);
    assert.equal(blocked.status, 409);
    assert.match(blocked.body.message, /统一社会信用代码/);
    await api.call('PATCH', `/api/v1/intake/staff-users/${ids.ops3}`, { body: { affiliation: {} }, token: admin });
    let rev = ev.body.rev;
    for (const who of ['com1', 'ops2', 'ops3']) {
      const d = await declare({ rev, conflict: false }, tokens[who]);
      assert.equal(d.status, 200, JSON.stringify(d.body));
      rev = d.body.rev;
      const v = await post(`/intake/applications/${aid}/votes`, { rev, pass: true, comment: '同意' }, tokens[who]);
      assert.equal(v.status, 200, JSON.stringify(v.body));
      rev = v.body.rev;
    }
    assert.equal((await get(`/intake/applications/${aid}`, admin)).body.status, 'evaluated');
    // the declarations are for staff: the applicant's views leave them out
    assert.equal((await get(`/intake/applications/${aid}`, admin)).body.panel.declarations.length, 3);
    assert.equal((await get(`/intake/applications/${aid}`, a)).body.panel.declarations, undefined);
    const own = (await get('/intake/my/applications', a)).body.find((x: any) => x.id === aid);
    assert.equal(own.panel.declarations, undefined);
    // FT-4 FT-9 committee + 公示 (recorded as posted 5 days ago)
    const meeting = await post(
      '/intake/meetings',
      {
        recruitmentId: rid,
        heldOn: day(-6),
        attendees: ['主任'],
        minutes: '同意引入',
        decisions: [{ applicationId: aid, approve: true }],
      },
      tokens.com1,
    );
    assert.equal(meeting.status, 201, JSON.stringify(meeting.body));
    // FT-9 the signed minutes as a file; a file that is not what its name says is refused
    assert.equal(
      (await upload(`/intake/meetings/${meeting.body.id}/minutes`, tokens.com1, '纪要.jpg', PDF, { rev: '0' })).status,
      400,
    );
    const minutes = await upload(`/intake/meetings/${meeting.body.id}/minutes`, tokens.com1, '会议纪要.pdf', PDF, {
      rev: '0',
    });
    assert.equal(minutes.status, 200, JSON.stringify(minutes.body));
    assert.ok(minutes.body.minutesFileId);
    const sign = { partnerCode: 'IN-API-1', termStart: day(0), termEnd: day(365), products: ['和包食堂'] };
    const approved = await get(`/intake/applications/${aid}`, admin);
    assert.equal(
      (await post(`/intake/applications/${aid}/sign`, { rev: approved.body.rev, ...sign }, admin)).status,
      409,
    );
    assert.equal(
      (
        await post(
          `/intake/meetings/${meeting.body.id}/publicize`,
          { rev: 0, publishedAt: new Date(Date.now() + 3600_000).toISOString() },
          tokens.com1,
        )
      ).status,
      400,
    );
    const pz = await post(
      `/intake/meetings/${meeting.body.id}/publicize`,
      { rev: 1, publishedAt: new Date(Date.now() - 5 * 86_400_000).toISOString() },
      tokens.com1,
    );
    assert.equal(pz.status, 200, JSON.stringify(pz.body));
    const board = (await get('/public/publicity')).body.find((x: any) => x.meetingId === meeting.body.id);
    assert.deepEqual(
      board.approved.map((x: any) => x.companyName),
      ['深圳测试科技有限公司'],
    );
    assert.equal((await post('/public/objections', { meetingId: meeting.body.id, text: '晚了' })).status, 409);
    // FT-10 signing
    const signed = await post(`/intake/applications/${aid}/sign`, { rev: approved.body.rev, ...sign }, admin);
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    const partnerId = signed.body.partner.id;
    // FT-11 letter
    const late = await post(`/intake/applications/${aid}/letter`, { validTo: day(400) }, admin);
    assert.equal(late.status, 400, JSON.stringify(late.body));
    // no validity typed: the letter runs with the contract term entered at signing; capabilities from its products
    const letter = await post(`/intake/applications/${aid}/letter`, {}, admin);
    assert.equal(letter.status, 201, JSON.stringify(letter.body));
    assert.equal(shanghaiDate(new Date(letter.body.validFrom)), day(0));
    assert.equal(shanghaiDate(new Date(letter.body.validTo)), day(365));
    assert.deepEqual(letter.body.capabilities, ['食堂商户进件', '订餐与消费管理']);
    const v1 = await get(`/public/letters/${letter.body.code}`);
    assert.equal(v1.status, 200);
    assert.deepEqual(Object.keys(v1.body).sort(), [
      'grantee',
      'letterNo',
      'products',
      'status',
      'validFrom',
      'validTo',
    ]);
    assert.equal(v1.body.status, 'valid');
    assert.equal(v1.body.grantee, '深圳测试科技有限公司');
    assert.deepEqual(v1.body.products, ['和包食堂']);
    assert.equal((await get('/public/letters/unknown-code')).status, 404);
    const partner = await api.partnerToken('IN-API-1');
    const mine = await get('/intake/my/letters', partner);
    assert.equal(mine.body.length, 1);
    const pdf = await fetch(`${api.url}/api/v1/intake/letters/${letter.body.id}/pdf`, {
      headers: { authorization: `Bearer ${partner}` },
    });
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    // FT-11 the seal image: admin only, PNG only (magic bytes), audited
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    assert.equal((await upload('/intake/settings/seal', tokens.ops2, 'seal.png', png, {}, 'PUT')).status, 403);
    assert.equal((await upload('/intake/settings/seal', partner, 'seal.png', png, {}, 'PUT')).status, 403);
    const notPng = await upload('/intake/settings/seal', admin, 'seal.png', PDF, {}, 'PUT');
    assert.equal(notPng.status, 400, JSON.stringify(notPng.body));
    const seal = await upload('/intake/settings/seal', admin, 'seal.png', png, {}, 'PUT');
    assert.equal(seal.status, 200, JSON.stringify(seal.body));
    assert.equal(seal.body.bytes, png.length);
    const sealed = await fetch(`${api.url}/api/v1/intake/letters/${letter.body.id}/pdf`, {
      headers: { authorization: `Bearer ${partner}` },
    });
    assert.equal(sealed.status, 200);
    const del = await api.call('DELETE', '/api/v1/intake/settings/seal', { token: tokens.ops2 });
    assert.equal(del.status, 403);
    // #18 the admin's seal screen: it reads what is set, uploads by POST (wx.uploadFile), and reads none after removal
    const shown = await api.call('GET', '/api/v1/intake/settings/seal', { token: admin });
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.equal(shown.body.sha256, seal.body.sha256);
    assert.equal((await api.call('GET', '/api/v1/intake/settings/seal', { token: tokens.ops2 })).status, 403);
    const posted = await upload('/intake/settings/seal', admin, 'seal.png', png, {}, 'POST');
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.equal(posted.body.bytes, png.length);
    assert.equal((await api.call('DELETE', '/api/v1/intake/settings/seal', { token: admin })).status, 204);
    const none = await api.call('GET', '/api/v1/intake/settings/seal', { token: admin });
    assert.equal(none.status, 404);
    assert.match(none.body.message, /尚未设置印章图片/);
    // the partner's own profile: code, programme, contract term, products, letters with their verification links
    const profile = await get('/intake/my/profile', partner);
    assert.equal(profile.status, 200, JSON.stringify(profile.body));
    assert.equal(profile.body.code, 'IN-API-1');
    assert.ok(profile.body.programme.name);
    assert.deepEqual(profile.body.contract, {
      signedAt: profile.body.contract.signedAt,
      termStart: day(0),
      endsAt: day(365),
      products: ['和包食堂'],
    });
    assert.deepEqual(
      profile.body.letters.map((l: any) => [l.letterNo, l.status, l.verifyUrl.endsWith(`/verify/${l.code}`)]),
      [[letter.body.letterNo, 'valid', true]],
    );
    assert.ok(Array.isArray(profile.body.documents));
    assert.equal((await get('/intake/my/profile', admin)).status, 403);
    assert.equal((await get('/intake/my/profile', tokens.ops2)).status, 403);
    // FT-15 suspension shows the letter as suspended
    const susp = await post(`/partners/${partnerId}/suspend`, { reason: '投诉激增' }, admin);
    assert.equal(susp.status, 200, JSON.stringify(susp.body));
    assert.equal((await get(`/public/letters/${letter.body.code}`)).body.status, 'suspended');
  });

  it('FT-9 applicant WeChat login goes through the configurable adapter; outcomes go to the 订阅消息 outbox once', async () => {
    const b = (await post('/auth/applicant/wechat', { code: 'gamma' })).body.accessToken;
    // the mini-program asks on submit and posts the answer (issue #19)
    const consent = await post(
      '/subscriptions/consents',
      { results: [{ templateId: 'intake_result', result: 'accept' }] },
      b,
    );
    assert.equal(consent.status, 201, JSON.stringify(consent.body));
    assert.equal(consent.body.find((t: any) => t.kind === 'application-result').remaining, 1);
    const created = await post('/intake/recruitments', { programmeId, title: '月度招募', mode: 'monthly' }, admin);
    await post(`/intake/recruitments/${created.body.id}/publish`, { rev: 0 }, admin);
    const app = await post(
      '/intake/applications',
      {
        recruitmentId: created.body.id,
        company: {
          name: '杭州年轻科技有限公司',
          creditCode: '91330100716105852F',
          registeredOn: day(-100),
          legalRep: '赵六',
          taxpayerType: 'general',
          contacts: [{ name: '赵六', phone: '13900000000' }],
        },
        answers: ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true })),
        declaration: true,
      },
      b,
    );
    const sub = await post(`/intake/applications/${app.body.id}/submit`, { rev: app.body.rev }, b);
    assert.equal(sub.body.status, 'rejected');
    assert.match(sub.body.rejection, /未满一年/);
    // recorded once in the outbox; the worker sends it (core/src/subscriptions tests the send against fake WeChat)
    const db = await connectMongo(api.mongoUrl);
    const outbox = () => db.collection('subscription_messages').find({ openId: 'openid-gamma' }).toArray();
    const stored = await outbox();
    assert.deepEqual(
      stored.map((m) => [m.kind, m.status, m.applicationId]),
      [['application-result', 'pending', app.body.id]],
    );
    assert.equal(stored[0].data.phrase2.value, '未通过');
    assert.equal((await post(`/intake/applications/${app.body.id}/submit`, { rev: sub.body.rev }, b)).status, 409);
    assert.equal((await outbox()).length, 1);
    assert.equal(wx.sends.length, 0); // nothing is sent by the api itself
    await db.close();
  });
});
