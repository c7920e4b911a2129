/**
 * Headless Debian Chromium through playwright-core (never a downloaded browser), one per spec file,
 * with a throwaway profile. Pages get the console's base URL and screenshots go to test-results/screenshots/ (paths.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ownChildGroups } from '@yardguard/test/servers';
import { screenshotDir } from './paths.js';

/** The phone width every phone spec uses (issue #11: each role's main path at 375 px, an iPhone SE/mini width). */
export const PHONE = { width: 375, height: 812 } as const;

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export interface E2eBrowser {
  /** A fresh page (own storage) on the console; `lang` preset in localStorage ('zh' = default, nothing stored). */
  newPage(opts?: { lang?: 'zh' | 'en'; viewport?: { width: number; height: number } }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(baseUrl: string): Promise<E2eBrowser> {
  mkdirSync(screenshotDir, { recursive: true });
  const contexts: BrowserContext[] = [];
  // launch() gives Chromium a fresh temporary user-data dir (removed on close); each page below gets its
  // own incognito-like context so sessions and language choices do not leak between users.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, timeout: 60_000 });
  // Playwright starts Chromium in a process group of its own and kills it on close; owning that group
  // also kills it when this test worker dies without closing it (SIGKILL, crash).
  const chromiumGroup = ownChildGroups(/^chrom/);
  if (chromiumGroup.count === 0) console.warn('[e2e] Chromium process group not found: it is not owned');
  return {
    async newPage(opts = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', viewport: opts.viewport ?? { width: 1280, height: 800 } });
      contexts.push(context);
      context.setDefaultTimeout(20_000);
      if (opts.lang === 'en') await context.addInitScript(() => localStorage.setItem('yg.lang', 'en'));
      return context.newPage();
    },
    async screenshot(page, name) {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      chromiumGroup.release();
    },
  };
}

/** Sign in through the form, as a person does. */
export async function loginThroughForm(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  // Attached, not visible: at phone width the header hides the user name.
  await page.getByTestId('current-user').waitFor({ state: 'attached' });
}
