import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { connectMongo } from '@huoban/core';
import { loginAsPartner, screenshot, textarea, withBrowser } from './support/h5.js';
import { startSystem, waitFor, type System } from './support/system.js';

const API_PORT = Number(process.env.HUOBAN_E2E_API_PORT ?? 3100);
const WEB_PORT = Number(process.env.HUOBAN_E2E_WEB_PORT ?? 8180);
const H = 3_600_000;

/**
 * The spine across real processes: api registers, worker wakes, bot posts to the mock WeChat room.
 * The programme's window is 00:00–24:00 so the test does not depend on the hour it runs at.
 */
describe('complaint SLA end to end (api + worker + bot + H5 on FerretDB and Redis)', () => {
  let sys: System;
  let staff: string;
  let partner: { id: string; code: string };
  let db: Connection;

  const deliveries = (complaintId: string) => db.collection('bot_deliveries').find({ 'ref.id': complaintId }).toArray();
  const scoreEvents = (complaintId: string) =>
    db.collection('score_events').find({ 'source.id': complaintId }).toArray();

  /** Registers a complaint received so that it falls due `secondsAhead` from now. */
  const registerDueIn = async (secondsAhead: number) => {
    const receivedAt = new Date(Date.now() - 12 * H + secondsAhead * 1000).toISOString();
    const r = await sys.call('POST', '/api/v1/complaints', {
      token: staff,
      body: {
        partnerId: partner.id,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary: '客户反映积分兑换失败',
        receivedAt,
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; no: string; dueAt: string };
  };

  before(async () => {
    sys = await startSystem({ apiPort: API_PORT, webPort: WEB_PORT });
    db = await connectMongo(sys.mongoUrl);
    staff = await sys.staffToken();
    const programme = await sys.call('POST', '/api/v1/programmes', {
      token: staff,
      body: {
        code: 'e2e-allday',
        name: '全天窗口测试计划',
        rulebook: 'scorecard',
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [1],
      },
    });
    assert.equal(programme.status, 201, JSON.stringify(programme.body));
    const p = await sys.call('POST', '/api/v1/partners', {
      token: staff,
      body: { code: 'E2E01', name: '端到端测试科技有限公司', programmeId: programme.body.id },
    });
    partner = { id: p.body.id, code: 'E2E01' };
    // the bot is logged in once it has posted nothing yet but reports login
    await sys.botLoggedIn();
  });

  after(async () => {
    await db?.close();
    await sys?.stop();
  });

  it('WT-4 FT-12 a complaint falling due produces the warning and breach notices in the WeChat room exactly once, and one score event', async () => {
    const c = await registerDueIn(6);
    await waitFor('breach delivery', async () => (await deliveries(c.id)).some((d) => d.kind === 'sla-breach'), 45_000);
    // give retries, the sweeper (every 2 s) and duplicate wake-ups time to misbehave
    await new Promise((r) => setTimeout(r, 5000));
    const sent = await deliveries(c.id);
    assert.deepEqual(sent.map((d) => d.kind).sort(), ['sla-breach', 'sla-warning']);
    assert.ok(sent.every((d) => d.target === 'room:伙伴运营值班群'));
    const breach = sent.find((d) => d.kind === 'sla-breach')!;
    assert.match(breach.text, new RegExp(c.no));
    assert.match(breach.text, /端到端测试科技有限公司/);
    const events = await scoreEvents(c.id);
    assert.equal(events.length, 1);
    assert.equal(events[0].points, -0.5);
    const detail = await sys.call('GET', `/api/v1/complaints/${c.id}`, { token: staff });
    assert.equal(detail.body.slaState, 'breached');
    const lateness = Date.parse(detail.body.breachedAt) - Date.parse(c.dueAt);
    assert.ok(lateness >= 0, `breach recorded ${lateness} ms after due`);
  });

  it('WT-4 a complaint answered through the H5 page before its deadline produces no breach', async () => {
    const c = await registerDueIn(45);
    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, partner.code);
      await page.locator(`#complaint-${c.id}`).waitFor({ timeout: 20_000 });
      await page.locator(`#countdown-${c.id}`).waitFor();
      await screenshot(page, 'h5-complaint-list');
      await page.locator(`#complaint-${c.id}`).click();
      await textarea(page, 'reply-text').fill('已查明原因：积分系统接口超时，已为客户补发积分。');
      await page.locator('#reply-submit').click();
      await waitFor(
        'reply stored',
        async () => (await sys.call('GET', `/api/v1/complaints/${c.id}`, { token: staff })).body.status === 'replied',
        15_000,
      );
      await screenshot(page, 'h5-complaint-detail');
      const body = await page.locator('body').innerText();
      assert.match(body, /待确认|已回复/);
    });
    const detail = (await sys.call('GET', `/api/v1/complaints/${c.id}`, { token: staff })).body;
    assert.ok(Date.parse(detail.replies[0].at) <= Date.parse(c.dueAt), 'replied before the deadline');
    // staff confirm only after the deadline has passed: the reply's own time decides (FT-12a)
    await waitFor('deadline passes', async () => Date.now() > Date.parse(c.dueAt) + 3000, 60_000, 500);
    const ok = await sys.call('POST', `/api/v1/complaints/${c.id}/confirm`, {
      token: staff,
      body: { replyId: detail.replies[0].id },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.slaState, 'met');
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await scoreEvents(c.id)).length, 0);
    assert.equal((await deliveries(c.id)).filter((d) => d.kind === 'sla-breach').length, 0);
  });
});
