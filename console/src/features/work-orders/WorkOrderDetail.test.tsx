import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import WorkOrderDetail from './WorkOrderDetail.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeWorkOrder } from '../../test/fixtures.js';
import type { WorkOrder } from '../../api/types.js';

describe('work-order detail', () => {
  let api: TestApi;
  let wo: WorkOrder;
  beforeEach(async () => {
    api = await startTestApi();
    wo = makeWorkOrder('w1', 'requested', { dueAt: new Date(Date.now() - 3_600_000).toISOString() });
    api.on('GET /api/work-orders/w1', () => ({
      body: {
        workOrder: wo,
        history: [{
          fromStage: null, toStage: 'requested', byUserId: 'u-resident', note: '3 号楼 2 单元下水道返水', at: wo.createdAt,
          byName: '王秀英', byRole: 'resident', photoIds: [], dueAt: null, onTime: null,
        }],
        comments: [],
      },
    }));
    api.on('GET /api/compounds', { body: { compounds: [] } });
    api.on('GET /api/work-orders/categories', { body: { categories: [] } });
    api.on('GET /api/users', {
      body: { users: [{ id: 'u-fix', username: 'fix', displayName: '赵师傅', role: 'guard', compoundIds: ['c1'], gateIds: [], leaseEndsOn: null, disabled: false, createdAt: wo.createdAt }] },
    });
    api.on('POST /api/work-orders/w1/transition', (req) => {
      const b = req.body as { to: WorkOrder['stage']; assigneeId?: string };
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
});
