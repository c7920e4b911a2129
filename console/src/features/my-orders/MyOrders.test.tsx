/** 我的工单: only mine, to accept first; accepting and reporting go to the cloud and the list follows it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import MyOrders from './MyOrders.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeCompound, makeWorkOrder } from '../../test/fixtures.js';
import type { WorkOrder } from '../../api/types.js';

describe('my orders (guards, installers)', () => {
  let api: TestApi;
  let orders: WorkOrder[];
  beforeEach(async () => {
    api = await startTestApi();
    orders = [
      makeWorkOrder('w-done', 'verified', { assigneeId: 'u-guard' }),
      makeWorkOrder('w-new', 'dispatched', { assigneeId: 'u-guard' }),
      makeWorkOrder('w-other', 'dispatched', { assigneeId: 'u-someone' }),
    ];
    api.on('GET /api/compounds', { body: { compounds: [makeCompound('c1', '建设路 12 号院', 36)] } });
    api.on('GET /api/work-orders/categories', { body: { categories: [] } });
    // As the cloud does: assignee=me is the signed-in guard's (u-guard) orders only.
    api.on('GET /api/work-orders', (req) => ({ body: { workOrders: orders.filter((w) => req.query.get('assignee') !== 'me' || w.assigneeId === 'u-guard'), nextBefore: null } }));
    api.on('POST /api/work-orders/:id/transition', (req) => {
      const id = req.path.split('/')[3]!;
      orders = orders.map((w) => (w.id === id ? { ...w, stage: (req.body as { to: WorkOrder['stage'] }).to } : w));
      return { body: orders.find((w) => w.id === id) };
    });
    api.on('POST /api/work-orders/:id/comments', { status: 201, body: { id: 'm1' } });
  });
  afterEach(async () => {
    window.location.hash = '';
    await api.close();
  });

  it('lists only my orders, open ones first; 接单 moves it to accepted; a progress report is sent with its text', async () => {
    window.location.hash = '#/my-orders';
    renderPage(<MyOrders />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    await waitFor(() => expect(screen.getAllByTestId('my-order').map((c) => c.dataset.woId)).toEqual(['w-new', 'w-done']));
    expect(screen.getByTestId('my-orders-count').textContent).toBe('1 个未完成');
    expect(api.requests.find((r) => r.path === '/api/work-orders')?.query.get('assignee')).toBe('me');

    const card = () => screen.getAllByTestId('my-order').find((c) => c.dataset.woId === 'w-new')!;
    fireEvent.click(within(card()).getByTestId('my-order-accept'));
    await waitFor(() => expect(card().dataset.stage).toBe('accepted'));
    expect(api.requests.find((r) => r.method === 'POST')).toMatchObject({ path: '/api/work-orders/w-new/transition', body: { to: 'accepted' } });
    expect(within(card()).queryByTestId('my-order-accept')).toBeNull();

    fireEvent.click(within(card()).getByTestId('my-order-report'));
    fireEvent.change(within(card()).getByTestId('my-order-report-text'), { target: { value: '已疏通，明早复查' } });
    fireEvent.click(within(card()).getByTestId('my-order-report-submit'));
    await waitFor(() => expect(within(card()).queryByTestId('my-order-report-form')).toBeNull());
    expect(api.requests.find((r) => r.path === '/api/work-orders/w-new/comments')?.body).toEqual({ text: '已疏通，明早复查', photoIds: [] });
  });

  it('a refused accept says why, and the order stays to accept', async () => {
    api.on('POST /api/work-orders/:id/transition', { status: 409, body: { error: { code: 'CONFLICT', message: 'The work order was reassigned.' } } });
    window.location.hash = '#/my-orders';
    renderPage(<MyOrders />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    const card = await screen.findByTestId('my-order-accept');
    fireEvent.click(card);
    expect((await screen.findByRole('alert')).textContent).toMatch(/reassigned|冲突|已/);
    expect(screen.getAllByTestId('my-order').find((c) => c.dataset.woId === 'w-new')!.dataset.stage).toBe('dispatched');
  });
});
