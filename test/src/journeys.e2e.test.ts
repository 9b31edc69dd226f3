import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { approveAndTerminateExit, day, harness, PDF, publishRecruitment, startE2E } from './support/e2e.js';
import {
  axeSerious,
  DESKTOP,
  input,
  loginAsPartner,
  newProfile,
  PHONE,
  screenshot,
  scriptErrors,
  textarea,
  withBrowser,
  type AxeFinding,
} from './support/h5.js';
import { ARTIFACTS, type System } from './support/system.js';

/** What the focus checks read of the focused element (the tests' TypeScript has no DOM library). */
interface FocusedElement {
  id: string;
  closest(selector: string): unknown;
}
/** A 1×1 PNG: the seal image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** A long journey on a loaded machine: many sign-ins and pages. */
const LONG = 900_000;

/**
 * #18: the five journeys through the UI only, in Chromium. Nothing is set up through the api: the bootstrap admin
 * is the one account given, every other account, the recruitment, the application, the review, the 公示, the
 * signing, the letter, the complaint and the exit are made by people on pages. Each person has a browser profile
 * of their own (phone size for the applicant, partner and public; 1440×900 for staff), every page visited passes
 * axe-core with no serious finding, and each step leaves a screenshot in test-artifacts/journey-*.png.
 */
describe('#18 journeys through the UI only (api + worker + H5 on FerretDB and Redis)', () => {
  let sys: System;
  const { go, loginAsStaff } = harness(() => sys);
  const files = mkdtempSync(join(tmpdir(), 'huoban-journeys-e2e-'));
  const tag = randomBytes(3).toString('hex');
  const title = `旅程测试招募 ${tag}`;
  const companyName = `旅程科技${tag}有限公司`;
  const partnerCode = `JR${tag.toUpperCase()}`;
  const PASSWORD = 'password-123';
  const reviewer = { username: `jr-rev-${tag}`, role: 'reviewer', team: '政企拓展团队' };
  const panel = [
    { username: `jr-a-${tag}`, role: 'committee', team: '客户服务团队' },
    { username: `jr-b-${tag}`, role: 'staff', team: '产品运营团队' },
    { username: `jr-c-${tag}`, role: 'staff', team: '风控团队' },
  ];
  /** the applicant's browser (later the partner's): the session survives between the steps, as on their phone */
  const applicant = newProfile();
  let recruitmentId = '';
  let applicationId = '';
  let letterCode = '';
  let complaintId = '';

  /** axe-core's serious findings by page visited (written to test-artifacts/axe-journeys.json) */
  const axeFindings: Record<string, AxeFinding[]> = {};
  /** A page of a journey: its screenshot, and no serious axe-core finding. */
  async function visited(page: Page, name: string) {
    await screenshot(page, `journey-${name}`);
    axeFindings[name] = await axeSerious(page);
    assert.deepEqual(axeFindings[name], [], `axe-core: serious findings on ${name}`);
  }
  /** A staff member (the admin unless given) at a desktop, signed in, on the console's home. */
  const asStaff = async <T>(use: (page: Page) => Promise<T>, user?: { username: string; password: string }) =>
    withBrowser(async (page) => {
      const errors = scriptErrors(page);
      await loginAsStaff(page, user?.username, user?.password);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('.console__nav').waitFor({ timeout: 20_000 });
      const out = await use(page);
      assert.deepEqual(errors, [], 'no script error');
      return out;
    }, DESKTOP);
  /** The focused element's id, and whether it sits inside `#within`. */
  const focused = (page: Page, within: string) =>
    page.evaluate((w) => {
      const doc = (globalThis as unknown as { document: { activeElement: FocusedElement | null } }).document;
      const el = doc.activeElement;
      return { id: el?.id ?? '', inside: Boolean(el?.closest(`#${w}`)) };
    }, within);
  /** A console table's row holding `text`, chosen; its detail pane shows it. */
  async function chooseRow(page: Page, table: string, text: string) {
    const row = page.locator(`#${table} [role=row]`, { hasText: text }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
  }

  before(async () => {
    sys = await startE2E({ bot: false });
  });
  after(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'axe-journeys.json'), JSON.stringify(axeFindings, null, 2));
    await sys?.stop();
  });

  it(
    '#18 staff at desktop: the admin adds the panel accounts (role, team) and publishes a recruitment in the console; a phone keeps the menu',
    async () => {
      await asStaff(async (page) => {
        await visited(page, 'staff-console-home');
        await page.locator('#workbench-staff-users').click();
        // focus order follows the form: 用户名 → 初始密码 → the role chips
        await input(page, 'su-username').focus();
        await page.keyboard.press('Tab');
        assert.equal((await focused(page, 'su-password')).inside, true, 'after 用户名: 初始密码');
        await page.keyboard.press('Tab');
        assert.equal((await focused(page, 'su-password')).id, 'su-role-staff', 'after 初始密码: the first role');
        for (const u of [reviewer, ...panel]) {
          await input(page, 'su-username').fill(u.username);
          await input(page, 'su-password').fill(PASSWORD);
          await page.locator(`#su-role-${u.role}`).click();
          await input(page, 'su-team').fill(u.team);
          await page.locator('#su-create').click();
          await page.locator(`#su-${u.username}`).getByText(u.team).waitFor({ timeout: 15_000 });
        }
        await visited(page, 'staff-users');
        await page.locator('#nav-workbench-recruitments:visible').click();
        recruitmentId = await publishRecruitment(page, { title, quota: 2, closesOn: day(14) });
        await visited(page, 'staff-recruitments');
      });
      await withBrowser(async (page) => {
        await loginAsStaff(page);
        await go(page, '/packages/staff/pages/workbench/index');
        await page.locator('#workbench-due').waitFor({ timeout: 15_000 });
        assert.equal(await page.locator('.console__nav').count(), 0, 'the phone keeps its menu');
        await visited(page, 'staff-workbench-phone');
      }, PHONE);
    },
    LONG,
  );

  it(
    '#18 applicant (phone): from the public notice to a submitted application; an upload keeps what was typed, a failed submit shows its field message in Chinese',
    async () => {
      const evidence = join(files, '营业执照.pdf');
      writeFileSync(evidence, PDF);
      await withBrowser(
        async (page) => {
          const errors = scriptErrors(page);
          await page.goto(`${sys.webUrl}/`);
          await page.locator('#login-recruitments').click();
          const notice = page.locator('[id^="recruitment-"]', { hasText: title }).first();
          await notice.waitFor({ timeout: 20_000 });
          await visited(page, 'public-recruitments');
          await notice.click();
          await page.locator('#recruitment-title').getByText(title).waitFor({ timeout: 15_000 });
          await input(page, 'applicant-name').fill(`jr-${tag}`);
          await page.locator('#applicant-login').click();
          await input(page, 'apply-company').fill(companyName);
          await input(page, 'apply-credit-code').fill('91110000710925462X');
          await visited(page, 'public-recruitment');
          await page.locator('#apply-start').click();
          await page.waitForURL(/packages\/intake\/pages\/apply\/index/, { timeout: 20_000 });
          applicationId = new URL(page.url().replace('/#/', '/')).searchParams.get('id')!;
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
          for (const c of ['c1', 'c2', 'c3', 'c4'])
            assert.equal(await input(page, `apply-answer-${c}`).isChecked(), true, c);
          await page.locator('#apply-submit').click();
          const fieldError = page.locator('#apply-registeredOn-error');
          await fieldError.waitFor({ timeout: 15_000 });
          assert.match(await fieldError.innerText(), /成立日期/);
          // the page scrolled to it: the message is on screen (提交申请 is at the bottom, the banner at the top)
          await page.waitForFunction(() => {
            const g = globalThis as unknown as {
              document: {
                getElementById(id: string): { getBoundingClientRect(): { top: number; bottom: number } } | null;
              };
              innerHeight: number;
            };
            const r = g.document.getElementById('apply-registeredOn-error')?.getBoundingClientRect();
            return r && r.top >= 0 && r.bottom <= g.innerHeight;
          });
          assert.doesNotMatch(await page.locator('body').innerText(), /company\.|registeredOn|must /);
          assert.equal(await input(page, 'apply-legalRep').inputValue(), '钱八', 'a failed submit keeps the form');
          await visited(page, 'apply-field-error');
          await input(page, 'apply-registeredOn').fill('2018-06-01');
          await page.locator('#apply-submit').click();
          await page.locator('#apply-status').getByText('待预审').waitFor({ timeout: 15_000 });
          // 我的申请 names the recruitment
          await page.goto(`${sys.webUrl}/`);
          await page.locator(`#my-recruitment-${applicationId}`).getByText(title).waitFor({ timeout: 20_000 });
          await visited(page, 'applicant-my');
          assert.deepEqual(errors, []);
        },
        PHONE,
        applicant,
      );
    },
    LONG,
  );

  it(
    '#18 reviewer, panel and committee (desktop): pre-review with comments, the panel declares and votes from 我的评估, the committee decides, takes the signed minutes and a back-dated 公示',
    async () => {
      await asStaff(
        async (page) => {
          await page.locator('#workbench-intake-queue').click();
          await chooseRow(page, 'queue-table', companyName);
          await visited(page, 'reviewer-queue');
          await page.locator(`#queue-open-${applicationId}`).click();
          const label = page.locator('#verdict-label-c1');
          await label.waitFor({ timeout: 15_000 });
          assert.equal((await label.innerText()).trim(), '预审：不符合');
          for (const c of ['c1', 'c2', 'c3', 'c4']) await page.locator(`#verdict-${c}`).click();
          assert.equal((await label.innerText()).trim(), '预审：符合');
          await input(page, 'verdict-comment-c1').fill('营业执照齐全');
          await visited(page, 'reviewer-pre-review');
          await page.locator('#pre-review-submit').click();
          await page.locator('#staff-app-status').getByText('待评估').waitFor({ timeout: 15_000 });
          // the reviewer forms the panel: three members of three teams (the reviewer is not one)
          for (const m of panel) await page.locator(`#member-${m.username}`).click();
          await page.locator('#panel-start').click();
          await page.locator('#staff-app-notice').getByText('评估已开始').waitFor({ timeout: 15_000 });
          const history = await page.locator('.card', { hasText: '处理记录' }).innerText();
          assert.match(history, /预审通过/);
          assert.doesNotMatch(history, /pre_review_passed|submitted|created/);
        },
        { username: reviewer.username, password: PASSWORD },
      );
      for (const [i, m] of panel.entries())
        await asStaff(
          async (page) => {
            await page.locator('#workbench-my-evaluations').click();
            await chooseRow(page, 'queue-table', companyName);
            await page.locator(`#queue-open-${applicationId}`).click();
            await page.locator('#declare-none').click();
            await input(page, 'vote-comment').fill(`资质完整（${m.team}）`);
            if (i === 0) await visited(page, 'panel-vote');
            await page.locator('#vote-pass').click();
            await page.locator('#staff-app-notice').getByText('已提交评估意见').waitFor({ timeout: 15_000 });
          },
          { username: m.username, password: PASSWORD },
        );
      const minutes = join(files, '会议纪要.pdf');
      writeFileSync(minutes, PDF);
      await asStaff(async (page) => {
        await page.locator('#workbench-recruitments').click();
        await page.locator(`#rec-committee-${recruitmentId}`).click();
        await page.locator('#committee-recruitment').getByText(title).waitFor({ timeout: 15_000 });
        await page.locator('#committee-approve-0').waitFor({ timeout: 15_000 });
        await input(page, 'committee-date').fill(day(-25));
        await input(page, 'committee-attendees').fill('主任, 副主任');
        await textarea(page, 'committee-minutes').fill('经部务会研究，同意引入。');
        await visited(page, 'committee-decision');
        await page.locator('#committee-submit').click();
        await page.locator('#committee-notice').getByText('决策已保存').waitFor({ timeout: 15_000 });
        assert.ok(await page.locator('.card__title', { hasText: '部务会决策' }).isVisible(), 'the page is not blank');
        const meeting = page.locator('.intake__item', { has: page.locator(`#meeting-app-${applicationId}`) });
        await meeting.waitFor({ timeout: 15_000 });
        const meetingId = (await meeting.getAttribute('id'))!.replace(/^meeting-/, '');
        await page.locator(`#meeting-minutes-${meetingId}`).setInputFiles(minutes);
        await page.locator(`#meeting-minutes-file-${meetingId}`).waitFor({ timeout: 15_000 });
        await input(page, `meeting-published-${meetingId}`).fill(day(-20));
        await page.locator(`#meeting-publicize-${meetingId}`).click();
        await page.locator(`#meeting-${meetingId}`).getByText('公示至').waitFor({ timeout: 15_000 });
        await visited(page, 'committee-publicized');
      });
    },
    LONG,
  );

  it(
    '#18 applicant to signed partner: the 公示 over, the applicant reads 公示结束; staff sign with the chosen products and issue the letter; the hand-over leads to the partner login and the letter',
    async () => {
      await withBrowser(
        async (page) => {
          await page.goto(`${sys.webUrl}/`);
          await page.locator(`#my-application-${applicationId}`).click();
          await page.locator('#apply-status').getByText('公示结束').waitFor({ timeout: 20_000 });
          await visited(page, 'applicant-publicity-over');
        },
        PHONE,
        applicant,
      );
      const seal = join(files, '印章.png');
      writeFileSync(seal, PNG);
      await asStaff(async (page) => {
        // the admin's seal screen: the letters carry the seal image from now on
        await page.locator('#workbench-letters').click();
        await page.locator('#seal-status').getByText('未设置印章图片').waitFor({ timeout: 15_000 });
        await page.locator('#seal-file').setInputFiles(seal);
        await page.locator('#seal-status').getByText('已设置印章图片').waitFor({ timeout: 15_000 });
        await visited(page, 'admin-seal');
        await go(page, '/packages/staff/pages/workbench/index');
        await page.locator('#workbench-recruitments').click();
        await page.locator(`#rec-committee-${recruitmentId}`).click();
        await page.locator(`#meeting-app-${applicationId}`).click();
        await input(page, 'sign-partnerCode').waitFor({ timeout: 15_000 });
        await input(page, 'sign-partnerCode').fill(partnerCode);
        assert.equal(await page.locator('#sign-product-和包食堂').getAttribute('aria-checked'), 'true');
        await visited(page, 'staff-sign');
        await page.locator('#sign-submit').click();
        await page.locator('#letter-issue').click();
        await page.locator('#staff-app-notice').getByText('授权书已出具').waitFor({ timeout: 15_000 });
        await visited(page, 'staff-letter-issued');
      });
      await withBrowser(
        async (page) => {
          await page.goto(`${sys.webUrl}/`);
          await page.locator(`#my-application-${applicationId}`).click();
          const handOver = page.locator('#apply-handover');
          await handOver.waitFor({ timeout: 20_000 });
          assert.match(await handOver.innerText(), new RegExp(`以伙伴身份登录[\\s\\S]*${partnerCode}[\\s\\S]*授权书`));
          await visited(page, 'applicant-handover');
          await page.locator('#apply-handover-login').click();
          await loginAsPartner(page, sys.webUrl, partnerCode);
          await go(page, '/pages/me/index');
          await page.locator('#me-letters').click();
          const code = page.locator('[id^="letter-code-"]').first();
          await code.waitFor({ timeout: 20_000 });
          letterCode = /核验码：(\S+?)（/.exec(await code.innerText())![1];
          await visited(page, 'partner-letters');
        },
        PHONE,
        applicant,
      );
    },
    LONG,
  );

  it('#18 public verification (phone): the page opened without a code offers a box; the typed code verifies', async () => {
    await withBrowser(async (page) => {
      await go(page, '/packages/intake/pages/verify/index');
      await input(page, 'verify-code').waitFor({ timeout: 15_000 });
      assert.doesNotMatch(await page.locator('body').innerText(), /接口不存在/);
      await input(page, 'verify-code').fill(letterCode);
      await page.locator('#verify-submit').click();
      await page.locator('#letter-status').getByText('有效').waitFor({ timeout: 15_000 });
      assert.match(await page.locator('#letter-grantee').innerText(), new RegExp(companyName));
      await visited(page, 'public-verify');
      // the public menu: each arrow on its title's line
      await go(page, '/packages/intake/pages/recruitments/index');
      const item = page.locator('#to-my');
      await item.waitFor({ timeout: 15_000 });
      const titleBox = (await item.locator('.staff__menu-title').boundingBox())!;
      const arrowBox = (await item.locator('.staff__arrow').boundingBox())!;
      assert.ok(Math.abs(arrowBox.y - titleBox.y) < titleBox.height, 'the arrow is on the title line');
    }, PHONE);
  });

  it(
    '#18 partner from complaint reply to exit: staff register a complaint, the partner replies, staff confirm it from the console table, the partner asks to leave, staff approve and terminate',
    async () => {
      await asStaff(async (page) => {
        await page.locator('#workbench-register').click();
        await input(page, 'register-partner-q').fill(partnerCode);
        await page.locator(`#register-partner-${partnerCode}`).click();
        await textarea(page, 'register-summary').fill('客户反映扣款两次');
        await visited(page, 'staff-register');
        await page.locator('#register-submit').click();
        await page.waitForURL(/packages\/complaint\/pages\/detail\/index/, { timeout: 20_000 });
        complaintId = new URL(page.url().replace('/#/', '/')).searchParams.get('id')!;
      });
      await withBrowser(
        async (page) => {
          await page.goto(`${sys.webUrl}/`);
          await page.locator(`#complaint-${complaintId}`).click();
          await textarea(page, 'reply-text').fill('已查明原因：重复扣款已原路退回。');
          await visited(page, 'partner-reply');
          await page.locator('#reply-submit').click();
          await page.locator('.reply').first().waitFor({ timeout: 15_000 });
        },
        PHONE,
        applicant,
      );
      await asStaff(async (page) => {
        await page.locator('#console-status-replied').click();
        await page.locator('#console-complaints-search input').fill(companyName);
        await chooseRow(page, 'console-complaints', companyName);
        await page.locator('#console-complaints-detail').getByText('客户反映扣款两次').waitFor();
        await visited(page, 'staff-console-complaints');
        await page.locator('#console-complaint-open').click();
        await page.locator('[id^="confirm-"]').first().click();
        await page.locator('#complaint-status').getByText('已办结').waitFor({ timeout: 15_000 });
      });
      let caseId = '';
      await withBrowser(
        async (page) => {
          await go(page, '/pages/me/index');
          await page.locator('#me-exit').click();
          const earliest = page.locator('#exit-earliest');
          await earliest.waitFor({ timeout: 20_000 });
          await textarea(page, 'exit-reason').fill('公司业务方向调整，申请退出合作');
          await input(page, 'exit-desired').fill((await earliest.innerText()).trim());
          await page.locator('#exit-commit').click();
          await visited(page, 'partner-exit-request');
          await page.locator('#exit-submit').click();
          const filed = page.locator('[id^="exit-case-"]').first();
          await filed.waitFor({ timeout: 15_000 });
          caseId = (await filed.getAttribute('id'))!.replace('exit-case-', '');
        },
        PHONE,
        applicant,
      );
      await asStaff(async (page) => {
        await page.locator('#workbench-exits').click();
        await page.locator(`#exit-${caseId}`).waitFor({ timeout: 20_000 });
        await visited(page, 'staff-exits');
        // FT-17.3: the agreed end date is months away — terminated only with the partner's agreement, written down
        await approveAndTerminateExit(page, caseId, '无未办结事项，同意退出', '伙伴书面同意提前终止合作');
        await page.locator(`#exit-terminate-${caseId}`).waitFor({ state: 'detached', timeout: 15_000 });
        // every case in the console's table, filtered, paged and ordered by the api
        await page.locator('#exit-cases-status-terminated').click();
        await chooseRow(page, 'exit-cases', companyName);
        await page
          .locator('#exit-cases-detail')
          .getByText('公司业务方向调整，申请退出合作')
          .waitFor({ timeout: 15_000 });
        assert.equal(await page.locator('#exit-cases-sort-applied').getAttribute('aria-sort'), 'descending');
        await page.locator('#exit-cases-sort-applied').click();
        await page.locator('#exit-cases-sort-applied[aria-sort=ascending]').waitFor({ timeout: 15_000 });
        await visited(page, 'staff-exit-cases');
      });
      await withBrowser(
        async (page) => {
          await go(page, '/pages/me/index');
          await page.locator('#me-exit').click();
          await page.locator('#exit-exited').getByText('已退出').waitFor({ timeout: 20_000 });
          assert.equal(await page.locator('#exit-form').count(), 0, 'no new request form');
          await visited(page, 'partner-exited');
        },
        PHONE,
        applicant,
      );
    },
    LONG,
  );
});
