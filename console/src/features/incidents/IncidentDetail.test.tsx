import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import IncidentDetail from './IncidentDetail.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago, makeAlert, makeWorkOrder } from '../../test/fixtures.js';
import { LiveProvider } from '../../api/use-live.js';
import { startTestLive } from '../../test/live-server.js';
import type { IncidentDetail as Detail } from '../../api/types.js';

describe('incident detail', () => {
  let api: TestApi;
  /** The cloud's answer; the live test changes it. */
  let detail: Detail;
  beforeEach(async () => {
    api = await startTestApi();
    window.location.hash = '#/incidents/inc1';
    api.on('GET /api/incidents/inc1', () => ({ body: detail }));
    detail = {
      incident: {
        id: 'inc1', compoundId: 'c1', key: 'gate-east:door_forced', kind: 'door_forced', severity: 'critical', title: '东门被强行打开',
        gatewayId: 'gw1', deviceId: 'gate-east', status: 'open', alertCount: 2, openedAt: ago(60_000), lastAt: ago(0),
        closedAt: null, closedBy: null, closeReason: null, workOrderId: null,
      },
      alerts: [makeAlert(1, { incidentId: 'inc1', snapshotIds: ['s1'], status: 'new' })],
      timeline: [
        { at: ago(60_000), kind: 'alert', text: '东门被强行打开', userId: null, alertId: 'a1', eventId: null, eventType: null, snapshotId: null },
        { at: ago(58_000), kind: 'snapshot', text: '抓拍', userId: null, alertId: null, eventId: null, eventType: null, snapshotId: 's2' },
        { at: ago(30_000), kind: 'acknowledged', text: '王师傅已确认', userId: 'u-guard', alertId: 'a1', eventId: null, eventType: null, snapshotId: null },
      ],
    };
    api.on('GET /api/work-orders', { body: { workOrders: [] } });
    api.on('GET /api/compounds', { body: { compounds: [] } });
    api.on('GET /api/users', { body: { users: [] } });
    api.on('GET /api/work-orders/categories', { body: { categories: [{ id: 'security', zh: '治安/安防', en: 'Security', dueHours: 4 }] } });
    api.on('GET /api/snapshots/:id', { body: {} });
  });
  afterEach(() => api.close());

  it('shows the timeline and snapshots, and creates a work order in one step', async () => {
    api.on('POST /api/incidents/inc1/work-order', { body: makeWorkOrder('w77', 'requested', { incidentId: 'inc1', category: 'security' }) });
    renderPage(<IncidentDetail id="inc1" />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    expect((await screen.findByTestId('incident-timeline')).textContent).toContain('王师傅已确认');
    expect(screen.getAllByTestId('snapshot')).toHaveLength(2);
    fireEvent.click(screen.getByTestId('create-work-order'));
    await waitFor(() => expect(window.location.hash).toBe('#/work-orders/w77'));
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ category: 'security' });
  });

  it('links an open work order of the same compound', async () => {
    api.on('GET /api/work-orders', { body: { workOrders: [makeWorkOrder('w5', 'accepted', { title: '大门门禁维修' }), makeWorkOrder('w6', 'verified')] } });
    api.on('POST /api/incidents/inc1/link-work-order', { body: {} });
    renderPage(<IncidentDetail id="inc1" />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    await screen.findByRole('option', { name: '大门门禁维修' });
    expect(screen.queryByRole('option', { name: /w6/ })).toBeNull();
    fireEvent.change(screen.getByTestId('link-work-order-select'), { target: { value: 'w5' } });
    fireEvent.click(screen.getByTestId('link-work-order'));
    await waitFor(() => expect(api.requests.find((r) => r.path === '/api/incidents/inc1/link-work-order')?.body).toEqual({ workOrderId: 'w5' }));
    expect(api.requests.find((r) => r.path === '/api/work-orders')?.query.get('compoundId')).toBe('c1');
  });

  it('enlarges a snapshot on tap (the alert card\'s lightbox), steps to the next, closes with Esc', async () => {
    renderPage(<IncidentDetail id="inc1" />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    await screen.findByTestId('incident-timeline');
    expect(screen.queryByTestId('lightbox')).toBeNull();
    fireEvent.click(screen.getAllByTestId('snapshot-open')[0]!);
    const box = screen.getByTestId('lightbox');
    expect(screen.getByTestId('lightbox-image')).toBeTruthy();
    expect(box.textContent).toContain('1 / 2');
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(screen.getByTestId('lightbox').textContent).toContain('2 / 2');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('lightbox')).toBeNull();
  });

  it('updates live: a message about this incident (or one of its alerts) refetches it, one about another does not', async () => {
    const wss = await startTestLive();
    onTestFinished(() => wss.close());
    renderPage(<LiveProvider token="tk" stream={wss.stream({ quietMs: 60_000 })}><IncidentDetail id="inc1" /></LiveProvider>, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    await screen.findByTestId('incident-timeline');
    await waitFor(() => expect(wss.sockets).toHaveLength(1));
    const fetches = () => api.requests.filter((r) => r.path === '/api/incidents/inc1').length;
    const at = new Date().toISOString();
    wss.sockets[0]!.send(JSON.stringify({ id: 1, type: 'incident.update', compoundId: 'c1', at, incidentId: 'inc2' }));
    // A manager closed it on another screen.
    detail = { ...detail, incident: { ...detail.incident, status: 'closed', closeReason: '误报', closedAt: at } };
    wss.sockets[0]!.send(JSON.stringify({ id: 2, type: 'incident.update', compoundId: 'c1', at, incidentId: 'inc1' }));
    await waitFor(() => expect(screen.getByTestId('incident-detail').getAttribute('data-status')).toBe('closed'));
    expect(screen.queryByTestId('incident-close')).toBeNull();
    const after = fetches();
    // Its alert acknowledged: the page shows the alert's status.
    expect(screen.getByTestId('incident-detail').textContent).not.toMatch(/· 已确认 ·/);
    detail = { ...detail, alerts: [{ ...detail.alerts[0]!, status: 'acknowledged' }] };
    wss.sockets[0]!.send(JSON.stringify({ id: 3, type: 'alert.update', compoundId: 'c1', at, alert: detail.alerts[0] }));
    await waitFor(() => expect(fetches()).toBe(after + 1));
    await waitFor(() => expect(screen.getByTestId('incident-detail').textContent).toMatch(/· 已确认 ·/));
  });
});
