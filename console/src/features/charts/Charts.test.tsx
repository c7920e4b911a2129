import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import Charts from './Charts.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const base = '/api/compounds/hx-lane-12/charts';
const meta = () => ({ enabled: true, from: iso(86_400_000), to: iso(0) });

/** A 2D context that accepts every call (jsdom has none), so uPlot runs its real code path here. */
function fakeCanvas(): () => void {
  const proto = HTMLCanvasElement.prototype;
  const before = proto.getContext;
  const hadPath2D = 'Path2D' in globalThis;
  const noop = () => {};
  const ctx: object = new Proxy({}, {
    get: (_t, k) => (k === 'measureText' ? () => ({ width: 10, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }) : k === 'canvas' ? document.createElement('canvas') : noop),
    set: () => true,
  });
  proto.getContext = (() => ctx) as typeof proto.getContext;
  const hadMatchMedia = typeof window.matchMedia === 'function';
  // uPlot watches the device pixel ratio through matchMedia (jsdom has none).
  if (!hadMatchMedia) window.matchMedia = (() => ({ matches: false, addEventListener: noop, removeEventListener: noop, addListener: noop, removeListener: noop })) as unknown as typeof window.matchMedia;
  if (!hadPath2D) (globalThis as Record<string, unknown>).Path2D = class { moveTo() {} lineTo() {} rect() {} arc() {} closePath() {} addPath() {} bezierCurveTo() {} };
  return () => {
    proto.getContext = before;
    if (!hadPath2D) delete (globalThis as Record<string, unknown>).Path2D;
    if (!hadMatchMedia) delete (window as unknown as Record<string, unknown>).matchMedia;
  };
}

describe('charts page', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/compounds', { body: { compounds: [{ id: 'hx-lane-12', name: '和兴巷12号院', address: null, createdAt: iso(0) }] } });
    api.on('GET /api/devices', {
      body: {
        devices: [
          { id: 'gw-hx.cam-gate', compoundId: 'hx-lane-12', gatewayId: 'gw-hx', deviceId: 'cam-gate', kind: 'camera', name: '大门摄像头', lastSeenAt: iso(1000), online: true },
          { id: 'gw-hx.gate-main', compoundId: 'hx-lane-12', gatewayId: 'gw-hx', deviceId: 'gate-main', kind: 'gate', name: '大门', lastSeenAt: iso(1000), online: true },
        ],
      },
    });
    api.on(`GET ${base}/events-per-hour`, () => ({ body: { ...meta(), buckets: Array.from({ length: 24 }, (_, i) => ({ time: iso((24 - i) * 3_600_000), count: i })) } }));
    api.on(`GET ${base}/alarms-per-day`, () => ({ body: { ...meta(), days: [{ time: iso(86_400_000), alerts: 3, alarmEvents: 9 }, { time: iso(0), alerts: 5, alarmEvents: 12 }] } }));
    api.on(`GET ${base}/gate-opens`, () => ({ body: { ...meta(), stats: [{ method: 'card', result: 'ok', count: 7, meanLatencyMs: null, maxLatencyMs: null }] } }));
    api.on(`GET ${base}/device-uptime`, () => ({
      body: { ...meta(), devices: [{ deviceId: 'gw-hx.cam-gate', kind: 'camera', uptimeRatio: 0.5, upMs: 1, observedMs: 2, changes: 2 }, { deviceId: 'gw-hx.gate-main', kind: 'gate', uptimeRatio: 1, upMs: 2, observedMs: 2, changes: 0 }] },
    }));
  });
  afterEach(() => api.close());

  it('without a canvas: the numbers as tables with zh-CN captions and headers, devices by name', async () => {
    renderPage(<Charts />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    const uptime = await screen.findByTestId('chart-uptime');
    expect(uptime.dataset.drawnBy).toBe('table');
    const table = within(uptime).getByRole('table', { name: '设备在线率' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['设备', '设备在线率']);
    expect([...table.querySelectorAll('tbody tr')].map((r) => r.textContent)).toEqual(['大门摄像头50%', '大门100%']);
    expect(table.className).toBe('chart-table');
    expect(within(screen.getByTestId('chart-methods')).getByRole('rowheader').textContent).toBe('刷卡');
    expect(screen.queryByTestId('chart-canvas')).toBeNull();
  });

  it('with a canvas: uPlot (its own chunk) draws each chart, legend in zh-CN; the table stays for screen readers', async () => {
    const restore = fakeCanvas();
    try {
      renderPage(<Charts />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
      const uptime = await screen.findByTestId('chart-uptime');
      expect(uptime.dataset.drawnBy).toBe('uplot');
      await waitFor(() => expect(screen.getAllByTestId('chart-canvas').filter((c) => c.dataset.drawn === 'true')).toHaveLength(4));
      const plot = within(uptime).getByTestId('chart-canvas');
      expect(plot.querySelector('.uplot canvas')).not.toBeNull();
      expect(plot.querySelector('.u-legend')?.textContent).toContain('设备在线率');
      expect(plot.querySelector('.u-legend')?.textContent).toContain('设备');
      expect(plot.querySelector('.u-legend')?.textContent).not.toContain('Value');
      const table = within(uptime).getByRole('table', { name: '设备在线率' });
      expect(table.className).toBe('sr-only');
      expect([...table.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-value'))).toEqual(['50', '100']);
    } finally {
      restore();
    }
  });
});
