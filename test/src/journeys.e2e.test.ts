/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shanghaiDate } from '@huoban/core';
import { axeSerious, DESKTOP, PHONE, screenshot, withBrowser, type AxeFinding } from './support/h5.js';
import { ARTIFACTS, startSystem, type System } from './support/system.js';

const API_PORT = Number(process.env.HUOBAN_E2E_API_PORT ?? 3100);
const WEB_PORT = Number(process.env.HUOBAN_E2E_WEB_PORT ?? 8180);
const ADMIN_PASSWORD = 'e2e-admin-pass'; // set by startSystem
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * 86_400_000));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/**
 * #18 in Chromium: what an applicant types survives an upload and a failed submit, the server's messages stand
 * beside their fields in Chinese, the staff pipeline pages (pre-review, committee, 公示) do what they say, the
 * applicant is handed over to the partner login, the verification page takes a typed code, and the 工作台 is a
 * desktop console on a wide screen.
 */
describe('#18 journeys in Chromium (api + worker + H5 on FerretDB and Redis)', () => {
  let sys: System;
  let admin: string;
  const files = mkdtempSync(join(tmpdir(), 'huoban-journeys-e2e-'));
  const tag = randomBytes(3).toString('hex');
  const title = `旅程测试招募 ${tag}`;
  const companyName = `旅程科技${tag}有限公司`;
  const partnerCode = `JR${tag.toUpperCase()}`;
  const users: Record<string, { id: string; token: string }> = {};
  let recruitmentId = '';
  let partnerId = '';
  let applicationId = '';
  /** the applicant's signed-in storage (token, me), as the H5 build keeps it */
  let applicantSession: Record<string, string> = {};

  const must = async (method: string, path: string, body?: unknown, token = admin) => {
    const r = await sys.call(method, path, { token, body });
    assert.ok([200, 201].includes(r.status), `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const go = async (page: Page, path: string) => {
    await page.goto(`${sys.webUrl}/#${path}`);
    await page.reload();
  };
  const input = (page: Page, id: string) => page.locator(`#${id} input, input#${id}`).first();
  const checked = (page: Page, id: string) => page.locator(`#${id} input, input#${id}`).first().isChecked();
  /** Script errors of the page (the committee page went blank on one). */
  const scriptErrors = (page: Page) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return errors;
  };
  async function loginAsStaff(page: Page, username = 'admin', password = ADMIN_PASSWORD) {
    await page.goto(`${sys.webUrl}/`);
    await input(page, 'login-staff-username').fill(username);
    await input(page, 'login-staff-password').fill(password);
    await page.locator('#login-staff-submit').click();
    await page.waitForURL(/#\/(pages|packages)\/(?!.*login)/, { timeout: 20_000 });
  }

  before(async () => {
    sys = await startSystem({ apiPort: API_PORT, webPort: WEB_PORT, bot: false });
    admin = await sys.staffToken();
    for (const [name, role, team] of [
      ['jr-rev', 'reviewer', '政企拓展团队'],
      ['jr-a', 'committee', '客户服务团队'],
      ['jr-b', 'staff', '产品运营团队'],
      ['jr-c', 'staff', '风控团队'],
    ]) {
      const username = `${name}-${tag}`;
      const u = await must('POST', '/api/v1/intake/staff-users', { username, password: 'password-123', role, team });
      const token = (await must('POST', '/api/v1/auth/staff/login', { username, password: 'password-123' }, ''))
        .accessToken;
      users[name] = { id: u.id, token };
    }
    const programmeId = (await must('GET', '/api/v1/programmes'))[0].id;
    const r = await must('POST', '/api/v1/intake/recruitments', {
      programmeId,
      title,
      mode: 'batch',
      quota: 2,
      closesOn: day(14),
      products: ['和包食堂'],
    });
    recruitmentId = r.id;
    await must('POST', `/api/v1/intake/recruitments/${r.id}/publish`, { rev: r.rev });
  });

  /** axe-core's serious findings by page visited (written to test-artifacts/axe-journeys.json) */
  const axeFindings: Record<string, AxeFinding[]> = {};
  const audit = async (page: Page, name: string) => {
    axeFindings[name] = await axeSerious(page);
    assert.deepEqual(axeFindings[name], [], `axe-core: serious findings on ${name}`);
  };

  after(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'axe-journeys.json'), JSON.stringify(axeFindings, null, 2));
    await sys?.stop();
  });

  it('#18 an upload keeps what was typed (the four 是否符合 switches too); a failed submit shows the message beside its field, in Chinese', async () => {
    const evidence = join(files, '营业执照.pdf');
    writeFileSync(evidence, PDF);
    await withBrowser(async (page) => {
      const errors = scriptErrors(page);
      await go(page, `/packages/intake/pages/recruitment/index?id=${recruitmentId}`);
      await page.locator('#recruitment-title').getByText(title).waitFor({ timeout: 15_000 });
      await input(page, 'applicant-name').fill(`jr-${tag}`);
      await page.locator('#applicant-login').click();
      await input(page, 'apply-company').fill(companyName);
      await input(page, 'apply-credit-code').fill('91110000710925462X');
      await page.locator('#apply-start').click();
      await page.waitForURL(/packages\/intake\/pages\/apply\/index/, { timeout: 20_000 });
      applicationId = new URL(page.url().replace('/#/', '/')).searchParams.get('id')!;
      applicantSession = await page.evaluate(() => {
        const ls = (globalThis as any).localStorage;
        return { token: ls.getItem('token') ?? '', me: ls.getItem('me') ?? '' };
      });
      // typed, never saved: a future founding date (the server refuses it on submit)
      await input(page, 'apply-registeredOn').fill(day(30));
      await input(page, 'apply-legalRep').fill('钱八');
      await input(page, 'apply-contact-name').fill('孙九');
      await input(page, 'apply-contact-phone').fill('13600000000');
      for (const c of ['c1', 'c2', 'c3', 'c4']) await page.locator(`#apply-answer-${c}`).click();
      await page.locator('#apply-declaration').click();
      await page.locator('#apply-file-c1').setInputFiles(evidence);
      await page.locator('#apply-notice').getByText('已上传').waitFor({ timeout: 15_000 });
      // the upload reloaded the application: nothing typed is lost
      assert.equal(await input(page, 'apply-legalRep').inputValue(), '钱八');
      assert.equal(await input(page, 'apply-contact-phone').inputValue(), '13600000000');
      for (const c of ['c1', 'c2', 'c3', 'c4']) assert.equal(await checked(page, `apply-answer-${c}`), true, c);
      assert.equal(await checked(page, 'apply-declaration'), true);

      await page.locator('#apply-submit').click();
      const fieldError = page.locator('#apply-registeredOn-error');
      await fieldError.waitFor({ timeout: 15_000 });
      assert.match(await fieldError.innerText(), /成立日期/);
      // the page scrolled to it: the message is on screen (提交申请 is at the bottom, the banner at the top)
      await page.waitForFunction(() => {
        const g = globalThis as any;
        const r = g.document.getElementById('apply-registeredOn-error')?.getBoundingClientRect();
        return r && r.top >= 0 && r.bottom <= g.innerHeight;
      });
      const text = await page.locator('body').innerText();
      assert.doesNotMatch(text, /company\.|registeredOn|must /);
      assert.equal(await input(page, 'apply-legalRep').inputValue(), '钱八', 'a failed submit keeps the form');
      await screenshot(page, 'journeys-apply-field-error');
      await audit(page, 'apply');

      await input(page, 'apply-registeredOn').fill('2018-06-01');
      await page.locator('#apply-submit').click();
      await page.locator('#apply-status').getByText('待预审').waitFor({ timeout: 15_000 });
      await go(page, '/packages/intake/pages/my/index');
      await page.locator(`#my-recruitment-${applicationId}`).getByText(title).waitFor({ timeout: 15_000 });
      assert.deepEqual(errors, []);
    });
    const app = await must('GET', `/api/v1/intake/applications/${applicationId}`);
    assert.equal(app.status, 'submitted');
    assert.equal(app.files.length, 1);
    assert.equal(app.company.legalRep, '钱八');
  });

  it('#18 pre-review reads 不符合 when off; the committee page survives 保存决策, takes the minutes and a back-dated 公示', async () => {
    await withBrowser(async (page) => {
      const errors = scriptErrors(page);
      await loginAsStaff(page);
      await go(page, `/packages/intake/pages/staff-application/index?id=${applicationId}`);
      const label = page.locator('#verdict-label-c1');
      await label.waitFor({ timeout: 15_000 });
      assert.equal((await label.innerText()).trim(), '预审：不符合');
      for (const c of ['c1', 'c2', 'c3', 'c4']) await page.locator(`#verdict-${c}`).click();
      assert.equal((await label.innerText()).trim(), '预审：符合');
      await page.locator('#pre-review-submit').click();
      await page.locator('#staff-app-status').getByText('待评估').waitFor({ timeout: 15_000 });
      const history = await page.locator('.card', { hasText: '处理记录' }).innerText();
      assert.match(history, /预审通过/);
      assert.doesNotMatch(history, /pre_review_passed|submitted|created/);
      assert.deepEqual(errors, []);
    }, DESKTOP);

    let app = await must('GET', `/api/v1/intake/applications/${applicationId}`);
    app = await must('POST', `/api/v1/intake/applications/${applicationId}/evaluation`, {
      rev: app.rev,
      memberIds: [users['jr-a'].id, users['jr-b'].id, users['jr-c'].id],
    });
    for (const who of ['jr-a', 'jr-b', 'jr-c']) {
      const seat = `/api/v1/intake/applications/${applicationId}`;
      app = await must('POST', `${seat}/declarations`, { rev: app.rev, conflict: false }, users[who].token);
      app = await must('POST', `${seat}/votes`, { rev: app.rev, pass: true }, users[who].token);
    }
    assert.equal(app.status, 'evaluated');

    const minutes = join(files, '会议纪要.pdf');
    writeFileSync(minutes, PDF);
    await withBrowser(async (page) => {
      const errors = scriptErrors(page);
      await loginAsStaff(page);
      await go(page, `/packages/intake/pages/staff-committee/index?recruitmentId=${recruitmentId}`);
      await page.locator('#committee-recruitment').getByText(title).waitFor({ timeout: 15_000 });
      await page.locator('#committee-approve-0').waitFor({ timeout: 15_000 });
      await input(page, 'committee-date').fill(day(-25));
      await input(page, 'committee-attendees').fill('主任, 副主任');
      await page
        .locator('#committee-minutes textarea, textarea#committee-minutes')
        .first()
        .fill('经部务会研究，同意引入。');
      await page.locator('#committee-submit').click();
      await page.locator('#committee-notice').getByText('决策已保存').waitFor({ timeout: 15_000 });
      assert.deepEqual(errors, [], 'no script error after 保存决策');
      assert.ok(await page.locator('.card__title', { hasText: '部务会决策' }).isVisible(), 'the page is not blank');
      const meeting = (await must('GET', '/api/v1/intake/meetings')).find(
        (m: any) => m.recruitmentId === recruitmentId,
      );
      await page.locator(`#meeting-minutes-${meeting.id}`).setInputFiles(minutes);
      await page.locator(`#meeting-minutes-file-${meeting.id}`).waitFor({ timeout: 15_000 });
      await input(page, `meeting-published-${meeting.id}`).fill(day(-20));
      await page.locator(`#meeting-publicize-${meeting.id}`).click();
      await page.locator(`#meeting-${meeting.id}`).getByText('公示至').waitFor({ timeout: 15_000 });
      await screenshot(page, 'journeys-committee-desktop');
      await audit(page, 'committee');
      const m = (await must('GET', '/api/v1/intake/meetings')).find((x: any) => x.id === meeting.id);
      assert.ok(m.minutesFileId, 'minutes stored');
      assert.equal(shanghaiDate(new Date(m.publicity.publishedAt)), day(-20), 'back-dated');
      assert.deepEqual(errors, []);
    }, DESKTOP);
  });

  it('#18 the 公示 over, the applicant reads 公示结束; after 已签约 the hand-over names the partner login', async () => {
    const open = async (page: Page) => {
      await page.goto(`${sys.webUrl}/`);
      await page.evaluate((saved) => {
        for (const [k, v] of Object.entries(saved)) (globalThis as any).localStorage.setItem(k, v);
      }, applicantSession);
      await go(page, `/packages/intake/pages/apply/index?id=${applicationId}`);
    };
    await withBrowser(async (page) => {
      await open(page);
      await page.locator('#apply-status').getByText('公示结束').waitFor({ timeout: 15_000 });
    });
    const app = await must('GET', `/api/v1/intake/applications/${applicationId}`);
    const signed = await must('POST', `/api/v1/intake/applications/${applicationId}/sign`, {
      rev: app.rev,
      partnerCode,
      termStart: day(0),
      termEnd: day(365),
      products: ['和包食堂'],
    });
    partnerId = signed.partner.id;
    await withBrowser(async (page) => {
      await open(page);
      const handOver = page.locator('#apply-handover');
      await handOver.waitFor({ timeout: 15_000 });
      assert.match(await handOver.innerText(), new RegExp(`以伙伴身份登录[\\s\\S]*${partnerCode}[\\s\\S]*授权书`));
      await screenshot(page, 'journeys-applicant-handover');
    });
  });

  it('#18 the verification page opened without a code offers a box; a typed code verifies', async () => {
    const letter = await must('POST', `/api/v1/intake/applications/${applicationId}/letter`, {
      validFrom: day(0),
      validTo: day(365),
    });
    await withBrowser(async (page) => {
      await go(page, '/packages/intake/pages/verify/index');
      await input(page, 'verify-code').waitFor({ timeout: 15_000 });
      assert.doesNotMatch(await page.locator('body').innerText(), /接口不存在/);
      await input(page, 'verify-code').fill(letter.code);
      await page.locator('#verify-submit').click();
      await page.locator('#letter-status').getByText('有效').waitFor({ timeout: 15_000 });
      await screenshot(page, 'journeys-verify-typed');
      await audit(page, 'verify');
      // the public menu: each arrow on its title's line
      await go(page, '/packages/intake/pages/recruitments/index');
      const item = page.locator('#to-my');
      await item.waitFor({ timeout: 15_000 });
      const titleBox = (await item.locator('.staff__menu-title').boundingBox())!;
      const arrowBox = (await item.locator('.staff__arrow').boundingBox())!;
      assert.ok(Math.abs(arrowBox.y - titleBox.y) < titleBox.height, 'the arrow is on the title line');
    });
  });

  it('#18 the 工作台 is a console on a desktop (side navigation, a paged table, a detail pane) and a menu on a phone', async () => {
    for (const summary of ['退款未到账', '扣款两次', '客服未回电'])
      await must('POST', '/api/v1/complaints', {
        partnerId,
        kind: 'ordinary',
        channel: 'hotline_10086',
        summary,
        receivedAt: new Date().toISOString(),
      });
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('.console__nav').waitFor({ timeout: 15_000 });
      await page
        .locator('#console-complaints [role=row]', { hasText: companyName })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.locator('#console-complaints-search input').fill(`${companyName} 扣款`);
      assert.equal(await page.locator('#console-complaints [role=row]').count(), 2, 'the header and one match');
      await page.locator('#console-complaints [role=row]').nth(1).click();
      await page.locator('#console-complaints-detail').getByText('扣款两次').waitFor();
      await screenshot(page, 'journeys-console-workbench-1440');
      await audit(page, 'console-workbench');
      await go(page, '/packages/intake/pages/staff-queue/index?stage=evaluation');
      await page.locator('#queue-table').waitFor({ timeout: 15_000 });
      await page.locator('#queue-stage-pre_review').click();
      await page.locator('#queue-table-sort-due').click();
      assert.equal(await page.locator('#queue-table-sort-due').getAttribute('aria-sort'), 'ascending');
      await screenshot(page, 'journeys-console-queue-1440');
      await audit(page, 'console-queue');
    }, DESKTOP);
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('#workbench-due').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('.console__nav').count(), 0, 'the phone keeps its menu');
      await screenshot(page, 'journeys-workbench-phone');
      await audit(page, 'workbench-phone');
    }, PHONE);
  });
});
