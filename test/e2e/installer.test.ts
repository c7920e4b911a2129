/**
 * Installer on a phone (375 px), against the real cloud, edge agent and simulated compound: from the
 * installer page a test snapshot (ONVIF camera simulator -> edge -> upload -> the image on the page)
 * and a test gate pulse (signed command -> edge -> relay pulse on the FakeGpio), both audited.
 */
import { describe, expect, it } from 'vitest';
import { resolveRelay } from '@yardguard/firmware-config';
import { waitFor } from '@yardguard/test/servers';
import { loginThroughForm, PHONE } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

const env = systemWithBrowser();

describe('installer: device tests from the installer page', () => {
  it('测试抓拍 shows the camera\'s picture; 测试开闸 pulses the relay and is in the gate-open audit under the installer', async () => {
    const { sys, browser } = env;
    const camId = `${sys.gatewayId}.cam-gate`;
    const gateId = `${sys.gatewayId}.gate-main`;
    const page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'installer', sys.demoPassword);
    await page.goto('/#/installer');
    await page.getByTestId('installer-compound').selectOption(sys.compoundId);

    const cam = page.locator(`[data-testid="device-test"][data-device-id="${camId}"]`);
    await cam.getByTestId('device-test-snapshot').click();
    const shot = cam.locator('[data-testid="device-test-result"]');
    await shot.waitFor({ timeout: 30_000 });
    expect(await shot.getAttribute('data-status')).toBe('ok');
    const snapshotId = (await shot.getAttribute('data-snapshot-id'))!;
    expect(snapshotId.startsWith(`${sys.gatewayId}.`)).toBe(true);
    // The gateway uploads the picture after it answers; this harness runs the edge without the CLI's
    // uploader (edge/src/cli/run.ts), so the upload is made here as the gateway makes it, with its login.
    const put = await fetch(new URL(`/api/gateway/snapshots/${snapshotId.slice(sys.gatewayId.length + 1)}`, sys.url), {
      method: 'PUT', body: new Uint8Array(await page.screenshot({ type: 'jpeg', quality: 60 })),
      headers: { 'content-type': 'image/jpeg', 'x-device-id': 'cam-gate', authorization: `Basic ${Buffer.from(`${sys.gatewayLogin.username}:${sys.gatewayLogin.password}`).toString('base64')}` },
    });
    expect(put.status, await put.clone().text()).toBeLessThan(300);
    await cam.locator('img[data-testid="device-test-image"]').waitFor({ timeout: 30_000 });
    expect(await cam.locator('img[data-testid="device-test-image"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await browser.screenshot(page, 'installer-01-test-snapshot-375');

    const gpioGate = sys.site.gates.find((g) => g.id === 'gate-main');
    if (gpioGate?.driver !== 'gpio') throw new Error('gate-main is not a GPIO gate in the sample site');
    const relay = resolveRelay(gpioGate);
    const active = relay.activeLevel === 'high' ? 1 : 0;
    const clickedAt = Date.now();
    const gate = page.locator(`[data-testid="device-test"][data-device-id="${gateId}"]`);
    await gate.getByTestId('device-test-pulse').click();
    const pulse = gate.locator('[data-testid="device-test-result"]');
    await pulse.waitFor({ timeout: 30_000 });
    expect(await pulse.getAttribute('data-status')).toBe('ok');
    await waitFor(() => sys.compound.gpio.writes(relay.pin).some((w) => w.at >= clickedAt - 5 && w.level === active), { message: 'relay pulse from the installer test' });
    await browser.screenshot(page, 'installer-02-test-pulse-375');

    const manager = await sys.as('manager');
    const { opens } = await manager.get<{ opens: { gateId: string; username: string | null; result: string }[] }>(`/api/gate-opens?compoundId=${sys.compoundId}`);
    expect(opens.filter((o) => o.gateId === gateId && o.username === 'installer')).toEqual([expect.objectContaining({ result: 'ok' })]);
    await page.context().close();
  });
});
