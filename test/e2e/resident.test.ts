/**
 * Resident, on a phone (375 px): opens their own gate (cloud -> signed command over MQTT -> edge
 * verifies it -> relay pulse on the FakeGpio -> result back), sees only their own compound's gates,
 * and a forged API call for another compound's gate is refused with 403.
 */
import { describe, expect, it } from 'vitest';
import { resolveRelay, type SiteConfig } from '@yardguard/firmware-config';
import { waitFor } from '@yardguard/test/servers';
import { zh } from '../../console/src/i18n/zh.js';
import { loginThroughForm, PHONE } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

const env = systemWithBrowser();

function gpioGate(site: SiteConfig, id: string) {
  const g = site.gates.find((x) => x.id === id);
  if (g?.driver !== 'gpio') throw new Error(`${id} is not a GPIO gate in the sample site`);
  return g;
}

describe('resident: my gate', () => {
  it('opens their own gate from the resident page; the gateway executes the signed command and pulses the relay', async () => {
    const { sys, browser } = env;
    const myGate = `${sys.gatewayId}.gate-main`;
    const relay = resolveRelay(gpioGate(sys.site, 'gate-main'));
    const activeLevel = relay.activeLevel === 'high' ? 1 : 0;
    const executedBefore = sys.edge.status().commands?.executed ?? 0;

    const page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'resident1', sys.demoPassword);
    await page.getByTestId('resident-page').waitFor();
    const button = page.getByTestId(`gate-open-${myGate}`);
    await button.waitFor();
    // Only the gates the cloud granted: this compound's main gate, nothing of 建设路88号院.
    const shown = await page.locator('[data-testid^="gate-open-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(shown).toEqual([`gate-open-${myGate}`]);
    expect(shown.some((id) => id?.includes(sys.otherGatewayId))).toBe(false);
    await browser.screenshot(page, '20-resident-page-375');

    const clickedAt = Date.now();
    await button.click();
    const result = page.locator(`[data-testid="gate-result"][data-gate-id="${myGate}"]`);
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-status')).toBe('ok');
    expect(await result.textContent()).toMatch(new RegExp(`^${zh['gate.opened'].split('{ms}')[0]!.replace(/[()（）]/g, '.')}\\d+`));
    await browser.screenshot(page, '21-resident-gate-opened-375');

    // The gateway side: the command was verified and executed, and the relay line went active.
    await waitFor(() => (sys.edge.status().commands?.executed ?? 0) > executedBefore, { message: 'edge executed the open command' });
    const pulse = sys.compound.gpio.writes(relay.pin).filter((w) => w.at >= clickedAt - 5 && w.level === activeLevel);
    expect(pulse.length).toBeGreaterThanOrEqual(1);
    // Somebody walks through the released door (the simulator opens the contact after the pulse).
    await waitFor(() => sys.compound.gpioGates.get('gate-main')?.door === 'open', { message: 'door opened after the relay pulse' });
    // The cloud's audit trail names the resident and the result.
    const manager = await sys.as('manager');
    const { opens } = await manager.get<{ opens: { gateId: string; username: string | null; result: string }[] }>(`/api/gate-opens?compoundId=${sys.compoundId}`);
    expect(opens.filter((o) => o.gateId === myGate && o.username === 'resident1')).toEqual([expect.objectContaining({ result: 'ok' })]);
    await page.context().close();
  });

  it("cannot open another compound's gate: the forged API call gets 403 and the relay stays still", async () => {
    const { sys } = env;
    const resident = await sys.as('resident1');
    const { gates } = await resident.get<{ gates: { id: string }[] }>('/api/gates');
    expect(gates.map((g) => g.id)).toEqual([`${sys.gatewayId}.gate-main`]);

    const otherGate = `${sys.otherGatewayId}.gate-north`;
    const executedBefore = sys.edge.status().commands?.received ?? 0;
    const forged = await resident.request('POST', `/api/gates/${encodeURIComponent(otherGate)}/open`, {});
    expect(forged.status).toBe(403);
    // Also the other compound's gate through a gate id that claims to be ours is refused.
    const spoofed = await resident.request('POST', `/api/gates/${encodeURIComponent(`${sys.gatewayId}.gate-north`)}/open`, {});
    expect([403, 404]).toContain(spoofed.status);
    // The other resident (建设路88号院) cannot open ours either.
    const other = await sys.as('resident2');
    expect((await other.request('POST', `/api/gates/${encodeURIComponent(`${sys.gatewayId}.gate-main`)}/open`, {})).status).toBe(403);
    expect(sys.edge.status().commands?.received ?? 0).toBe(executedBefore);
  });

  it('issues a visitor pass on the resident page; the visitor opens the gate with the code (no account), twice at most', async () => {
    const { sys, browser } = env;
    const myGate = `${sys.gatewayId}.gate-main`;
    const relay = resolveRelay(gpioGate(sys.site, 'gate-main'));
    const activeLevel = relay.activeLevel === 'high' ? 1 : 0;
    const page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'resident1', sys.demoPassword);
    await page.getByTestId('pass-name').fill('快递员 小王');
    await page.getByTestId('pass-submit').click();
    const code = (await page.getByTestId('pass-code').locator('strong').textContent())?.trim() ?? '';
    expect(code.length).toBeGreaterThanOrEqual(4);
    await browser.screenshot(page, '22-resident-visitor-pass-375');

    const visitorOpen = () => fetch(new URL(`/api/visitor-passes/${encodeURIComponent(code)}/open`, sys.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    for (let use = 1; use <= 2; use++) {
      const before = Date.now();
      const res = await visitorOpen();
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ gateId: myGate, status: 'ok' });
      await waitFor(() => sys.compound.gpio.writes(relay.pin).some((w) => w.at >= before && w.level === activeLevel), { message: `relay pulse for visitor use ${use}` });
    }
    // The pass said "in and out once": a third try is refused and moves nothing.
    const third = await visitorOpen();
    expect(third.status).toBeGreaterThanOrEqual(400);
    expect(third.status).toBeLessThan(500);
    const manager = await sys.as('manager');
    const { opens } = await manager.get<{ opens: { gateId: string; visitorPassId: string | null; result: string }[] }>(`/api/gate-opens?compoundId=${sys.compoundId}`);
    expect(opens.filter((o) => o.gateId === myGate && o.visitorPassId !== null && o.result === 'ok')).toHaveLength(2);
    await page.context().close();
  });
});
