import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { WorkOrderBoardPage } from './WorkOrders.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago, makeCompound, makeWorkOrder } from '../../test/fixtures.js';
import type { WorkOrder } from '../../api/types.js';
import { bytesOf, captureDownloads, csvLines } from '../../test/downloads.js';
import { strFromU8, unzipSync } from 'fflate';
import { LiveProvider } from '../../api/use-live.js';
import { startTestLive } from '../../test/live-server.js';

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
  afterEach(async () => {
    vi.restoreAllMocks();
    await api.close();
  });

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

  it('filters by status, category, words and China days on the server; loads more; exports the list and the monthly table', async () => {
    api.on('GET /api/work-orders', (req) => (req.query.get('before')
      ? { body: { workOrders: [makeWorkOrder('w9', 'accepted', { title: '+楼道灯' })], nextBefore: null } }
      : { body: { workOrders: orders, nextBefore: ago(2 * 3_600_000) } }));
    const { blobs, names } = captureDownloads();
    renderPage(<WorkOrderBoardPage />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getAllByTestId('wo-card')).toHaveLength(5));
    fireEvent.click(screen.getByTestId('list-more'));
    await waitFor(() => expect(screen.getAllByTestId('wo-card')).toHaveLength(6));

    fireEvent.click(screen.getByTestId('wo-export-csv'));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const lines = await csvLines(blobs[0]!);
    expect(lines).toHaveLength(7);
    expect(lines[0]!.split(',').slice(0, 6)).toEqual(['时间', '楼院', '类别', '标题', '地点', '环节']);
    expect(lines[1]).toContain('建设路 12 号院');
    expect(lines[1]).toContain('下水道堵塞');
    expect(lines.at(-1)).toContain("'+楼道灯");
    expect(names[0]).toMatch(/^工单-.*\.csv$/);

    await screen.findByText('87.5%');
    fireEvent.click(screen.getByTestId('wo-stats-export-csv'));
    await waitFor(() => expect(blobs).toHaveLength(2));
    const stats = await csvLines(blobs[1]!);
    expect(stats[1]).toBe(`建设路 12 号院,${thisMonth},10,8,7,87.5%,1,4,4.5`);
    fireEvent.click(screen.getByTestId('wo-stats-export-xlsx'));
    await waitFor(() => expect(blobs).toHaveLength(3));
    const sheet = strFromU8(unzipSync(await bytesOf(blobs[2]!))['xl/worksheets/sheet1.xml']!);
    // Counts as numbers (Excel sums them), names as text.
    expect(sheet).toContain('<t xml:space="preserve">建设路 12 号院</t>');
    expect(sheet).toMatch(/<c r="C2"><v>10<\/v><\/c>/);
    expect(sheet).toMatch(/<c r="I2"><v>4.5<\/v><\/c>/);
    expect(names[2]).toBe(`本月按时率与满意度-${thisMonth}.xlsx`);

    await within(screen.getByTestId('wo-filter-category')).findByRole('option', { name: '下水道堵塞' });
    fireEvent.change(screen.getByTestId('wo-filter-status'), { target: { value: 'open' } });
    fireEvent.change(screen.getByTestId('wo-filter-category'), { target: { value: 'blocked_drain' } });
    fireEvent.change(screen.getByTestId('wo-search'), { target: { value: '3号楼' } });
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    fireEvent.change(screen.getByTestId('wo-to'), { target: { value: day } });
    await waitFor(() => expect(api.requests.filter((r) => r.path === '/api/work-orders').at(-1)!.query.get('q')).toBe('3号楼'));
    const q = api.requests.filter((r) => r.path === '/api/work-orders').at(-1)!.query;
    expect(q.get('status')).toBe('open');
    expect(q.get('category')).toBe('blocked_drain');
    expect(Date.parse(q.get('to')!)).toBe(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);
  });

  it('updates live: a work-order message moves the card and refreshes the monthly table, without a reload', async () => {
    const wss = await startTestLive();
    onTestFinished(() => wss.close());
    renderPage(<LiveProvider token="tk" stream={wss.stream({ quietMs: 60_000 })}><WorkOrderBoardPage /></LiveProvider>, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getAllByTestId('wo-card')).toHaveLength(5));
    await screen.findByText('87.5%');
    await waitFor(() => expect(wss.sockets).toHaveLength(1));
    // A guard accepted w2 on their phone; a resident filed a new request.
    orders = [makeWorkOrder('w6', 'requested', { title: '楼道灯不亮' }), ...orders.map((o) => (o.id === 'w2' ? { ...o, stage: 'accepted' as const } : o))];
    api.on('GET /api/work-orders/report', { body: { rows: [{ compoundId: 'c1', month: thisMonth, created: 11, closed: 9, closedOnTime: 9, onTimeRate: 1, breached: 1, ratings: 4, avgSatisfaction: 4.5 }] } });
    const at = new Date().toISOString();
    wss.sockets[0]!.send(JSON.stringify({ id: 1, type: 'work_order.update', compoundId: 'c1', at, workOrderId: 'w2' }));
    wss.sockets[0]!.send(JSON.stringify({ id: 2, type: 'work_order.update', compoundId: 'c1', at, workOrderId: 'w6' }));
    await waitFor(() => expect(card('w2').getAttribute('data-stage')).toBe('accepted'));
    expect(within(screen.getByTestId('wo-column-requested')).getByText('楼道灯不亮')).toBeTruthy();
    await screen.findByText('100%');
    // An incident message is not about work orders: no refetch.
    const lists = () => api.requests.filter((r) => r.path === '/api/work-orders').length;
    const before = lists();
    wss.sockets[0]!.send(JSON.stringify({ id: 3, type: 'incident.update', compoundId: 'c1', at, incidentId: 'inc1' }));
    wss.sockets[0]!.send(JSON.stringify({ id: 4, type: 'work_order.update', compoundId: 'c1', at, workOrderId: 'w1' }));
    await waitFor(() => expect(lists()).toBe(before + 1));
  });
});
