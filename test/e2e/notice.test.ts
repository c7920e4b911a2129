// fixed-dates-ok: the safety notice date is display text the page prints as given; nothing compares it with the clock.
/**
 * The public notice board (公示栏) in Chromium without signing in: the address a QR code at the gate
 * points to (/notice/<token>) shows the duty roster, fees, the month's accounts, safety notices and
 * work orders by category, and nothing personal about residents; a replaced address says what to do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '@yardguard/cloud';
import { freePort } from '@yardguard/test/servers';
import { ApiClient } from './helpers/api.js';
import { launchBrowser, PHONE, type E2eBrowser } from './helpers/browser.js';
import { ensureConsoleBuilt } from './helpers/console-build.js';
import { consoleDir } from './helpers/paths.js';

let cloud: RunningCloud;
let browser: E2eBrowser;
let dir: string;

beforeAll(async () => {
  ensureConsoleBuilt();
  dir = mkdtempSync(join(tmpdir(), 'yg-notice-'));
  cloud = await startCloud({
    config: { dataDir: dir, mqtt: { mode: 'embedded', host: '127.0.0.1', port: await freePort() }, consoleDir, loginRateLimit: 10_000, publicRateLimit: 10_000 },
    seedDemo: true, logger: false, httpPort: await freePort(), httpHost: '127.0.0.1',
  });
  browser = await launchBrowser(cloud.url);
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('notice board without an account', () => {
  it('shows the published board and live figures at /notice/<token>, with no resident data', async () => {
    const demo = cloud.demo!;
    const compoundId = demo.compounds.small;
    const manager = await ApiClient.login(cloud.url, 'manager', demo.password);
    const resident = await ApiClient.login(cloud.url, 'resident1', demo.password);
    await resident.json('POST', '/api/work-orders', {
      compoundId, category: 'blocked_drain', title: '陈阿姨家5号楼302下水道堵了 电话13903710077', description: '家里只有老人', location: '5号楼302',
    });
    const board = await manager.json<{ token: string; path: string }>('PUT', `/api/compounds/${compoundId}/notice`, {
      services: [{ name: '24小时门岗', detail: '大门秩序维护，夜间巡逻' }],
      fees: [{ item: '物业服务费', standard: '120元/户/年' }],
      phones: [{ label: '报修电话', phone: '0371-66001234' }],
      finance: { month: '2026-10', income: [{ item: '物业费', amount: 3600 }], spending: [{ item: '保安工资', amount: 3000 }, { item: '水电', amount: 312.5 }] },
      safetyNotices: [{ title: '禁止飞线充电', body: '电动车请到车棚充电。', date: '2026-11-01' }],
      rules: '',
    });
    expect(board.path).toBe(`/notice/${board.token}`);

    const page = await browser.newPage({ viewport: PHONE });
    await page.goto(board.path);
    await page.getByTestId('notice-page').waitFor();
    expect(await page.getByTestId('login-username').count()).toBe(0);
    expect(await page.getByTestId('notice-compound').textContent()).toContain('公示栏');
    expect(await page.getByTestId('notice-balance').textContent()).toContain('¥287.50');
    expect(await page.getByTestId('notice-safety').textContent()).toContain('禁止飞线充电');
    expect(await page.getByTestId('notice-services').textContent()).toContain('120元/户/年');
    // The demo puts the compound's guard on a 24 h roster: the guard on duty and the phone.
    const duty = await page.getByTestId('notice-duty').textContent();
    expect(duty).toContain('13838001002');
    expect(duty).toContain('0371-66001234');
    const orders = await page.getByTestId('notice-work-orders').textContent();
    expect(orders).toContain('下水道堵塞');
    const text = (await page.locator('body').textContent()) ?? '';
    for (const leak of ['陈阿姨', '13903710077', '302', '只有老人']) expect(text, `page leaks ${leak}`).not.toContain(leak);
    await browser.screenshot(page, '30-notice-board-375');

    // A replaced address says to scan the new code.
    await manager.json('POST', `/api/compounds/${compoundId}/notice/rotate`);
    await page.goto(board.path);
    await page.getByTestId('notice-error').waitFor();
    expect(await page.getByTestId('notice-error').textContent()).toContain('二维码');
    await page.context().close();
  });
});
