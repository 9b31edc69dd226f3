/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectMongo } from '@huoban/core';
import type { Connection } from 'mongoose';
import { day, E2E_PORTS, harness, PDF, publishRecruitment, startE2E } from './support/e2e.js';
import { input, loginAsPartner, screenshot, withBrowser } from './support/h5.js';
import { ARTIFACTS, waitFor, type System } from './support/system.js';

const WEB_PORT = E2E_PORTS.webPort;
const ROOM = '伙伴运营值班群';

/**
 * Intake across real processes (api, worker, bot on the mock puppet, H5 in Chromium): one batch recruitment from
 * its publication (the notice in the WeChat room once) to a partner holding a verifiable authorization letter.
 */
describe('intake end to end (api + worker + bot + H5 on FerretDB and Redis)', () => {
  let sys: System;
  let db: Connection;
  const files = mkdtempSync(join(tmpdir(), 'huoban-intake-e2e-'));
  const tag = randomBytes(3).toString('hex');
  const title = `餐饮行业拓展服务商招募 ${tag}`;
  const companyName = `端到端引入科技${tag}有限公司`;
  const partnerCode = `IN${tag.toUpperCase()}`;
  const users: Record<string, { id: string; token: string }> = {};
  let recruitmentId = '';
  let applicationId = '';
  let letter: any;

  const { must, go, loginAsStaff } = harness(() => sys);

  before(async () => {
    sys = await startE2E({
      extraEnv: { HUOBAN_PUBLIC_URL: `http://127.0.0.1:${WEB_PORT}` },
    });
    db = await connectMongo(sys.mongoUrl);
    for (const [name, role, team] of [
      ['e2e-rev', 'reviewer', '政企拓展团队'],
      ['e2e-a', 'committee', '客户服务团队'],
      ['e2e-b', 'staff', '产品运营团队'],
      ['e2e-c', 'staff', '风控团队'],
    ]) {
      const u = await must('POST', '/api/v1/intake/staff-users', {
        username: name,
        password: 'password-123',
        role,
        team,
      });
      const token = (await must('POST', '/api/v1/auth/staff/login', { username: name, password: 'password-123' }, ''))
        .accessToken;
      users[name] = { id: u.id, token };
    }
    await sys.botLoggedIn();
  });

  after(async () => {
    await db?.close();
    await sys?.stop();
  });

  it('FT-3 FT-6 staff publish a batch recruitment in the 工作台; its notice reaches the WeChat room once; the public sees it', async () => {
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/intake/pages/staff-recruitments/index');
      recruitmentId = await publishRecruitment(page, { title, quota: 1, closesOn: day(14) });
      await screenshot(page, 'intake-staff-recruitments');
    });
    const deliveries = () =>
      db
        .collection('bot_deliveries')
        .find({ noticeId: `recruitment-${recruitmentId}-published` })
        .toArray();
    await waitFor('recruitment notice delivered', async () => (await deliveries()).length > 0, 45_000);
    await new Promise((r) => setTimeout(r, 1500));
    const sent = await deliveries();
    assert.equal(sent.length, 1);
    assert.equal(sent[0].target, `room:${ROOM}`);
    assert.match(sent[0].text, new RegExp(title));
    assert.match(
      sent[0].text,
      new RegExp(`127\\.0\\.0\\.1:${WEB_PORT}/#/packages/intake/pages/recruitment/index\\?id=${recruitmentId}`),
    );
    const pub = await sys.call('GET', '/api/v1/public/recruitments');
    assert.ok(pub.body.some((r: any) => r.id === recruitmentId && r.mode === 'batch' && r.quota === 1));
  });

  it('FT-2 FT-2.1 an applicant opens the public notice without login, signs in, fills the form, uploads evidence and submits', async () => {
    const evidence = join(files, '营业执照.pdf');
    writeFileSync(evidence, PDF);
    await withBrowser(async (page) => {
      await go(page, '/packages/intake/pages/recruitments/index');
      await page.locator(`#recruitment-${recruitmentId}`).click();
      await page.locator('#recruitment-title').getByText(title).waitFor({ timeout: 15_000 });
      await input(page, 'applicant-name').fill(`e2e-${tag}`);
      await page.locator('#applicant-login').click();
      await input(page, 'apply-company').fill(companyName);
      await input(page, 'apply-credit-code').fill('91110000710925462X');
      await page.locator('#apply-start').click();
      await page.waitForURL(/packages\/intake\/pages\/apply\/index/, { timeout: 20_000 });
      await input(page, 'apply-registeredOn').fill('2018-06-01');
      await input(page, 'apply-legalRep').fill('钱八');
      await input(page, 'apply-contact-name').fill('孙九');
      await input(page, 'apply-contact-phone').fill('13600000000');
      for (const c of ['c1', 'c2', 'c3', 'c4']) await page.locator(`#apply-answer-${c}`).click();
      await page.locator('#apply-declaration').click();
      await page.locator('#apply-save').click();
      await page.locator('#apply-notice').getByText('已保存草稿').waitFor({ timeout: 15_000 });
      await page.locator('#apply-file-c1').setInputFiles(evidence);
      await page.locator('#apply-notice').getByText('已上传').waitFor({ timeout: 15_000 });
      await page.locator('#apply-submit').click();
      await page.locator('#apply-status').getByText('待预审').waitFor({ timeout: 15_000 });
      await screenshot(page, 'intake-application-submitted');
      applicationId = new URL(page.url().replace('/#/', '/')).searchParams.get('id')!;
    });
    const app = await must('GET', `/api/v1/intake/applications/${applicationId}`);
    assert.equal(app.status, 'submitted');
    assert.equal(app.company.name, companyName);
    assert.ok(app.checks.every((c: any) => c.passed));
    assert.equal(app.files.length, 1);
    assert.equal(app.files[0].criterion, 'c1');
  });

  it('FT-5 FT-7 FT-8 FT-4 FT-9 FT-10 FT-11 pre-review, a 3-member panel, the committee with quota ranking, 公示, signing, letter', async () => {
    let app = await must('GET', `/api/v1/intake/applications/${applicationId}`);
    const verdicts = ['c1', 'c2', 'c3', 'c4'].map((criterion) => ({ criterion, met: true, comment: '符合' }));
    app = await must(
      'POST',
      `/api/v1/intake/applications/${applicationId}/pre-review`,
      { rev: app.rev, verdicts },
      users['e2e-rev'].token,
    );
    app = await must('POST', `/api/v1/intake/applications/${applicationId}/evaluation`, {
      rev: app.rev,
      memberIds: [users['e2e-a'].id, users['e2e-b'].id, users['e2e-c'].id],
    });
    for (const who of ['e2e-a', 'e2e-b', 'e2e-c']) {
      const seat = `/api/v1/intake/applications/${applicationId}`;
      app = await must('POST', `${seat}/declarations`, { rev: app.rev, conflict: false }, users[who].token);
      app = await must('POST', `${seat}/votes`, { rev: app.rev, pass: true }, users[who].token);
    }
    assert.equal(app.status, 'evaluated');
    const meeting = await must(
      'POST',
      '/api/v1/intake/meetings',
      {
        recruitmentId,
        heldOn: day(-6),
        attendees: ['主任', '副主任'],
        minutes: '经部务会研究，同意引入。',
        decisions: [{ applicationId, approve: true }],
        ranking: [applicationId],
      },
      users['e2e-a'].token,
    );
    await must('POST', `/api/v1/intake/meetings/${meeting.id}/publicize`, {
      rev: meeting.rev,
      publishedAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
    });
    const board = await sys.call('GET', '/api/v1/public/publicity');
    assert.ok(board.body.some((n: any) => n.approved.some((a: any) => a.companyName === companyName)));
    app = await must('GET', `/api/v1/intake/applications/${applicationId}`);
    const signed = await must('POST', `/api/v1/intake/applications/${applicationId}/sign`, {
      rev: app.rev,
      partnerCode,
      termStart: day(0),
      termEnd: day(365),
      products: ['和包食堂'],
    });
    assert.equal(signed.partner.code, partnerCode);
    // FT-11 no validity typed: the letter runs with the contract term
    letter = await must('POST', `/api/v1/intake/applications/${applicationId}/letter`, {});
    assert.equal(letter.status, 'valid');
  });

  it('FT-11 FT-15 the partner logs in and sees its letter; the QR page reads valid, then suspended after a suspension', async () => {
    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, partnerCode);
      await go(page, '/pages/me/index');
      await page.locator('#me-letters').click();
      await page.locator(`#letter-status-${letter.id}`).getByText('有效').waitFor({ timeout: 15_000 });
      await screenshot(page, 'intake-partner-letters');
      // #18 the partner's profile from 我的: code, contract term, products, its letter with validity and verification
      await go(page, '/pages/me/index');
      await page.locator('#me-profile').click();
      await page.locator('#profile-row-0').getByText(partnerCode).waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#profile-row-2').innerText(), `${day(0)} 至 ${day(365)}`);
      assert.equal(await page.locator('#profile-row-3').innerText(), '和包食堂');
      await page
        .locator(`#profile-letter-${letter.id}`)
        .getByText(`有效期：${day(0)} 至 ${day(365)}`)
        .waitFor();
      await page.locator(`#profile-letter-verify-${letter.id}`).waitFor();
      await screenshot(page, 'intake-partner-profile');
      // the QR code's URL: <H5>/verify/<code>, no login needed (#/verify/<code> works as well)
      const qrUrl = letter.verifyUrl as string;
      assert.equal(qrUrl, `http://127.0.0.1:${WEB_PORT}/verify/${letter.code}`);
      await withBrowser(async (anon) => {
        await anon.goto(qrUrl);
        await anon.locator('#letter-status').getByText('有效').waitFor({ timeout: 15_000 });
        await anon.locator('#letter-grantee').getByText(companyName).waitFor();
        await screenshot(anon, 'intake-verify-valid');
        await must('POST', `/api/v1/partners/${letter.partnerId}/suspend`, { reason: '投诉激增，暂停合作' });
        await anon.goto(`http://127.0.0.1:${WEB_PORT}/#/verify/${letter.code}`);
        await anon.reload();
        await anon.locator('#letter-status').getByText('已暂停').waitFor({ timeout: 15_000 });
        await screenshot(anon, 'intake-verify-suspended');
      });
    });
    const v = await sys.call('GET', `/api/v1/public/letters/${letter.code}`);
    assert.equal(v.body.status, 'suspended');
  });

  it('FT-11 the letter PDF carries its Chinese text (pdftotext) and renders to a PNG (pdftoppm)', async () => {
    const partner = (await must('POST', '/api/v1/auth/partner/dev-login', { partnerCode }, '')).accessToken;
    const res = await fetch(`${sys.apiUrl}/api/v1/intake/letters/${letter.id}/pdf`, {
      headers: { authorization: `Bearer ${partner}` },
    });
    assert.equal(res.status, 200);
    const pdfPath = join(files, 'letter.pdf');
    writeFileSync(pdfPath, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', [pdfPath, '-']).toString();
    assert.match(text, /业务拓展授权书/);
    assert.match(text, new RegExp(companyName));
    assert.match(text, new RegExp(letter.letterNo));
    mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdfPath, join(ARTIFACTS, 'intake-letter-e2e')]);
  });

  it('FT-17.4 FT-18 FT-11 once the partner is terminated through the exit workflow, the QR page reads revoked', async () => {
    const opened = await must('POST', '/api/v1/exit/cases', {
      partnerId: letter.partnerId,
      trigger: 'business_end',
      reason: '政策调整，业务终止',
    });
    await must('POST', `/api/v1/exit/cases/${opened.id}/start-approval`);
    await must('POST', `/api/v1/exit/cases/${opened.id}/approve`, { reason: '无未结事项，同意退出' });
    const ended = await must('POST', `/api/v1/exit/cases/${opened.id}/terminate`, { reason: '合同已解除' });
    assert.equal(ended.status, 'terminated');
    const v = await sys.call('GET', `/api/v1/public/letters/${letter.code}`);
    assert.equal(v.body.status, 'revoked');
    await withBrowser(async (anon) => {
      await anon.goto(`http://127.0.0.1:${WEB_PORT}/#/verify/${letter.code}`);
      await anon.reload();
      await anon.locator('#letter-status').getByText('已撤销').waitFor({ timeout: 15_000 });
      await screenshot(anon, 'intake-verify-revoked');
    });
  });
});
