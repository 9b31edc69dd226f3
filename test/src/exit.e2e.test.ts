/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectMongo } from '@huoban/core';
import { approveAndTerminateExit, harness, startE2E } from './support/e2e.js';
import { input, loginAsPartner, screenshot, textarea, withBrowser } from './support/h5.js';
import { waitFor, type System } from './support/system.js';

const ROOM = 'room:伙伴运营值班群';

/**
 * FT-17.3 / FT-18 across real processes: a partner files an exit request in H5 with an open complaint listed as a
 * blocker, the complaint is closed, staff approve in the 工作台 and record the termination, the partner sees 已退出
 * and cannot file anything new, and each staff alert reaches the mock WeChat room once.
 */
describe('exit end to end (api + worker + bot + H5 on FerretDB and Redis)', () => {
  let sys: System;
  let db: Connection;
  let partner: { id: string; code: string };

  const { must, go, loginAsStaff } = harness(() => sys);
  const deliveries = (caseId: string) =>
    db.collection('bot_deliveries').find({ 'ref.entity': 'exit_case', 'ref.id': caseId }).toArray();

  before(async () => {
    sys = await startE2E();
    db = await connectMongo(sys.mongoUrl);
    const programmeId = (await must('GET', '/api/v1/programmes'))[0].id;
    const code = `X${randomBytes(3).toString('hex').toUpperCase()}`;
    partner = {
      id: (await must('POST', '/api/v1/partners', { code, name: '退出端到端科技有限公司', programmeId })).id,
      code,
    };
    await sys.botLoggedIn();
  });
  after(async () => {
    await db?.close();
    await sys?.stop();
  });

  it('FT-17.3 FT-18 request with a blocker → complaint closed → staff approve and terminate → 已退出, alerts once', async () => {
    const complaint = await must('POST', '/api/v1/complaints', {
      partnerId: partner.id,
      kind: 'ordinary',
      channel: 'hotline_10086',
      summary: '客户反映退款未到账',
      receivedAt: new Date().toISOString(),
    });

    let caseId = '';
    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, partner.code);
      await go(page, '/packages/exit/pages/apply/index');
      await page.locator(`#exit-blocker-${complaint.id}`).waitFor({ timeout: 20_000 });
      const earliest = (await page.locator('#exit-earliest').innerText()).trim();
      assert.match(earliest, /^\d{4}-\d{2}-\d{2}$/);
      // the page refuses an earlier date itself
      await textarea(page, 'exit-reason').fill('公司业务方向调整，申请退出合作');
      await input(page, 'exit-desired').fill('2000-01-01');
      await page.locator('#exit-commit').click();
      await page.locator('#exit-submit').click();
      await page.locator('#exit-desired-error').waitFor({ timeout: 5000 });
      assert.equal((await must('GET', '/api/v1/exit/cases')).items.length, 0, 'nothing reached the api');
      await input(page, 'exit-desired').fill(earliest);
      await page.locator('#exit-submit').click();
      await page.locator('[id^="exit-status-"]').first().waitFor({ timeout: 10_000 });
      caseId = (await page.locator('[id^="exit-case-"]').first().getAttribute('id'))!.replace('exit-case-', '');
      assert.match(await page.locator(`#exit-status-${caseId}`).innerText(), /已申请/);
      assert.match(await page.locator(`#exit-stage-${caseId}-approval-start`).innerText(), /截止/);
      await screenshot(page, 'h5-exit-requested');
    });

    const detail = await must('GET', `/api/v1/exit/cases/${caseId}`);
    assert.deepEqual(
      detail.blockers.map((b: any) => b.id),
      [complaint.id],
    );
    // approval cannot start while the complaint is open
    const staff = await sys.staffToken();
    assert.equal((await sys.call('POST', `/api/v1/exit/cases/${caseId}/start-approval`, { token: staff })).status, 409);

    // the complaint is answered and confirmed: closed
    const pToken = (await sys.call('POST', '/api/v1/auth/partner/dev-login', { body: { partnerCode: partner.code } }))
      .body.accessToken;
    const replied = await must(
      'POST',
      `/api/v1/complaints/${complaint.id}/replies`,
      { text: '已查明原因并完成退款' },
      pToken,
    );
    await must('POST', `/api/v1/complaints/${complaint.id}/confirm`, { replyId: replied.replies.at(-1).id });

    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('#workbench-exits').click();
      await page.locator(`#exit-${caseId}`).waitFor({ timeout: 20_000 });
      // FT-17.3: the agreed end date is months away — terminated only with the partner's agreement, written down
      await approveAndTerminateExit(page, caseId, '预审无未办结事项，同意退出', '伙伴书面同意提前终止合作');
      await waitFor(
        'terminated',
        async () => (await must('GET', `/api/v1/exit/cases/${caseId}`)).status === 'terminated',
        10_000,
      );
      await screenshot(page, 'h5-exit-staff-queue');
    });

    await withBrowser(async (page) => {
      await loginAsPartner(page, sys.webUrl, partner.code);
      await go(page, '/packages/exit/pages/apply/index');
      await page.locator('#exit-exited').waitFor({ timeout: 20_000 });
      assert.match(await page.locator('#exit-exited').innerText(), /已退出/);
      assert.match(await page.locator(`#exit-status-${caseId}`).innerText(), /已终止合作/);
      assert.equal(await page.locator('#exit-form').count(), 0, 'no new request form');
      await screenshot(page, 'h5-exit-exited');
    });
    const again = await sys.call('POST', '/api/v1/exit/requests', {
      token: pToken,
      body: { reason: '再次申请', desiredEndOn: '2099-01-01', commitment: true },
    });
    assert.equal(again.status, 409, 'an exited partner files nothing new');

    // staff alerts: the filed request and the termination, once each, in the WeChat room
    await waitFor('exit alerts delivered', async () => (await deliveries(caseId)).length >= 2, 45_000);
    await new Promise((r) => setTimeout(r, 1500));
    const sent = await deliveries(caseId);
    assert.deepEqual(sent.map((d) => d.noticeId).sort(), [`exit-${caseId}-filed`, `exit-${caseId}-terminated`]);
    assert.ok(sent.every((d) => d.target === ROOM));
    assert.match(sent.find((d) => d.noticeId.endsWith('terminated'))!.text, /伙伴已退出/);
  });
});
