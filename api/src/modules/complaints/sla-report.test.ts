import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { periodOf } from '@huoban/core';
import { startTestApi, type TestApi } from '../../../test/support.js';

const H = 3_600_000;

describe('临期投诉 queue and SLA compliance report', () => {
  let api: TestApi;
  let staff: string;
  let programmeId: string;
  let partner: { id: string; token: string };
  const ids: Record<string, string> = {};
  const period = periodOf(new Date());

  const register = async (receivedAt: Date, kind = 'ordinary') => {
    const r = await api.call('POST', '/api/v1/complaints', {
      token: staff,
      body: {
        partnerId: partner.id,
        kind,
        channel: kind === 'ordinary' ? 'hotline_10086' : 'miit',
        summary: '客户反映积分未到账',
        receivedAt: receivedAt.toISOString(),
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id as string;
  };

  before(async () => {
    api = await startTestApi();
    staff = await api.staffToken();
    programmeId = (await api.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    const code = `Q${randomBytes(3).toString('hex')}`;
    const p = await api.call('POST', '/api/v1/partners', {
      token: staff,
      body: { code, name: '时效测试有限公司', programmeId },
    });
    partner = { id: p.body.id, token: await api.partnerToken(code) };
    const now = Date.now();
    ids.fresh = await register(new Date(now - 1 * H));
    ids.older = await register(new Date(now - 3 * H));
    // answered now, it must have waited some working time at any hour of the run: between 01:00 and 08:00 Beijing
    // the last two hours hold none (WT-3), so then it came in at 22:00 Beijing (one working hour before 23:00)
    const beijingHour = (new Date(now).getUTCHours() + 8) % 24;
    const at2200 = new Date(now);
    at2200.setUTCHours(14, 0, 0, 0);
    if (at2200.getTime() > now) at2200.setTime(at2200.getTime() - 24 * H);
    ids.answered = await register(beijingHour >= 1 && beijingHour < 8 ? at2200 : new Date(now - 2 * H));
    ids.late = await register(new Date(now - 30 * H));
    ids.escalated = await register(new Date(now - 2 * H), 'escalated');
    // the answered one gets an effective reply now (within its 12 working hours)
    const reply = await api.call('POST', `/api/v1/complaints/${ids.answered}/replies`, {
      token: partner.token,
      body: { text: '已核实原因并为客户补发积分' },
    });
    await api.call('POST', `/api/v1/complaints/${ids.answered}/confirm`, {
      token: staff,
      body: { replyId: reply.body.replies[0].id },
    });
  });
  after(() => api.close());

  it('WT-4 the queue lists running complaints by working time left, without answered or overdue ones', async () => {
    const r = await api.call('GET', `/api/v1/complaints/queue?partnerId=${partner.id}`, { token: staff });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const got = r.body.items.map((c: { id: string }) => c.id);
    assert.ok(got.includes(ids.fresh) && got.includes(ids.older) && got.includes(ids.escalated));
    assert.ok(!got.includes(ids.answered), 'an answered complaint is not due');
    const left = r.body.items.map((c: { workingMsLeft: number }) => c.workingMsLeft);
    assert.deepEqual(
      left,
      [...left].sort((a: number, b: number) => a - b),
    );
    assert.equal((await api.call('GET', '/api/v1/complaints/queue', { token: partner.token })).status, 403);
  });

  it('FT-12a the SLA report counts within-SLA, late and open complaints, the median time to reply and escalations', async () => {
    const r = await api.call('GET', `/api/v1/complaints/sla-report?period=${period}&partnerId=${partner.id}`, {
      token: staff,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const t = r.body.total;
    assert.equal(t.complaints, 5);
    assert.equal(t.withinSla, 1);
    assert.equal(t.escalated, 1);
    // the 30-hour-old complaint has no reply: any 30 hours hold at least 15 working hours (WT-3), more than 12
    assert.equal(t.late, 1);
    assert.equal(t.open, 3);
    assert.equal(t.shareWithinSla, 0.5);
    assert.ok(
      t.medianWorkingMsToReply > 0 && t.medianWorkingMsToReply <= 2 * H + 60_000,
      String(t.medianWorkingMsToReply),
    );
    assert.equal(r.body.partners.length, 1);
    assert.equal(r.body.partners[0].partnerName, '时效测试有限公司');
    assert.equal(r.body.months.length, 6);
    assert.equal(
      r.body.months.reduce((n: number, m: { complaints: number }) => n + m.complaints, 0),
      5,
      'every complaint falls in one month of the period',
    );
  });

  it('FT-12a the report downloads as Excel, and a bad period is a 400', async () => {
    const res = await fetch(`${api.url}/api/v1/complaints/sla-report.xlsx?period=${period}&partnerId=${partner.id}`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    assert.equal(ws.getRow(1).getCell(1).value, '伙伴');
    assert.equal(ws.getRow(2).getCell(1).value, '时效测试有限公司');
    assert.equal(ws.getRow(3).getCell(1).value, '合计');
    assert.equal(ws.getRow(3).getCell(2).value, 5);
    const bad = await api.call('GET', '/api/v1/complaints/sla-report?period=2026H3', { token: staff });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify([bad.body.message, bad.body.fields]), /period/);
  });
});
