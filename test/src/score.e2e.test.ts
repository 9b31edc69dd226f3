import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { creditMonthOf, parsePeriod, periodOf, shiftCreditMonth } from '@huoban/core';
import { loginAsPartner, screenshot, textarea, withBrowser } from './support/h5.js';
import { startSystem, waitFor, type System } from './support/system.js';

const API_PORT = Number(process.env.HUOBAN_E2E_API_PORT ?? 3100);
const WEB_PORT = Number(process.env.HUOBAN_E2E_WEB_PORT ?? 8180);
const H = 3_600_000;

/** The half-year before `period` (core's calendar: the one holding the instant just before it starts). */
const previousPeriod = (period: string) => periodOf(new Date(parsePeriod(period)!.start.getTime() - 1));
/** As the page names it: "2026H1" → "2026年上半年". */
const periodName = (period: string) => {
  const p = parsePeriod(period)!;
  return `${p.year}年${p.half === 1 ? '上' : '下'}半年`;
};

/**
 * 我的评分 and its subpages (appeal, rectification) in Chromium against the real api and worker. Each test seeds its
 * own programme and partner; scorecard tests close different past half-years, since a close covers every partner
 * taking part in that half-year (partners created now take part only where they have inputs or complaints).
 */
describe('我的评分 pages end to end (api + worker + H5 in Chromium on FerretDB and Redis)', () => {
  let sys: System;
  let staff: string;
  const run = randomBytes(3).toString('hex');
  let seq = 0;
  const current = periodOf(new Date());
  const previous = previousPeriod(current);

  /** A staff call that must answer `status`; returns the body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  const staffCall = async (method: string, path: string, body?: unknown, status = 200): Promise<any> => {
    const r = await sys.call(method, `/api/v1${path}`, { token: staff, body });
    assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  /** A programme of the rulebook with one partner in it (unique codes per run). */
  const seedPartner = async (rulebook: 'scorecard' | 'credit', name: string) => {
    seq += 1;
    const programme = await staffCall(
      'POST',
      '/programmes',
      {
        code: `e2e-${rulebook}-${run}-${seq}`,
        name: `${name}计划`,
        rulebook,
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [30],
      },
      201,
    );
    const code = `SC${run}${seq}`.toUpperCase();
    const partner = await staffCall('POST', '/partners', { code, name, programmeId: programme.id }, 201);
    return { id: partner.id as string, code };
  };

  const complaint = async (partnerId: string, kind: 'ordinary' | 'escalated', channel: string, receivedAt: Date) =>
    staffCall(
      'POST',
      '/complaints',
      { partnerId, kind, channel, summary: '客户反映业务扣费异常', receivedAt: receivedAt.toISOString() },
      201,
    ) as Promise<{ id: string; no: string }>;

  const text = async (page: Page, selector: string) => {
    const el = page.locator(selector);
    await el.waitFor({ timeout: 15_000 });
    return el.innerText();
  };
  /** Waits until the element's text contains `expected` (the pages load asynchronously). */
  const waitText = (page: Page, selector: string, expected: string) =>
    waitFor(`${selector} shows ${expected}`, async () => (await text(page, selector)).includes(expected), 20_000);
  const openScoreTab = async (page: Page) => {
    await page.locator('.weui-tabbar__item', { hasText: '我的评分' }).click();
    await page.waitForURL(/pages\/score\/index/);
    await page.locator('#score-total').waitFor({ timeout: 20_000 });
  };
  /** Bars of the trend chart in order, with their value text, classes and drawn height. */
  const chartBars = (page: Page) =>
    page.locator('#score-chart .trend__bar').evaluateAll((els) =>
      els.map((el) => ({
        id: el.id,
        value: (el.textContent ?? '').trim(),
        classes: el.className,
        height: el.getBoundingClientRect().height,
      })),
    );

  before(async () => {
    sys = await startSystem({ apiPort: API_PORT, webPort: WEB_PORT, bot: false });
    staff = await sys.staffToken();
  });

  after(async () => {
    await sys?.stop();
  });

  it('FT-12 FT-12a FT-16 the scorecard page shows the live total, components, FT-12 entries, next steps and the half-year trend chart', async () => {
    const p = await seedPartner('scorecard', '评分页测试科技有限公司');
    const base = `/scorecards/partners/${p.id}`;
    // the previous half-year: onboarding 28, one month below 99.9 % (−2) → 28 + 40 + 30 − 2 = 96, then closed
    await staffCall('PUT', `${base}/periods/${previous}/onboarding`, { rating: 28, comment: '对接顺利' });
    await staffCall('PUT', `${base}/success-rates/${parsePeriod(previous)!.months[0]}`, { rate: 0.998 });
    const closed = await staffCall('POST', `/scorecards/periods/${previous}/close`);
    const mine = closed.partners.find((x: { partnerId: string }) => x.partnerId === p.id);
    assert.deepEqual([mine?.total, mine?.rectificationRequired], [96, false]);

    // the current half-year, live: onboarding 25, a late ordinary complaint (−0.5), a counted escalated one (−1),
    // one low month (−2) → 25 + 39.5 + 29 − 2 = 91.5
    await staffCall('PUT', `${base}/periods/${current}/onboarding`, { rating: 25, comment: '接口联调及时' });
    const lowMonth = parsePeriod(current)!.months[0];
    await staffCall('PUT', `${base}/success-rates/${lowMonth}`, { rate: 0.995 });
    // all-day window, 12 working hours: received 13 h ago, due an hour ago and unanswered
    const late = await complaint(p.id, 'ordinary', 'hotline_10086', new Date(Date.now() - 13 * H));
    const escalated = await complaint(p.id, 'escalated', 'miit', new Date(Date.now() - H));
    const api = await staffCall('GET', base);
    assert.equal(api.result.total, 91.5, JSON.stringify(api.result));

    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, p.code);
      await openScoreTab(page);
      await waitText(page, '#score-total', '91.5');
      assert.match(await text(page, '.score__period'), new RegExp(`${periodName(current)}[\\s\\S]*进行中`));
      assert.equal(await text(page, '#score-flag'), '未触发整改');
      assert.match(await text(page, '#component-onboarding'), /25 \/ 30/);
      assert.match(await text(page, '#component-complaintEfficiency'), /39\.5 \/ 40/);
      assert.match(await text(page, '#component-escalated'), /29 \/ 30/);
      assert.match(await text(page, '#component-deductions'), /-2（上限 40）/);

      const entries = await page.locator('#score-entries .entry').allInnerTexts();
      assert.equal(entries.length, 4, entries.join('\n---\n'));
      assert.ok(
        entries.every((e) => e.startsWith('FT-12')),
        entries.join('\n---\n'),
      );
      const entry = (needle: string) => entries.find((e) => e.includes(needle)) ?? '';
      assert.match(entry('入网洽谈与技术对接评分 25 分'), /\+25/);
      assert.match(entry(`普通投诉 ${late.no}`), /-0\.5/);
      assert.match(entry(`升级投诉 ${escalated.no}`), /-1\b/);
      assert.match(entry(`${lowMonth} 交易成功率`), /-2/);

      const next = await text(page, '#score-next');
      assert.match(next, /距整改线 60 分还有 31\.5 分/);
      assert.match(next, /已结算半年平均 96 分，续约要求不低于 80 分/);

      // the chart: one bar per half-year, the closed one taller than the live (lighter, selected) one
      const bars = await chartBars(page);
      assert.deepEqual(
        bars.map((b) => [b.id, b.value]),
        [
          [`chart-bar-${previous}`, '96'],
          [`chart-bar-${current}`, '91.5'],
        ],
      );
      assert.match(bars[1].classes, /trend__bar--current/);
      assert.match(bars[1].classes, /trend__bar--selected/);
      assert.doesNotMatch(bars[0].classes, /trend__bar--current|trend__bar--low/);
      assert.ok(bars[0].height > bars[1].height && bars[1].height > 0, JSON.stringify(bars));
      assert.match(await text(page, '#score-chart .trend__line'), /整改线\s*60/);
      await screenshot(page, 'h5-score-scorecard');

      // a bar opens that half-year: the frozen score of the closed period
      await page.locator(`#chart-bar-${previous}`).click();
      await waitText(page, '#score-total', '96');
      assert.match(await text(page, '.score__period'), new RegExp(`${periodName(previous)}[\\s\\S]*已结算`));
      const frozen = await page.locator('#score-entries .entry').allInnerTexts();
      assert.equal(frozen.length, 2, frozen.join('\n---\n'));
      assert.match(frozen.find((e) => e.includes('入网洽谈与技术对接评分 28 分')) ?? '', /\+28/);
      assert.match((await chartBars(page))[0].classes, /trend__bar--selected/);
      await screenshot(page, 'h5-score-scorecard-closed');
    });
  });

  it('MG-1 MG-2 MG-7 MG-8 MG-12 MG-13 the credit page shows score, tier, A-class status, monthly chart and ledger; an appeal filed in H5 reaches staff and an upheld one reverses the deduction', async () => {
    const p = await seedPartner('credit', '信用积分测试传媒有限公司');
    const now = new Date();
    const month = (n: number) => shiftCreditMonth(creditMonthOf(now), n);
    const [joined, deducted, complained, quiet, openMonth] = [month(-4), month(-3), month(-2), month(-1), month(0)];
    const acct = `/credit/accounts/${p.id}`;
    await staffCall(
      'POST',
      '/credit/accounts',
      { partnerId: p.id, tier: 'cooperation', joinedAt: `${joined}-10` },
      201,
    );
    await staffCall('POST', `${acct}/events`, { type: 'aClassReview', month: joined, result: 'pass' }, 201);
    await staffCall(
      'POST',
      `${acct}/events`,
      { type: 'deduction', month: deducted, category: 'violation', code: 'V-FORCED', note: '强行订购会员业务' },
      201,
    );
    await staffCall(
      'POST',
      `${acct}/events`,
      { type: 'deduction', month: complained, category: 'complaint', code: 'C-ORDINARY' },
      201,
    );
    // 95 (MG-2) → A-class (MG-7) → 85 (MG-8 −10) → 84 (MG-12 −1, below the line: A-class lapses) → 84
    const report = await staffCall('POST', `/credit/months/${quiet}/close`);
    const mine = report.closed.filter((c: { partnerId: string }) => c.partnerId === p.id);
    assert.deepEqual(
      mine.map((c: { month: string; score: number; aClass: boolean }) => [c.month, c.score, c.aClass]),
      [
        [joined, 95, true],
        [deducted, 85, true],
        [complained, 84, false],
        [quiet, 84, false],
      ],
    );
    const ledger = (await staffCall('GET', acct)).entries as { id: string; rule: string; kind: string }[];
    const forced = ledger.find((e) => e.rule === 'MG-8');
    const passed = ledger.find((e) => e.kind === 'aClassPass');
    assert.ok(forced && passed, JSON.stringify(ledger));
    const reason = '该笔订购为客户本人通过短信确认，附确认记录，请复核。';

    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, p.code);
      await openScoreTab(page);
      await waitText(page, '#score-total', '84');
      assert.equal(await text(page, '#score-tier'), '战略合作伙伴');
      assert.equal(await text(page, '#score-flag'), '非A类');
      assert.match(await text(page, '#score-next'), /距离A类还差 1 分（A类线 85 分）/);
      assert.match(await text(page, '#component-initial'), /\+95/);
      assert.match(await text(page, '#component-deduction'), /-11/);

      const bars = await chartBars(page);
      assert.deepEqual(
        bars.map((b) => [b.id, b.value]),
        [
          [`chart-bar-${joined}`, '95'],
          [`chart-bar-${deducted}`, '85'],
          [`chart-bar-${complained}`, '84'],
          [`chart-bar-${quiet}`, '84'],
          [`chart-bar-${openMonth}`, '84'],
        ],
      );
      assert.match(bars[4].classes, /trend__bar--current/);
      assert.ok(bars[0].height > bars[1].height && bars[1].height > bars[2].height, JSON.stringify(bars));
      assert.match(await text(page, '#score-chart .trend__line'), /A类线\s*85/);

      const entries = await page.locator('#score-entries .entry').allInnerTexts();
      assert.deepEqual(entries.map((e) => /^MG-\d+/.exec(e)?.[0]).sort(), ['MG-12', 'MG-2', 'MG-7', 'MG-7', 'MG-8']);
      assert.match(await text(page, `#entry-${forced.id}`), /-10[\s\S]*渠道强行订购[\s\S]*强行订购会员业务/);
      assert.equal(await page.locator(`#appeal-open-${passed.id}`).count(), 0, 'only deductions are appealable');
      await screenshot(page, 'h5-score-credit');

      // the appeal page for that deduction
      await page.locator(`#appeal-open-${forced.id}`).click();
      await page.waitForURL(/packages\/score\/pages\/appeal\/index/);
      assert.match(await text(page, '#appeal-entry'), /MG-8[\s\S]*-10[\s\S]*渠道强行订购/);
      await textarea(page, 'appeal-reason').fill(reason);
      await page.locator('#appeal-submit').click();
      await waitText(page, '#appeal-conflict', '申诉已提交');
      await waitText(page, '#appeal-list', reason);
      assert.match(await text(page, '#appeal-list'), /MG-8.*-10 分[\s\S]*申诉处理中/);
      await screenshot(page, 'h5-score-appeal');

      // staff see it, and uphold it
      const waiting = (await staffCall('GET', '/appeals?status=open')).items.filter(
        (a: { partnerId: string }) => a.partnerId === p.id,
      );
      assert.equal(waiting.length, 1, JSON.stringify(waiting));
      const [appeal] = waiting;
      assert.deepEqual(
        [appeal.entryId, appeal.reason, appeal.entry.rule, appeal.entry.applied, appeal.partnerName],
        [forced.id, reason, 'MG-8', -10, '信用积分测试传媒有限公司'],
      );
      const decided = await staffCall('POST', `/appeals/${appeal.id}/decide`, {
        decision: 'uphold',
        reason: '核实为客户本人订购，扣分撤销',
      });
      assert.equal(decided.status, 'upheld');
      assert.ok(decided.reversalEntryId);

      // back on 我的评分: the reversing MG-1 entry, the original marked reversed, the score and the chart at 94
      await page.goBack();
      await page.waitForURL(/pages\/score\/index/);
      await waitText(page, '#score-total', '94');
      assert.match(await text(page, `#entry-${decided.reversalEntryId}`), /^MG-1[\s\S]*\+10[\s\S]*申诉成立，冲正/);
      assert.match(await text(page, `#entry-${forced.id}`), /已冲正/);
      assert.equal(await text(page, `#appeal-status-${forced.id}`), '申诉成立');
      assert.equal(
        await page.locator(`#appeal-open-${forced.id}`).count(),
        0,
        'a reversed deduction is not appealable',
      );
      assert.match(await text(page, '#score-next'), /积分已达A类线 85 分，月末结账时进行A类评审/);
      assert.equal((await chartBars(page))[4].value, '94');
      await screenshot(page, 'h5-score-credit-reversed');

      // the reversing entry is labelled in Chinese and names the entry it reverses, not its id
      assert.doesNotMatch(await text(page, '#score-entries'), /reversal|关联：[0-9a-f]{24}/);
      assert.match(await text(page, `#entry-${decided.reversalEntryId}`), /申诉冲正[\s\S]*冲正：/);
      assert.match(await text(page, '#score-components'), /申诉冲正/);
    });
  });

  it('FT-14 a half-year closed below 60 opens a rectification case; the partner submits the plan in H5 and it is recorded', async () => {
    const p = await seedPartner('scorecard', '整改页测试信息技术有限公司');
    const period = previousPeriod(previous);
    const base = `/scorecards/partners/${p.id}/periods/${period}`;
    // onboarding 5, a level II security incident (−20) → 5 + 40 + 30 − 20 = 55 < 60
    await staffCall('PUT', `${base}/onboarding`, { rating: 5, comment: '对接严重延误' });
    await staffCall(
      'POST',
      `${base}/security-incidents`,
      {
        level: 'II',
        description: '客户信息导出未脱敏',
        occurredAt: `${parsePeriod(period)!.months[2]}-15T10:00:00+08:00`,
      },
      201,
    );
    const closed = await staffCall('POST', `/scorecards/periods/${period}/close`);
    const mine = closed.partners.find((x: { partnerId: string }) => x.partnerId === p.id);
    assert.deepEqual([mine?.total, mine?.rectificationRequired], [55, true]);
    const caseId: string = mine.rectificationId;
    assert.equal((await staffCall('GET', `/rectifications/${caseId}`)).status, 'open');
    const plan = '一、停止未脱敏导出；二、上线导出审批与水印；三、全员信息安全培训，12月底前完成。';
    const evidence = ['https://pan.example.com/整改报告.pdf', '信息安全培训签到表'];

    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, p.code);
      await openScoreTab(page);
      assert.match(await text(page, '#score-rectification'), new RegExp(`${periodName(period)}[\\s\\S]*待提交方案`));
      const bars = await chartBars(page);
      assert.deepEqual(
        bars.map((b) => [b.id, b.value]),
        [
          [`chart-bar-${period}`, '55'],
          [`chart-bar-${current}`, '70'],
        ],
      );
      assert.match(bars[0].classes, /trend__bar--low/);
      await screenshot(page, 'h5-score-rectification-due');

      await page.locator('#rectification-open').click();
      await page.waitForURL(/packages\/score\/pages\/rectification\/index/);
      assert.match(
        await text(page, `#rectification-${caseId}`),
        new RegExp(`${periodName(period)}[\\s\\S]*待提交方案[\\s\\S]*55 分（整改线 60 分）`),
      );
      await page.locator('#rectification-form').waitFor();
      // an empty plan is refused on the page, nothing reaches the api
      await page.locator('#rectification-submit').click();
      await waitText(page, '#rectification-form', '请填写整改方案');
      assert.equal((await staffCall('GET', `/rectifications/${caseId}`)).submissions.length, 0);

      await textarea(page, 'rectification-plan').fill(plan);
      await textarea(page, 'rectification-evidence').fill(`${evidence[0]}\n\n  ${evidence[1]}  \n`);
      await page.locator('#rectification-submit').click();
      await waitText(page, `#rectification-${caseId}`, '已提交，待审核');
      assert.match(await text(page, `#rectification-${caseId}`), /佐证 2：信息安全培训签到表/);
      await screenshot(page, 'h5-score-rectification-submitted');
    });

    const recorded = await staffCall('GET', `/rectifications/${caseId}`);
    assert.equal(recorded.status, 'submitted');
    assert.equal(recorded.submissions.length, 1);
    assert.deepEqual(
      [recorded.submissions[0].plan, recorded.submissions[0].evidence, recorded.submissions[0].afterDeadline],
      [plan, evidence, false],
    );
    const audit = await staffCall('GET', `/audit?entity=rectification&entityId=${caseId}`);
    assert.deepEqual(audit.items.map((a: { action: string }) => a.action).sort(), [
      'rectification.opened',
      'rectification.submitted',
    ]);
  });
});
