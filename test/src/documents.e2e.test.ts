import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { Page } from 'playwright-core';
import { advanceTestClock, connectMongo, reminderAt, shanghaiDate, TEST_CLOCK_ENV } from '@huoban/core';
import { axeSerious, DESKTOP, input, loginAsPartner, screenshot, withBrowser } from './support/h5.js';
import { PDF, harness, startE2E } from './support/e2e.js';
import { waitFor, type System } from './support/system.js';

const ROOM = 'room:伙伴运营值班群';
const DAY_MS = 86_400_000;

/**
 * Documents with expiry across the real processes (issue #19): a partner files its certificate in H5, the shared test
 * clock moves to each reminder's moment and the worker's reminder run posts each of the 30-, 7- and 0-day reminders
 * to the mock WeChat room once; after expiry the page asks for a new upload, staff see it in 证照到期 at desktop size,
 * and the partner's replacement clears it.
 */
describe('documents with expiry end to end (api + worker + bot + H5, one moved clock)', () => {
  let sys: System;
  let db: Connection;
  let staff: string;
  let partner: { id: string; code: string };
  const clockFile = join(mkdtempSync(join(tmpdir(), 'huoban-clock-')), 'clock.json');

  const { go, loginAsStaff } = harness(() => sys);
  const deliveries = () => db.collection('bot_deliveries').find({ 'ref.entity': 'document' }).toArray();
  async function fillDocument(page: Page, f: { title: string; issuedOn: string; expiresOn: string }) {
    await input(page, 'doc-title').fill(f.title);
    await input(page, 'doc-issuedOn').fill(f.issuedOn);
    await input(page, 'doc-expiresOn').fill(f.expiresOn);
    await page.locator('#doc-file').setInputFiles({ name: '许可证.pdf', mimeType: 'application/pdf', buffer: PDF });
  }

  before(async () => {
    sys = await startE2E({ extraEnv: { [TEST_CLOCK_ENV]: clockFile } });
    db = await connectMongo(sys.mongoUrl);
    staff = await sys.staffToken();
    const programmeId = (await sys.call('GET', '/api/v1/programmes', { token: staff })).body[0].id;
    const code = `DOC${randomBytes(3).toString('hex').toUpperCase()}`;
    const r = await sys.call('POST', '/api/v1/partners', {
      token: staff,
      body: { code, name: '证照到期科技有限公司', programmeId },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    partner = { id: r.body.id, code };
    await sys.botLoggedIn();
  });
  after(async () => {
    await db?.close();
    await sys?.stop();
  });

  it('FT-16 a certificate filed in H5 gets its 30-, 7- and 0-day reminders once each in the room, then asks for a new upload', async () => {
    const today = shanghaiDate(new Date());
    const expiresOn = shanghaiDate(new Date(Date.now() + 40 * DAY_MS));
    let documentId = '';
    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, partner.code);
      await go(page, '/pages/me/index');
      await page.locator('#me-documents').click();
      await page.locator('#doc-form').waitFor({ timeout: 20_000 });
      // a failed submit keeps what was typed and says what is missing beside the fields
      await input(page, 'doc-title').fill('增值电信业务经营许可证');
      await page.locator('#doc-submit').click();
      await page.locator('#doc-file-error').waitFor({ timeout: 5000 });
      await page.locator('#doc-kind-qualification').click();
      await fillDocument(page, { title: '增值电信业务经营许可证', issuedOn: today, expiresOn: '' });
      await page.locator('#doc-submit').click();
      await page.locator('#doc-expiresOn-error').waitFor({ timeout: 10_000 });
      assert.match(await page.locator('#doc-expiresOn-error').innerText(), /须填写有效期至/);
      assert.equal(await input(page, 'doc-title').inputValue(), '增值电信业务经营许可证', 'the typed title is kept');
      await input(page, 'doc-expiresOn').fill(expiresOn);
      await page.locator('#doc-file').setInputFiles({ name: '许可证.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.locator('#doc-submit').click();
      await page.locator('#doc-notice').waitFor({ timeout: 10_000 });
      documentId = (await db
        .collection('partner_documents')
        .findOne({ title: '增值电信业务经营许可证' }))!._id.toString();
      assert.match(await page.locator(`#doc-${documentId}`).innerText(), /有效/);
      assert.deepEqual(await axeSerious(page), []);
      await screenshot(page, 'h5-documents-filed');
    });

    // each reminder's moment (09:00 Beijing, 30, 7 and 0 days before): the worker posts it to the room once
    for (const [stage, n] of [
      [30, 1],
      [7, 2],
      [0, 3],
    ] as const) {
      advanceTestClock(clockFile, { to: new Date(reminderAt(expiresOn, stage).getTime() + 60_000) });
      await waitFor(`the ${stage}-day reminder`, async () => (await deliveries()).length >= n, 45_000);
    }
    await new Promise((r) => setTimeout(r, 3000)); // a few more reminder runs: nothing is posted twice
    const sent = await deliveries();
    assert.deepEqual(
      sent.map((d) => d.noticeId).sort(),
      [0, 30, 7].map((s) => `document-expiring-${documentId}-${s}`).sort(),
    );
    assert.ok(sent.every((d) => d.target === ROOM));
    assert.match(sent.find((d) => d.noticeId.endsWith('-30'))!.text, /30 天后到期/);
    assert.match(sent.find((d) => d.noticeId.endsWith('-0'))!.text, /今日到期/);

    // the day after expiry
    advanceTestClock(clockFile, { to: reminderAt(expiresOn, -1) });
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('#nav-workbench-documents').click();
      await page.locator(`#docs-table-row-${documentId}`).waitFor({ timeout: 20_000 });
      assert.match(await page.locator(`#docs-table-row-${documentId}`).innerText(), /已过期 1 天/);
      assert.deepEqual(await axeSerious(page), []);
      await screenshot(page, 'h5-documents-staff-expiring');
    }, DESKTOP);

    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, partner.code);
      await go(page, '/packages/intake/pages/documents/index');
      await page.locator(`#doc-replace-${documentId}`).waitFor({ timeout: 20_000 });
      assert.match(await page.locator(`#doc-${documentId}`).innerText(), /已过期，请重新上传/);
      await page.locator(`#doc-replace-${documentId}`).click();
      const now = shanghaiDate(new Date(reminderAt(expiresOn, -1).getTime()));
      const renewed = shanghaiDate(new Date(reminderAt(expiresOn, -1).getTime() + 3 * 365 * DAY_MS));
      await fillDocument(page, { title: '增值电信业务经营许可证', issuedOn: now, expiresOn: renewed });
      await page.locator('#doc-submit').click();
      await page.locator('#doc-notice').waitFor({ timeout: 10_000 });
      await page.locator(`#doc-${documentId}`).waitFor({ state: 'detached', timeout: 10_000 });
      await screenshot(page, 'h5-documents-replaced');
    });
    const old = await db
      .collection('partner_documents')
      .findOne({ title: '增值电信业务经营许可证', status: 'superseded' });
    assert.equal(old?._id.toString(), documentId);
  });
});
