/**
 * The manager's 一屏观全域 in real Chromium against the real cloud, edge agent and simulated
 * compound: on a 1920 px wall screen (dark, large type) the compound with a forced door moves to
 * the top with a critical-alert problem, live, without a reload; on a phone (375 px) the same page.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '@yardguard/test/servers';
import { loginThroughForm } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

const env = systemWithBrowser();

describe('manager: one screen for all compounds', () => {
  it('wall screen at 1920 px: a forced door puts its compound first with a critical alert, live', async () => {
    const { sys, browser } = env;
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await loginThroughForm(page, 'manager', sys.demoPassword);
    await page.goto('/#/overview');
    await page.getByTestId('wall-enter').click();
    await page.locator('[data-testid="overview"][data-wall="true"]').waitFor();
    await page.locator('[data-testid="live-state"][data-state="online"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('nav').isVisible()).toBe(false);
    const bodySize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(bodySize).toBeGreaterThanOrEqual(20);
    const cards = page.getByTestId('compound-card');
    await waitFor(async () => (await cards.count()) >= 2, { message: 'both demo compounds on the wall' });
    await browser.screenshot(page, 'manager-01-wall-1920-before');

    await sys.compound.gates.get('gate-main')!.forceDoor();
    const first = page.locator(`[data-testid="compound-card"][data-compound-id="${sys.compoundId}"][data-problems~="critical_alert"]`);
    await first.waitFor({ timeout: 30_000 });
    expect(await cards.first().getAttribute('data-compound-id')).toBe(sys.compoundId);
    await browser.screenshot(page, 'manager-02-wall-1920-forced-door');
    await page.getByTestId('wall-exit').click();
    await page.locator('[data-testid="overview"][data-wall="false"]').waitFor();
    await page.context().close();
  });

  it('the same page on a phone (375 px)', async () => {
    const { sys, browser } = env;
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
    await loginThroughForm(page, 'manager', sys.demoPassword);
    await page.goto('/#/overview');
    await page.getByTestId('compound-card').first().waitFor();
    expect(await page.getByTestId('overview-problems').textContent()).toMatch(/个楼院需要处理|全部正常/);
    await browser.screenshot(page, 'manager-03-overview-375');
    await page.context().close();
  });
});
