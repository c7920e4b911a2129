/**
 * The manager's 一屏观全域 in real Chromium against the real cloud, edge agent and simulated
 * compound: on a 1920 px wall screen (dark, large type) the compound with a forced door moves to
 * the top with a critical-alert problem, live, without a reload; on a phone (375 px) the same page,
 * and the manager's screens (管理): a robot channel, an account, the alert policy, the gate-open log.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '@yardguard/test/servers';
import { ApiClient } from './helpers/api.js';
import { loginThroughForm, PHONE } from './helpers/browser.js';
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

  it('charts at 1920 px: uPlot draws the four charts (loaded on this page only), device names in the data table', async () => {
    const { sys, browser } = env;
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await loginThroughForm(page, 'manager', sys.demoPassword);
    await page.goto('/#/overview');
    await page.getByTestId('compound-card').first().waitFor();
    expect(scripts.some((u) => u.includes('UPlotBars'))).toBe(false);
    await page.goto('/#/charts');
    await page.getByTestId('chart-compound').selectOption(sys.compoundId);
    await waitFor(async () => (await page.locator('[data-testid="chart-canvas"][data-drawn="true"]').count()) === 4, { message: 'four charts drawn by uPlot' });
    expect(scripts.some((u) => u.includes('UPlotBars'))).toBe(true);
    const canvas = page.getByTestId('chart-events').locator('canvas').first();
    expect((await canvas.boundingBox())!.width).toBeGreaterThan(200);
    // Device names, not ids, in the uptime chart's table (what a screen reader reads).
    const labels = await page.getByTestId('chart-uptime').locator('tr[data-value]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    for (const l of labels) expect(l).not.toContain(sys.gatewayId);
    await browser.screenshot(page, 'manager-07-charts-1920');
    await page.context().close();
  });

  it('the same page on a phone (375 px)', async () => {
    const { sys, browser } = env;
    const page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'manager', sys.demoPassword);
    await page.goto('/#/overview');
    await page.getByTestId('compound-card').first().waitFor();
    expect(await page.getByTestId('overview-problems').textContent()).toMatch(/个楼院需要处理|全部正常/);
    await browser.screenshot(page, 'manager-03-overview-375');
    await page.context().close();
  });

  it('管理 on a phone (375 px): a robot channel paused, a guard account created then disabled, the policy saved, the gate-open log filtered', async () => {
    const { sys, browser } = env;
    const gateId = `${sys.gatewayId}.gate-main`;
    const guard = await sys.as('guard1');
    await guard.json('POST', `/api/gates/${encodeURIComponent(gateId)}/open`, {});
    const manager = await sys.as('manager');
    const page = await browser.newPage({ viewport: PHONE });
    page.on('dialog', (d) => void d.accept());
    await loginThroughForm(page, 'manager', sys.demoPassword);

    await page.goto('/#/manage/channels');
    await page.getByTestId('channel-compound').selectOption(sys.compoundId);
    await page.getByTestId('channel-name').fill('值班群（企业微信）');
    await page.getByTestId('channel-url').fill('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=e2e-test-key');
    await page.getByTestId('channel-submit').click();
    const row = page.getByTestId('channel-row').filter({ hasText: '值班群（企业微信）' });
    await row.getByTestId('channel-toggle').click();
    await page.locator('[data-testid="channel-row"][data-enabled="false"]').waitFor();
    const channels = await manager.json<{ channels: { name: string; enabled: boolean; urlMasked: string }[] }>('GET', `/api/compounds/${sys.compoundId}/notify-channels`);
    expect(channels.channels).toEqual([expect.objectContaining({ name: '值班群（企业微信）', enabled: false })]);
    expect(channels.channels[0]!.urlMasked).not.toContain('e2e-test-key');
    await browser.screenshot(page, 'manager-04-channels-375');

    await page.getByTestId('manage-tab-users').click();
    await page.getByTestId('user-new-name').fill('周师傅');
    await page.getByTestId('user-new-username').fill('guard-e2e');
    await page.getByTestId('user-new-password').fill('a-long-password-1');
    await page.getByTestId(`user-new-compound-${sys.compoundId}`).check();
    await page.getByTestId('user-new-submit').click();
    await page.getByTestId('user-created').waitFor();
    const created = await ApiClient.login(sys.url, 'guard-e2e', 'a-long-password-1');
    expect(created.login.user).toMatchObject({ role: 'guard', compoundIds: [sys.compoundId] });
    const newRow = page.locator('[data-testid="user-row"]').filter({ hasText: '周师傅' });
    await newRow.getByTestId('user-toggle').click();
    await page.locator('[data-testid="user-row"][data-disabled="true"]').filter({ hasText: '周师傅' }).waitFor();
    expect((await created.request('GET', '/api/auth/me')).status).toBe(401);
    await browser.screenshot(page, 'manager-05-users-375');

    await page.getByTestId('manage-tab-policy').click();
    await page.getByTestId('policy-compound').selectOption(sys.compoundId);
    await page.getByTestId('policy-fold').fill('300');
    await page.getByTestId('policy-save').click();
    await page.getByTestId('policy-saved').waitFor();
    expect((await manager.json<{ foldWindowS: number }>('GET', `/api/compounds/${sys.compoundId}/alert-policy`)).foldWindowS).toBe(300);

    await page.getByTestId('manage-tab-audit').click();
    await page.getByTestId('audit-filter-compound').selectOption(sys.compoundId);
    await page.getByTestId('audit-filter-user').selectOption({ label: '李师傅' });
    const audit = page.locator(`[data-testid="audit-row"][data-gate-id="${gateId}"]`);
    await audit.first().waitFor();
    expect(await audit.first().textContent()).toContain('李师傅');
    await browser.screenshot(page, 'manager-06-gate-audit-375');
    await page.context().close();
  });
});
