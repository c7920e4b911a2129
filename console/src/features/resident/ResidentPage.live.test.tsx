import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import ResidentPage from './ResidentPage.js';
import { LiveProvider } from '../../api/use-live.js';
import { startTestLive, type TestLive } from '../../test/live-server.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeCompound, makeWorkOrder } from '../../test/fixtures.js';
import type { WorkOrderStage } from '../../api/types.js';

describe('resident page: repair status over the live stream', () => {
  let api: TestApi;
  let wss: TestLive;
  let stage: WorkOrderStage;
  const orderFetches = () => api.requests.filter((r) => r.method === 'GET' && r.path === '/api/work-orders').length;
  beforeEach(async () => {
    api = await startTestApi();
    stage = 'accepted';
    api.on('GET /api/gates', { body: { gates: [] } });
    api.on('GET /api/compounds', { body: { compounds: [makeCompound('c1', '建设路 12 号院', 36)] } });
    api.on('GET /api/work-orders', () => ({ body: { workOrders: [makeWorkOrder('w9', stage, { requestedBy: 'u-resident', mayMove: stage === 'supervised' })] } }));
    api.on('GET /api/work-orders/categories', { body: { categories: [{ id: 'blocked_drain', zh: '下水道堵塞', en: 'Blocked drain', dueHours: 24 }] } });
    api.on('GET /api/visitor-passes', { body: { passes: [] } });
    wss = await startTestLive();
  });
  afterEach(async () => {
    wss.close();
    await api.close();
  });

  const render = () => {
    const live = wss.stream({ quietMs: 60_000 });
    renderPage(
      <LiveProvider token="tk" stream={live}>
        <ResidentPage />
      </LiveProvider>,
      { baseUrl: api.baseUrl, session: sessionAs('resident', { id: 'u-resident', gateIds: [] }) },
    );
    return live;
  };
  const at = () => new Date().toISOString();
  const change = (id: number, s: WorkOrderStage) => ({
    id, type: 'work_order.update', compoundId: 'c1', userId: 'u-resident', at: at(), workOrderId: 'w9',
    workOrder: { workOrderId: 'w9', stage: s, ratingAsked: s === 'verified', rating: null, updatedAt: at() },
  });

  it('a work_order.update moves the stage at once (no polling); other messages and a return to the page do not refetch', async () => {
    render();
    await waitFor(() => expect(screen.getByTestId('my-request').getAttribute('data-stage')).toBe('accepted'));
    await waitFor(() => expect(wss.sockets.length).toBe(1));
    const socket = wss.sockets[0]!;
    socket.send(JSON.stringify({ id: 1, type: 'hello', compoundId: null, at: at() }));
    await waitFor(() => expect(screen.getByTestId('my-requests').getAttribute('data-live')).toBe('true'));
    // Coming online refetches at most once (the first connection has no cursor to resume from).
    await new Promise((r) => setTimeout(r, 200));
    const base = orderFetches();
    expect(base).toBeLessThanOrEqual(2);
    expect(api.requests.find((r) => r.path === '/api/work-orders')?.query.get('limit')).toBe('50');

    stage = 'supervised';
    // Back on the page while the stream is up: the stream is the source, no refetch.
    document.dispatchEvent(new Event('visibilitychange'));
    socket.send(JSON.stringify({ id: 2, type: 'alert.new', compoundId: 'c1', at: at() }));
    await new Promise((r) => setTimeout(r, 300));
    expect(orderFetches()).toBe(base);
    expect(screen.getByTestId('my-request').getAttribute('data-stage')).toBe('accepted');

    socket.send(JSON.stringify(change(3, 'supervised')));
    await waitFor(() => expect(screen.getByTestId('my-request').getAttribute('data-stage')).toBe('supervised'));
    expect(screen.getByTestId('my-request-stage').textContent).toBe('当前：督单');
    expect(screen.getByTestId('my-request-verify')).toBeTruthy();
    expect(orderFetches()).toBe(base + 1);

    // Closed (验单) elsewhere: the stars appear.
    stage = 'verified';
    socket.send(JSON.stringify(change(4, 'verified')));
    await screen.findByTestId('rate-5');
    expect(orderFetches()).toBe(base + 2);
  });

  it('while the stream is down the page falls back to fetching when it comes back to the front', async () => {
    const live = render();
    await waitFor(() => expect(screen.getByTestId('my-request').getAttribute('data-stage')).toBe('accepted'));
    await waitFor(() => expect(wss.sockets.length).toBe(1));
    wss.sockets[0]!.send(JSON.stringify({ id: 7, type: 'hello', compoundId: null, at: at() }));
    await waitFor(() => expect(live.state).toBe('online'));
    // The cloud goes away (the socket drops, nothing answers): offline, so a return to the page fetches.
    wss.sockets[0]!.terminate();
    wss.close();
    await waitFor(() => expect(screen.getByTestId('my-requests').getAttribute('data-live')).toBe('false'));
    const before = orderFetches();
    stage = 'supervised';
    document.dispatchEvent(new Event('visibilitychange'));
    await waitFor(() => expect(screen.getByTestId('my-request').getAttribute('data-stage')).toBe('supervised'));
    expect(orderFetches()).toBe(before + 1);
    expect(live.state).not.toBe('online');
  });
});
