import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { WorkOrderBoardPage } from './WorkOrders.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago, makeCompound, makeWorkOrder } from '../../test/fixtures.js';
import type { WorkOrder } from '../../api/types.js';

// The report's month label is data the page only shows: any month will do, this one is today's.
const thisMonth = ago(0).slice(0, 7);

describe('work-order board', () => {
  let api: TestApi;
  let orders: WorkOrder[];
  beforeEach(async () => {
    api = await startTestApi();
    orders = [
      makeWorkOrder('w1', 'requested'),
      makeWorkOrder('w2', 'dispatched'),
      makeWorkOrder('w3', 'dispatched', { slaBreached: true }),
      makeWorkOrder('w4', 'supervised'),
      makeWorkOrder('w5', 'verified', { rating: 5 }),
    ];
    api.on('GET /api/work-orders', () => ({ body: { workOrders: orders } }));
    api.on('GET /api/compounds', { body: { compounds: [makeCompound('c1', '建设路 12 号院', 36)] } });
    api.on('GET /api/work-orders/categories', { body: { categories: [{ id: 'blocked_drain', zh: '下水道堵塞', en: 'Blocked drain', dueHours: 24 }] } });
    api.on('GET /api/work-orders/report', { body: { rows: [{ compoundId: 'c1', month: thisMonth, created: 10, closed: 8, closedOnTime: 7, onTimeRate: 0.875, breached: 1, ratings: 4, avgSatisfaction: 4.5 }] } });
    api.on('GET /api/users', {
      body: {
        users: [
          { id: 'u-fix', username: 'fix', displayName: '李师傅', role: 'guard', compoundIds: ['c1'], gateIds: [], leaseEndsOn: null, disabled: false, createdAt: ago(300 * 86_400_000) },
        ],
      },
    });
    api.on('POST /api/work-orders/:id/transition', (req) => {
      const id = req.path.split('/')[3]!;
      const body = req.body as { to: WorkOrder['stage']; assigneeId?: string };
      const wo = orders.find((o) => o.id === id)!;
      const updated = { ...wo, stage: body.to, assigneeId: body.assigneeId ?? wo.assigneeId };
      orders = orders.map((o) => (o.id === id ? updated : o));
      return { body: updated };
    });
  });
  afterEach(() => api.close());

  const card = (id: string) => screen.getAllByTestId('wo-card').find((c) => c.getAttribute('data-wo-id') === id)!;

  it('groups work orders into the five stage columns and highlights SLA breaches', async () => {
    renderPage(<WorkOrderBoardPage />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getAllByTestId('wo-card')).toHaveLength(5));
    const ids = (stage: string) => within(screen.getByTestId(`wo-column-${stage}`)).queryAllByTestId('wo-card').map((c) => c.getAttribute('data-wo-id'));
    expect(ids('requested')).toEqual(['w1']);
    expect(ids('dispatched').sort()).toEqual(['w2', 'w3']);
    expect(ids('accepted')).toEqual([]);
    expect(ids('supervised')).toEqual(['w4']);
    expect(ids('verified')).toEqual(['w5']);
    expect(within(screen.getByTestId('wo-column-requested')).getByRole('heading').textContent).toContain('点单');
    expect(card('w3').getAttribute('data-breached')).toBe('true');
    expect(card('w2').getAttribute('data-breached')).toBe('false');
    expect(within(card('w5')).queryByTestId('wo-advance')).toBeNull();
    expect((await screen.findByTestId('wo-stats')).textContent).toContain('87.5%');
  });

  it('moves a card to the next stage through the transition API, dispatching needs an assignee', async () => {
    renderPage(<WorkOrderBoardPage />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getAllByTestId('wo-card')).toHaveLength(5));
    fireEvent.click(within(card('w2')).getByTestId('wo-advance'));
    await waitFor(() => expect(within(screen.getByTestId('wo-column-accepted')).getAllByTestId('wo-card').map((c) => c.getAttribute('data-wo-id'))).toEqual(['w2']));
    expect(api.requests.find((r) => r.path === '/api/work-orders/w2/transition')?.body).toEqual({ to: 'accepted' });

    await within(card('w1')).findByRole('option', { name: '李师傅' });
    expect((within(card('w1')).getByTestId('wo-advance') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(card('w1')).getByTestId('wo-assignee'), { target: { value: 'u-fix' } });
    fireEvent.click(within(card('w1')).getByTestId('wo-advance'));
    await waitFor(() => expect(card('w1').getAttribute('data-stage')).toBe('dispatched'));
    expect(api.requests.find((r) => r.path === '/api/work-orders/w1/transition')?.body).toEqual({ to: 'dispatched', assigneeId: 'u-fix' });
  });

  it('shows the reason when the cloud refuses a move', async () => {
    api.on('POST /api/work-orders/:id/transition', { status: 409, body: { error: { code: 'CONFLICT', message: '只有负责人可以接单' } } });
    // The guard is w2's assignee: the only move a guard may make is accepting their own order (the cloud says so in mayMove).
    orders = orders.map((o) => ({ ...o, mayMove: o.id === 'w2' }));
    renderPage(<WorkOrderBoardPage />, { baseUrl: api.baseUrl, session: sessionAs('guard', { id: 'u-fix' }) });
    await waitFor(() => expect(screen.getAllByTestId('wo-card')).toHaveLength(5));
    expect(within(card('w1')).queryByTestId('wo-advance')).toBeNull();
    expect(within(card('w4')).queryByTestId('wo-advance')).toBeNull();
    fireEvent.click(within(card('w2')).getByTestId('wo-advance'));
    expect((await screen.findByRole('alert')).textContent).toContain('只有负责人可以接单');
    expect(card('w2').getAttribute('data-stage')).toBe('dispatched');
  });
});
