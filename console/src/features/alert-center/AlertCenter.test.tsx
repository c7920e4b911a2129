/**
 * The alert layer reaches the guard on any page: a live critical alert puts a banner and the
 * count in the tab title while another page is open; acknowledging it clears both; the offer of
 * system notifications is made once and remembered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { LiveProvider } from '../../api/use-live.js';
import { startTestLive, type TestLive } from '../../test/live-server.js';
import { renderPage } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeAlert } from '../../test/fixtures.js';
import { AlertCenterProvider, countOpen, mostUrgentNew } from './AlertCenter.js';
import { AlertLayer } from './AlertLayer.js';
import { setTitleBase } from '../../document-title.js';

describe('alert layer on every page', () => {
  let api: TestApi;
  let wss: TestLive;
  beforeEach(async () => {
    api = await startTestApi();
    wss = await startTestLive();
  });
  afterEach(async () => {
    wss.close();
    await api.close();
  });

  it('a live critical alert shows on another page with the count in the title; acknowledged, both clear', async () => {
    const old = makeAlert(1, { status: 'acknowledged', severity: 'high' });
    api.on('GET /api/alerts', { body: { alerts: [old], nextBefore: null } });
    const live = wss.stream({ quietMs: 50 });
    renderPage(
      <LiveProvider token="tk" stream={live}>
        <AlertCenterProvider>
          <AlertLayer onDesk={false} />
          <p data-testid="other-page">排班</p>
        </AlertCenterProvider>
      </LiveProvider>,
      { baseUrl: api.baseUrl },
    );
    setTitleBase('院安 · 楼院安防');
    const layer = await screen.findByTestId('alert-layer');
    await waitFor(() => expect(layer.getAttribute('data-unresolved')).toBe('1'));
    expect(layer.getAttribute('data-unacked')).toBe('0');
    expect(screen.queryByTestId('alert-banner')).toBeNull();
    expect(document.title).toBe('院安 · 楼院安防');

    await waitFor(() => expect(wss.sockets.length).toBe(1));
    const at = new Date().toISOString();
    const forced = makeAlert(7, { severity: 'critical', title: '东门被强行打开', createdAt: at });
    wss.sockets[0]!.send(JSON.stringify({ id: 5, type: 'alert.new', compoundId: 'c1', at, alert: forced }));
    const banner = await screen.findByTestId('alert-banner');
    expect(banner.textContent).toContain('1 条告警待确认');
    expect(banner.textContent).toContain('东门被强行打开');
    expect(banner.getAttribute('href')).toBe('#/alerts');
    await waitFor(() => expect(document.title).toBe('(1) 院安 · 楼院安防'));
    expect(screen.getByTestId('other-page')).toBeTruthy();

    const acked = { ...forced, status: 'acknowledged' as const, updatedAt: new Date(Date.now() + 1000).toISOString() };
    wss.sockets[0]!.send(JSON.stringify({ id: 6, type: 'alert.update', compoundId: 'c1', at, alert: acked }));
    await waitFor(() => expect(screen.queryByTestId('alert-banner')).toBeNull());
    expect(document.title).toBe('院安 · 楼院安防');
    expect(layer.getAttribute('data-unresolved')).toBe('2');
  });

  it('offers system notifications once, with the reason, and remembers "not now"', async () => {
    api.on('GET /api/alerts', { body: { alerts: [], nextBefore: null } });
    const N = class {
      static permission = 'default';
      static requestPermission = () => Promise.resolve('default');
    };
    (window as unknown as { Notification: unknown }).Notification = N;
    try {
      const ui = () => (
        <AlertCenterProvider>
          <AlertLayer onDesk={false} />
        </AlertCenterProvider>
      );
      const first = renderPage(ui(), { baseUrl: api.baseUrl });
      const offer = await screen.findByTestId('notify-offer');
      expect(offer.textContent).toContain('手机锁屏或切到其他应用时');
      fireEvent.click(screen.getByTestId('notify-later'));
      await waitFor(() => expect(screen.queryByTestId('notify-offer')).toBeNull());
      first.unmount();
      renderPage(ui(), { baseUrl: api.baseUrl });
      await screen.findByTestId('alert-layer');
      expect(screen.queryByTestId('notify-offer')).toBeNull();
    } finally {
      delete (window as unknown as { Notification?: unknown }).Notification;
    }
  });

  it('rings for the most urgent unacknowledged alert; counts only what is open', () => {
    const alerts = new Map([
      ['a', makeAlert(1, { id: 'a', severity: 'high' })],
      ['b', makeAlert(2, { id: 'b', severity: 'critical', status: 'acknowledged' })],
      ['c', makeAlert(3, { id: 'c', severity: 'critical' })],
      ['d', makeAlert(4, { id: 'd', severity: 'low', status: 'resolved' })],
    ]);
    expect(mostUrgentNew(alerts)?.id).toBe('c');
    expect(countOpen(alerts)).toMatchObject({ unacked: 2, unresolved: 3 });
    alerts.set('c', { ...alerts.get('c')!, status: 'acknowledged' });
    expect(mostUrgentNew(alerts)?.id).toBe('a');
    alerts.set('a', { ...alerts.get('a')!, status: 'acknowledged' });
    expect(mostUrgentNew(alerts)).toBeNull();
  });
});
