/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { harness, startE2E } from './support/e2e.js';
import { input, screenshot, textarea, withBrowser } from './support/h5.js';
import type { System } from './support/system.js';

/** The 告警设置 page of the H5 build against the real api: an admin edits and saves, other staff only read. */
describe('告警设置 in Chromium (api on FerretDB and Redis)', () => {
  let sys: System;
  let programmeId: string;
  const viewer = { username: `viewer-${randomBytes(2).toString('hex')}`, password: 'viewer-pass-123' };

  const { must, go, loginAsStaff } = harness(() => sys);
  async function openFromWorkbench(page: Page) {
    await go(page, '/packages/staff/pages/workbench/index');
    await page.locator('#workbench-alerts').click();
    await page.locator(`#alerts-programme-${programmeId}`).click();
    await page.locator('#alerts-status').waitFor({ timeout: 20_000 });
  }

  before(async () => {
    sys = await startE2E({ bot: false });
    programmeId = (await must('GET', '/api/v1/programmes'))[0].id;
    await must('POST', '/api/v1/intake/staff-users', { ...viewer, role: 'staff', displayName: '值班员工' });
  });
  after(async () => {
    await sys?.stop();
  });

  it('an admin sets rooms, contacts and quiet hours from the 工作台 and saves; a reload shows them; audited', async () => {
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await openFromWorkbench(page);
      assert.match(await page.locator('#alerts-status').innerText(), /尚未设置/);
      assert.match(await page.locator('#alerts-urgent').innerText(), /投诉超时.*暂停合作.*退出办理时限/);
      assert.match(await page.locator('#alerts-held').innerText(), /投诉时限预警/);
      await textarea(page, 'alerts-rooms').fill('甲项目告警群\n甲项目主管群');
      await textarea(page, 'alerts-contacts').fill('王经理');
      await page.locator('#alerts-quiet-on').click();
      // a bad time is refused by the api and shown under the field
      await input(page, 'alerts-quiet-start').fill('25:00');
      await input(page, 'alerts-reason').fill('甲项目告警改由项目群接收');
      await page.locator('#alerts-save').click();
      await page.locator('#alerts-quiet-error').waitFor({ timeout: 10_000 });
      assert.match(await page.locator('#alerts-quiet-error').innerText(), /免打扰开始时间：须为 HH:mm 时刻/);
      await input(page, 'alerts-quiet-start').fill('22:30');
      await input(page, 'alerts-quiet-end').fill('07:30');
      await page.locator('#alerts-save').click();
      await page.locator('#alerts-status').filter({ hasText: '第 1 版' }).waitFor({ timeout: 10_000 });
      await page.reload();
      await page.locator(`#alerts-programme-${programmeId}`).click();
      await page.locator('#alerts-status').filter({ hasText: '第 1 版' }).waitFor({ timeout: 20_000 });
      assert.equal(await textarea(page, 'alerts-rooms').inputValue(), '甲项目告警群\n甲项目主管群');
      assert.equal(await textarea(page, 'alerts-contacts').inputValue(), '王经理');
      assert.equal(await input(page, 'alerts-quiet-start').inputValue(), '22:30');
      assert.equal(await input(page, 'alerts-quiet-end').inputValue(), '07:30');
      assert.match(await page.locator('#alerts-status').innerText(), /甲项目告警改由项目群接收/);
      await screenshot(page, 'h5-alert-settings');
    });
    const saved = await must('GET', `/api/v1/programmes/${programmeId}/alert-settings`);
    assert.deepEqual(
      [saved.rooms, saved.contacts, saved.quietHours],
      [['甲项目告警群', '甲项目主管群'], ['王经理'], { start: '22:30', end: '07:30' }],
    );
    const audit = await must('GET', `/api/v1/audit?entity=programme&entityId=${programmeId}`);
    const entries = audit.items.filter((e: any) => e.action === 'alert_settings.updated');
    assert.equal(entries.length, 1, 'the refused save wrote nothing');
    assert.equal(entries[0].reason, '甲项目告警改由项目群接收');
  });

  it('a staff member who is not an admin reads the settings but cannot edit them (and the api refuses with 403)', async () => {
    await withBrowser(async (page) => {
      await loginAsStaff(page, viewer.username, viewer.password);
      await openFromWorkbench(page);
      await page.locator('#alerts-readonly').waitFor({ timeout: 10_000 });
      assert.equal(await textarea(page, 'alerts-rooms').inputValue(), '甲项目告警群\n甲项目主管群');
      assert.equal(await page.locator('#alerts-save').count(), 0);
    });
    const token = (await sys.call('POST', '/api/v1/auth/staff/login', { body: viewer })).body.accessToken as string;
    const r = await sys.call('PUT', `/api/v1/programmes/${programmeId}/alert-settings`, {
      token,
      body: { rooms: ['乱改的群'], contacts: [], quietHours: null, rev: 1, reason: '试试' },
    });
    assert.equal(r.status, 403);
  });

  it('issue #19: an admin adds a WeCom robot and its channel; the key is shown only masked, kept on a later save, then removed', async () => {
    const key = `${randomBytes(4).toString('hex')}-7000-4bc4-97a0-0ec2a1fa5aaa`;
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await openFromWorkbench(page);
      await page.waitForLoadState('networkidle'); // the page loads the programme's settings twice: let both land
      await page.locator('#alerts-robot-add').click();
      await input(page, 'alerts-robot-0-name').fill('值班机器人');
      await input(page, 'alerts-robot-0-key').fill(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`);
      await page.locator('#alerts-channel-wecom').click();
      await input(page, 'alerts-reason').fill('加企业微信机器人');
      await page.locator('#alerts-save').click();
      await page.locator('#alerts-status').filter({ hasText: '第 2 版' }).waitFor({ timeout: 10_000 });
      await page.reload();
      await page.locator(`#alerts-programme-${programmeId}`).click();
      await page.locator('#alerts-status').filter({ hasText: '第 2 版' }).waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle');
      assert.equal(await input(page, 'alerts-robot-0-name').inputValue(), '值班机器人');
      assert.equal(await input(page, 'alerts-robot-0-key').inputValue(), '', 'the key is never filled back');
      assert.match((await input(page, 'alerts-robot-0-key').getAttribute('placeholder')) ?? '', /\*\*\*\*5aaa/);
      assert.equal(await page.locator('#alerts-channel-wecom').getAttribute('aria-pressed'), 'true');
      assert.ok(!(await page.content()).includes(key), 'the key is nowhere in the page');
      // a save that does not retype the key keeps it
      await input(page, 'alerts-robot-0-name').fill('告警机器人');
      await input(page, 'alerts-reason').fill('改名');
      await page.locator('#alerts-save').click();
      await page.locator('#alerts-status').filter({ hasText: '第 3 版' }).waitFor({ timeout: 10_000 });
      await screenshot(page, 'h5-alert-settings-wecom');
      await page.locator('#alerts-robot-0-remove').click();
      await page.locator('#alerts-channel-wecom').click();
      await input(page, 'alerts-reason').fill('删除机器人');
      await page.locator('#alerts-save').click();
      await page.locator('#alerts-status').filter({ hasText: '第 4 版' }).waitFor({ timeout: 10_000 });
    });
    const audit = await must('GET', `/api/v1/audit?entity=programme&entityId=${programmeId}`);
    const renamed = audit.items.find((e: any) => e.reason === '改名');
    assert.deepEqual(
      renamed.after.wecomRobots.map((r: any) => [r.name, r.keyHint]),
      [['告警机器人', '****5aaa']],
    );
    assert.ok(!JSON.stringify(audit).includes(key));
    const saved = await must('GET', `/api/v1/programmes/${programmeId}/alert-settings`);
    assert.deepEqual([saved.channels, saved.wecomRobots], [['wechat'], []]);
  });
});
