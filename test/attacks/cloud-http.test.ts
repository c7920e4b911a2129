/**
 * Attack suite, cloud HTTP side: a real cloud (startCloud, real SQLite, real HTTP on loopback) against
 * a resident opening another compound's gate, a pass of a disabled issuer, every role against every
 * route of a compound it must not reach, SSRF webhooks, login guessing, and a corpus of malformed
 * bodies. Each part prints `tried / refused / crashed / let in`; nothing may get in, nothing may crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '@yardguard/cloud';
import { createTally, type Tally } from './helpers/tally.js';

let running: RunningCloud;
let dir: string;
const FOREIGN = 'ql-road-5';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yg-attack-cloud-'));
  running = await startCloud({
    httpPort: 0, seedDemo: true, logger: false,
    // trustProxy: the attacks below come from several (forwarded) addresses.
    config: { dataDir: dir, mqtt: { mode: 'none' }, loginRateLimit: 10_000, publicRateLimit: 10_000, trustProxy: true },
  });
  const now = new Date().toISOString();
  await running.cloud.db.insertInto('compounds').values({ id: FOREIGN, name: '青龙路5号院', address: null, district: null, households: 10, created_at: now }).execute();
});
afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function http(method: string, path: string, opts: { token?: string; body?: string | object; contentType?: string; from?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.from) headers['x-forwarded-for'] = opts.from;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  try {
    const res = await fetch(`${running.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(15_000) });
    return { status: res.status, text: await res.text() };
  } catch (e) {
    return { status: 0, text: String(e) };
  }
}

async function login(username: string, from = '10.20.0.5'): Promise<string> {
  const r = await http('POST', '/api/auth/login', { from, body: { username, password: running.demo!.password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return (JSON.parse(r.text) as { token: string }).token;
}

/** Refused = a 4xx; a 5xx or a dropped connection = crashed; anything else = let in. */
function judge(t: Tally, what: string, status: number, refusedIf: (s: number) => boolean = (s) => s >= 400 && s < 500): void {
  if (status === 0 || status >= 500) t.crashed(`${what}: ${status}`);
  else if (refusedIf(status)) t.refused(what);
  else t.letIn(`${what}: ${status}`);
}

const finish = (t: Tally) => {
  const r = t.report();
  expect(r.crashed, 'crashed').toBe(0);
  expect(r.let_in, 'let in').toEqual([]);
  expect(r.tried).toBeGreaterThan(0);
};

describe('attacks: cloud HTTP', () => {
  it('gates and passes: a resident opening another compound\'s gate, a pass of a disabled issuer', async () => {
    const t = createTally('cloud-gates');
    const demo = running.demo!;
    const r1 = await login('resident1');
    const r2 = await login('resident2');
    const smallGate = `${demo.gateways.small}.gate-main`;
    const largeGates = (await running.cloud.db.selectFrom('devices').select('id').where('kind', '=', 'gate').where('compound_id', '=', demo.compounds.large).execute()).map((g) => g.id);
    for (const g of largeGates) judge(t, `resident1 opens ${g}`, (await http('POST', `/api/gates/${g}/open`, { token: r1, body: {} })).status);
    for (const g of [smallGate, `${smallGate}x`, '../../etc/passwd', 'gw-x.gate-main']) {
      judge(t, `resident2 opens ${g}`, (await http('POST', `/api/gates/${encodeURIComponent(g)}/open`, { token: r2, body: {} })).status);
      judge(t, `resident2 issues a pass for ${g}`, (await http('POST', '/api/visitor-passes', { token: r2, body: { gateId: g, validUntil: new Date(Date.now() + 3600_000).toISOString() } })).status);
    }
    // A pass issued by resident1, who is then disabled: the pass must stop opening the gate.
    const pass = JSON.parse((await http('POST', '/api/visitor-passes', { token: r1, body: { gateId: smallGate, validUntil: new Date(Date.now() + 3600_000).toISOString(), maxUses: 5 } })).text) as { code: string };
    const manager = await login('manager');
    await http('PATCH', `/api/users/${demo.users.resident1}`, { token: manager, body: { disabled: true } });
    // 409 GATEWAY_OFFLINE would mean the pass got through every check (no gateway is connected here).
    judge(t, 'pass of a disabled issuer', (await http('POST', `/api/visitor-passes/${pass.code}/open`)).status, (s) => s === 403);
    judge(t, 'disabled resident\'s session', (await http('GET', '/api/auth/me', { token: r1 })).status);
    await http('PATCH', `/api/users/${demo.users.resident1}`, { token: manager, body: { disabled: false } });
    for (const code of ['AAAA', 'ZZZZZZZZ', `${pass.code}1`, 'x'.repeat(32), '%00%00%00%00', '..%2F..%2Fadmin']) {
      judge(t, `guessed pass ${code}`, (await http('POST', `/api/visitor-passes/${code}/open`)).status);
    }
    finish(t);
  });

  it('every role against every route, in a compound it must not reach; and with no session', async () => {
    const t = createTally('cloud-authz');
    const demo = running.demo!;
    const tokens: Record<string, string> = {};
    for (const u of ['manager', 'guard1', 'installer', 'resident1']) tokens[u] = await login(u);
    const foreignIds: Record<string, string> = { compoundId: FOREIGN };
    // Objects of a compound none of these users belongs to: the large compound for resident1/guard1, FOREIGN for all.
    const largeGw = demo.gateways.large;
    const objectIds: Record<string, string> = { gatewayId: largeGw, gateId: `${largeGw}.gate-north`, deviceId: `${largeGw}.gate-north` };
    for (const route of running.cloud.routes.filter((r) => r.auth)) {
      const params = route.url.match(/:[A-Za-z]+/g) ?? [];
      const urlFor = (ids: Record<string, string>) => route.url.replace(/:([A-Za-z]+)/g, (_m, p: string) => encodeURIComponent(ids[p] ?? `x-${p}-0`))
        + (route.url.includes(':compoundId') ? '' : `${route.url.includes('?') ? '&' : '?'}compoundId=${FOREIGN}`);
      const bodyFor = (ids: Record<string, string>) => (route.method === 'GET' || route.method === 'DELETE' ? undefined : { compoundId: FOREIGN, compoundIds: [FOREIGN], gateId: ids.gateId ?? 'x-gate-0' });
      const anonBody = bodyFor(foreignIds);
      const anon = await http(route.method, urlFor(foreignIds), anonBody ? { body: anonBody } : {});
      judge(t, `no session ${route.method} ${route.url}`, anon.status, (s) => s === 401);
      if (route.url.startsWith('/api/live')) continue; // streams of the caller's own compounds: covered by the matrix
      for (const [user, token] of Object.entries(tokens)) {
        const ids = { ...foreignIds, ...(user === 'resident1' || user === 'guard1' ? objectIds : {}) };
        if (params.length === 0 && (route.auth!.compound === 'none')) continue; // about the caller only (me, logout)
        const body = bodyFor(ids);
        const r = await http(route.method, urlFor(ids), body ? { token, body } : { token });
        judge(t, `${user} ${route.method} ${urlFor(ids)}`, r.status);
      }
    }
    finish(t);
  });

  it('SSRF: webhooks to internal addresses are refused', async () => {
    const t = createTally('cloud-ssrf');
    const manager = await login('manager');
    const compound = running.demo!.compounds.small;
    const targets = [
      'http://127.0.0.1:1/x', 'http://localhost/x', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://169.254.169.254/latest/meta-data/iam',
      'http://metadata.google.internal/computeMetadata/v1/', 'http://10.0.0.1/x', 'http://172.16.5.4/x', 'http://192.168.1.1/admin', 'http://0.0.0.0/x',
      'http://100.64.0.1/x', 'http://[fd00::1]/x', 'http://[fe80::1]/x', 'http://2130706433/x', 'http://0x7f000001/x', 'http://127.1/x',
    ];
    for (const [i, url] of targets.entries()) {
      const kind = (['wecom', 'dingtalk', 'feishu', 'webhook'] as const)[i % 4];
      const created = await http('POST', `/api/compounds/${compound}/notify-channels`, { token: manager, body: { kind, name: `a${i}`, url } });
      if (created.status !== 201) {
        judge(t, `create ${url}`, created.status);
        continue;
      }
      const id = (JSON.parse(created.text) as { id: string }).id;
      const test = await http('POST', `/api/notify-channels/${id}/test`, { token: manager });
      const delivered = test.status === 200 && (JSON.parse(test.text) as { delivered: boolean }).delivered;
      if (test.status >= 500 || test.status === 0) t.crashed(`test ${url}: ${test.status}`);
      else if (delivered) t.letIn(`webhook reached ${url}`);
      else t.refused(url);
    }
    finish(t);
  });

  it('login guessing: wrong passwords, unknown names and injections are refused; the guard on duty is not locked out', async () => {
    const t = createTally('cloud-login');
    const guardPhone = '10.8.0.21';
    const signIn = (from: string) => http('POST', '/api/auth/login', { from, body: { username: 'guard2', password: running.demo!.password } });
    expect((await signIn(guardPhone)).status).toBe(200);
    for (let i = 0; i < 40; i++) {
      judge(t, `guard2 guess ${i} from 203.0.113.${i}`, (await http('POST', '/api/auth/login', { from: `203.0.113.${i}`, body: { username: 'guard2', password: `guess-${i}` } })).status);
    }
    judge(t, 'right password from a stranger\'s address during the attack', (await signIn('198.51.100.77')).status, (s) => s === 429);
    expect((await signIn(guardPhone)).status, 'the guard on duty signs in from the usual phone').toBe(200);
    const guesses = ['123456', 'password', 'yardguard', 'admin', "' OR '1'='1", '{"$ne":null}', 'yardguard-dem0', ''.padEnd(200, 'a')];
    for (const username of ['guard1', 'admin', 'nobody', "admin'--", 'ADMIN']) {
      for (const password of guesses) judge(t, `${username}/${password.slice(0, 12)}`, (await http('POST', '/api/auth/login', { body: { username, password } })).status);
    }
    finish(t);
  });

  it('malformed bodies against every route that takes one (>= 300, by category)', async () => {
    const t = createTally('cloud-bodies');
    const admin = await login('manager');
    const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });
    const corpus: { category: string; body: string; contentType?: string }[] = [
      { category: 'invalid json', body: '{"a":' }, { category: 'invalid json', body: '{,}' }, { category: 'invalid json', body: "{'a':1}" },
      { category: 'not an object', body: 'null' }, { category: 'not an object', body: '[]' }, { category: 'not an object', body: '42' }, { category: 'not an object', body: '"x"' },
      { category: 'wrong types', body: JSON.stringify({ name: 1, url: true, compoundId: [], gateId: {}, validUntil: 'yesterday', maxUses: -1, rating: 99, text: null }) },
      { category: 'prototype pollution', body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
      { category: 'deep nesting', body: JSON.stringify(deep(200)) },
      { category: 'huge string', body: JSON.stringify({ name: 'x'.repeat(200_000), text: '好'.repeat(50_000) }) },
      { category: 'control chars', body: JSON.stringify({ name: '\u0000\u0007\u202e', text: '\ud800' }) },
      { category: 'wrong content type', body: 'name=x&url=y', contentType: 'application/x-www-form-urlencoded' },
      { category: 'wrong content type', body: '<xml/>', contentType: 'text/xml' },
      { category: 'empty', body: '' },
    ];
    for (const route of running.cloud.routes.filter((r) => r.method !== 'GET' && r.method !== 'DELETE' && !r.url.startsWith('/api/auth/logout'))) {
      const url = route.url.replace(/:([A-Za-z]+)/g, (_m, p: string) => (p === 'compoundId' ? running.demo!.compounds.small : `x-${p}`));
      for (const c of corpus) {
        const r = await http(route.method, url, { token: admin, body: c.body, contentType: c.contentType ?? 'application/json' });
        judge(t, `${route.method} ${route.url} ${c.category}`, r.status, (s) => s < 500);
      }
    }
    const report = t.report();
    expect(report.tried).toBeGreaterThanOrEqual(300);
    expect(report.crashed).toBe(0);
    // The server still answers afterwards.
    expect((await http('GET', '/api/health')).status).toBe(200);
  });
});
