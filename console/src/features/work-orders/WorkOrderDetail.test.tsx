import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import WorkOrderDetail from './WorkOrderDetail.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeWorkOrder } from '../../test/fixtures.js';
import type { WorkOrder, WorkOrderDetail as Detail } from '../../api/types.js';
import { LiveProvider } from '../../api/use-live.js';
import { startTestLive } from '../../test/live-server.js';

describe('work-order detail', () => {
  let api: TestApi;
  let wo: WorkOrder;
  let history: Detail['history'];
  beforeEach(async () => {
    api = await startTestApi();
    wo = makeWorkOrder('w1', 'requested', { dueAt: new Date(Date.now() - 3_600_000).toISOString() });
    history = [{
      fromStage: null, toStage: 'requested', byUserId: 'u-resident', note: '3 号楼 2 单元下水道返水', at: wo.createdAt,
      byName: '王秀英', byRole: 'resident', photoIds: [], dueAt: null, onTime: null,
    }];
    api.on('GET /api/work-orders/w1', () => ({ body: { workOrder: wo, history, comments: [] } }));
    api.on('GET /api/work-order-photos/:id', { body: {} });
    api.on('GET /api/compounds', { body: { compounds: [] } });
    api.on('GET /api/work-orders/categories', { body: { categories: [] } });
    api.on('GET /api/users', {
      body: { users: [{ id: 'u-fix', username: 'fix', displayName: '赵师傅', role: 'guard', compoundIds: ['c1'], gateIds: [], leaseEndsOn: null, disabled: false, createdAt: wo.createdAt }] },
    });
    api.on('GET /api/work-orders/w1/assignees', { body: { assignees: [{ id: 'u-fix', displayName: '赵师傅', role: 'guard' }] } });
    api.on('POST /api/work-orders/w1/transition', (req) => {
      const b = req.body as { to: WorkOrder['stage']; assigneeId?: string; photoIds?: string[] };
      history = [...history, { fromStage: wo.stage, toStage: b.to, byUserId: 'u-manager', note: null, at: new Date().toISOString(), byName: '社区刘', byRole: 'manager', photoIds: b.photoIds ?? [], dueAt: null, onTime: true }];
      wo = { ...wo, stage: b.to, assigneeId: b.assigneeId ?? wo.assigneeId };
      return { body: wo };
    });
  });
  afterEach(() => api.close());

  it('shows history and the SLA breach, and assigns while dispatching', async () => {
    renderPage(<WorkOrderDetail id="w1" />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    expect((await screen.findByTestId('wo-history')).textContent).toContain('下水道返水');
    expect(screen.getByText('已超时')).toBeTruthy();
    const advance = screen.getByTestId('wo-advance') as HTMLButtonElement;
    expect(advance.disabled).toBe(true);
    await screen.findByRole('option', { name: '赵师傅' });
    fireEvent.change(screen.getByTestId('wo-assignee'), { target: { value: 'u-fix' } });
    fireEvent.click(advance);
    await waitFor(() => expect(screen.getByTestId('wo-detail').getAttribute('data-stage')).toBe('dispatched'));
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ to: 'dispatched', assigneeId: 'u-fix' });
    expect(screen.getByTestId('wo-detail').textContent).toContain('赵师傅');
  });

  it('the grid leader (支部派单) picks whom to dispatch to from the order\'s assignee list, without the user directory', async () => {
    renderPage(<WorkOrderDetail id="w1" />, { baseUrl: api.baseUrl, session: sessionAs('grid_leader') });
    await screen.findByRole('option', { name: '赵师傅' });
    fireEvent.change(screen.getByTestId('wo-assignee'), { target: { value: 'u-fix' } });
    fireEvent.click(screen.getByTestId('wo-advance'));
    await waitFor(() => expect(screen.getByTestId('wo-detail').getAttribute('data-stage')).toBe('dispatched'));
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ to: 'dispatched', assigneeId: 'u-fix' });
    expect(api.requests.some((r) => r.method === 'GET' && r.path.startsWith('/api/users'))).toBe(false);
  });

  it('验单 takes the completion photo with a preview, uploads it, names it in the move, then shows it; it enlarges on tap', async () => {
    wo = makeWorkOrder('w1', 'supervised');
    api.on('POST /api/work-order-photos', { status: 201, body: { id: 'ph-done', bytes: 7 } });
    renderPage(<WorkOrderDetail id="w1" />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await screen.findByTestId('wo-history');
    // Only the verify step offers the photo.
    const photo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9, 9])], 'done.png', { type: 'image/png' });
    fireEvent.change(screen.getByTestId('wo-verify-photo'), { target: { files: [photo] } });
    expect(screen.getAllByTestId('wo-verify-photo-preview')).toHaveLength(1);
    expect(screen.getByTestId('wo-verify-photo-count').textContent).toContain('1');
    fireEvent.click(screen.getByTestId('wo-advance'));
    await waitFor(() => expect(screen.getByTestId('wo-detail').getAttribute('data-stage')).toBe('verified'));
    const upload = api.requests.find((r) => r.path === '/api/work-order-photos')!;
    expect(upload.query.get('compoundId')).toBe('c1');
    expect(String(upload.body)).toContain('PNG');
    expect(api.requests.find((r) => r.path === '/api/work-orders/w1/transition')!.body).toEqual({ to: 'verified', photoIds: ['ph-done'] });
    expect(api.requests.findIndex((r) => r.path === '/api/work-order-photos')).toBeLessThan(api.requests.findIndex((r) => r.path === '/api/work-orders/w1/transition'));
    // Verified: no more picker; the completion photo shows (and on the timeline) and enlarges.
    expect(screen.queryByTestId('wo-verify-photo')).toBeNull();
    await screen.findByTestId('wo-completion-photo');
    expect(screen.getAllByTestId('wo-history-photo')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('wo-completion-photo-open'));
    expect(screen.getByTestId('lightbox')).toBeTruthy();
    expect(screen.getByTestId('lightbox').textContent).toContain('完工照片（验单）');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('lightbox')).toBeNull();
  });

  it('no photo picker before 验单; a live work-order message updates the open page without a reload', async () => {
    const wss = await startTestLive();
    onTestFinished(() => wss.close());
    renderPage(<LiveProvider token="tk" stream={wss.stream({ quietMs: 60_000 })}><WorkOrderDetail id="w1" /></LiveProvider>, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await screen.findByTestId('wo-history');
    expect(screen.queryByTestId('wo-verify-photo')).toBeNull();
    await waitFor(() => expect(wss.sockets).toHaveLength(1));
    const fetches = () => api.requests.filter((r) => r.path === '/api/work-orders/w1').length;
    const before = fetches();
    // Another order's message does not refetch this one.
    wss.sockets[0]!.send(JSON.stringify({ id: 1, type: 'work_order.update', compoundId: 'c1', at: new Date().toISOString(), workOrderId: 'w2' }));
    // Someone else dispatched it.
    wo = { ...wo, stage: 'dispatched', assigneeId: 'u-fix' };
    wss.sockets[0]!.send(JSON.stringify({ id: 2, type: 'work_order.update', compoundId: 'c1', at: new Date().toISOString(), workOrderId: 'w1' }));
    await waitFor(() => expect(screen.getByTestId('wo-detail').getAttribute('data-stage')).toBe('dispatched'));
    expect(screen.getByTestId('wo-detail').textContent).toContain('赵师傅');
    expect(fetches()).toBe(before + 1);
  });
});
