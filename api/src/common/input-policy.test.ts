/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
/**
 * Issue #15 "Bad values accepted": one input policy for every DTO. Dates outside 2000–2100, ordered pairs out of
 * order, and control or bidi-override characters in names, titles and free text are a 400 whose `fields` names
 * the field (the messages are Chinese), and nothing is stored.
 */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from '../../test/support.js';

describe('input policy (issue #15: dates 2000–2100, ordered pairs, no control characters)', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
  });
  after(() => api.close());

  const refused = (r: { status: number; body: any }, field: string) => {
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.ok(r.body.fields?.[field], `fields.${field} in ${JSON.stringify(r.body)}`);
    for (const m of r.body.fields[field]) assert.match(m, /[\u4e00-\u9fff]/u);
  };
  const get = (path: string) => api.call('GET', `/api/v1${path}`, { token: staff });
  const post = (path: string, body: unknown, token = staff) => api.call('POST', `/api/v1${path}`, { token, body });

  it('year-0000 and year-9999 dates and instants are refused (exit report, exit-timeline, recruitment, application, risk cancellation)', async () => {
    refused(await get('/exit/report.xlsx?from=0000-01-01&to=2026-01-01'), 'from');
    refused(await get('/exit/report.xlsx?from=2026-01-01&to=9999-12-31'), 'to');
    for (const at of ['0000-01-05T00:00:00Z', '9999-01-05T00:00:00Z'])
      refused(await get(`/calendar/exit-timeline?appliedAt=${at}`), 'appliedAt');
    const recruitments = (await get('/intake/recruitments')).body.length;
    refused(
      await post('/intake/recruitments', { programmeId, title: '远期招募', mode: 'batch', closesOn: '9999-12-31' }),
      'closesOn',
    );
    assert.equal((await get('/intake/recruitments')).body.length, recruitments);
    refused(
      await post('/intake/risk-cancellations', {
        companyCreditCode: '91110000710925462X',
        companyName: '远古科技有限公司',
        at: '0000-01-01',
        reason: '风险',
      }),
      'at',
    );
    const applicant = (await post('/auth/applicant/dev-login', { name: 'policy' }, '')).body.accessToken;
    const r = await post('/intake/recruitments', { programmeId, title: '政策测试招募', mode: 'monthly' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await post(`/intake/recruitments/${r.body.id}/publish`, { rev: r.body.rev });
    refused(
      await post(
        '/intake/applications',
        { recruitmentId: r.body.id, company: { name: '远古科技有限公司', registeredOn: '0000-01-01' } },
        applicant,
      ),
      'company.registeredOn',
    );
  });

  it('ordered pairs: clearedAt before appliedAt and to before from are refused', async () => {
    const applied = encodeURIComponent('2026-11-30T10:00:00+08:00');
    refused(await get(`/calendar/exit-timeline?appliedAt=${applied}&clearedAt=1976-01-01T00:00:00Z`), 'clearedAt');
    refused(await get(`/calendar/exit-timeline?appliedAt=${applied}&clearedAt=2026-11-01T00:00:00Z`), 'clearedAt');
    const ok = await get(`/calendar/exit-timeline?appliedAt=${applied}&clearedAt=2026-12-01T00:00:00Z`);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const back = await get('/exit/report.xlsx?from=2026-02-01&to=2026-01-01');
    assert.equal(back.status, 400);
  });

  it('NUL and right-to-left override characters in a company name, a recruitment title and an objection are refused', async () => {
    const before = (await get('/intake/recruitments')).body.length;
    for (const title of ['招募\u0000标题', '招募\u202e题标'])
      refused(await post('/intake/recruitments', { programmeId, title, mode: 'monthly' }), 'title');
    assert.equal((await get('/intake/recruitments')).body.length, before);
    const applicant = (await post('/auth/applicant/dev-login', { name: 'policy-bidi' }, '')).body.accessToken;
    const company = { name: '甲\u202e乙有限公司' };
    refused(
      await post('/intake/applications', { recruitmentId: '64b000000000000000000001', company }, applicant),
      'company.name',
    );
    refused(
      await post('/public/objections', { meetingId: '64b000000000000000000001', text: '异议\u0000内容' }, ''),
      'text',
    );
  });

  it('a 6.25 MB dishonest-list CSV is refused with a 413 in Chinese before it is parsed', async () => {
    const csv = Buffer.from(`名称,统一社会信用代码\n${'某某科技有限公司,91110000710925462X\n'.repeat(150_000)}`);
    assert.ok(csv.length > 6 * 1024 * 1024);
    const form = new FormData();
    form.set('file', new Blob([csv]), 'list.csv');
    const started = Date.now();
    const res = await fetch(`${api.url}/api/v1/intake/dishonest-lists/serious_illegal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}` },
      body: form,
    });
    const body = (await res.json()) as { message: string; code: string };
    // refused in Chinese, naming the cap (multer's own message is English: `File too large`)
    assert.deepEqual([res.status, body.message, body.code], [413, '文件不能超过 5 MB', 'too_large']);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('a 6 MB CSV is refused at the cap of every import (complaints, metrics): 413 in Chinese, nothing stored', async () => {
    const csv = Buffer.alloc(6 * 1024 * 1024, '伙伴编码,月份,客户数\n');
    for (const path of ['/complaints/imports', '/metrics/imports']) {
      const form = new FormData();
      form.set('programmeId', programmeId);
      form.set('file', new Blob([csv]), 'big.csv');
      const res = await fetch(`${api.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${staff}` },
        body: form,
      });
      const body = (await res.json()) as { message: string; fields: Record<string, string[]> };
      assert.deepEqual(
        [path, res.status, body.message, body.fields],
        [path, 413, '文件不能超过 5 MB', { file: ['文件不能超过 5 MB'] }],
      );
      assert.equal((await get(path)).body.length, 0, `${path}: nothing stored`);
    }
  });
});
