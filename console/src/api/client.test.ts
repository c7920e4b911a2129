import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorFrom, createApiClient } from './client.js';
import { startTestApi, type TestApi } from '../test/api-server.js';

describe('api client', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi();
  });
  afterEach(() => api.close());

  it('has no untyped JSON helpers: requests go through the typed client (typed.ts)', () => {
    expect(Object.keys(createApiClient({ getToken: () => null })).sort()).toEqual(['fetch', 'token', 'url']);
  });

  it('fetch sends the token and reports 401; url leaves out empty query values', async () => {
    api.on('GET /api/gates', { body: { gates: [] } });
    api.on('GET /api/auth/me', { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'session expired' } } });
    let unauthorized = 0;
    const c = createApiClient({ baseUrl: api.baseUrl, getToken: () => 'abc', onUnauthorized: () => unauthorized++ });
    expect(c.url('/api/gates', { compoundId: 'c1', q: '', before: undefined })).toBe(`${api.baseUrl}/api/gates?compoundId=c1`);
    expect((await c.fetch(new Request(c.url('/api/gates')))).status).toBe(200);
    expect(api.requests[0]?.authorization).toBe('Bearer abc');
    expect((await c.fetch(new Request(c.url('/api/auth/me')))).status).toBe(401);
    expect(unauthorized).toBe(1);
  });

  it('reads {error:{code,message}} (and Fastify\'s {code,message}) into an ApiError', () => {
    expect(apiErrorFrom(403, 'Forbidden', { error: { code: 'GATE_NOT_ALLOWED', message: '不能开这个门' } })).toMatchObject({ status: 403, code: 'GATE_NOT_ALLOWED', message: '不能开这个门' });
    expect(apiErrorFrom(400, 'Bad Request', { code: 'FST_ERR_VALIDATION', message: 'body/note must be string' })).toMatchObject({ code: 'FST_ERR_VALIDATION', message: 'body/note must be string' });
    expect(apiErrorFrom(502, 'Bad Gateway', 'not json')).toMatchObject({ status: 502, code: 'HTTP_502', message: 'Bad Gateway' });
  });
});
