/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies are asserted field by field in tests */
/** What the end-to-end files share: their ports, dates, a small PDF, and api and page helpers bound to a system. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { shanghaiDate } from '@huoban/core';
import { input, modalOk, textarea } from './h5.js';
import { ADMIN, startSystem, type System, type SystemOptions } from './system.js';

/** The end-to-end system's ports (each engineer's environment sets its own). */
export const E2E_PORTS = {
  apiPort: Number(process.env.HUOBAN_E2E_API_PORT ?? 3100),
  webPort: Number(process.env.HUOBAN_E2E_WEB_PORT ?? 8180),
};

/** The Beijing date `offset` days from now (YYYY-MM-DD). */
export const day = (offset: number): string => shanghaiDate(new Date(Date.now() + offset * 86_400_000));

/** The smallest PDF the evidence and minutes uploads take. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Starts api, worker, bot and H5 on the end-to-end ports. */
export const startE2E = (opts: Partial<SystemOptions> = {}): Promise<System> => startSystem({ ...E2E_PORTS, ...opts });

/**
 * Helpers bound to the system a file starts in its `before` (hence a getter): `must` calls the api and requires a
 * 200/201 (as the admin unless a token is given; `''` for none), `go` opens a route with a fresh load (a hash change
 * alone can leave the previous page instance on top), `loginAsStaff` signs in through the login page.
 */
export function harness(system: () => System) {
  async function must(method: string, path: string, body?: unknown, token?: string): Promise<any> {
    const bearer = token ?? (await system().staffToken());
    const r = await system().call(method, path, { token: bearer, body });
    if (r.status === 404) {
      // a record just written and not found: a second look a second later, by the same caller and by staff, and whose
      // token asked, tell a read that missed from a write that was lost or a caller scoped elsewhere
      await new Promise((ok) => setTimeout(ok, 1000));
      const record = /^(.*?\/[0-9a-f]{24})(?:\/|\?|$)/.exec(path)?.[1];
      const look = async (t: string) => (record ? (await system().call('GET', record, { token: t })).status : '-');
      const claims = JSON.parse(Buffer.from(bearer.split('.')[1] ?? '', 'base64url').toString() || '{}');
      assert.fail(
        `${method} ${path} → 404 ${JSON.stringify(r.body)}; GET ${record} after 1 s: ${await look(bearer)} as the ` +
          `caller, ${await look(await system().staffToken())} as staff; token ${JSON.stringify(claims)}`,
      );
    }
    assert.ok([200, 201].includes(r.status), `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  async function go(page: Page, path: string): Promise<void> {
    await page.goto(`${system().webUrl}/#${path}`);
    await page.reload();
  }
  async function loginAsStaff(page: Page, username: string = ADMIN.username, password: string = ADMIN.password) {
    await page.goto(`${system().webUrl}/`);
    await input(page, 'login-staff-username').fill(username);
    await input(page, 'login-staff-password').fill(password);
    await page.locator('#login-staff-submit').click();
    await page.waitForURL(/#\/(pages|packages)\/(?!.*login)/, { timeout: 20_000 });
  }
  return { must, go, loginAsStaff };
}

/** Staff on 招募管理: a batch recruitment drafted and published (招募中); resolves to its id. */
export async function publishRecruitment(page: Page, r: { title: string; quota: number; closesOn: string }) {
  await input(page, 'rec-title').fill(r.title);
  await input(page, 'rec-quota').fill(String(r.quota));
  await input(page, 'rec-closes').fill(r.closesOn);
  await page.locator('#rec-create').click();
  const item = page.locator('.intake__item', { hasText: r.title });
  await item.waitFor({ timeout: 15_000 });
  const id = (await item.getAttribute('id'))!.replace(/^rec-/, '');
  await page.locator(`#rec-publish-${id}`).click();
  await page.locator(`#rec-status-${id}`).getByText('招募中').waitFor({ timeout: 15_000 });
  return id;
}

/**
 * Staff on 退出审批: start the approval, approve with `reason`, and terminate before the agreed end date with the
 * partner's written agreement (FT-17.3), confirming each step's dialog.
 */
export async function approveAndTerminateExit(page: Page, caseId: string, reason: string, agreement: string) {
  await page.locator(`#exit-start-approval-${caseId}`).click();
  await modalOk(page);
  await page.locator(`#exit-approve-${caseId}`).waitFor({ timeout: 15_000 });
  await textarea(page, `exit-reason-${caseId}`).fill(reason);
  await page.locator(`#exit-approve-${caseId}`).click();
  await modalOk(page);
  await page.locator(`#exit-terminate-${caseId}`).waitFor({ timeout: 15_000 });
  await textarea(page, `exit-reason-${caseId}`).fill(agreement);
  await page.locator(`#exit-terminate-${caseId}`).click();
  await modalOk(page);
}
