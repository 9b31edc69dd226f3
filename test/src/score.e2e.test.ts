/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parsePeriod, periodOf } from '@huoban/core';
import { loginPartner, openBrowser, textarea } from './support/browser.js';
import { ARTIFACTS, startSystem, waitFor, type System } from './support/system.js';

const API_PORT = Number(process.env.HUOBAN_E2E_API_PORT ?? 3100);
const WEB_PORT = Number(process.env.HUOBAN_E2E_WEB_PORT ?? 8180);
const DAY = 86_400_000;
const previousPeriod = (p: string) => (p.endsWith('H2') ? `${p.slice(0, 4)}H1` : `${Number(p.slice(0, 4)) - 1}H2`);

/** Height of a trend-chart bar as rendered, in CSS pixels. */
const barHeight = (page: Page, key: string) =>
  page.locator(`#chart-bar-${key}`).evaluate((el) => el.getBoundingClientRect().height);

/**
 * The partner's 我的评分 page in the H5 build, against the real api: what it shows must be what the api
 * computed, the trend chart must draw, and the appeal and rectification forms must reach the api.
 */
describe('我的评分 in Chromium (H5 build against api, worker, bot on FerretDB and Redis)', () => {
  let sys: System;
  let staff: string;
  const now = new Date();
  const period = periodOf(now);
  const prev = previousPeriod(period);

  const must = async (method: string, path: string, body?: unknown, status = [200, 201]) => {
    const r = await sys.call(method, path, { token: staff, body });
    assert.ok(status.includes(r.status), `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const programme = (rulebook: 'scorecard' | 'credit') =>
    must('POST', '/api/v1/programmes', {
      code: `e2e-${rulebook}-${randomBytes(3).toString('hex')}`,
      name: rulebook === 'credit' ? '咪咕渠道合作（端到端）' : '客户服务外包（端到端）',
      rulebook,
      complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
      slaHours: 12,
      warningMinutes: [60],
    });
  const partner = async (programmeId: string, name: string) => {
    const code = `E${randomBytes(3).toString('hex').toUpperCase()}`;
    const p = await must('POST', '/api/v1/partners', { code, name, programmeId });
    return { id: p.id as string, code };
  };

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sys = await startSystem({ apiPort: API_PORT, webPort: WEB_PORT, bot: false });
    staff = await sys.staffToken();
  });

  after(async () => {
    await sys?.stop();
  });

  it('FT-12 FT-14 scorecard: the live total, components, next steps and a trend chart with the closed period; the rectification plan is submitted from the page', async () => {
    const { id: programmeId } = await programme('scorecard');
    const p = await partner(programmeId, '端到端评分科技有限公司');
    // the previous half-year: no onboarding points and a level-I security incident → 0 + 40 + 30 − 40 = 30, below 60
    const prevStart = parsePeriod(prev)!.start.getTime();
    await must('PUT', `/api/v1/scorecards/partners/${p.id}/periods/${prev}/onboarding`, {
      rating: 0,
      comment: '未完成对接',
    });
    await must('POST', `/api/v1/scorecards/partners/${p.id}/periods/${prev}/security-incidents`, {
      level: 'I',
      description: '客户信息泄露',
      occurredAt: new Date(prevStart + 20 * DAY).toISOString(),
    });
    await must('POST', `/api/v1/scorecards/periods/${prev}/close`);
    // this half-year so far: onboarding 25, nothing else → 95
    await must('PUT', `/api/v1/scorecards/partners/${p.id}/periods/${period}/onboarding`, {
      rating: 25,
      comment: '对接顺利',
    });
    const view = await must('GET', `/api/v1/scorecards/partners/${p.id}?period=${period}`);
    assert.equal(view.result.total, 95);

    const context = await openBrowser();
    try {
      const page = await loginPartner(context, sys.webUrl, p.code);
      await page.getByText('我的评分', { exact: true }).click();
      await page.locator('#score-total').waitFor({ timeout: 20_000 });
      assert.match(await page.locator('#score-total').innerText(), /95/);
      assert.match(await page.locator('#component-onboarding').innerText(), /25/);
      assert.ok(await page.locator('#score-next').isVisible());
      // the chart: one bar per half-year, the closed 30 much lower than the live 95
      const [low, high] = [await barHeight(page, prev), await barHeight(page, period)];
      assert.ok(low > 0 && high > low * 2, `bars ${low}px / ${high}px`);
      assert.match(await page.locator('#score-chart').innerText(), /30/);
      assert.ok(await page.locator('#score-rectification').isVisible(), 'the open rectification case is shown');
      await page.screenshot({ path: join(ARTIFACTS, 'h5-score-scorecard.png'), fullPage: true });

      await page.locator('#rectification-open').click();
      await page.locator('#rectification-form').waitFor({ timeout: 10_000 });
      await textarea(page, 'rectification-plan').fill('一、成立整改小组；二、完成信息安全培训；三、每周自查。');
      await textarea(page, 'rectification-evidence').fill('https://pan.example.com/整改报告.pdf');
      await page.locator('#rectification-submit').click();
      const submitted = await waitFor(
        'rectification submitted',
        async () => {
          const cases = (await sys.call('GET', `/api/v1/rectifications?partnerId=${p.id}`, { token: staff })).body
            .items;
          return cases[0]?.status === 'submitted' ? cases[0] : undefined;
        },
        15_000,
      );
      assert.match(submitted.submissions[0].plan, /成立整改小组/);
      assert.deepEqual(submitted.submissions[0].evidence, ['https://pan.example.com/整改报告.pdf']);
      await page.screenshot({ path: join(ARTIFACTS, 'h5-score-rectification.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('MG-1 MG-13 credit ledger: the month-end score, tier, a bar per closed month and every entry; an appeal filed from the page reaches staff', async () => {
    const { id: programmeId } = await programme('credit');
    const p = await partner(programmeId, '端到端信用渠道有限公司');
    await must('POST', '/api/v1/credit/accounts', {
      partnerId: p.id,
      tier: 'ordinary',
      joinedAt: '2025-06-01',
      firstMonth: '2026-07',
    });
    await must('POST', `/api/v1/credit/accounts/${p.id}/events`, {
      type: 'deduction',
      month: '2026-08',
      category: 'violation',
      code: 'V-PROMO',
    });
    await must('POST', '/api/v1/credit/months/2026-09/close');
    const view = await must('GET', `/api/v1/credit/accounts/${p.id}`);
    const deduction = view.entries.find((e: any) => e.kind === 'deduction');
    assert.equal(deduction.applied, -5);
    assert.deepEqual(
      view.months.map((m: any) => m.month),
      ['2026-07', '2026-08', '2026-09'],
    );

    const context = await openBrowser();
    try {
      const page = await loginPartner(context, sys.webUrl, p.code);
      await page.getByText('我的评分', { exact: true }).click();
      await page.locator('#score-total').waitFor({ timeout: 20_000 });
      assert.match(await page.locator('#score-total').innerText(), new RegExp(`^${view.score}`));
      assert.match(await page.locator('#score-tier').innerText(), /普通渠道/);
      const heights = await Promise.all(view.months.map((m: any) => barHeight(page, m.month)));
      assert.ok(
        heights.every((h) => h > 0),
        `bars ${heights.join(', ')}`,
      );
      assert.ok(heights[1] < heights[0], 'the deduction month is lower than the month before');
      assert.match(await page.locator(`#entry-${deduction.id}`).innerText(), /MG-8/);
      await page.screenshot({ path: join(ARTIFACTS, 'h5-score-credit.png'), fullPage: true });

      await page.locator(`#appeal-open-${deduction.id}`).click();
      await textarea(page, 'appeal-reason').waitFor({ timeout: 10_000 });
      await textarea(page, 'appeal-reason').fill('该宣传材料已经报备，附报备单号 BB-2026-0812');
      await page.locator('#appeal-submit').click();
      const appeal = await waitFor(
        'appeal stored',
        async () => {
          const items = (await sys.call('GET', '/api/v1/appeals?status=open', { token: staff })).body.items;
          return items.find((a: any) => a.entryId === deduction.id);
        },
        15_000,
      );
      assert.match(appeal.reason, /BB-2026-0812/);
      await page.screenshot({ path: join(ARTIFACTS, 'h5-score-appeal.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
