// fixed-dates-ok: one alert stamped in the past to check its China-time display; the desk compares no fixed date with the clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import AlertDesk from './AlertDesk.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeAlert, makeAlerts, makeCompound } from '../../test/fixtures.js';
import type { Alert } from '../../api/types.js';
import { sortForDesk } from './alert-store.js';
import { ALERT_ROW_ESTIMATE } from './AlertDeskView.js';

const page = (alerts: Alert[]) => ({ body: { alerts, nextBefore: null } });

describe('AlertDesk', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/compounds', {
      body: {
        compounds: [
          makeCompound('c1', '建设路 12 号院', 36),
          makeCompound('c2', '棉纺路 3 号院', 446),
        ],
      },
    });
  });
  afterEach(() => api.close());

  it('renders 5,000 alerts, most severe first then newest, with only a window of rows in the DOM', async () => {
    // The API pages 500 at a time, newest first, with `before` = the last createdAt.
    const all = makeAlerts(5000).reverse();
    api.on('GET /api/alerts', (req) => {
      const before = req.query.get('before');
      const from = before ? all.findIndex((a) => a.createdAt < before) : 0;
      const alerts = all.slice(from, from + 500);
      return { body: { alerts, nextBefore: alerts.at(-1)?.createdAt ?? null } };
    });
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl });
    // ten pages over HTTP: generous on a loaded machine
    await waitFor(() => expect(screen.getByTestId('alert-count').textContent).toContain('5000'), { timeout: 30_000 });
    const rows = screen.getAllByTestId('alert-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    // makeAlerts: severity cycles critical, high, medium, low; a4999 is the newest but only "low"
    expect(rows[0]!.getAttribute('data-alert-id')).toBe('a4996');
    expect(rows[1]!.getAttribute('data-alert-id')).toBe('a4992');
    expect(rows.slice(0, 10).every((r) => r.getAttribute('data-severity') === 'critical')).toBe(true);
    expect(screen.getByTestId('alert-list').getAttribute('data-total')).toBe('5000');
    expect(api.requests.filter((r) => r.path === '/api/alerts').length).toBe(10);
    expect(api.requests.find((r) => r.path === '/api/alerts')?.query.get('status')).toBe('new,acknowledged');
    expect(within(rows[0]!).getByTestId('alert-countdown').textContent).toMatch(/\d:\d\d 后升级/);
  });

  it('shows the escalation countdown from nextEscalationAt (the cloud timer), not from a policy', async () => {
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    // escalated twice under a 45 s policy: a copied default rule would say "already escalated" or 1:00
    const escalated = makeAlert(3, { severity: 'critical', escalationLevel: 2, createdAt: at(-200_000), nextEscalationAt: at(42 * 60_000 + 5_000) });
    const acked = makeAlert(2, { status: 'acknowledged', acknowledgedAt: at(-10_000), createdAt: at(-300_000), nextEscalationAt: at(2 * 3_600_000 + 90_000) });
    const noTimer = makeAlert(1, { escalationLevel: 3, createdAt: at(-400_000), nextEscalationAt: null });
    api.on('GET /api/alerts', page([escalated, acked, noTimer]));
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    const row = async (id: string) => waitFor(() => {
      const r = screen.getAllByTestId('alert-row').find((x) => x.getAttribute('data-alert-id') === id);
      if (!r) throw new Error(`row ${id} not rendered`);
      return r;
    });
    const countdown = (r: HTMLElement) => within(r).getByTestId('alert-countdown').textContent ?? '';
    expect(countdown(await row('a3'))).toMatch(/42:0[0-5] 后升级/);
    expect(countdown(await row('a2'))).toMatch(/2:01:\d\d 后升级/);
    expect(within(await row('a1')).queryByTestId('alert-countdown')).toBeNull();
    // the desk no longer reads the policy to guess the deadline
    expect(api.requests.some((r) => r.path.endsWith('/alert-policy'))).toBe(false);
  });

  it('scrolling moves the window further down the list', async () => {
    api.on('GET /api/alerts', page(makeAlerts(5000)));
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl });
    const list = await screen.findByTestId('alert-list');
    const order = sortForDesk(makeAlerts(5000)).map((a) => a.id);
    fireEvent.scroll(list, { target: { scrollTop: ALERT_ROW_ESTIMATE * 2000 } });
    await waitFor(() => expect(screen.getAllByTestId('alert-row').some((r) => r.getAttribute('data-alert-id') === order[2000])).toBe(true));
    expect(screen.getAllByTestId('alert-row').some((r) => r.getAttribute('data-alert-id') === order[0])).toBe(false);
    expect(screen.getAllByTestId('alert-row').length).toBeLessThan(60);
  });

  it('the acknowledge button posts to the API and the row shows the new status', async () => {
    api.on('GET /api/alerts', page(makeAlerts(3)));
    api.on('POST /api/alerts/:id/ack', (req) => ({
      body: { ...makeAlerts(3)[Number(req.path.split('/')[3]!.slice(1))]!, status: 'acknowledged', acknowledgedAt: new Date().toISOString(), updatedAt: new Date().toISOString() },
    }));
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl });
    const row = await waitFor(() => {
      const r = screen.getAllByTestId('alert-row').find((x) => x.getAttribute('data-alert-id') === 'a2');
      if (!r) throw new Error('row a2 not rendered');
      return r;
    });
    fireEvent.click(within(row).getByTestId('alert-ack'));
    await waitFor(() => expect(row.getAttribute('data-status')).toBe('acknowledged'));
    const ack = api.requests.find((r) => r.method === 'POST');
    expect(ack?.path).toBe('/api/alerts/a2/ack');
    expect(ack?.authorization).toBe('Bearer tok-guard');
    expect(within(row).queryByTestId('alert-ack')).toBeNull();
    expect(within(row).getByTestId('alert-resolve')).toBeTruthy();
  });

  it('shows the server error message when acknowledging fails', async () => {
    api.on('GET /api/alerts', page(makeAlerts(1)));
    api.on('POST /api/alerts/:id/ack', { status: 409, body: { error: { code: 'ALERT_ALREADY_RESOLVED', message: '告警已被处置' } } });
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl });
    fireEvent.click(await screen.findByTestId('alert-ack'));
    expect((await screen.findByRole('alert')).textContent).toContain('告警已被处置');
    expect(screen.getByTestId('alert-row').getAttribute('data-status')).toBe('new');
  });

  it('filters by compound', async () => {
    api.on('GET /api/alerts', page(makeAlerts(10)));
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl });
    await waitFor(() => expect(screen.getByTestId('alert-count').textContent).toContain('10'));
    await screen.findByRole('option', { name: '建设路 12 号院' });
    fireEvent.change(screen.getByTestId('alert-filter-compound'), { target: { value: 'c1' } });
    await waitFor(() => expect(screen.getByTestId('alert-count').textContent).toContain('5'));
    expect(screen.getAllByTestId('alert-row').every((r) => Number(r.getAttribute('data-alert-id')!.slice(1)) % 2 === 1)).toBe(true);
  });

  const rowOf = (id: string) =>
    waitFor(() => {
      const r = screen.getAllByTestId('alert-row').find((x) => x.getAttribute('data-alert-id') === id);
      if (!r) throw new Error(`row ${id} not rendered`);
      return r;
    });

  it('filters by severity and acknowledges several at once', async () => {
    const list = makeAlerts(8);
    api.on('GET /api/alerts', page(list));
    api.on('POST /api/alerts/:id/ack', (req) => {
      const a = list.find((x) => x.id === req.path.split('/')[3])!;
      return { body: { ...a, status: 'acknowledged', acknowledgedAt: new Date().toISOString(), updatedAt: new Date(Date.now() + 1000).toISOString() } };
    });
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl });
    await waitFor(() => expect(screen.getByTestId('alert-count').textContent).toContain('8'));
    fireEvent.change(screen.getByTestId('alert-filter-severity'), { target: { value: 'critical' } });
    await waitFor(() => expect(screen.getByTestId('alert-count').textContent).toContain('2'));
    expect(screen.getAllByTestId('alert-row').map((r) => r.getAttribute('data-alert-id'))).toEqual(['a4', 'a0']);
    fireEvent.click(screen.getByTestId('alert-select-all'));
    expect(screen.getByTestId('alert-ack-selected').textContent).toContain('2');
    fireEvent.click(screen.getByTestId('alert-ack-selected'));
    await waitFor(() => expect(screen.getAllByTestId('alert-row').every((r) => r.getAttribute('data-status') === 'acknowledged')).toBe(true));
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path).sort()).toEqual(['/api/alerts/a0/ack', '/api/alerts/a4/ack']);
  });

  it('resolve asks for a note and sends it as resolveNote', async () => {
    const list = makeAlerts(2);
    api.on('GET /api/alerts', page(list));
    api.on('POST /api/alerts/:id/resolve', (req) => ({
      body: { ...list[1]!, status: 'resolved', resolvedAt: new Date().toISOString(), resolveNote: (req.body as { note: string }).note, updatedAt: new Date(Date.now() + 1000).toISOString() },
    }));
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    const row = await rowOf('a1');
    fireEvent.click(within(row).getByTestId('alert-resolve'));
    const confirm = within(row).getByTestId('alert-resolve-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true); // no note, no resolve
    fireEvent.click(within(row).getByText('误报'));
    expect((within(row).getByTestId('alert-resolve-note') as HTMLTextAreaElement).value).toBe('误报');
    fireEvent.change(within(row).getByTestId('alert-resolve-note'), { target: { value: '误报：风吹动门' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.getAllByTestId('alert-row').map((r) => r.getAttribute('data-alert-id'))).toEqual(['a0']));
    expect(api.requests.find((r) => r.path === '/api/alerts/a1/resolve')?.body).toEqual({ note: '误报：风吹动门' });
  });

  it('the card names the device and compound, enlarges the snapshot, and runs one-tap actions on its gateway', async () => {
    const a = makeAlert(0, { compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gw1.gate-east', snapshotIds: ['s1', 's2'], lastAt: '2026-11-24T23:30:05.000Z' });
    api.on('GET /api/alerts', page([a]));
    const dev = (id: string, kind: string, name: string) => ({ id: `gw1.${id}`, compoundId: 'c1', gatewayId: 'gw1', deviceId: id, kind, name, lastSeenAt: null, online: true });
    api.on('GET /api/devices', { body: { devices: [dev('gate-east', 'gate', '东门'), dev('column-1', 'alarm_column', '报警柱'), dev('cam-1', 'camera', '东门摄像头'), { ...dev('x', 'camera', '别处'), gatewayId: 'gw2', id: 'gw2.x' }] } });
    api.on('POST /api/gates/:id/open', { body: { commandId: 'k1', gateId: 'gw1.gate-east', status: 'ok', latencyMs: 412 } });
    api.on('POST /api/devices/:id/commands', (req) => ({ body: { commandId: 'k2', deviceId: decodeURIComponent(req.path.split('/')[3]!), status: 'ok', latencyMs: 87 } }));
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    const row = await rowOf('a0');
    await waitFor(() => expect(within(row).getByTestId('alert-where').textContent).toBe('建设路 12 号院 · 东门'));
    // China time whatever the machine's zone: 23:30 UTC is 07:30 the next morning in Beijing
    expect(within(row).getByTestId('alert-time').textContent).toContain('07:30:05');
    expect(within(row).getByTestId('alert-time').textContent).toContain('11/25');

    fireEvent.click(within(row).getByTestId('alert-snapshot'));
    const box = await screen.findByTestId('lightbox');
    expect(box.textContent).toContain('1 / 2');
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/snapshots/s1')).toBe(true));
    fireEvent.click(screen.getByTestId('lightbox-close'));
    expect(screen.queryByTestId('lightbox')).toBeNull();

    fireEvent.click(within(row).getByTestId('alert-open-gate'));
    await waitFor(() => expect(within(row).getByTestId('alert-action-result').getAttribute('data-status')).toBe('ok'));
    expect(api.requests.find((r) => r.method === 'POST' && r.path.startsWith('/api/gates/'))?.path).toBe('/api/gates/gw1.gate-east/open');
    fireEvent.click(within(row).getByTestId('alert-stop-siren'));
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/devices/gw1.column-1/commands')).toBe(true));
    expect(api.requests.find((r) => r.path === '/api/devices/gw1.column-1/commands')?.body).toEqual({ action: 'siren.stop' });
    fireEvent.click(within(row).getByTestId('alert-new-snapshot'));
    await waitFor(() => expect(api.requests.find((r) => r.path === '/api/devices/gw1.cam-1/commands')?.body).toEqual({ action: 'camera.snapshot' }));
    expect(api.requests.some((r) => r.path === '/api/devices/gw2.x/commands')).toBe(false);
  });

  it('an installer sees alerts without acknowledge, resolve or one-tap actions', async () => {
    api.on('GET /api/alerts', page(makeAlerts(2)));
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    await rowOf('a0');
    expect(screen.queryByTestId('alert-ack')).toBeNull();
    expect(screen.queryByTestId('alert-resolve')).toBeNull();
    expect(screen.queryByTestId('alert-select-all')).toBeNull();
  });
});
