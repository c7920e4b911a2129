import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DeviceTest } from './DeviceTest.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';

describe('installer device tests', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(() => api.close());

  it('测试抓拍: sends action snapshot for the camera, shows the time taken and loads the image by its id', async () => {
    api.on('POST /api/devices/:id/test', { body: { action: 'snapshot', commandId: 'c1', deviceId: 'gw-hx.cam-gate', status: 'ok', outcome: 'captured', latencyMs: 412, snapshotId: 'gw-hx.snap-9' } });
    api.on('GET /api/snapshots/:id', { body: {} });
    renderPage(<DeviceTest deviceId="gw-hx.cam-gate" deviceName="大门摄像头" kind="camera" />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    const button = screen.getByTestId('device-test-snapshot');
    expect(button.textContent).toBe('测试抓拍');
    fireEvent.click(button);
    const result = await screen.findByTestId('device-test-result');
    expect(result.dataset.status).toBe('ok');
    expect(result.textContent).toContain('抓拍成功（412 毫秒）');
    expect(api.requests.find((r) => r.method === 'POST')).toMatchObject({ path: '/api/devices/gw-hx.cam-gate/test', body: { action: 'snapshot' } });
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/snapshots/gw-hx.snap-9')).toBe(true));
    expect(within(result).getByTestId('device-test-image')).toBeTruthy();
  });

  it('test gate pulse: a relay fault shows the cloud\'s error in words (English); the device\'s own error reason when it answers error', async () => {
    let fail = true;
    api.on('POST /api/devices/:id/test', () => (fail
      ? { status: 502, body: { error: { code: 'GATE_FAILED', message: 'The gate 大门 could not be opened: relay did not switch (GATE_RELAY_FAILED).' } } }
      : { body: { action: 'pulse', commandId: 'c2', deviceId: 'gw-hx.gate-main', status: 'error', error: { code: 'GATE_BUSY', message: 'held open' }, latencyMs: 30 } }));
    renderPage(<DeviceTest deviceId="gw-hx.gate-main" deviceName="大门" kind="gate" />, { baseUrl: api.baseUrl, session: sessionAs('installer'), lang: 'en' });
    const button = screen.getByTestId('device-test-pulse');
    expect(button.textContent).toBe('Test gate pulse');
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toMatch(/gate failed to open|relay did not switch/i);
    expect(screen.queryByTestId('device-test-result')).toBeNull();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ action: 'pulse' });

    fail = false;
    fireEvent.click(button);
    const result = await screen.findByTestId('device-test-result');
    expect(result.dataset.status).toBe('error');
    expect(result.textContent).toBe('Test failed: held open (GATE_BUSY)');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a device error code the gateway names is shown in words, with the device\'s detail', async () => {
    api.on('POST /api/devices/:id/test', { body: { action: 'pulse', commandId: 'c3', deviceId: 'gw-hx.gate-main', status: 'error', error: { code: 'GATE_RELAY_FAILED', message: 'relay 17 stuck' }, latencyMs: 800 } });
    renderPage(<DeviceTest deviceId="gw-hx.gate-main" deviceName="大门" kind="gate" />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    fireEvent.click(screen.getByTestId('device-test-pulse'));
    const result = await screen.findByTestId('device-test-result');
    expect(result.textContent).toBe('测试失败：门禁继电器没有动作，请检查接线（relay 17 stuck）');
  });
});
