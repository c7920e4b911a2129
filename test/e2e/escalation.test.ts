/**
 * An alert nobody acknowledges escalates: the manager's policy gives critical alerts 5 s, a door is
 * forced, the guard's desk shows the countdown, then (pushed live, no reload) the escalation; the
 * guard acknowledges late and the cloud keeps the escalation level.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '@yardguard/test/servers';
import { zh } from '../../console/src/i18n/zh.js';
import { loginThroughForm } from './helpers/browser.js';
import { systemWithBrowser } from './helpers/suite.js';

interface AlertDto { id: string; status: string; kind: string; deviceId: string | null; escalationLevel: number }

const env = systemWithBrowser();

describe('escalation of an unacknowledged alert', () => {
  it('shows the countdown, then the escalation live on the desk', async () => {
    const { sys, browser } = env;
    const manager = await sys.as('manager');
    const policyUrl = `/api/compounds/${sys.compoundId}/alert-policy`;
    const policy = await manager.get<{ ackTimeoutS: Record<string, number> }>(policyUrl);
    await manager.json('PUT', policyUrl, { ...policy, ackTimeoutS: { ...policy.ackTimeoutS, critical: 5 } });

    const page = await browser.newPage();
    await loginThroughForm(page, 'guard1', sys.demoPassword);
    await page.getByTestId('nav-alerts').click();
    await page.locator('[data-testid="live-state"][data-state="online"]').waitFor({ timeout: 30_000 });

    await sys.compound.gates.get('gate-main')!.forceDoor();
    const guard = await sys.as('guard1');
    const alert = await waitFor(async () => {
      const { alerts } = await guard.get<{ alerts: AlertDto[] }>(`/api/alerts?compoundId=${sys.compoundId}`);
      return alerts.find((a) => a.deviceId === `${sys.gatewayId}.gate-main` && a.kind === 'door_forced');
    }, { message: 'door_forced alert in the cloud' });
    expect(alert.escalationLevel).toBe(0);
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`);
    await row.waitFor();
    // Guards cannot read the policy, so the desk counts down from the cloud's default (60 s for critical);
    // what matters here is that the cloud's timer fires and the desk learns of it without a reload.
    await row.getByTestId('alert-countdown').waitFor();
    await browser.screenshot(page, '50-escalation-countdown');

    const escalatedText = zh['alerts.level'].replace('{n}', '1');
    await waitFor(async () => (await row.textContent())?.includes(escalatedText), { timeoutMs: 30_000, message: `row shows "${escalatedText}"` });
    await browser.screenshot(page, '51-escalated');
    const escalated = await guard.get<AlertDto & { alert?: AlertDto }>(`/api/alerts/${alert.id}`);
    expect((escalated.alert ?? escalated).escalationLevel).toBeGreaterThanOrEqual(1);

    await row.getByTestId('alert-ack').click();
    await page.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"][data-status="acknowledged"]`).waitFor();
    const acked = await guard.get<AlertDto & { alert?: AlertDto }>(`/api/alerts/${alert.id}`);
    expect((acked.alert ?? acked)).toMatchObject({ status: 'acknowledged' });
    expect((acked.alert ?? acked).escalationLevel).toBeGreaterThanOrEqual(1);
    await page.context().close();
  });
});
