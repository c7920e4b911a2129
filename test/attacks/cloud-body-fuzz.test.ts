/**
 * Attack part `cloud-body-fuzz`: property-based fuzzing (fast-check) of every HTTP body schema. For
 * each registered route that declares a body (read from the routes as registered, so a new route is
 * fuzzed too), bodies are generated from its zod schema (helpers/zod-arbitrary.ts: the schema's shape
 * mixed with arbitrary JSON, missing and unknown keys) and sent over real HTTP to a real cloud, as an
 * administrator (public routes without a session). Every answer must be below 500, and every refusal
 * a `{ error: { code, message } }` with words; a 5xx, a dropped connection or a bare error crashed.
 * Short in `npm test` (YG_HTTP_FUZZ_RUNS bodies per route, default 25); longer runs by setting it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startCloud, type RunningCloud } from '@yardguard/cloud';
import { createTally } from './helpers/tally.js';
import { arbitraryFor } from './helpers/zod-arbitrary.js';

const RUNS = Number(process.env.YG_HTTP_FUZZ_RUNS ?? 25);
let running: RunningCloud;
let dir: string;
let adminToken: string;
let spareUser: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yg-attack-bodies-'));
  running = await startCloud({
    httpPort: 0, seedDemo: true, logger: false,
    config: { dataDir: dir, mqtt: { mode: 'none' }, loginRateLimit: 100_000, publicRateLimit: 100_000, uploadRateLimit: 100_000 },
  });
  const res = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'yardguard-demo' }) });
  adminToken = ((await res.json()) as { token: string }).token;
  // A user the generated PATCH bodies may change (never the administrator sending them).
  const made = await fetch(`${running.url}/api/users`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ username: 'fuzz-target', password: 'a-long-password', displayName: '测试', role: 'guard', compoundIds: [running.demo!.compounds.small] }),
  });
  spareUser = ((await made.json()) as { id: string }).id;
});
afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Real objects where the route names one, so valid bodies reach the handler. */
function urlOf(pattern: string): string {
  const demo = running.demo!;
  const ids: Record<string, string> = {
    compoundId: demo.compounds.small, gatewayId: demo.gateways.small, deviceId: `${demo.gateways.small}.gate-main`, gateId: `${demo.gateways.small}.gate-main`, userId: spareUser,
  };
  return pattern.replace(/:([A-Za-z]+)/g, (_m, p: string) => encodeURIComponent(ids[p] ?? `x-${p}`));
}

describe('HTTP body schemas under property-based fuzzing', () => {
  it('every route with a body answers generated bodies below 500, each refusal with a coded, worded error', async () => {
    const t = createTally('cloud-body-fuzz');
    const routes = running.cloud.routes.filter((r) => r.body && r.url !== '/api/auth/logout' && r.url !== '/api/auth/password');
    expect(routes.length, 'routes with a body schema').toBeGreaterThan(30);
    // How far the bodies got: answered 2xx (valid, handled) or refused 4xx, per route.
    const reached = new Map<string, { ok: number; refused: number }>();
    const crashes: string[] = [];
    // Printed, so a failure can be replayed with YG_FUZZ_SEED.
    const seed = Number(process.env.YG_FUZZ_SEED ?? Date.now() % 1_000_000_007);
    console.log(`cloud-body-fuzz: seed ${seed}, ${RUNS} bodies per route`);
    for (const route of routes) {
      const url = urlOf(route.url);
      for (const body of fc.sample(arbitraryFor(route.body), { numRuns: RUNS, seed: seed + routes.indexOf(route) })) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (route.auth) headers.authorization = `Bearer ${adminToken}`;
        let status = 0;
        let text = '';
        try {
          const res = await fetch(`${running.url}${url}`, {
            method: route.method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(15_000),
          });
          status = res.status;
          text = await res.text();
        } catch (e) {
          text = String(e);
        }
        const what = `${route.method} ${route.url} ${JSON.stringify(body)?.slice(0, 160)}`;
        if (status === 0 || status >= 500) {
          t.crashed(`${what}: ${status} ${text.slice(0, 200)}`);
          crashes.push(`${what}: ${status} ${text.slice(0, 200)}`);
          continue;
        }
        if (status >= 400) {
          const err = (() => {
            try {
              return (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
            } catch {
              return undefined;
            }
          })();
          if (typeof err?.code !== 'string' || typeof err.message !== 'string' || err.message.length < 5) {
            t.crashed(`${what}: ${status} without a coded, worded error: ${text.slice(0, 200)}`);
            crashes.push(`${what}: ${status} without a coded, worded error: ${text.slice(0, 200)}`);
            continue;
          }
        }
        const seen = reached.get(`${route.method} ${route.url}`) ?? { ok: 0, refused: 0 };
        if (status < 400) seen.ok++;
        else seen.refused++;
        reached.set(`${route.method} ${route.url}`, seen);
        t.refused();
      }
    }
    const handled = [...reached].filter(([, v]) => v.ok > 0).map(([k]) => k);
    console.log(`cloud-body-fuzz: ${handled.length} of ${routes.length} routes also handled a generated valid body`);
    const r = t.report();
    expect(crashes, 'answers that were 5xx, dropped, or refusals without a coded, worded error').toEqual([]);
    expect(r.crashed).toBe(0);
    expect(r.tried).toBeGreaterThanOrEqual(routes.length * RUNS);
    // The server still answers afterwards.
    expect((await fetch(`${running.url}/api/health`)).status).toBe(200);
  }, 300_000);
});
