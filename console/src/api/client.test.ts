import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createApiClient, listOf } from './client.js';
import { startTestApi, type TestApi } from '../test/api-server.js';

describe('api client', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(() => api.close());

  it('sends the token and JSON, and returns the parsed body', async () => {
    api.on('POST /api/things', (req) => ({ body: { echo: req.body } }));
    const c = createApiClient({ baseUrl: api.baseUrl, getToken: () => 'abc' });
    expect(await c.post('/api/things', { a: 1 })).toEqual({ echo: { a: 1 } });
    expect(api.requests[0]?.authorization).toBe('Bearer abc');
  });

  it('turns {error:{code,message}} into an ApiError and reports 401', async () => {
    api.on('GET /api/gates', { status: 403, body: { error: { code: 'GATE_NOT_ALLOWED', message: '不能开这个门' } } });
    api.on('GET /api/me', { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'session expired' } } });
    let unauthorized = 0;
    const c = createApiClient({ baseUrl: api.baseUrl, getToken: () => null, onUnauthorized: () => unauthorized++ });
    const e = await c.get('/api/gates').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 403, code: 'GATE_NOT_ALLOWED', message: '不能开这个门' });
    await expect(c.get('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toBe(1);
  });

  it('reports an unreachable server as NETWORK', async () => {
    await api.close();
    const c = createApiClient({ baseUrl: api.baseUrl, getToken: () => null });
    await expect(c.get('/api/x')).rejects.toMatchObject({ code: 'NETWORK' });
    api = await startTestApi();
  });

  it('reads lists from arrays or wrapped objects', () => {
    expect(listOf([1, 2])).toEqual([1, 2]);
    expect(listOf({ items: [3] })).toEqual([3]);
    expect(listOf({ alerts: [4], total: 1 }, 'alerts')).toEqual([4]);
    expect(listOf(null)).toEqual([]);
  });
});
