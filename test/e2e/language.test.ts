/**
 * Language switch, on a phone (375 px): the console opens in Simplified Chinese; English on the login page carries over
 * into the alert desk (live alerts included), survives a reload, and switches back.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { zh } from '../../console/src/i18n/zh.js';
import { en } from '../../console/src/i18n/en.js';
import { PHONE } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

const env = systemWithBrowser();

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe('language switch', () => {
  it('switches the login page and the alert desk to English and back', async () => {
    const { sys, browser } = env;
    const page = await browser.newPage({ viewport: PHONE });
    await page.goto('/');
    await page.getByTestId('login-form').waitFor();
    expect(await heading(page).textContent()).toBe(zh['login.title']);
    expect(await htmlLang(page)).toBe('zh-CN');

    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { level: 1, name: en['login.title'] }).waitFor();
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByTestId('login-submit').textContent()).toBe(en['login.submit']);
    expect(await page.getByText(en['login.username'], { exact: true }).count()).toBe(1);
    expect(await page.title()).toContain(en['app.title']);
    await browser.screenshot(page, '30-login-en-375');

    // A wrong password is explained in English too.
    await page.getByTestId('login-username').fill('guard1');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    expect(await page.getByTestId('login-error').textContent()).toBe(en['login.failed']);

    await page.getByTestId('login-password').fill(sys.demoPassword);
    await page.getByTestId('login-submit').click();
    // Attached, not visible: at phone width the header hides the user name.
    await page.getByTestId('current-user').waitFor({ state: 'attached' });
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alert-count').waitFor();
    expect(await page.getByTestId('nav-alerts').textContent()).toBe(en['nav.alerts']);
    expect(await heading(page).textContent()).toBe(en['alerts.title']);

    // A live alert arrives while the desk is in English: its row's buttons are English.
    await sys.compound.gates.get('gate-main')!.forceDoor();
    const row = page.getByTestId('alert-row').first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('alert-ack').textContent()).toBe(en['alerts.ack']);
    expect(await page.getByTestId('alert-count').textContent()).toMatch(/\d+ alerts?/);
    await browser.screenshot(page, '31-alert-desk-en-375');

    // The choice is kept across a reload.
    await page.reload();
    await page.getByTestId('alert-count').waitFor();
    expect(await heading(page).textContent()).toBe(en['alerts.title']);

    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { level: 1, name: zh['alerts.title'] }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');
    expect(await page.getByTestId('nav-alerts').textContent()).toBe(zh['nav.alerts']);
    expect(await page.getByTestId('alert-row').first().getByTestId('alert-ack').textContent()).toBe(zh['alerts.ack']);
    await browser.screenshot(page, '32-alert-desk-zh-again-375');
    await page.context().close();
  });
});
