/** The updates page: each gateway's agent version, the rollout's progress and failures; start, widen, pause. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import Updates from './Updates.js';
import { renderPage, sessionAs } from '../../test/render.js';
import { startTestApi, type TestApi } from '../../test/api-server.js';

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const target = (gatewayId: string, state: string, agentVersion: string, reason: string | null = null) => ({
  gatewayId, gatewayName: `网关${gatewayId.slice(-1)}`, compoundId: 'hx-lane-12', agentVersion, state, fromVersion: '1.0.0', reason, sentAt: iso(60_000), finishedAt: state === 'updated' || state === 'rolled_back' ? iso(1000) : null,
});
const rollout = {
  id: 'r1', version: '1.2.0', scope: { kind: 'compound', id: 'hx-lane-12' }, stage: 'percent', percent: 50, state: 'paused',
  pausedReason: 'gw-a rolled back: version 1.2.0 started 3 times without becoming healthy', createdBy: 'u-manager', createdAt: iso(120_000),
  counts: { pending: 1, sent: 0, updated: 1, rolled_back: 1, failed: 0 },
  targets: [target('gw-a', 'rolled_back', '1.1.0', 'version 1.2.0 started 3 times without becoming healthy'), target('gw-b', 'updated', '1.2.0'), target('gw-c', 'pending', '1.1.0')],
};

describe('updates page', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
    api.on('GET /api/compounds', { body: { compounds: [{ id: 'hx-lane-12', name: '和兴巷12号院', address: null, district: null, households: 36, createdAt: iso(0) }] } });
    api.on('GET /api/users', { body: { users: [] } });
    api.on('GET /api/releases', { body: { releases: [{ version: '1.2.0', sha256: 'a'.repeat(64), bytes: 8_400_000, builtFor: {}, addedBy: 'cli', addedAt: iso(3_600_000) }] } });
    api.on('GET /api/rollouts', { body: { rollouts: [rollout] } });
  });
  afterEach(() => api.close());

  it('shows each gateway\'s version and state, the rollback reason, and resumes a paused rollout', async () => {
    api.on('POST /api/rollouts/r1/resume', { body: { ...rollout, state: 'running', pausedReason: null } });
    renderPage(<Updates />, { baseUrl: api.baseUrl, session: sessionAs('manager', { compoundIds: ['hx-lane-12'] }) });
    const card = await screen.findByTestId('rollout');
    expect(card.getAttribute('data-state')).toBe('paused');
    expect(within(card).getByTestId('rollout-progress').textContent).toBe('已升级 1 · 升级中 0 · 等待 1 · 失败或回退 1（共 3 台）');
    expect(within(card).getByTestId('rollout-paused-reason').textContent).toContain('started 3 times');
    const rows = within(card).getAllByTestId('rollout-target');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['rolled_back', 'updated', 'pending']);
    expect(rows[0]!.textContent).toContain('1.1.0');
    expect(rows[0]!.textContent).toContain('已自动回退');
    expect(rows[0]!.textContent).toContain('without becoming healthy');
    expect(rows[1]!.textContent).toContain('1.2.0');
    expect(screen.queryByTestId('release-upload')).toBeNull(); // managers roll out; admins upload
    fireEvent.click(within(card).getByTestId('rollout-resume'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/rollouts/r1/resume')).toBe(true));
  });

  it('starts a rollout to one gateway of the chosen compound, and widens one to all', async () => {
    api.on('POST /api/rollouts', { status: 201, body: rollout });
    api.on('POST /api/rollouts/r1/stage', { body: rollout });
    renderPage(<Updates />, { baseUrl: api.baseUrl, session: sessionAs('admin', { compoundIds: ['hx-lane-12'] }) });
    expect(await screen.findByTestId('release-upload')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('releases').textContent).toContain('1.2.0'));
    fireEvent.click(screen.getByTestId('rollout-start'));
    await waitFor(() => expect(api.requests.find((r) => r.method === 'POST' && r.path === '/api/rollouts')?.body).toEqual({ version: '1.2.0', compoundId: 'hx-lane-12', stage: 'one' }));
    const card = await screen.findByTestId('rollout');
    fireEvent.change(within(card).getByTestId('rollout-next-stage'), { target: { value: 'all' } });
    fireEvent.click(within(card).getByTestId('rollout-widen'));
    await waitFor(() => expect(api.requests.find((r) => r.path === '/api/rollouts/r1/stage')?.body).toEqual({ stage: 'all' }));
  });
});
