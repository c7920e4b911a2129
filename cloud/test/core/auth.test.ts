import { afterAll, describe, expect, it } from 'vitest';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);
import { apiError, loginResponse, meResponse } from '@yardguard/firmware-config';
import { bearer, buildTestCloud } from '../helpers/cloud.js';

describe.each(dialects)('auth ($name)', (d) => {
  it('logs in, answers /me, and logout revokes the token', async () => {
    const cloud = await buildTestCloud(await d.config());
    const res = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guard1', password: cloud.demo.password } });
    expect(res.statusCode).toBe(200);
    const body = loginResponse.parse(res.json());
    expect(body.user.role).toBe('guard');
    expect(body.user.compoundIds).toEqual([cloud.demo.compounds.small]);

    const me = await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(body.token) });
    expect(me.statusCode).toBe(200);
    expect(meResponse.parse(me.json()).user.username).toBe('guard1');

    const out = await cloud.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(body.token) });
    expect(out.statusCode).toBe(200);
    const again = await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(body.token) });
    expect(again.statusCode).toBe(401);
    expect(apiError.parse(again.json()).error.code).toBe('SESSION_EXPIRED');
  });

  it('admin sees every compound', async () => {
    const cloud = await buildTestCloud(await d.config());
    const token = await cloud.login('admin');
    const res = await cloud.app.inject({ method: 'GET', url: '/api/compounds', headers: bearer(token) });
    expect(res.json().compounds.map((c: { id: string }) => c.id).sort()).toEqual([cloud.demo.compounds.small, cloud.demo.compounds.large].sort());
  });

  it('refuses a wrong password with a plain message, and no token with 401', async () => {
    const cloud = await buildTestCloud(await d.config());
    const res = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guard1', password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toEqual({ code: 'BAD_CREDENTIALS', message: 'The user name or password is wrong.' });
    const anon = await cloud.app.inject({ method: 'GET', url: '/api/compounds' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.message).toMatch(/sign in/);
  });

  it('expired sessions are refused', async () => {
    const cloud = await buildTestCloud({ ...(await d.config()), sessionTtlS: 0 });
    const res = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guard1', password: cloud.demo.password } });
    const me = await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(res.json().token) });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('rate-limits login attempts', async () => {
    const cloud = await buildTestCloud({ ...(await d.config()), loginRateLimit: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guard1', password: 'wrong' } });
      codes.push(r.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('bad input gets a 400 that names the field', async () => {
    const cloud = await buildTestCloud(await d.config());
    const res = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '', password: 'x' } });
    expect(res.statusCode).toBe(400);
    const e = apiError.parse(res.json()).error;
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.fields?.[0]?.path).toBe('body.username');
    expect(e.message).toContain('body.username');
  });

  it('serves an OpenAPI document', async () => {
    const cloud = await buildTestCloud(await d.config());
    const res = await cloud.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/auth/login');
  });
  it('changing my password keeps this session, signs out the others, and needs the current password', async () => {
    const cloud = await buildTestCloud(await d.config());
    const login = async (password: string) => cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guard1', password } });
    const a = (await login(cloud.demo.password)).json().token as string;
    const b = (await login(cloud.demo.password)).json().token as string;
    const wrong = await cloud.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(a), payload: { currentPassword: 'nope', newPassword: 'another-long-one' } });
    expect(wrong.statusCode).toBe(403);
    const ok = await cloud.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(a), payload: { currentPassword: cloud.demo.password, newPassword: 'another-long-one' } });
    expect(ok.statusCode).toBe(200);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(a) })).statusCode).toBe(200);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(b) })).statusCode).toBe(401);
    expect((await login(cloud.demo.password)).statusCode).toBe(401);
    expect((await login('another-long-one')).statusCode).toBe(200);
  });
});
