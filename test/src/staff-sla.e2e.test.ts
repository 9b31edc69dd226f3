/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field */
import { afterAll as after, beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import {
  QueueName,
  connectMongo,
  createQueue,
  ft12LateKey,
  periodOf,
  redisConnection,
  slaJobId,
  warningStage,
} from '@huoban/core';
import { harness, startE2E } from './support/e2e.js';
import { screenshot, withBrowser } from './support/h5.js';
import { waitFor, type System } from './support/system.js';

const H = 3_600_000;
/** Beijing wall-clock text, as another system's export writes it: `2026-11-30 09:15`. */
const beijing = (d: Date) => new Date(d.getTime() + 8 * H).toISOString().slice(0, 16).replace('T', ' ');

/** The staff SLA pages of the H5 build (临期投诉, 投诉时效报表, 投诉导入) against the real api and worker. */
describe('staff SLA pages in Chromium (api + worker on FerretDB and Redis)', () => {
  let sys: System;
  let programmeId: string;
  let partner: { id: string; code: string };
  let other: { id: string; code: string };
  const ids: Record<string, string> = {};
  const files = mkdtempSync(join(tmpdir(), 'huoban-staff-sla-e2e-'));

  const { must, go, loginAsStaff } = harness(() => sys);
  const newPartner = async (name: string) => {
    const code = `S${randomBytes(3).toString('hex').toUpperCase()}`;
    return { id: (await must('POST', '/api/v1/partners', { code, name, programmeId })).id as string, code };
  };
  const register = async (p: { id: string }, receivedAt: Date, kind = 'ordinary') =>
    (
      await must('POST', '/api/v1/complaints', {
        partnerId: p.id,
        kind,
        channel: kind === 'ordinary' ? 'hotline_10086' : 'miit',
        summary: `客户反映问题 ${randomBytes(2).toString('hex')}`,
        receivedAt: receivedAt.toISOString(),
      })
    ).id as string;
  const partnerComplaints = async (p: { id: string }) =>
    (await must('GET', `/api/v1/complaints?partnerId=${p.id}&pageSize=100`)).total as number;

  before(async () => {
    sys = await startE2E({ bot: false });
    programmeId = (
      await must('POST', '/api/v1/programmes', {
        code: `e2e-sla-${randomBytes(3).toString('hex')}`,
        name: '时效测试计划',
        rulebook: 'scorecard',
        // around the clock, so working time left is wall time and the test does not depend on the hour
        complaintWindow: { start: '00:00', end: '24:00', days: 'all' },
        slaHours: 12,
        warningMinutes: [60],
      })
    ).id;
    partner = await newPartner('临期测试科技有限公司');
    other = await newPartner('另一家伙伴有限公司');
    const now = Date.now();
    ids.soon = await register(partner, new Date(now - 10 * H)); // 2 h left
    ids.later = await register(other, new Date(now - 1 * H)); // 11 h left
    ids.mid = await register(partner, new Date(now - 6 * H), 'escalated'); // 6 h left
    ids.late = await register(partner, new Date(now - 30 * H)); // past due: the worker breaches it
    // one answered in time, for the report's within-SLA figures
    ids.answered = await register(partner, new Date(now - 2 * H));
    const token = (await sys.call('POST', '/api/v1/auth/partner/dev-login', { body: { partnerCode: partner.code } }))
      .body.accessToken;
    const replied = await must('POST', `/api/v1/complaints/${ids.answered}/replies`, { text: '已为客户处理' }, token);
    await must('POST', `/api/v1/complaints/${ids.answered}/confirm`, { replyId: replied.replies[0].id });
    await waitFor(
      'the past-due complaint breached',
      async () => (await must('GET', `/api/v1/complaints/${ids.late}`)).slaState === 'breached',
      20_000,
    );
  });

  after(async () => {
    await sys?.stop();
  });

  it('WT-4 临期投诉: running complaints by working time left with live countdowns, filtered by partner, tap → detail', async () => {
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('#workbench-due').click();
      await page.locator(`#due-${ids.later}`).waitFor({ timeout: 15_000 });
      const order = await page
        .locator('[id^="due-"][class*="item"]')
        .evaluateAll((els) => els.map((e) => e.id.replace('due-', '')));
      const mine = [ids.soon, ids.mid, ids.later].map((id) => order.indexOf(id));
      assert.ok(
        mine.every((i) => i >= 0),
        `all three listed: ${order.join(',')}`,
      );
      assert.deepEqual(
        [...mine].sort((a, b) => a - b),
        mine,
        'by working time left',
      );
      assert.ok(!order.includes(ids.answered), 'an answered complaint is not due');
      assert.ok(!order.includes(ids.late), 'a breached complaint is not in the queue');
      const countdown = page.locator(`#due-countdown-${ids.soon}`);
      const first = await countdown.innerText();
      assert.match(first, /^剩余 1小时5\d分\d\d秒$/);
      await page.waitForTimeout(1500);
      assert.notEqual(await countdown.innerText(), first, 'the countdown ticks');
      assert.match(await page.locator(`#due-working-${ids.soon}`).innerText(), /工作时间剩余 1小时5\d分/);
      await screenshot(page, 'h5-staff-due-queue');

      await page.locator(`#due-partner-${other.id}`).click();
      await page.locator(`#due-${ids.soon}`).waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(await page.locator(`#due-${ids.later}`).count(), 1);
      await page.locator(`#due-${ids.later}`).click();
      await page.waitForURL(new RegExp(`complaint/pages/detail/index\\?id=${ids.later}`), { timeout: 10_000 });
    });
  });

  it('FT-12a 投诉时效报表: per-partner figures, the trend chart and the Excel download', async () => {
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('#workbench-sla').click();
      await page.locator(`#sla-programme-${programmeId}`).click();
      const row = page.locator(`#sla-row-${partner.id}`);
      await row.waitFor({ timeout: 15_000 });
      // partner: 4 complaints (soon, mid, late, answered): 1 within, 1 late, 2 running → 50%
      assert.match(await row.innerText(), /临期测试科技有限公司\s+4\s+1\s+1\s+2\s+50%/);
      assert.equal(await page.locator('#sla-total-complaints').innerText(), '5');
      assert.equal(await page.locator('#sla-total-share').innerText(), '50%');
      await page.locator('#sla-trend .trend__bar').first().waitFor();
      assert.ok((await page.locator('#sla-trend .trend__bar').count()) >= 1, 'the trend chart renders');
      await screenshot(page, 'h5-staff-sla-report');
      const download = page.waitForEvent('download', { timeout: 15_000 });
      await page.locator('#sla-export').click();
      const file = await download;
      assert.equal(file.suggestedFilename(), `投诉时效报表-${periodOf(new Date())}.xlsx`);
    });
  });

  it('FT-13 WT-4 投诉导入: a file with a bad row is listed and stores nothing; a good one registers complaints with their timers', async () => {
    const imported = await newPartner('导入测试有限公司');
    const now = Date.now();
    await withBrowser(async (page) => {
      await loginAsStaff(page);
      await go(page, '/packages/staff/pages/workbench/index');
      await page.locator('#workbench-complaint-import').click();
      await page.locator(`#cimport-programme-${programmeId}`).click();
      const header = '伙伴编码,投诉类型,渠道,摘要,受理时间,外部编号';
      const bad = join(files, '投诉-有错.csv');
      writeFileSync(
        bad,
        `\uFEFF${header}\n${imported.code},普通,10086热线,扣费未到账,${beijing(new Date(now - H))},OLD-1\n` +
          `${imported.code},紧急,10086热线,到账慢,${beijing(new Date(now - H))},OLD-2\n`,
      );
      await page.locator('#cimport-file-input').setInputFiles(bad);
      await page.locator('#cimport-submit').click();
      await page.locator('#cimport-errors').waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('[id^="cimport-error-row-"]').count(), 1);
      assert.match(await page.locator('#cimport-error-row-0').innerText(), /第 3 行\s+投诉类型\s+紧急/);
      await screenshot(page, 'h5-staff-complaint-import-422');
      assert.equal(await partnerComplaints(imported), 0, 'nothing stored');

      const good = join(files, '投诉.csv');
      writeFileSync(
        good,
        `\uFEFF${header}\n${imported.code},升级,工信部,工信部转办,${beijing(new Date(now - H))},OLD-1\n` +
          `${imported.code},普通,10086热线,扣费未到账,${beijing(new Date(now - 3 * 24 * H))},OLD-2\n`,
      );
      await page.locator('#cimport-file-input').setInputFiles(good);
      await page.locator('#cimport-submit').click();
      await page.locator('#cimport-summary', { hasText: '新登记 2 件' }).waitFor({ timeout: 15_000 });
      await screenshot(page, 'h5-staff-complaint-import-done');
      // the past-due one breaches at once (the worker), so the queue shows only the running one
      const overdue = ((await must('GET', `/api/v1/complaints?partnerId=${imported.id}`)).items as any[]).find(
        (c) => c.kind === 'ordinary',
      );
      await waitFor(
        'the imported past-due complaint breached',
        async () => (await must('GET', `/api/v1/complaints/${overdue.id}`)).slaState === 'breached',
        20_000,
      );
      await page.locator('#cimport-open-queue').click();
      await page.locator(`#due-${ids.soon}`).waitFor({ timeout: 10_000 });
      await page.locator(`#due-partner-${imported.id}`).click();
      await page.locator(`#due-${ids.soon}`).waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(
        await page.locator('[id^="due-countdown-"]').count(),
        1,
        'the running one is due; the past-due one breached',
      );
      assert.match(await page.locator('[id^="due-countdown-"]').first().innerText(), /^剩余 10小时5\d分/);
      await screenshot(page, 'h5-staff-due-queue-imported');
    });

    const list = (await must('GET', `/api/v1/complaints?partnerId=${imported.id}`)).items as any[];
    assert.equal(list.length, 2);
    const running = list.find((c) => c.kind === 'escalated');
    const overdue = list.find((c) => c.kind === 'ordinary');
    // the running one's timers are in Redis under their deterministic ids
    const redis = redisConnection(sys.env.HUOBAN_REDIS_URL);
    const sla = createQueue(QueueName.Sla, redis, sys.env.HUOBAN_QUEUE_PREFIX);
    try {
      assert.ok(await sla.getJob(slaJobId(running.id, 'breach')), 'breach timer');
      assert.ok(
        await sla.getJob(slaJobId(running.id, warningStage(60))),
        'warning timer (60 working minutes before due)',
      );
    } finally {
      await sla.close();
      redis.disconnect();
    }
    // the past-due one breached exactly once (one breach record, one FT-12 score event), also after sweeps
    await new Promise((r) => setTimeout(r, 4500)); // two sweeper rounds
    const db = await connectMongo(sys.mongoUrl);
    try {
      assert.equal(await db.collection('sla_breaches').countDocuments({ _id: new Types.ObjectId(overdue.id) }), 1);
      assert.equal(await db.collection('score_events').countDocuments({ idempotencyKey: ft12LateKey(overdue.id) }), 1);
    } finally {
      await db.close();
    }
  });
});
