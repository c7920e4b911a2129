import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import IncidentDetail from './IncidentDetail.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago, makeAlert, makeWorkOrder } from '../../test/fixtures.js';

describe('incident detail', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    window.location.hash = '#/incidents/inc1';
    api.on('GET /api/incidents/inc1', {
      body: {
        incident: {
          id: 'inc1', compoundId: 'c1', key: 'gate-east:door_forced', kind: 'door_forced', severity: 'critical', title: '东门被强行打开',
          gatewayId: 'gw1', deviceId: 'gate-east', status: 'open', alertCount: 2, openedAt: ago(60_000), lastAt: ago(0),
          closedAt: null, closedBy: null, closeReason: null, workOrderId: null,
        },
        alerts: [makeAlert(1, { incidentId: 'inc1', snapshotIds: ['s1'] })],
        timeline: [
          { at: ago(60_000), kind: 'alert', text: '东门被强行打开', userId: null, alertId: 'a1', eventId: null, eventType: null, snapshotId: null },
          { at: ago(58_000), kind: 'snapshot', text: '抓拍', userId: null, alertId: null, eventId: null, eventType: null, snapshotId: 's2' },
          { at: ago(30_000), kind: 'acknowledged', text: '王师傅已确认', userId: 'u-guard', alertId: 'a1', eventId: null, eventType: null, snapshotId: null },
        ],
      },
    });
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
});
