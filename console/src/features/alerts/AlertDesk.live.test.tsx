import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import AlertDesk from './AlertDesk.js';
import { LiveProvider } from '../../api/use-live.js';
import { startTestLive, type TestLive } from '../../test/live-server.js';
import { renderPage } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeAlert, makeAlerts } from '../../test/fixtures.js';

describe('alert desk with the live stream', () => {
  let api: TestApi;
  let wss: TestLive;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/compounds', { body: { compounds: [] } });
    api.on('GET /api/alerts', { body: { alerts: makeAlerts(3).reverse(), nextBefore: null } });
    wss = await startTestLive();
  });
  afterEach(async () => {
    wss.close();
    await api.close();
  });

  it('shows catching up until hello, then puts a new alert on top and applies updates', async () => {
    const live = wss.stream({ quietMs: 60_000 });
    renderPage(
      <LiveProvider token="tk" stream={live}>
        <AlertDesk />
      </LiveProvider>,
      { baseUrl: api.baseUrl },
    );
    await waitFor(() => expect(screen.getAllByTestId('alert-row')).toHaveLength(3));
    await waitFor(() => expect(screen.getByTestId('live-state').getAttribute('data-state')).toBe('catching_up'));
    const at = new Date().toISOString();
    const fresh = makeAlert(99, { createdAt: new Date(Date.now() + 60_000).toISOString(), severity: 'critical', title: '一键报警：3 号楼' });
    wss.sockets[0]!.send(JSON.stringify({ id: 7, type: 'alert.new', compoundId: 'c1', at, alert: fresh }));
    wss.sockets[0]!.send(JSON.stringify({ id: 7, type: 'hello', compoundId: null, at }));
    await waitFor(() => expect(screen.getByTestId('live-state').getAttribute('data-state')).toBe('online'));
    await waitFor(() => expect(screen.getAllByTestId('alert-row')[0]!.getAttribute('data-alert-id')).toBe('a99'));
    expect(screen.getAllByTestId('alert-row')[0]!.getAttribute('data-severity')).toBe('critical');

    // the update carries the cloud's re-trigger deadline: the countdown follows it
    const acked = {
      ...makeAlerts(3)[1]!, status: 'acknowledged' as const, acknowledgedAt: at, updatedAt: new Date(Date.now() + 1000).toISOString(),
      nextEscalationAt: new Date(Date.now() + 3 * 3_600_000 + 30_000).toISOString(),
    };
    wss.sockets[0]!.send(JSON.stringify({ id: 8, type: 'alert.update', compoundId: 'c1', at, alert: acked }));
    const a1 = () => screen.getAllByTestId('alert-row').find((r) => r.getAttribute('data-alert-id') === 'a1')!;
    await waitFor(() => expect(a1().getAttribute('data-status')).toBe('acknowledged'));
    expect(a1().querySelector('[data-testid="alert-countdown"]')!.textContent).toMatch(/3:00:\d\d 后升级/);

    wss.sockets[0]!.terminate();
    await waitFor(() => expect(screen.getByTestId('live-state').getAttribute('data-state')).not.toBe('online'));
  });
});
