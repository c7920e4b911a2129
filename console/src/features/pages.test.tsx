/** Each remaining page renders real-shaped API answers into what a person needs to see. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import Overview from './overview/Overview.js';
import Shifts from './shifts/Shifts.js';
import Installer from './installer/Installer.js';
import Charts from './charts/Charts.js';
import { renderPage, sessionAs } from '../test/render.js';
import { startTestApi, type TestApi } from '../test/api-server.js';
import { makeAlert } from '../test/fixtures.js';

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const compound = { id: 'hx-lane-12', name: '和兴巷12号院', address: '郑州市管城回族区和兴巷12号', district: '管城回族区', households: 36, createdAt: iso(86_400_000) };
const gateway = {
  id: 'gw-hx', compoundId: 'hx-lane-12', name: '和兴巷网关', enrolledAt: iso(3_600_000), lastAckAt: iso(5000), lastAckedSeq: 812, linkState: 'online', linkChangedAt: iso(3_600_000),
  ackAgeS: 5, alive: true, configVersion: 3, appliedConfigVersion: 2, agentVersion: '0.1.0', hwModel: 'Raspberry Pi 4 Model B',
};
const device = (deviceId: string, kind: string, online: boolean | null) => ({ id: `gw-hx.${deviceId}`, compoundId: 'hx-lane-12', gatewayId: 'gw-hx', deviceId, kind, name: deviceId, lastSeenAt: iso(1000), online });
const ev = (type: string, msAgo: number, data: unknown = {}) => ({ id: `${type}-${msAgo}`, compoundId: 'hx-lane-12', gatewayId: 'gw-hx', deviceId: 'gate-main', seq: 1, type, occurredAt: iso(msAgo), receivedAt: iso(msAgo), data });

describe('pages', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/compounds', { body: { compounds: [compound] } });
    api.on('GET /api/users', {
      body: { users: ['李师傅', '张师傅'].map((n, i) => ({ id: `g${i}`, username: `guard${i}`, displayName: n, role: 'guard', compoundIds: ['hx-lane-12'], gateIds: [], leaseEndsOn: null, disabled: false, createdAt: iso(0) })) },
    });
    api.on('GET /api/gateways', { body: { gateways: [gateway] } });
    api.on('GET /api/devices', { body: { devices: [device('gate-main', 'gate', true), device('cam-gate', 'camera', false), device('column-1', 'alarm_column', true)] } });
    api.on('GET /api/alerts', { body: { alerts: [makeAlert(1, { compoundId: 'hx-lane-12', severity: 'critical' })], nextBefore: null } });
    api.on('GET /api/events', { body: { events: [ev('gate.access_granted', 60_000, { method: 'card' }), ev('gate.access_granted', 120_000, { method: 'face' }), ev('device.offline', 3_600_000)] } });
    api.on('GET /api/compounds/hx-lane-12/on-duty', { body: { at: iso(0), guards: [{ userId: 'g0', displayName: '李师傅', postId: 'p1', postName: '大门岗', startsAt: iso(3_600_000), endsAt: iso(-20 * 3_600_000) }] } });
  });
  afterEach(() => api.close());

  it('overview: one summary call, problem compounds first, live counts, wall-screen mode', async () => {
    const summary = (id: string, name: string, over: Record<string, unknown> = {}) => ({
      compoundId: id, name, gateways: [{ id: `gw-${id}`, name: null, alive: true, revoked: false, ackAgeS: 3 }], devicesOnline: 3, devicesTotal: 3,
      openAlerts: { critical: 0, high: 0, medium: 0, low: 0, unacknowledged: 0 }, openOrders: 0, overdueOrders: 0, eventsToday: 12,
      onDuty: [{ displayName: '李师傅', postName: '大门岗' }], problems: [], ...over,
    });
    let calls = 0;
    api.on('GET /api/overview', () => {
      calls++;
      return {
        body: {
          at: iso(0), dayStartsAt: iso(3_600_000),
          compounds: [
            summary('jsl-88', '建设路88号院', { openAlerts: { critical: 1, high: 0, medium: 0, low: 0, unacknowledged: calls }, problems: ['critical_alert'] }),
            summary('hx-lane-12', '和兴巷12号院', { overdueOrders: 2, openOrders: 3, problems: ['overdue_orders'] }),
            summary('mf-3', '棉纺路3号院'),
          ],
        },
      };
    });
    renderPage(<Overview />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getAllByTestId('compound-card')).toHaveLength(3));
    const cards = screen.getAllByTestId('compound-card');
    expect(cards.map((c) => c.getAttribute('data-compound-id'))).toEqual(['jsl-88', 'hx-lane-12', 'mf-3']);
    expect(cards[0]!.getAttribute('data-problems')).toBe('critical_alert');
    expect(within(cards[0]!).getByTestId('compound-problems').textContent).toContain('紧急告警');
    expect(within(cards[1]!).getByTestId('compound-orders').textContent).toBe('3 个未完成 · 2 个超时');
    expect(cards[2]!.textContent).toContain('李师傅（大门岗）');
    expect(cards[2]!.textContent).toContain('3/3 在线');
    expect(screen.getByTestId('overview-problems').textContent).toBe('2 个楼院需要处理');
    // one call for all compounds: no per-compound requests
    expect(api.requests.filter((r) => r.path !== '/api/overview').map((r) => r.path)).toEqual([]);

    fireEvent.click(screen.getByTestId('wall-enter'));
    await waitFor(() => expect(screen.getByTestId('overview').getAttribute('data-wall')).toBe('true'));
    expect(document.documentElement.classList.contains('wall')).toBe(true);
    fireEvent.click(screen.getByTestId('wall-exit'));
    await waitFor(() => expect(document.documentElement.classList.contains('wall')).toBe(false));
  });

  it('shifts: on duty now and the week calendar per post', async () => {
    api.on('GET /api/compounds/hx-lane-12/posts', { body: { posts: [{ id: 'p1', compoundId: 'hx-lane-12', name: '大门岗', createdAt: iso(0) }] } });
    api.on('GET /api/posts/p1/rosters', { body: { rosters: [{ id: 'r1', postId: 'p1', compoundId: 'hx-lane-12', pattern: '24on48off', shiftHours: 24, anchorAt: iso(3_600_000), validUntil: null, guardIds: ['g0', 'g1'], createdAt: iso(0) }] } });
    api.on('GET /api/posts/p1/schedule', { body: { shifts: [{ postId: 'p1', rosterId: 'r1', startsAt: iso(3_600_000), endsAt: iso(-20 * 3_600_000), guardId: 'g0', swappedFrom: null }] } });
    api.on('POST /api/posts/p1/swaps', { body: {} });
    renderPage(<Shifts />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getByTestId('on-duty').textContent).toContain('李师傅'));
    const chips = await screen.findAllByTestId('shift-chip');
    expect(chips[0]!.textContent).toContain('李师傅');
    expect(screen.getAllByText(/上一休二/).some((el) => el.tagName === 'LI' && el.textContent!.includes('李师傅 → 张师傅'))).toBe(true);
    fireEvent.change(within(chips[0]!).getByRole('combobox'), { target: { value: 'g1' } });
    await waitFor(() => expect(api.requests.find((r) => r.path === '/api/posts/p1/swaps')?.body).toMatchObject({ rosterId: 'r1', toGuardId: 'g1' }));
  });

  it('shifts: a guard requests a swap of their own shift and writes a handover note', async () => {
    api.on('GET /api/compounds/hx-lane-12/posts', { body: { posts: [{ id: 'p1', compoundId: 'hx-lane-12', name: '大门岗', createdAt: iso(0) }] } });
    api.on('GET /api/posts/p1/rosters', { body: { rosters: [{ id: 'r1', postId: 'p1', compoundId: 'hx-lane-12', pattern: '24on48off', shiftHours: 24, anchorAt: iso(3_600_000), validUntil: null, guardIds: ['g0', 'g1'], createdAt: iso(0) }] } });
    const startsAt = iso(-48 * 3_600_000);
    api.on('GET /api/posts/p1/schedule', { body: { shifts: [{ postId: 'p1', rosterId: 'r1', startsAt, endsAt: iso(-72 * 3_600_000), guardId: 'g0', swappedFrom: null }] } });
    api.on('POST /api/posts/p1/swaps', { status: 201, body: {} });
    const notes: { id: string; postId: string; compoundId: string; authorId: string; authorName: string; text: string; createdAt: string }[] = [
      { id: 'n1', postId: 'p1', compoundId: 'hx-lane-12', authorId: 'g1', authorName: '张师傅', text: '3 号楼门禁反应慢，已报修', createdAt: iso(3_600_000) },
    ];
    api.on('GET /api/posts/p1/handover-notes', () => ({ body: { notes: [...notes].reverse() } }));
    api.on('POST /api/posts/p1/handover-notes', (req) => {
      const n = { id: `n${notes.length + 1}`, postId: 'p1', compoundId: 'hx-lane-12', authorId: 'g0', authorName: '李师傅', text: (req.body as { text: string }).text, createdAt: iso(0) };
      notes.push(n);
      return { status: 201, body: n };
    });
    renderPage(<Shifts />, { baseUrl: api.baseUrl, session: sessionAs('guard', { id: 'g0', compoundIds: ['hx-lane-12'] }) });
    const mine = await screen.findByTestId('my-shift');
    fireEvent.click(within(mine).getByTestId('swap-open'));
    expect(within(mine).getByTestId('swap-to').textContent).toContain('g1'); // guards cannot list users: ids where no name is known
    fireEvent.change(within(mine).getByTestId('swap-reason'), { target: { value: '家里有事' } });
    fireEvent.click(within(mine).getByTestId('swap-submit'));
    await waitFor(() => expect(api.requests.find((r) => r.path === '/api/posts/p1/swaps')?.body).toEqual({ rosterId: 'r1', shiftStartsAt: startsAt, toGuardId: 'g1', reason: '家里有事' }));

    await waitFor(() => expect(screen.getAllByTestId('handover-note').map((n) => n.textContent)).toEqual([expect.stringContaining('3 号楼门禁反应慢')]));
    fireEvent.change(screen.getByTestId('handover-text'), { target: { value: '夜班平安，东门锁已换' } });
    fireEvent.click(screen.getByTestId('handover-submit'));
    await waitFor(() => expect(screen.getAllByTestId('handover-note')).toHaveLength(2));
    expect(screen.getAllByTestId('handover-note')[0]!.textContent).toContain('夜班平安，东门锁已换');
    expect(screen.getAllByTestId('handover-note')[0]!.textContent).toContain('李师傅');
  });

  it('installer: creates an enrollment code and shows gateway state and config not applied', async () => {
    const codes: unknown[] = [];
    api.on('GET /api/compounds/hx-lane-12/enrollment-codes', () => ({ body: { codes } }));
    api.on('POST /api/compounds/hx-lane-12/enrollment-codes', () => {
      const code = { code: 'YG-7Q2M-K9', compoundId: 'hx-lane-12', expiresAt: iso(-86_400_000), createdAt: iso(0), usedAt: null, gatewayId: null };
      codes.unshift(code);
      return { status: 201, body: code };
    });
    renderPage(<Installer />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    const gw = await screen.findByTestId('installer-gateway');
    expect(gw.getAttribute('data-config-applied')).toBe('false');
    expect(gw.textContent).toContain('未生效（网关在 v2）');
    expect((await screen.findByTestId('installer-cameras')).textContent).toContain('cam-gate');
    // A test button per device: a snapshot for each camera, a short pulse for each gate.
    expect(within(screen.getByTestId('installer-cameras')).getAllByTestId('device-test-snapshot')).toHaveLength(1);
    expect(within(await screen.findByTestId('installer-gates')).getAllByTestId('device-test-pulse')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('create-enrollment-code'));
    expect((await screen.findByTestId('enrollment-code')).textContent).toBe('YG-7Q2M-K9');
    // The phone that sets up the Pi scans the same command the installer could copy.
    expect(screen.getByTestId('enrollment-qr').getAttribute('data-text')).toBe(`yardguard-edge enroll --cloud ${window.location.origin} --code YG-7Q2M-K9`);
    expect(screen.getByTestId('enrollment-copy').textContent).toBe('复制');
    // The code list is the cloud's again, with the new code in it.
    await waitFor(() => expect(screen.getByTestId('enrollment-codes').textContent).toContain('YG-7Q2M-K9'));
  });

  it('installer: revoking a lost gateway asks first, then the list shows it revoked', async () => {
    api.on('GET /api/compounds/hx-lane-12/enrollment-codes', { body: { codes: [] } });
    let revokedAt: string | null = null;
    api.on('GET /api/gateways', () => ({ body: { gateways: [{ ...gateway, revokedAt }] } }));
    api.on('POST /api/gateways/gw-hx/revoke', () => {
      revokedAt = iso(0);
      return { body: { ...gateway, revokedAt } };
    });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    renderPage(<Installer />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    fireEvent.click(await screen.findByTestId('gateway-revoke'));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('和兴巷网关'));
    expect(api.requests.some((r) => r.path === '/api/gateways/gw-hx/revoke')).toBe(false);
    fireEvent.click(screen.getByTestId('gateway-revoke'));
    expect(await screen.findByTestId('gateway-revoked')).toBeTruthy();
    expect(screen.queryByTestId('gateway-revoke')).toBeNull();
    confirm.mockRestore();
  });

  it('installer: asks the gateway to discover cameras and lists them as configured or not', async () => {
    api.on('GET /api/compounds/hx-lane-12/enrollment-codes', { body: { codes: [] } });
    // The gateway listens for a few seconds before it answers: the page says it is searching meanwhile.
    api.on('POST /api/gateways/gw-hx/discover', () => ({
      delayMs: 500,
      body: { cameras: [{ xaddr: 'http://192.168.10.64/onvif/device_service', name: '大门摄像头', hardware: 'DS-2CD', configured: true }, { xaddr: 'http://192.168.10.77/onvif/device_service', configured: false }] },
    }));
    renderPage(<Installer />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    const button = await screen.findByTestId('discover-cameras');
    expect(button.textContent).toBe('发现摄像头');
    fireEvent.click(button);
    expect((await screen.findByTestId('discover-progress')).textContent).toContain('正在局域网中搜索摄像头');
    const cams = await screen.findAllByTestId('discovered-camera');
    expect(cams).toHaveLength(2);
    expect(cams[0]!.textContent).toContain('http://192.168.10.64/onvif/device_service');
    expect(cams[0]!.textContent).toContain('大门摄像头');
    expect(cams[0]!.textContent).toContain('已配置');
    expect(cams[1]!.textContent).toContain('未配置');
    expect(screen.queryByTestId('discover-progress')).toBeNull();
    expect(api.requests.some((r) => r.path === '/api/gateways/gw-hx/discover')).toBe(true);
  });

  it('installer: adds a discovered camera to the config (name, gates it covers), pushes it, and shows the edge\'s rejection', async () => {
    api.on('GET /api/compounds/hx-lane-12/enrollment-codes', { body: { codes: [] } });
    api.on('POST /api/gateways/gw-hx/discover', { body: { cameras: [{ xaddr: 'http://192.168.10.77/onvif/device_service', name: 'IPC-77', configured: false }] } });
    const site = {
      version: 1, configVersion: 3, compound: { id: 'hx-lane-12' }, gateway: { id: 'gw-hx' },
      gates: [{ id: 'gate-main', name: '大门' }, { id: 'gate-bike', name: '车棚门' }],
      cameras: [{ id: 'cam-1', name: '大门摄像头', onvif: { xaddr: 'http://192.168.10.64/onvif/device_service', credentialsRef: 'cam-1' }, covers: ['gate-main'] }],
      alarmColumns: [], rules: [],
    };
    api.on('GET /api/gateways/gw-hx/config', { body: { gatewayId: 'gw-hx', version: 3, createdAt: iso(0), createdBy: 'installer', config: site } });
    // An older push was rejected for another reason: only the answer to this push counts.
    const pushCommand = (id: string, outcome: string) => ({ id, gatewayId: 'gw-hx', deviceId: 'gw-hx', action: 'config.push', issuedBy: 'installer', issuedAt: iso(0), expiresAt: iso(-60_000), status: 'error', completedAt: iso(0), outcome, errorCode: 'CONFIG_REJECTED', latencyMs: 120 });
    const older = pushCommand('k1', 'rules[0]: an older mistake');
    let commands: Record<string, unknown>[] = [older];
    // The new push stays 'sent' until the test lets the edge answer, so 'waiting' is seen whatever the machine's speed.
    api.on('PUT /api/gateways/gw-hx/config', () => {
      commands = [{ ...pushCommand('k9', ''), status: 'sent', completedAt: null, outcome: null, errorCode: null, latencyMs: null }, older];
      return { body: { configVersion: 4, sent: true } };
    });
    api.on('GET /api/gateways/gw-hx/commands', () => ({ body: { commands } }));
    api.on('GET /api/gateways/gw-hx', { body: gateway });
    renderPage(<Installer />, { baseUrl: api.baseUrl, session: sessionAs('installer') });
    fireEvent.click(await screen.findByTestId('discover-cameras'));
    const form = await screen.findByTestId('add-camera');
    expect((within(form).getByTestId('add-camera-name') as HTMLInputElement).value).toBe('IPC-77');
    fireEvent.change(within(form).getByTestId('add-camera-name'), { target: { value: '车棚摄像头' } });
    fireEvent.click(within(form).getByTestId('add-camera-covers-gate-bike'));
    fireEvent.click(within(form).getByTestId('add-camera-push'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PUT')).toBe(true));
    const pushed = (api.requests.find((r) => r.method === 'PUT')!.body as { config: typeof site }).config;
    expect(pushed.cameras).toEqual([
      site.cameras[0],
      { id: 'cam-2', name: '车棚摄像头', onvif: { xaddr: 'http://192.168.10.77/onvif/device_service', credentialsRef: 'cam-2' }, covers: ['gate-bike'], probeIntervalS: 30, events: true },
    ]);
    expect(pushed.gates).toEqual(site.gates);
    expect((await within(form).findByTestId('add-camera-state')).getAttribute('data-state')).toBe('waiting');
    await waitFor(() => expect(api.requests.filter((r) => r.path === '/api/gateways/gw-hx/commands').length).toBeGreaterThanOrEqual(2));
    expect(within(form).getByTestId('add-camera-state').getAttribute('data-state')).toBe('waiting');
    commands = [pushCommand('k9', 'cameras[1].onvif.xaddr: camera did not answer'), older];
    await waitFor(() => expect(within(form).getByTestId('add-camera-state').getAttribute('data-state')).toBe('rejected'));
    // The edge's code in words, its own detail after them.
    expect(within(form).getByTestId('add-camera-state').textContent).toBe('网关拒绝了新配置：网关校验新配置未通过（cameras[1].onvif.xaddr: camera did not answer）');
  });

  it('installer: a pushed camera shows as applied once the gateway reports the new version', async () => {
    api.on('GET /api/compounds/hx-lane-12/enrollment-codes', { body: { codes: [] } });
    api.on('POST /api/gateways/gw-hx/discover', { body: { cameras: [{ xaddr: 'http://192.168.10.77/onvif/device_service', configured: false }] } });
    const site = { version: 1, configVersion: 3, compound: { id: 'hx-lane-12' }, gateway: { id: 'gw-hx' }, gates: [{ id: 'gate-main', name: '大门' }], cameras: [], alarmColumns: [], rules: [] };
    api.on('GET /api/gateways/gw-hx/config', { body: { gatewayId: 'gw-hx', version: 3, createdAt: iso(0), createdBy: 'installer', config: site } });
    let applied = 3;
    api.on('PUT /api/gateways/gw-hx/config', () => ({ body: { configVersion: 4, sent: true } }));
    api.on('GET /api/gateways/gw-hx/commands', { body: { commands: [] } });
    api.on('GET /api/gateways/gw-hx', () => ({ body: { ...gateway, configVersion: 4, appliedConfigVersion: applied } }));
    renderPage(<Installer />, { baseUrl: api.baseUrl, session: sessionAs('installer'), lang: 'en' });
    fireEvent.click(await screen.findByTestId('discover-cameras'));
    const form = await screen.findByTestId('add-camera');
    // No name offered by the camera: the config id names it.
    fireEvent.click(within(form).getByTestId('add-camera-covers-gate-main'));
    fireEvent.click(within(form).getByTestId('add-camera-push'));
    expect((await within(form).findByTestId('add-camera-state')).getAttribute('data-state')).toBe('waiting');
    expect((api.requests.find((r) => r.method === 'PUT')!.body as { config: { cameras: unknown[] } }).config.cameras).toEqual([
      { id: 'cam-1', name: 'cam-1', onvif: { xaddr: 'http://192.168.10.77/onvif/device_service', credentialsRef: 'cam-1' }, covers: ['gate-main'], probeIntervalS: 30, events: true },
    ]);
    applied = 4;
    await waitFor(() => expect(within(form).getByTestId('add-camera-state').getAttribute('data-state')).toBe('applied'), { timeout: 5000 });
    expect(within(form).getByTestId('add-camera-state').textContent).toMatch(/v4/);
  });

  it('charts: draws the four charts and changes range', async () => {
    renderPage(<Charts />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    const methods = await screen.findByTestId('chart-methods');
    expect(screen.getByTestId('chart-source').getAttribute('data-source')).toBe('events');
    expect(methods.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(screen.getByTestId('chart-events').querySelectorAll('tbody tr')).toHaveLength(24);
    // device.offline an hour ago and nothing since: 0% of the observed hour
    expect(screen.getByTestId('chart-uptime').querySelector('tbody tr')?.getAttribute('data-value')).toBe('0');
    fireEvent.click(within(screen.getByTestId('chart-range')).getByText('7 天'));
    await waitFor(() => expect(screen.getByTestId('chart-events').querySelectorAll('tbody tr')).toHaveLength(7));
  });

  it('charts: uses the cloud time series when it is on', async () => {
    const base = '/api/compounds/hx-lane-12/charts';
    const meta = { enabled: true, from: iso(86_400_000), to: iso(0) };
    api.on(`GET ${base}/events-per-hour`, { body: { ...meta, buckets: Array.from({ length: 24 }, (_, i) => ({ time: iso((24 - i) * 3_600_000), count: i })) } });
    api.on(`GET ${base}/alarms-per-day`, { body: { ...meta, days: [{ time: iso(86_400_000), alerts: 3, alarmEvents: 9 }, { time: iso(0), alerts: 5, alarmEvents: 12 }] } });
    api.on(`GET ${base}/gate-opens`, {
      body: { ...meta, stats: [{ method: 'app', result: 'ok', count: 40, meanLatencyMs: 300, maxLatencyMs: 900 }, { method: 'app', result: 'GATE_TIMEOUT', count: 2, meanLatencyMs: null, maxLatencyMs: null }, { method: 'card', result: 'ok', count: 7, meanLatencyMs: null, maxLatencyMs: null }] },
    });
    api.on(`GET ${base}/device-uptime`, { body: { ...meta, devices: [{ deviceId: 'gw-hx.cam-gate', kind: 'camera', uptimeRatio: 0.5, upMs: 1, observedMs: 2, changes: 2 }] } });
    renderPage(<Charts />, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(screen.getByTestId('chart-source').getAttribute('data-source')).toBe('cloud'));
    expect([...screen.getByTestId('chart-methods').querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-value'))).toEqual(['40', '7']);
    expect([...screen.getByTestId('chart-alarms').querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-value'))).toEqual(['3', '5']);
    expect(screen.getByTestId('chart-uptime').querySelector('tbody tr')?.getAttribute('data-value')).toBe('50');
    const q = api.requests.find((r) => r.path === `${base}/events-per-hour`)!.query;
    expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBe(86_400_000);
  });
});
