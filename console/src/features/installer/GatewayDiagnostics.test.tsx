/** Remote diagnostics on the installer page: the check report (failures first, with fixes), status and logs. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import Installer from './Installer.js';
import { statusSummary } from './GatewayDiagnostics.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const gateway = {
  id: 'gw-hx', compoundId: 'hx-lane-12', name: '和兴巷网关', enrolledAt: iso(3_600_000), lastAckAt: iso(5000), lastAckedSeq: 812, linkState: 'online', linkChangedAt: iso(3_600_000),
  ackAgeS: 5, alive: true, configVersion: 3, appliedConfigVersion: 3, agentVersion: '0.1.0', hwModel: 'Raspberry Pi 4 Model B',
};
const report = {
  gatewayId: 'gw-hx', commandId: 'c1', latencyMs: 1800, agentVersion: '0.1.0', collectedAt: iso(0),
  logs: { lines: ['{"level":30,"msg":"edge agent started"}', '{"level":40,"msg":"device gate-main offline"}'], truncated: true },
  status: { cloudLink: 'up', outbox: { depth: 4, deadLetters: 0 }, devices: [{ id: 'gate-main', online: false }, { id: 'column-1', online: true }] },
  check: {
    ok: false, checkedAt: iso(0), counts: { ok: 1, warn: 0, fail: 1, skip: 1 },
    rows: [
      { area: 'config', item: 'site config', check: 'valid', status: 'ok', detail: 'config version 3' },
      { area: 'device', item: 'gate-main', check: 'relay', status: 'skip', detail: 'not pulsed' },
      { area: 'device', item: 'gate-main', check: 'mqtt seen', status: 'fail', detail: 'offline', fix: 'power and network of the device' },
    ],
  },
};

describe('installer: remote diagnostics', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/compounds', { body: { compounds: [{ id: 'hx-lane-12', name: '和兴巷12号院', address: null, district: null, households: 36, createdAt: iso(0) }] } });
    api.on('GET /api/gateways', { body: { gateways: [gateway] } });
    api.on('GET /api/devices', { body: { devices: [] } });
    api.on('GET /api/compounds/hx-lane-12/enrollment-codes', { body: { codes: [] } });
  });
  afterEach(() => api.close());

  it('asks the gateway and shows the failed check first with its fix, the status line and the log lines', async () => {
    api.on('POST /api/gateways/gw-hx/diagnostics', () => ({ delayMs: 300, body: report }));
    renderPage(<Installer />, { baseUrl: api.baseUrl, session: sessionAs('installer', { compoundIds: ['hx-lane-12'] }) });
    fireEvent.click(await screen.findByTestId('diagnostics-run'));
    expect((await screen.findByTestId('diagnostics-progress')).textContent).toContain('正在向网关收集');
    const out = await screen.findByTestId('diagnostics-report');
    expect(within(out).getByTestId('diagnostics-summary').textContent).toBe('自检发现问题：1 项失败，0 项提醒，1 项正常');
    const rows = within(out).getAllByTestId('diagnostics-row');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['fail', 'skip', 'ok']);
    expect(rows[0]!.textContent).toContain('处理办法: power and network of the device');
    expect(rows[1]!.textContent).not.toContain('处理办法');
    expect(out.textContent).toContain('云端连接 up · 待上传事件 4 · 死信 0 · 设备在线 1/2');
    expect(within(out).getByTestId('diagnostics-logs').textContent).toContain('device gate-main offline');
    expect(out.textContent).toContain('更早的日志未显示');
    expect(api.requests.find((r) => r.path === '/api/gateways/gw-hx/diagnostics')?.body).toEqual({ logLines: 200 });
  });

  it('says what to do when the gateway is offline', async () => {
    api.on('POST /api/gateways/gw-hx/diagnostics', { status: 409, body: { error: { code: 'GATEWAY_OFFLINE', message: 'The gateway is offline' } } });
    renderPage(<Installer />, { baseUrl: api.baseUrl, session: sessionAs('installer', { compoundIds: ['hx-lane-12'] }) });
    fireEvent.click(await screen.findByTestId('diagnostics-run'));
    expect((await within(screen.getByTestId('diagnostics')).findByRole('alert')).textContent).toContain('网关离线，无法远程诊断：请到现场检查网关的电源和网络');
    expect(screen.queryByTestId('diagnostics-report')).toBeNull();
  });

  it('reads the status line field by field: an agent that reports less (or other types) shows - and 0, not an error', () => {
    expect(statusSummary({ cloudLink: 'online', outbox: { depth: 12, deadLetters: 1 }, devices: [{ online: true }, { online: false }, { online: null }] })).toEqual({ link: 'online', depth: 12, dead: 1, online: 1, total: 3 });
    expect(statusSummary({ version: '0.0.9', outbox: 'n/a', devices: { a: 1 } })).toEqual({ link: '-', depth: 0, dead: 0, online: 0, total: 0 });
  });
});
