import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import CompoundPage from './CompoundPage.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { makeCompound } from '../../test/fixtures.js';

// Event times: one fixed "now" per file, so paging by `before` compares stable strings.
const HOUR = 3_600_000;
const T = Date.now();
const ago = (ms: number) => new Date(T - ms).toISOString();

const event = (i: number) => ({
  id: `e${i}`, compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-east', seq: i, type: 'gate.access_granted',
  occurredAt: ago(HOUR + i * 60_000), receivedAt: ago(HOUR), data: { method: 'card' },
});

describe('compound page', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    window.location.hash = '#/compounds/c1';
    api.on('GET /api/compounds/c1', { body: makeCompound('c1', '建设路 12 号院', 36, { address: '郑州市管城区建设路 12 号', district: '管城区' }) });
    api.on('GET /api/gateways', { body: { gateways: [] } });
    api.on('GET /api/devices', {
      body: {
        devices: [
          { id: 'gw1.gate-east', compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-east', kind: 'gate', name: '东门', lastSeenAt: ago(60_000), online: true },
          { id: 'gw1.column-1', compoundId: 'c1', gatewayId: 'gw1', deviceId: 'column-1', kind: 'alarm_column', name: '一键报警柱', lastSeenAt: ago(60_000), online: true },
        ],
      },
    });
    api.on('GET /api/gates', { body: { gates: [{ id: 'gw1.gate-east', compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-east', name: '东门', online: true }] } });
    api.on('GET /api/snapshots', { body: { snapshots: [] } });
    api.on('GET /api/events', (req) => {
      const before = req.query.get('before');
      const all = Array.from({ length: 120 }, (_, i) => event(i));
      const from = before ? all.findIndex((e) => e.occurredAt < before) : 0;
      return { body: { events: all.slice(from, from + Number(req.query.get('limit'))) } };
    });
  });
  afterEach(() => api.close());

  it('shows devices, a gate open button for a guard, and pages the event log backwards', async () => {
    renderPage(<CompoundPage />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    expect((await screen.findAllByTestId('device-row'))[0]!.textContent).toContain('东门');
    await screen.findByTestId('gate-open-gw1.gate-east');
    await waitFor(() => expect(screen.getAllByTestId('event-row')).toHaveLength(50));
    fireEvent.click(screen.getByTestId('event-next'));
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/events' && r.query.get('before') === event(49).occurredAt)).toBe(true));
    // "Next" stays off while the previous page is still the one shown (placeholder): wait for page 2 itself.
    await waitFor(() => expect((screen.getByTestId('event-next') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('event-next'));
    await waitFor(() => expect(screen.getAllByTestId('event-row')).toHaveLength(20));
    expect((screen.getByTestId('event-next') as HTMLButtonElement).disabled).toBe(true);
  });

  it('has no gate open button for an installer', async () => {
    renderPage(<CompoundPage />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    await screen.findAllByTestId('device-row');
    expect(screen.queryByTestId('device-action-siren.start')).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('event-row').length).toBeGreaterThan(0));
    expect(screen.queryByTestId('gate-open-gw1.gate-east')).toBeNull();
    expect(api.requests.some((r) => r.path === '/api/gates')).toBe(false);
  });

  it('sounds the siren of an alarm column and shows the answer', async () => {
    api.on('POST /api/devices/:id/commands', (req) => ({ body: { commandId: 'cmd9', deviceId: req.path.split('/')[3], status: 'ok', latencyMs: 233.2 } }));
    renderPage(<CompoundPage />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    fireEvent.click(await screen.findByTestId('device-action-siren.start'));
    expect((await screen.findByTestId('device-action-result')).textContent).toBe('已执行（233 毫秒）');
    const sent = api.requests.find((r) => r.method === 'POST')!;
    expect(sent.path).toBe('/api/devices/gw1.column-1/commands');
    expect(sent.body).toEqual({ action: 'siren.start', params: { pattern: 'alarm', durationS: 60 } });
  });

  it('says why a device refused a command: its code in words, the edge\'s detail after them', async () => {
    api.on('POST /api/devices/:id/commands', (req) => ({
      body: { commandId: 'cmd10', deviceId: req.path.split('/')[3], status: 'error', latencyMs: 40, error: { code: 'DEVICE_OFFLINE', message: 'column-1 last seen 5 min ago' } },
    }));
    renderPage(<CompoundPage />, { baseUrl: api.baseUrl, session: sessionAs('guard') });
    fireEvent.click(await screen.findByTestId('device-action-siren.stop'));
    const result = await screen.findByTestId('device-action-result');
    expect(result.getAttribute('data-status')).toBe('error');
    expect(result.getAttribute('role')).toBe('alert');
    expect(result.textContent).toBe('设备离线，请检查电源和网线（column-1 last seen 5 min ago）');
  });
});
