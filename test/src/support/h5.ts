/* eslint-disable @typescript-eslint/no-explicit-any -- axe-core's result, read in the page */
/** The H5 build in a real headless Chromium (playwright-core, no browser download): launch, partner login, screenshots. */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS } from './system.js';

/** A phone (the default) and the desktop staff console's size. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

/** A browser profile of its own (one person's storage: a session survives closing the browser). */
export const newProfile = (): string => mkdtempSync(join(tmpdir(), 'huoban-chromium-'));

/** A phone-sized (or the given) viewport on a profile: a fresh one (no session leaks between tests) unless given. */
async function launchChromium(viewport = PHONE, profile = newProfile()): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
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

/** Runs `use` on a page of its own browser (on `profile`, e.g. a person's, else a fresh one), closed afterwards. */
export async function withBrowser<T>(use: (page: Page) => Promise<T>, viewport = PHONE, profile?: string): Promise<T> {
  const context = await launchChromium(viewport, profile);
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

/** A Taro Input (`<taro-input-core id>` wrapping an `<input>`). */
export const input = (page: Page, id: string) => page.locator(`#${id} input, input#${id}`).first();

/** Confirms the open Taro modal (showModal). */
export const modalOk = (page: Page) => page.locator('.taro__modal').getByText('确定', { exact: true }).click();

/** The page's script errors from now on (a page that went blank on one). */
export function scriptErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Full-page screenshot into test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** One axe-core finding: the rule, its impact and how many elements break it. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical findings (WCAG 2 A/AA) on the page as it is now. */
export async function axeSerious(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (globalThis as { axe?: any }).axe;
    const res = await axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return res.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n: any) => String(n.target)),
      }));
  });
}
