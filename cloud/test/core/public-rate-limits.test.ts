/**
 * Every route in the public scope (no session: login, enrollment, visitor-pass open, snapshot upload,
 * gateway hello, the notice page, health) is rate-limited per source: read from the registered routes,
 * so a new public route is covered too (and the public scope refuses one without a limit). A refusal
 * is a 429 RATE_LIMITED with Retry-After and a message that says how long to wait; it is counted
 * (GET /api/health) and logged with the route pattern, never the path (a pass code is in the URL).
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { buildTestCloud } from '../helpers/cloud.js';

describe('rate limits on the public routes', () => {
  it('each public route answers 429 with Retry-After once a source passes its limit; other sources still pass; counted and logged', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    const cloud = await buildTestCloud({ publicRateLimit: 3, loginRateLimit: 3, uploadRateLimit: 3 }, { logger });
    await cloud.app.ready();
    const publicRoutes = cloud.routes.filter((r) => !r.auth);
    expect(publicRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining([
      'POST /api/auth/login', 'POST /api/enroll', 'POST /api/visitor-passes/:code/open', 'PUT /api/gateway/snapshots/:snapshotId', 'GET /api/public/notices/:token',
    ]));
    const secret = 'PASSCODE-SHOULD-NOT-BE-LOGGED';
    for (const r of publicRoutes) {
      const url = r.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'code' ? secret : `x-${name}`));
      let refused: Awaited<ReturnType<typeof cloud.app.inject>> | null = null;
      let passed = 0;
      for (let i = 0; i < 500 && !refused; i++) {
        const res = await cloud.app.inject({ method: r.method as 'GET', url, remoteAddress: '203.0.113.7', payload: r.method === 'GET' ? undefined : {} });
        expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode === 429) refused = res;
        else passed++;
      }
      expect(refused, `${r.method} ${r.url} never refused`).not.toBeNull();
      expect(passed, `${r.method} ${r.url}`).toBeGreaterThan(0);
      expect(Number(refused!.headers['retry-after']), `${r.method} ${r.url}`).toBeGreaterThan(0);
      const body = refused!.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe('RATE_LIMITED');
      expect(body.error.message).toMatch(/wait \d+ seconds/);
      expect(body.error.message).toContain('秒后再试');
      // Another source is not held up by this one.
      const other = await cloud.app.inject({ method: r.method as 'GET', url, remoteAddress: '198.51.100.20', payload: r.method === 'GET' ? undefined : {} });
      expect(other.statusCode, `${r.method} ${r.url}`).not.toBe(429);
    }
    const health = await cloud.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '192.0.2.1' });
    const refusedCounts = (health.json() as { rateLimited: Record<string, number> }).rateLimited;
    for (const r of publicRoutes) expect(refusedCounts[`${r.method} ${r.url}`], `${r.method} ${r.url}`).toBeGreaterThanOrEqual(1);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; route?: string; source?: string }).filter((l) => l.msg === 'rate limited');
    expect(new Set(logged.map((l) => l.route))).toEqual(new Set(publicRoutes.map((r) => `${r.method} ${r.url}`)));
    expect(logged.every((l) => l.source === '203.0.113.7')).toBe(true);
    expect(lines.join('\n')).not.toContain(secret);
  });
});
