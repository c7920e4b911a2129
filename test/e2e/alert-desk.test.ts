/**
 * Guard and manager, in real Chromium against the real cloud, edge agent and simulated compound:
 * a door is forced (FakeGpio door contact opens with no grant), the edge's rule raises an alert,
 * the guard sees it on the alert desk and acknowledges it; the manager opens the
 * incident, creates a work order in one step and follows it live (no reload) through 点单 -> 派单 -> 接单 -> 督单 -> 验单,
 * the last with the verifier's completion photo, which enlarges on tap.
 */
import { describe, expect, it } from 'vitest';
import { AlarmColumnSim } from '@yardguard/edge/sim';
import { waitFor } from '@yardguard/test/servers';
import { zh } from '../../console/src/i18n/zh.js';
import { loginThroughForm } from './helpers/browser.js';
import { alertRowSeenAt as seenAt, watchAlertRows } from './helpers/alert-rows.js';
import { systemWithBrowser } from './helpers/suite.js';

interface AlertDto { id: string; status: string; kind: string; deviceId: string | null; gatewayId: string | null; incidentId: string | null; acknowledgedBy: string | null; title: string }

const env = systemWithBrowser();
/** A real 1x1 PNG: the browser decodes it in the lightbox. */
const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** The alert raised by the forced door (spec 1), reused by spec 2. */
let forced: AlertDto | undefined;

describe('guard: forced door on the alert desk', () => {
  it('shows the alert when the door contact opens; the guard acknowledges it and the cloud agrees', async () => {
    const { sys, browser } = env;
    const page = await browser.newPage();
    await page.goto('/');
    await page.getByTestId('login-form').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(zh['login.title']);
    await browser.screenshot(page, '01-login-zh');
    await loginThroughForm(page, 'guard1', sys.demoPassword);
    expect(await page.getByTestId('current-user').getAttribute('data-role')).toBe('guard');

    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alert-count').waitFor();
    await page.locator('[data-testid="live-state"][data-state="online"]').waitFor({ timeout: 30_000 });
    const before = new Set(await page.getByTestId('alert-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-id'))));
    await watchAlertRows(page);
    await browser.screenshot(page, '02-alert-desk-before');

    const guard = await sys.as('guard1');
    const cloudAlert = (deviceId: string, kind: string) => waitFor(async () => {
      const { alerts } = await guard.get<{ alerts: AlertDto[] }>(`/api/alerts?compoundId=${sys.compoundId}`);
      return alerts.find((a) => a.gatewayId === sys.gatewayId && a.deviceId === `${sys.gatewayId}.${deviceId}` && a.kind === kind);
    }, { timeoutMs: 20_000, message: `${kind} alert from ${deviceId} in the cloud` });

    // First an alert on another path (the MQTT alarm column's one-key alarm). How fast alerts reach
    // the desk is a benchmark figure (e2e.alert_desk_p50_ms / _p99_ms, test/bench/alert-desk.bench.mjs),
    // not an assertion here: on a shared machine a test only proves delivery. The figures are logged.
    const column = sys.compound.columns.get('column-1');
    expect(column).toBeInstanceOf(AlarmColumnSim);
    const pressedAt = Date.now();
    await column!.pressAlarm();
    const warm = await cloudAlert('column-1', 'alarm_button');
    await page.locator(`[data-testid="alert-row"][data-alert-id="${warm.id}"]`).waitFor();
    console.log(`[e2e] one-key alarm published -> alert row on the desk: ${(await waitFor(() => seenAt(page, warm.id))) - pressedAt} ms`);

    const gate = sys.compound.gates.get('gate-main');
    expect(gate?.driver).toBe('gpio');
    const publishedAt = Date.now();
    await gate!.forceDoor();
    forced = await cloudAlert('gate-main', 'door_forced');
    expect(before.has(forced.id)).toBe(false);
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${forced.id}"]`);
    await row.waitFor({ timeout: 20_000 });
    const appearedAt = await waitFor(() => seenAt(page, forced!.id), { message: 'row seen by the observer' });
    // Logged only: the one-second requirement (issue 5) is checked by the bench, not by a test.
    console.log(`[e2e] door forced -> alert row on the desk: ${appearedAt - publishedAt} ms`);
    expect(await row.getAttribute('data-status')).toBe('new');
    expect(await row.textContent()).toContain('门被强行打开');
    await browser.screenshot(page, '03-alert-desk-forced-door');

    await row.getByTestId('alert-ack').click();
    await page.locator(`[data-testid="alert-row"][data-alert-id="${forced.id}"][data-status="acknowledged"]`).waitFor();
    await browser.screenshot(page, '04-alert-acknowledged');
    const after = await guard.get<{ alert?: AlertDto } & Partial<AlertDto>>(`/api/alerts/${forced.id}`);
    const stored = (after.alert ?? after) as AlertDto;
    expect(stored.status).toBe('acknowledged');
    expect(stored.acknowledgedBy).toBe(guard.login.user.id);
    // And the row in the cloud's database itself.
    const row0 = await sys.cloud.cloud.db.selectFrom('alerts').select(['status', 'acknowledged_by', 'acknowledged_at']).where('id', '=', forced.id).executeTakeFirstOrThrow();
    expect(row0).toMatchObject({ status: 'acknowledged', acknowledged_by: guard.login.user.id });
    expect(row0.acknowledged_at).toBeTruthy();
    await page.context().close();
  });
});

interface WorkOrderDetailDto {
  workOrder: { id: string; stage: string; incidentId: string | null; compoundId: string; assigneeId: string | null; verifiedAt: string | null };
  history: { fromStage: string | null; toStage: string; byUserId: string }[];
}

describe('manager: incident -> work order through the five stages', () => {
  it('opens the incident from the alert, creates a work order in one step; grid, installer, committee and community move it 派单 -> 接单 -> 督单 -> 验单', async () => {
    const { sys, browser } = env;
    expect(forced?.incidentId, 'the guard spec left an alert with an incident').toBeTruthy();
    const alert = forced!;
    const page = await browser.newPage();
    await loginThroughForm(page, 'manager', sys.demoPassword);
    await page.getByTestId('nav-alerts').click();
    // The guard acknowledged it: it is still on the desk's default "unresolved" filter.
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`);
    await row.waitFor();
    await row.getByRole('link', { name: zh['alerts.openIncident'] }).click();
    const incident = page.locator(`[data-testid="incident-detail"][data-incident-id="${alert.incidentId}"]`);
    await incident.waitFor();
    expect(await page.getByTestId('incident-timeline').textContent()).toBeTruthy();
    await browser.screenshot(page, '05-incident');

    await page.getByTestId('create-work-order').click();
    const detail = page.getByTestId('wo-detail');
    await detail.waitFor();
    const woId = await detail.getAttribute('data-wo-id');
    expect(woId).toBeTruthy();
    expect(await detail.getAttribute('data-stage')).toBe('requested');
    expect(await page.getByTestId('wo-stage').textContent()).toBe(zh['woStage.requested']);
    await browser.screenshot(page, '06-work-order-requested');

    // The manager does not dispatch: each move is made by its own actor (the default red-property flow),
    // and the manager's page follows the order through the five steps.
    expect(await page.getByTestId('wo-advance').count()).toBe(0);
    const installer = await sys.as('installer');
    const actors = [
      ['dispatched', await sys.as('grid1'), { assigneeId: installer.login.user.id, note: '请安装师傅检修大门' }],
      ['accepted', installer, { note: '已到场' }],
      ['supervised', await sys.as('committee1'), { note: '业委会已查看' }],
      ['verified', await sys.as('community1'), { note: '社区验收合格' }],
    ] as const;
    // 验单 with the completion photo the community verifier took (uploaded first, then named by the move).
    const community = actors[3][1];
    const upload = await fetch(new URL(`/api/work-order-photos?compoundId=${sys.compoundId}`, community.baseUrl), {
      method: 'POST', headers: { authorization: `Bearer ${community.token}`, 'content-type': 'image/png' }, body: ONE_PIXEL_PNG,
    });
    expect(upload.status).toBe(201);
    const completionPhoto = ((await upload.json()) as { id: string }).id;
    for (const [i, [stage, who, extra]] of actors.entries()) {
      await who.json('POST', `/api/work-orders/${woId}/transition`, { to: stage, ...extra, ...(stage === 'verified' ? { photoIds: [completionPhoto] } : {}) });
      // No reload: the cloud's work_order.update message makes the open page refetch the order.
      await page.locator(`[data-testid="wo-detail"][data-wo-id="${woId}"][data-stage="${stage}"]`).waitFor();
      expect(await page.getByTestId('wo-stage').textContent()).toBe(zh[`woStage.${stage}`]);
      await browser.screenshot(page, `${String(7 + i).padStart(2, '0')}-work-order-${stage}`);
    }
    // Closed: no next stage to move to. The completion photo shows and enlarges on tap.
    expect(await page.getByTestId('wo-advance').count()).toBe(0);
    await page.locator('[data-testid="wo-completion-photo"]').waitFor();
    await page.getByTestId('wo-completion-photo-open').click();
    await page.locator('[data-testid="lightbox"] img[data-testid="lightbox-image"]').waitFor();
    expect(await page.locator('[data-testid="lightbox"] img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.getByTestId('lightbox-close').click();
    const historyText = await page.getByTestId('wo-history').textContent();
    for (const s of ['requested', 'dispatched', 'accepted', 'supervised', 'verified'] as const) expect(historyText).toContain(zh[`woStage.${s}`]);
    for (const name of ['刘书记', '赵工', '孙大爷', '赵主任', zh['role.grid_leader'], zh['role.community']]) expect(historyText).toContain(name);

    const manager = await sys.as('manager');
    const api = await manager.get<WorkOrderDetailDto>(`/api/work-orders/${woId}`);
    expect(api.workOrder).toMatchObject({ id: woId, stage: 'verified', incidentId: alert.incidentId, compoundId: sys.compoundId, assigneeId: installer.login.user.id });
    expect(api.workOrder.verifiedAt).toBeTruthy();
    expect(api.history.map((h) => h.toStage)).toEqual(['requested', 'dispatched', 'accepted', 'supervised', 'verified']);
    expect(api.history.map((h) => h.byUserId)).toEqual([
      manager.login.user.id, ...await Promise.all(['grid1', 'installer', 'committee1', 'community1'].map(async (u) => (await sys.as(u)).login.user.id)),
    ]);
    await page.context().close();
  });
});
