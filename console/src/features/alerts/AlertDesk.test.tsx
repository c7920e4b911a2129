import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import AlertDesk from './AlertDesk.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeAlert, makeAlerts, makeCompound } from '../../test/fixtures.js';
import type { Alert } from '../../api/types.js';

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

  it('renders 5,000 alerts newest first with only a window of rows in the DOM', async () => {
    // The API pages 500 at a time, newest first, with `before` = the last createdAt.
    const all = makeAlerts(5000).reverse();
    api.on('GET /api/alerts', (req) => {
      const before = req.query.get('before');
      const from = before ? all.findIndex((a) => a.createdAt < before) : 0;
      const alerts = all.slice(from, from + 500);
      return { body: { alerts, nextBefore: alerts.at(-1)?.createdAt ?? null } };
    });
    renderPage(<AlertDesk />, { baseUrl: api.baseUrl });
    await waitFor(() => expect(screen.getByTestId('alert-count').textContent).toContain('5000'));
    const rows = screen.getAllByTestId('alert-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]!.getAttribute('data-alert-id')).toBe('a4999');
    expect(rows[1]!.getAttribute('data-alert-id')).toBe('a4998');
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
    fireEvent.scroll(list, { target: { scrollTop: 92 * 2000 } });
    await waitFor(() => expect(screen.getAllByTestId('alert-row').some((r) => r.getAttribute('data-alert-id') === 'a2999')).toBe(true));
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
});
