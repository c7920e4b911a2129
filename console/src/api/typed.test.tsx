import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { ApiError, createApiClient } from './client.js';
import { createTypedApi, must } from './typed.js';
import { useDirectory } from '../components/use-directory.js';
import { renderPage, sessionAs } from '../test/render.js';
import { startTestApi, type TestApi } from '../test/api-server.js';

describe('typed API client and query cache', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(() => api.close());

  it('fills path and query from the OpenAPI types, sends the token, and turns errors into ApiError; a 401 ends the session', async () => {
    api.on('POST /api/devices/:id/test', (req) => ({ body: { action: 'pulse', commandId: 'c1', deviceId: 'gw.gate main', status: 'ok', latencyMs: 9, echo: req.body } }));
    api.on('GET /api/gates', { status: 403, body: { error: { code: 'FORBIDDEN', message: '不是你的楼院' } } });
    api.on('GET /api/auth/me', { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'session expired' } } });
    let unauthorized = 0;
    const typed = createTypedApi(createApiClient({ baseUrl: api.baseUrl, getToken: () => 'tok', onUnauthorized: () => unauthorized++ }));
    const ok = await must(typed.POST('/api/devices/{deviceId}/test', { params: { path: { deviceId: 'gw.gate main' } }, body: { action: 'pulse' } }));
    expect(ok).toMatchObject({ status: 'ok', latencyMs: 9 });
    expect(api.requests[0]).toMatchObject({ path: '/api/devices/gw.gate%20main/test', body: { action: 'pulse' }, authorization: 'Bearer tok' });

    const refused = await must(typed.GET('/api/gates', { params: { query: { compoundId: 'hx-lane-12' } } })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 403, code: 'FORBIDDEN', message: '不是你的楼院' });
    expect(api.requests[1]!.query.get('compoundId')).toBe('hx-lane-12');
    await expect(must(typed.GET('/api/auth/me'))).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toBe(1);
  });

  it('reports an unreachable server as NETWORK', async () => {
    await api.close();
    const typed = createTypedApi(createApiClient({ baseUrl: api.baseUrl, getToken: () => null }));
    await expect(must(typed.GET('/api/auth/me'))).rejects.toMatchObject({ code: 'NETWORK' });
    api = await startTestApi();
  });

  it('pages that need the compound list share one request (the cache), not one each', async () => {
    api.on('GET /api/compounds', { body: { compounds: [{ id: 'hx-lane-12', name: '和兴巷12号院', address: null, createdAt: new Date().toISOString() }] } });
    api.on('GET /api/users', { body: { users: [] } });
    function Names({ testId }: { testId: string }) {
      const dir = useDirectory();
      return <span data-testid={testId}>{dir.compoundName('hx-lane-12')}</span>;
    }
    renderPage(<><Names testId="a" /><Names testId="b" /><Names testId="c" /></>, { baseUrl: api.baseUrl, session: sessionAs('manager') });
    await waitFor(() => expect(['a', 'b', 'c'].map((id) => screen.getByTestId(id).textContent)).toEqual(['和兴巷12号院', '和兴巷12号院', '和兴巷12号院']));
    expect(api.requests.filter((r) => r.path === '/api/compounds')).toHaveLength(1);
    expect(api.requests.filter((r) => r.path === '/api/users')).toHaveLength(1);
  });
});
