import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import Overview from './Overview.js';
import { LiveProvider } from '../../api/use-live.js';
import { startTestLive, type TestLive } from '../../test/live-server.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeAlert } from '../../test/fixtures.js';

describe('overview with the live stream (query cache)', () => {
  let api: TestApi;
  let wss: TestLive;
  let calls: number;
  beforeEach(async () => {
    api = await startTestApi();
    calls = 0;
    api.on('GET /api/overview', () => {
      calls++;
      const at = new Date().toISOString();
      return {
        body: {
          at, dayStartsAt: at,
          compounds: [{
            compoundId: 'hx-lane-12', name: '和兴巷12号院', gateways: [], devicesOnline: 0, devicesTotal: 0, openOrders: 0, overdueOrders: 0, eventsToday: 0, onDuty: [], problems: calls > 1 ? ['critical_alert'] : [],
            openAlerts: { critical: calls - 1, high: 0, medium: 0, low: 0, unacknowledged: calls - 1 },
          }],
        },
      };
    });
    wss = await startTestLive();
  });
  afterEach(async () => {
    wss.close();
    await api.close();
  });

  it('a burst of alert messages invalidates the summary once; other messages do not refetch it', async () => {
    const live = wss.stream({ quietMs: 60_000 });
    renderPage(
      <LiveProvider token="tk" stream={live}>
        <Overview />
      </LiveProvider>,
      { baseUrl: api.baseUrl, session: sessionAs('manager') },
    );
    await screen.findByTestId('compound-card');
    expect(calls).toBe(1);
    await waitFor(() => expect(wss.sockets.length).toBe(1));
    const at = new Date().toISOString();
    const send = (m: object) => wss.sockets[0]!.send(JSON.stringify(m));
    send({ id: 1, type: 'hello', compoundId: null, at });
    send({ id: 2, type: 'work_order.update', compoundId: 'hx-lane-12', at });
    for (let i = 0; i < 5; i++) send({ id: 3 + i, type: 'alert.new', compoundId: 'hx-lane-12', at, alert: makeAlert(i, { compoundId: 'hx-lane-12', severity: 'critical' }) });
    await waitFor(() => expect(screen.getByTestId('compound-card').getAttribute('data-problems')).toBe('critical_alert'));
    // One refetch for the burst (debounced invalidation), not one per message.
    await new Promise((r) => setTimeout(r, 2000));
    expect(calls).toBe(2);
  });
});
