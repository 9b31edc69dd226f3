/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { shanghaiDate } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * 86_400_000));

describe('documents api (issue #19)', () => {
  let api: TestApi;
  let staff: string;
  let partner: { id: string; token: string };

  /** A multipart upload as the mini-program sends it. */
  async function upload(token: string, fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set('file', new Blob([file.bytes]), file.name);
    const res = await fetch(`${api.url}/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    const programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    const code = `DOC${randomBytes(3).toString('hex')}`;
    const r = await api.call('POST', '/api/v1/partners', {
      token: staff,
      body: { code, name: '证照接口有限公司', programmeId },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    partner = { id: r.body.id, token: await api.partnerToken(code) };
  });
  after(() => api.close());

  it('bad fields get Chinese messages keyed by field (400), an oversized file 413, never a 500', async () => {
    const bad = await upload(
      partner.token,
      { kind: 'qualification', title: '', issuedOn: '2999-01-01' },
      { name: 'a.pdf', bytes: PDF },
    );
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.deepEqual(Object.keys(bad.body.fields).sort(), ['expiresOn', 'issuedOn', 'title']);
    assert.match(bad.body.fields.expiresOn[0], /特殊资质\/证书须填写有效期至/);
    for (const messages of Object.values<string[]>(bad.body.fields))
      for (const m of messages) assert.match(m, /[\u4e00-\u9fff]/, `a Chinese message: ${m}`);
    const big = await upload(
      partner.token,
      { kind: 'other', title: '大文件', issuedOn: '2020-01-01' },
      { name: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]) },
    );
    assert.equal(big.status, 413, JSON.stringify(big.body));
    assert.match(String(big.body.message), /文件不能超过 10 MB/);
    const huge = await upload(
      partner.token,
      { kind: 'other', title: '超大文件', issuedOn: '2020-01-01' },
      { name: 'huge.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(13 * 1024 * 1024)]) },
    );
    assert.equal(huge.status, 413, JSON.stringify(huge.body));
    assert.match(String(huge.body.message), /[\u4e00-\u9fff]/, `a Chinese message: ${huge.body.message}`);
    const type = await upload(
      partner.token,
      { kind: 'other', title: '伪装', issuedOn: '2020-01-01' },
      { name: 'x.png', bytes: PDF },
    );
    assert.equal(type.status, 400);
    assert.match(type.body.fields.file[0], /只接受 pdf、jpg、png/);
  });

  it('a partner files its certificate and reads it back; staff see it among those expiring and download its scan', async () => {
    const filed = await upload(
      partner.token,
      {
        kind: 'qualification',
        title: '增值电信业务经营许可证',
        number: 'B2-2026',
        issuedOn: day(-300),
        expiresOn: day(20),
      },
      { name: '许可证.pdf', bytes: PDF },
    );
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.partnerId, partner.id);
    assert.equal(filed.body.state, 'expiring');
    assert.equal(filed.body.stateLabel, '20 天后到期');
    const mine = await api.call('GET', '/api/v1/documents/mine', { token: partner.token });
    assert.deepEqual(
      mine.body.items.map((d: any) => d.id),
      [filed.body.id],
    );
    const soon = await api.call('GET', '/api/v1/documents/expiring?withinDays=30&pageSize=100', { token: staff });
    assert.equal(soon.status, 200);
    const row = soon.body.items.find((d: any) => d.id === filed.body.id);
    assert.equal(row?.partnerName, '证照接口有限公司');
    const theirs = await api.call('GET', `/api/v1/partners/${partner.id}/documents`, { token: staff });
    assert.equal(theirs.body.items.length, 1);
    const scan = await fetch(`${api.url}/api/v1/documents/${filed.body.id}/file`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    assert.equal(scan.status, 200);
    assert.equal(scan.headers.get('content-type'), 'application/pdf');
    assert.ok(Buffer.from(await scan.arrayBuffer()).equals(PDF));
    // partners do not read the staff list
    assert.equal((await api.call('GET', '/api/v1/documents/expiring', { token: partner.token })).status, 403);
    const audit = await api.call('GET', `/api/v1/audit?entity=document&entityId=${filed.body.id}`, { token: staff });
    assert.deepEqual(
      audit.body.items.map((e: any) => e.action),
      ['document.uploaded'],
    );
  });
});
