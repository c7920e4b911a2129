import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import Manage from './Manage.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';
import { ago, makeCompound } from '../../test/fixtures.js';
import type { AlertPolicy, GateOpenAudit, NotifyChannel, User } from '../../api/types.js';

const DAY = 86_400_000;

function makeUser(id: string, role: User['role'], over: Partial<User> = {}): User {
  return { id, username: id, displayName: `${id} 名`, role, compoundIds: ['c1'], gateIds: [], leaseEndsOn: null, phone: null, team: null, disabled: false, createdAt: ago(100 * DAY), ...over };
}

function makeChannel(id: string, over: Partial<NotifyChannel> = {}): NotifyChannel {
  return { id, compoundId: 'c1', kind: 'wecom', name: `值班群 ${id}`, urlMasked: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ab12****', hasSecret: false, minSeverity: 'high', enabled: true, createdAt: ago(DAY), ...over };
}

describe('manager screens (管理)', () => {
  let api: TestApi;
  let users: User[];
  beforeEach(async () => {
    api = await startTestApi();
    users = [makeUser('u-guard', 'guard', { displayName: '李师傅' }), makeUser('u-mgr2', 'manager', { displayName: '另一位经理' }), makeUser('u-res', 'resident', { displayName: '陈阿姨' })];
    api.on('GET /api/compounds', { body: { compounds: [makeCompound('c1', '建设路 12 号院', 36), makeCompound('c2', '纬五路 3 号院', 446)] } });
    api.on('GET /api/users', () => ({ body: { users } }));
  });
  afterEach(async () => {
    window.location.hash = '';
    await api.close();
  });
  const open = (tab: string, role: 'manager' | 'admin' = 'manager') => {
    window.location.hash = `#/manage/${tab}`;
    return renderPage(<Manage />, { baseUrl: api.baseUrl, session: sessionAs(role, { compoundIds: ['c1', 'c2'] }) });
  };

  it('channels: lists, adds a DingTalk robot with its secret, tests it (shows the robot\'s answer), pauses and removes', async () => {
    let channels = [makeChannel('ch1')];
    api.on('GET /api/compounds/:id/notify-channels', () => ({ body: { channels } }));
    api.on('GET /api/compounds/:id/notifications', { body: { notifications: [{ id: 'n1', channelId: 'ch1', alertId: 'a1', status: 'failed', attempts: 3, nextAttemptAt: ago(0), lastError: 'errcode 310000 sign not match', createdAt: ago(60_000), sentAt: null }] } });
    api.on('POST /api/compounds/:id/notify-channels', (req) => {
      const b = req.body as { kind: NotifyChannel['kind']; name: string };
      const c = makeChannel('ch2', { kind: b.kind, name: b.name, hasSecret: true, minSeverity: 'critical' });
      channels = [...channels, c];
      return { status: 201, body: c };
    });
    api.on('POST /api/notify-channels/:id/test', { body: { delivered: false, error: 'HTTP 200 errcode 310000: sign not match' } });
    api.on('PATCH /api/notify-channels/:id', (req) => {
      channels = channels.map((c) => (c.id === req.path.split('/')[3] ? { ...c, ...(req.body as object) } : c));
      return { body: channels.find((c) => c.id === req.path.split('/')[3]) };
    });
    api.on('DELETE /api/notify-channels/:id', (req) => {
      channels = channels.filter((c) => c.id !== req.path.split('/')[3]);
      return { body: { ok: true } };
    });
    open('channels');
    const row = await screen.findByTestId('channel-row');
    expect(row.textContent).toContain('企业微信机器人');
    expect(await screen.findByText('errcode 310000 sign not match')).toBeTruthy();

    fireEvent.change(screen.getByTestId('channel-kind'), { target: { value: 'dingtalk' } });
    fireEvent.change(screen.getByTestId('channel-name'), { target: { value: '钉钉值班群' } });
    fireEvent.change(screen.getByTestId('channel-url'), { target: { value: 'https://oapi.dingtalk.com/robot/send?access_token=abc' } });
    fireEvent.change(screen.getByTestId('channel-secret'), { target: { value: 'SECabc' } });
    fireEvent.change(screen.getByTestId('channel-severity'), { target: { value: 'critical' } });
    fireEvent.click(screen.getByTestId('channel-submit'));
    await waitFor(() => expect(screen.getAllByTestId('channel-row')).toHaveLength(2));
    expect(api.requests.find((r) => r.method === 'POST' && r.path === '/api/compounds/c1/notify-channels')?.body).toEqual({
      kind: 'dingtalk', name: '钉钉值班群', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECabc', minSeverity: 'critical',
    });

    const first = screen.getAllByTestId('channel-row')[0]!;
    fireEvent.click(within(first).getByTestId('channel-test'));
    const result = await within(first).findByTestId('channel-test-result');
    expect(result.getAttribute('data-delivered')).toBe('false');
    expect(result.textContent).toContain('sign not match');

    fireEvent.click(within(first).getByTestId('channel-toggle'));
    await waitFor(() => expect(screen.getAllByTestId('channel-row')[0]!.getAttribute('data-enabled')).toBe('false'));
    expect(api.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ enabled: false });
    expect(within(screen.getAllByTestId('channel-row')[0]!).getByTestId('channel-toggle').textContent).toBe('恢复');

    vi.spyOn(window, 'confirm').mockReturnValueOnce(true);
    fireEvent.click(within(screen.getAllByTestId('channel-row')[0]!).getByTestId('channel-delete'));
    await waitFor(() => expect(screen.getAllByTestId('channel-row')).toHaveLength(1));
    expect(api.requests.some((r) => r.method === 'DELETE' && r.path === '/api/notify-channels/ch1')).toBe(true);
  });

  it('users: a manager creates a guard for a compound, resets a password, changes compounds, disables; cannot touch another manager', async () => {
    api.on('POST /api/users', (req) => {
      const b = req.body as { username: string; displayName: string; role: User['role']; compoundIds: string[] };
      const u = makeUser('u-new', b.role, { username: b.username, displayName: b.displayName, compoundIds: b.compoundIds });
      return { status: 201, body: u };
    });
    api.on('PATCH /api/users/:id', (req) => {
      const id = req.path.split('/')[3]!;
      const u = { ...users.find((x) => x.id === id)!, ...(req.body as Partial<User>) };
      delete (u as { password?: string }).password;
      users = users.map((x) => (x.id === id ? u : x));
      return { body: u };
    });
    open('users');
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(3));
    const row = (id: string) => screen.getAllByTestId('user-row').find((r) => r.getAttribute('data-user-id') === id)!;
    expect(within(row('u-mgr2')).queryByTestId('user-toggle')).toBeNull();
    const roleOptions = within(screen.getByTestId('user-new-role')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(roleOptions).toEqual(['guard', 'staff', 'installer', 'resident']);

    fireEvent.change(screen.getByTestId('user-new-name'), { target: { value: '赵师傅' } });
    fireEvent.change(screen.getByTestId('user-new-username'), { target: { value: 'guard9' } });
    fireEvent.change(screen.getByTestId('user-new-password'), { target: { value: 'a-long-password' } });
    expect((screen.getByTestId('user-new-submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(await screen.findByTestId('user-new-compound-c2'));
    fireEvent.click(screen.getByTestId('user-new-submit'));
    expect((await screen.findByTestId('user-created')).textContent).toContain('赵师傅');
    expect(api.requests.find((r) => r.method === 'POST' && r.path === '/api/users')?.body).toEqual({
      username: 'guard9', displayName: '赵师傅', password: 'a-long-password', role: 'guard', compoundIds: ['c2'],
    });
    expect(screen.getAllByTestId('user-row')).toHaveLength(4);

    fireEvent.click(within(row('u-guard')).getByTestId('user-reset'));
    fireEvent.change(within(row('u-guard')).getByTestId('user-reset-password'), { target: { value: 'new-password-1' } });
    fireEvent.click(within(row('u-guard')).getByTestId('user-reset-submit'));
    await within(row('u-guard')).findByTestId('user-reset-done');
    expect(api.requests.filter((r) => r.method === 'PATCH')[0]?.body).toEqual({ password: 'new-password-1' });

    fireEvent.click(within(row('u-guard')).getByTestId('user-compounds-edit'));
    fireEvent.click(within(row('u-guard')).getByTestId('user-edit-compound-c2'));
    fireEvent.click(within(row('u-guard')).getByTestId('user-compounds-save'));
    await waitFor(() => expect(within(row('u-guard')).getByTestId('user-compounds').textContent).toBe('建设路 12 号院、纬五路 3 号院'));

    vi.spyOn(window, 'confirm').mockReturnValueOnce(true);
    fireEvent.click(within(row('u-guard')).getByTestId('user-toggle'));
    await waitFor(() => expect(row('u-guard').getAttribute('data-disabled')).toBe('true'));
    expect(api.requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({ disabled: true });

    fireEvent.change(screen.getByTestId('user-filter-role'), { target: { value: 'resident' } });
    expect(screen.getAllByTestId('user-row').map((r) => r.getAttribute('data-user-id'))).toEqual(['u-res']);
  });

  it('users: the cloud\'s refusal is shown in words', async () => {
    api.on('POST /api/users', { status: 409, body: { error: { code: 'CONFLICT', message: 'The user name guard1 is already taken.' } } });
    open('users');
    fireEvent.change(await screen.findByTestId('user-new-name'), { target: { value: 'x' } });
    fireEvent.change(screen.getByTestId('user-new-username'), { target: { value: 'guard1' } });
    fireEvent.change(screen.getByTestId('user-new-password'), { target: { value: 'a-long-password' } });
    fireEvent.click(await screen.findByTestId('user-new-compound-c1'));
    fireEvent.click(screen.getByTestId('user-new-submit'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/already taken|已/);
  });

  it('alert policy: loads the compound\'s policy, saves the changed times', async () => {
    const policy: AlertPolicy = {
      ackTimeoutS: { critical: 60, high: 120, medium: 600, low: 1800 }, resolveTimeoutS: { critical: 900, high: 1800, medium: 3600, low: 7200 },
      foldWindowS: 600, maxEscalations: 6, gatewayOfflineS: 90,
    };
    api.on('GET /api/compounds/:id/alert-policy', { body: policy });
    api.on('PUT /api/compounds/:id/alert-policy', (req) => ({ body: req.body }));
    open('policy');
    const ack = (await screen.findByTestId('policy-ack-critical')) as HTMLInputElement;
    expect(ack.value).toBe('60');
    fireEvent.change(ack, { target: { value: '30' } });
    fireEvent.change(screen.getByTestId('policy-fold'), { target: { value: '300' } });
    fireEvent.click(screen.getByTestId('policy-save'));
    await screen.findByTestId('policy-saved');
    const put = api.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe('/api/compounds/c1/alert-policy');
    expect(put?.body).toEqual({ ...policy, ackTimeoutS: { ...policy.ackTimeoutS, critical: 30 }, foldWindowS: 300 });
  });

  it('gate-open audit: filters go to the cloud with China-time day bounds; more pages load on request', async () => {
    const row = (i: number): GateOpenAudit => ({
      id: `o${i}`, commandId: `cmd${i}`, compoundId: 'c1', gateId: 'gw1.gate-main', userId: i === 2 ? null : 'u-guard', username: 'guard1',
      visitorPassId: i === 2 ? 'p1' : null, requestedAt: ago(i * 60_000), result: i === 1 ? 'timeout' : 'ok', errorCode: i === 1 ? 'GATE_TIMEOUT' : null, latencyMs: 180,
    });
    api.on('GET /api/gates', { body: { gates: [{ id: 'gw1.gate-main', compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-main', name: '东门', online: true }] } });
    api.on('GET /api/gate-opens', (req) => (req.query.get('before') ? { body: { opens: [row(3)], nextBefore: null } } : { body: { opens: [row(0), row(1), row(2)], nextBefore: ago(2 * 60_000) } }));
    open('audit');
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(3));
    const rows = screen.getAllByTestId('audit-row');
    expect(rows[0]!.textContent).toContain('东门');
    expect(rows[0]!.textContent).toContain('李师傅');
    expect(rows[1]!.textContent).toContain('超时');
    expect(rows[2]!.textContent).toContain('访客通行证');
    fireEvent.click(screen.getByTestId('list-more'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(4));
    expect(screen.queryByTestId('list-more')).toBeNull();

    fireEvent.change(screen.getByTestId('audit-filter-gate'), { target: { value: 'gw1.gate-main' } });
    fireEvent.change(screen.getByTestId('audit-filter-user'), { target: { value: 'u-guard' } });
    fireEvent.change(screen.getByTestId('audit-filter-result'), { target: { value: 'timeout' } });
    // Any day: the filter is that whole day in China time, whatever the browser's zone.
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    fireEvent.change(screen.getByTestId('audit-from'), { target: { value: day } });
    fireEvent.change(screen.getByTestId('audit-to'), { target: { value: day } });
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/gate-opens' && r.query.get('to'))).toBe(true));
    const q = api.requests.filter((r) => r.path === '/api/gate-opens').at(-1)!.query;
    expect(q.get('gateId')).toBe('gw1.gate-main');
    expect(q.get('userId')).toBe('u-guard');
    expect(q.get('result')).toBe('timeout');
    expect(q.get('from')).toBe(`${day}T00:00:00+08:00`);
    expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBe(86_400_000);
  });

  it('tabs switch by address; an unknown tab shows the channels', async () => {
    api.on('GET /api/compounds/:id/notify-channels', { body: { channels: [] } });
    api.on('GET /api/compounds/:id/notifications', { body: { notifications: [] } });
    open('nope');
    expect(screen.getByTestId('manage').getAttribute('data-tab')).toBe('channels');
    expect(await screen.findByTestId('channel-none')).toBeTruthy();
    expect(screen.getByTestId('manage-tab-audit').getAttribute('href')).toBe('#/manage/audit');
  });
});
