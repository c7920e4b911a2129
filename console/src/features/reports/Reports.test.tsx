// fixed-dates-ok: canned report and call-list bodies served by the test server; the page compares none of their dates with the clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import Reports from './Reports.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';

const step = { moves: 10, onTime: 10, rate: 1 };
const row = {
  scope: 'company', id: 'east', name: '东区红色物业', month: '2026-11', compoundIds: ['c1'], cases: 544, casesPerDay: 18.13, closed: 540, closedOnTime: 540, onTimeRate: 1,
  steps: { dispatch: step, accept: step, supervise: step, verify: step },
  callbacks: { due: 540, answered: 525, satisfied: 496, unreachable: 15, satisfactionRate: 0.9448 },
  alerts: { raised: 12, acknowledged: 12, avgAckS: 41, avgResolveS: 600 },
  headline: '东区红色物业 2026-11：共 544 件（日均 18.13 件），按时率 100%，回访满意率 94.48%',
};

describe('reports and callbacks', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/reports/monthly', { body: { rows: [row] } });
    api.on('GET /api/callbacks', {
      body: { callbacks: [{ id: 'cb1', workOrderId: 'w1', compoundId: 'c1', workOrderTitle: '3号楼下水道返水', residentId: 'r1', residentName: '王秀英', phone: '13903710001', verifiedAt: '2026-11-20T02:00:00.000Z', dueAt: '2026-11-22T02:00:00.000Z', status: 'pending', attempts: 0, channel: null, satisfaction: null, result: null, calledBy: null, calledAt: null }] },
    });
    api.on('POST /api/callbacks/cb1', (req) => ({ body: { ...(req.body as object) } }));
  });
  afterEach(() => api.close());

  it('shows the headline figures and records a callback with its satisfaction', async () => {
    renderPage(<Reports />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    expect((await screen.findByTestId('report-headline')).textContent).toContain('回访满意率 94.48%');
    // The call list loads on its own: wait for it, not just for its card.
    await waitFor(() => expect(screen.getByTestId('callback-list').textContent).toContain('13903710001'));
    fireEvent.click(screen.getByRole('button', { name: '4★' }));
    await waitFor(() => expect(api.requests.find((r) => r.path === '/api/callbacks/cb1')?.body).toEqual({ outcome: 'answered', satisfaction: 4 }));
  });
});
