/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { creditMonthOf, parsePeriod, periodOf, shiftCreditMonth } from '@huoban/core';
import { harness, startE2E } from './support/e2e.js';
import { DESKTOP, input, loginAsPartner, modalOk, screenshot, textarea, withBrowser } from './support/h5.js';
import { waitFor, type System } from './support/system.js';

/** Staff pages of the H5 build (工作台) against the real api and worker: what staff do there must reach the api. */
describe('staff 工作台 in Chromium (api + worker on FerretDB and Redis)', () => {
  let sys: System;
  let staff: string;
  let scorecardProgramme: string;
  let partner: { id: string; code: string };
  const files = mkdtempSync(join(tmpdir(), 'huoban-staff-e2e-'));
  const now = new Date();
  const period = periodOf(now);
  const firstMonth = parsePeriod(period)!.months[0];

  const { must, go, loginAsStaff } = harness(() => sys);

  before(async () => {
    sys = await startE2E({ bot: false });
    staff = await sys.staffToken();
    scorecardProgramme = (
      await must('POST', '/api/v1/programmes', {
        code: `e2e-staff-${randomBytes(3).toString('hex')}`,
        name: '工作台测试计划',
        rulebook: 'scorecard',
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [60],
      })
    ).id;
    const code = `W${randomBytes(3).toString('hex').toUpperCase()}`;
    partner = {
      id: (
        await must('POST', '/api/v1/partners', {
          code,
          name: '工作台测试科技有限公司',
          programmeId: scorecardProgramme,
        })
      ).id,
      code,
    };
  });

  after(async () => {
    await sys?.stop();
  });

  it('a partner is sent away from the staff pages', async () => {
    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, partner.code);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.waitForURL((url) => !url.hash.includes('/packages/staff/'), { timeout: 10_000 });
      assert.equal(await page.locator('#workbench-board').count(), 0);
    });
  });

  it("#18 the console's 伙伴 table at desktop: searched by a code prefix, sorted and paged by the api", async () => {
    const tag = `Pg${randomBytes(2).toString('hex')}`;
    // 23 partners: a page of 20 and a page of 3
    const codes = Array.from({ length: 23 }, (_, i) => `${tag}-${String(i).padStart(2, '0')}`);
    for (const code of codes)
      await must('POST', '/api/v1/partners', { code, name: `分页伙伴${code}`, programmeId: scorecardProgramme });
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('#nav-workbench-partners').click();
      await page.locator('#partners').waitFor({ timeout: 20_000 });
      // a lower-case prefix of the codes: the api's prefix search on the normalized code
      await input(page, 'partners-search').fill(tag.toLowerCase());
      await page.locator('#partners-total', { hasText: '共 23 条' }).waitFor({ timeout: 15_000 });
      const shown = () => page.locator('#partners [role=row]:not(.console__row--head)');
      assert.equal(await shown().count(), 20);
      assert.match((await shown().first().textContent())!, new RegExp(codes[0]));
      await page.locator('#partners-next').click();
      await page.locator('#partners-page', { hasText: '第 2 / 2 页' }).waitFor({ timeout: 15_000 });
      assert.equal(await shown().count(), 3);
      assert.match((await shown().last().textContent())!, new RegExp(codes[22]));
      // the code header asks the api for the other order, from the first page
      await page.locator('#partners-sort-code').click();
      await page.locator('#partners-sort-code[aria-sort=descending]').waitFor({ timeout: 15_000 });
      await page.locator('#partners-page', { hasText: '第 1 / 2 页' }).waitFor({ timeout: 15_000 });
      assert.match((await shown().first().textContent())!, new RegExp(codes[22]));
      // another server column: by name, ascending
      await page.locator('#partners-sort-name').click();
      await page.locator('#partners-sort-name[aria-sort=ascending]').waitFor({ timeout: 15_000 });
      assert.match((await shown().first().textContent())!, new RegExp(codes[0]));
      await screenshot(page, 'staff-partners-table');
      // a status filter without a match empties the table
      await page.locator('#partners-status-exited').click();
      await page.locator('#partners-total', { hasText: '共 0 条' }).waitFor({ timeout: 15_000 });
    }, DESKTOP);
  });

  it('FT-12 FT-12a staff rate onboarding from the board and import a month of metrics: bad rows listed, then a good file applied to the end', async () => {
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('#workbench-board').click();
      await page.locator(`#board-onboarding-${partner.id}`).click();
      await input(page, 'onboarding-rating').fill('26.5');
      await textarea(page, 'onboarding-comment').fill('接口联调一次通过');
      await page.locator('#onboarding-submit').click();
      await waitFor(
        'onboarding stored',
        async () =>
          (
            await sys.call('GET', `/api/v1/scorecards/partners/${partner.id}/periods/${period}/inputs`, {
              token: staff,
            })
          ).body.onboarding?.rating === 26.5,
        10_000,
      );

      await go(page, '/packages/staff/pages/metrics-import/index');
      await page.locator(`#import-programme-${scorecardProgramme}`).click();
      const bad = join(files, '错误数据.csv');
      writeFileSync(
        bad,
        `\uFEFF伙伴编码,月份,交易成功率\nNOPE,${firstMonth},99%\n${partner.code},${firstMonth},150%\n`,
      );
      await page.locator('#import-file-input').setInputFiles(bad);
      await page.locator('#import-submit').click();
      await page.locator('#import-errors').waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('[id^="import-error-row-"]').count(), 2);
      assert.match(await page.locator('#import-error-row-0').innerText(), /第 2 行/);
      await screenshot(page, 'h5-staff-import-422');
      const before = await must('GET', `/api/v1/metrics/imports?programmeId=${scorecardProgramme}`);
      assert.equal((Array.isArray(before) ? before : before.items).length, 0, 'nothing stored');

      const good = join(files, '月度经营数据.csv');
      writeFileSync(
        good,
        `\uFEFF伙伴编码,月份,结算前收入（元）,交易成功率,客户数\n${partner.code},${firstMonth},"12,000.50",99.85%,120\n`,
      );
      await page.locator('#import-file-input').setInputFiles(good);
      await page.locator('#import-submit').click();
      await page.locator('#import-progress-text', { hasText: '导入完成，共 1 行' }).waitFor({ timeout: 30_000 });
      await screenshot(page, 'h5-staff-import-done');
    });
    const figures = await must('GET', `/api/v1/metrics?programmeId=${scorecardProgramme}&month=${firstMonth}`);
    const mine = (Array.isArray(figures) ? figures : figures.items).find((f: any) => f.partnerId === partner.id);
    assert.deepEqual([mine.revenue, mine.successRate, mine.customers], [12000.5, 0.9985, 120]);
    const view = await must('GET', `/api/v1/scorecards/partners/${partner.id}?period=${period}`);
    assert.equal(view.result.onboarding, 26.5);
    assert.equal(view.result.deductions, 2, 'FT-12a: 99.85% < 99.9% costs 2 points');
  });

  it('MG-1 MG-8 staff uphold an appeal from the queue: the partner gets the reversing entry', async () => {
    const programmeId = (
      await must('POST', '/api/v1/programmes', {
        code: `e2e-credit-${randomBytes(3).toString('hex')}`,
        name: '咪咕渠道合作（工作台）',
        rulebook: 'credit',
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [60],
      })
    ).id;
    const code = `C${randomBytes(3).toString('hex').toUpperCase()}`;
    const p = await must('POST', '/api/v1/partners', { code, name: '申诉测试渠道有限公司', programmeId });
    const month = shiftCreditMonth(creditMonthOf(now), -1); // a month that can be closed
    await must('POST', '/api/v1/credit/accounts', {
      partnerId: p.id,
      tier: 'ordinary',
      joinedAt: '2025-06-01',
      firstMonth: month,
    });
    await must('POST', `/api/v1/credit/accounts/${p.id}/events`, {
      type: 'deduction',
      month,
      category: 'violation',
      code: 'V-PROMO',
    });
    await must('POST', `/api/v1/credit/months/${month}/close`);
    const partnerToken = (await sys.call('POST', '/api/v1/auth/partner/dev-login', { body: { partnerCode: code } }))
      .body.accessToken;
    const entry = (await must('GET', '/api/v1/credit/me', undefined, partnerToken)).entries.find(
      (e: any) => e.kind === 'deduction',
    );
    const appeal = await must('POST', '/api/v1/appeals', { entryId: entry.id, reason: '推广材料已报备' }, partnerToken);

    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/appeals/index');
      await page.locator(`#appeal-${appeal.id}`).waitFor({ timeout: 10_000 });
      await textarea(page, `appeal-reason-${appeal.id}`).fill('核实报备记录属实，冲回扣分');
      await page.locator(`#appeal-uphold-${appeal.id}`).click();
      await modalOk(page);
      await page.locator(`#appeal-${appeal.id}`).waitFor({ state: 'detached', timeout: 10_000 });
      await screenshot(page, 'h5-staff-appeals');
    });
    const decided = await must('GET', `/api/v1/appeals/${appeal.id}`);
    assert.equal(decided.status, 'upheld');
    const entries = (await must('GET', '/api/v1/credit/me', undefined, partnerToken)).entries;
    assert.ok(entries.some((e: any) => e.kind === 'reversal' && e.ref === entry.id && e.applied === 5));
  });
});
