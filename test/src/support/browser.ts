/** Chromium (Debian's, headless) on a phone-sized viewport for the H5 build, and the partner login on it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export async function openBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'huoban-chromium-')), {
    executablePath: process.env.HUOBAN_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 390, height: 844 },
  });
}

/** Signs a partner in through the H5 login page (dev login by partner code); lands on the complaint list. */
export async function loginPartner(context: BrowserContext, webUrl: string, code: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${webUrl}/`);
  await page.locator('#login-partner-code input, input#login-partner-code').first().fill(code);
  await page.locator('#login-partner-submit').click();
  await page.getByText('我的评分', { exact: true }).waitFor({ timeout: 20_000 });
  return page;
}

/** A Taro <Textarea> renders as a wrapper with the id around the real textarea (or the textarea itself). */
export const textarea = (page: Page, id: string) => page.locator(`#${id} textarea, textarea#${id}`).first();
