/**
 * Login throttle: per account and per source, progressive, shared by instances (in the database),
 * and an attacker guessing the guard's password from elsewhere does not lock the guard out.
 * Time is the test's clock (ops clock), never the wall clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { manualClock } from '../../src/alerts/clock.js';
import { buildApp } from '../../src/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../src/seed-demo.js';

async function twoInstances() {
  const dir = mkdtempSync(join(tmpdir(), 'yg-throttle-'));
  const clock = manualClock('2026-03-02T00:00:00.000Z');
  const mk = () => buildApp({ logger: false, clock, config: { dataDir: dir, mqtt: { mode: 'none' }, loginRateLimit: 10_000 } });
  const a = await mk();
  await seedDemo(a.db, { history: false });
  const b = await mk();
  onTestFinished(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { a, b, clock };
}

const login = (app: Awaited<ReturnType<typeof buildApp>>, username: string, password: string, ip: string) =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

describe('login throttle', () => {
  it('an attacker elsewhere cannot lock out the guard at the guard\'s usual source; the attacker is slowed on every instance', async () => {
    const { a, b, clock } = await twoInstances();
    const guardIp = '10.8.0.21';
    const attacker = '203.0.113.7';
    expect((await login(a, 'guard1', DEMO_PASSWORD, guardIp)).statusCode).toBe(200); // the guard's usual phone

    // One address, alternating instances: the counters are shared, so the 6th try is slowed.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(i % 2 ? a : b, 'guard1', `wrong-${i}`, attacker)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Many addresses (a botnet): the account is slowed from every source it never signed in from.
    const botnet: number[] = [];
    for (let i = 0; i < 12; i++) botnet.push((await login(a, 'guard1', `wrong-${i}`, `203.0.113.${100 + i}`)).statusCode);
    expect(botnet.slice(0, 5)).toEqual([401, 401, 401, 401, 401]); // 10 failures on the account so far
    expect(botnet.slice(5).every((s) => s === 429)).toBe(true);

    // Even the right password from a stranger's address waits; from the guard's usual source it works.
    expect((await login(b, 'guard1', DEMO_PASSWORD, '203.0.113.200')).statusCode).toBe(429);
    expect((await login(b, 'guard1', DEMO_PASSWORD, guardIp)).statusCode).toBe(200);
    expect((await login(a, 'guard1', DEMO_PASSWORD, guardIp)).statusCode).toBe(200);

    // A new source (a replacement phone) is slowed while the account is under attack, until the delay passes.
    const newPhone = '10.8.0.99';
    expect((await login(a, 'guard1', DEMO_PASSWORD, newPhone)).statusCode).toBe(429);
    const wait = (await login(a, 'guard1', DEMO_PASSWORD, newPhone)).json().error.message as string;
    expect(wait).toMatch(/wait \d+ (seconds|minutes)/);
    clock.advance(16 * 60_000);
    expect((await login(a, 'guard1', DEMO_PASSWORD, newPhone)).statusCode).toBe(200);
  });

  it('the delay grows with each failure from one source, and a source guessing many accounts is slowed', async () => {
    const { a, clock } = await twoInstances();
    const ip = '198.51.100.4';
    for (let i = 0; i < 5; i++) expect((await login(a, 'resident1', 'nope-nope', ip)).statusCode).toBe(401);
    // The 5th failure set a 1 s wait; after it passes one more try, which doubles the wait.
    expect((await login(a, 'resident1', 'nope-nope', ip)).statusCode).toBe(429);
    clock.advance(1001);
    expect((await login(a, 'resident1', 'nope-nope', ip)).statusCode).toBe(401);
    clock.advance(1001);
    expect((await login(a, 'resident1', 'nope-nope', ip)).statusCode).toBe(429);
    clock.advance(1001);
    expect((await login(a, 'resident1', 'nope-nope', ip)).statusCode).toBe(401);

    const spray = '198.51.100.9';
    const names = ['admin', 'manager', 'guard1', 'guard2', 'installer', 'resident1', 'resident2'];
    let slowed = false;
    for (let i = 0; i < 30 && !slowed; i++) slowed = (await login(a, names[i % names.length]!, `guess-${i}`, spray)).statusCode === 429;
    expect(slowed).toBe(true);
  });
});
