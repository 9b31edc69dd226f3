/** The H5 build in a real headless Chromium (playwright-core, no browser download): launch, partner login, screenshots. */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS } from './system.js';

/** A phone (the default) and the desktop staff console's size. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

/** A fresh profile (empty storage, so no session leaks between tests) in a phone-sized (or the given) viewport. */
async function launchChromium(viewport = PHONE): Promise<BrowserContext> {
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
    viewport,
  });
}

/** Runs `use` on a page of its own browser, closed afterwards whatever happens. */
export async function withBrowser<T>(use: (page: Page) => Promise<T>, viewport = PHONE): Promise<T> {
  const context = await launchChromium(viewport);
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Signs in through the login page (dev login by partner code); resolves once the app has left the login page. */
export async function loginAsPartner(page: Page, webUrl: string, partnerCode: string): Promise<void> {
  await page.goto(`${webUrl}/`);
  await page.locator('#login-partner-code input, input#login-partner-code').first().fill(partnerCode);
  await page.locator('#login-partner-submit').click();
  await page.waitForURL(/pages\/complaints\/index/, { timeout: 20_000 });
}

/** A Taro Textarea (`<taro-textarea-core id>` wrapping a `<textarea>`). */
export const textarea = (page: Page, id: string) => page.locator(`#${id} textarea, textarea#${id}`).first();

/** Full-page screenshot into test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
