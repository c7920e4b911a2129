/**
 * A gate command that reaches the gateway after it expired is refused, never executed: the cloud's
 * messages to the gateway are held in a TCP proxy (the uplink still flows, so the gateway looks
 * alive), the resident presses "open" and is told it did not open; when the held stream is released
 * the signed command arrives late, the edge refuses it as CMD_EXPIRED and the relay stays still.
 */
import { describe, expect, it } from 'vitest';
import { resolveRelay } from '@yardguard/firmware-config';
import { waitFor } from '@yardguard/test/servers';
import { loginThroughForm, PHONE } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

const COMMAND_TTL_S = 2;

const env = systemWithBrowser({ mqttProxy: true, cloudConfig: { commandTtlS: COMMAND_TTL_S, gateOpenTimeoutMs: 2500 } });

describe('late gate command', () => {
  it('is refused as expired by the gateway and never moves the relay; the resident is told it did not open', async () => {
    const { sys, browser } = env;
    const myGate = `${sys.gatewayId}.gate-main`;
    const gateCfg = sys.site.gates.find((g) => g.id === 'gate-main');
    if (gateCfg?.driver !== 'gpio') throw new Error('gate-main is not a GPIO gate');
    const relay = resolveRelay(gateCfg);
    const active = relay.activeLevel === 'high' ? 1 : 0;

    const page = await browser.newPage({ viewport: PHONE });
    await loginThroughForm(page, 'resident1', sys.demoPassword);
    const button = page.getByTestId(`gate-open-${myGate}`);
    await button.waitFor();

    const refusedBefore = sys.edge.status().commands?.refused.CMD_EXPIRED ?? 0;
    sys.proxy!.holdDownstream();
    const pressedAt = Date.now();
    await button.click();
    const result = page.locator(`[data-testid="gate-result"][data-gate-id="${myGate}"]`);
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-status')).toBe('error');
    await browser.screenshot(page, '60-resident-gate-not-opened-375');
    expect(sys.proxy!.heldBytes()).toBeGreaterThan(0);

    // Past the command's expiry by the cloud's clock, then let the held stream through.
    await waitFor(() => Date.now() > pressedAt + COMMAND_TTL_S * 1000 + 500, { intervalMs: 100, message: 'command expired' });
    sys.proxy!.release();
    await waitFor(() => (sys.edge.status().commands?.refused.CMD_EXPIRED ?? 0) > refusedBefore, { timeoutMs: 20_000, message: 'edge refused the late command as CMD_EXPIRED' });
    expect(sys.compound.gpio.writes(relay.pin).filter((w) => w.at >= pressedAt && w.level === active)).toEqual([]);
    expect(sys.compound.gpioGates.get('gate-main')?.door).toBe('closed');

    // The cloud's audit trail does not claim the gate opened.
    const manager = await sys.as('manager');
    const { opens } = await manager.get<{ opens: { gateId: string; username: string | null; result: string }[] }>(`/api/gate-opens?compoundId=${sys.compoundId}`);
    const mine = opens.filter((o) => o.gateId === myGate && o.username === 'resident1');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.result).not.toBe('ok');
    await page.context().close();
  });
});
