// Two cloud instances behind one mosquitto (shared subscriptions) and one PostgreSQL behave as one:
// each event stored once, every batch acked, and a gate-open result reaches the waiting instance
// whichever instance the broker hands it to (PostgreSQL LISTEN/NOTIFY bus).
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMosquitto } from '@yardguard/test/servers';
import { buildApp, type Cloud } from '../../src/app.js';
import { seedDemo } from '../../src/seed-demo.js';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { freshPostgresUrl, stopPostgres } from '../helpers/dialects.js';
import { bearer, waitFor } from '../helpers/cloud.js';

afterAll(stopPostgres);

describe.skipIf(!!process.env.YG_TEST_SKIP_POSTGRES)('scale-out: two instances, mosquitto + PostgreSQL', () => {
  it('stores each event once and routes gate-open results across instances', async () => {
    const mosq = await startMosquitto();
    onTestFinished(() => mosq.stop());
    const databaseUrl = await freshPostgresUrl();
    // Shared data dir: every instance signs with the same key (in production: the same key files).
    const dataDir = mkdtempSync(join(tmpdir(), 'yg-scale-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const make = async (name: string): Promise<Cloud> => {
      const c = await buildApp({ logger: false, config: { dataDir, databaseUrl, instanceId: name, mqtt: { mode: 'external', url: mosq.url, group: 'yg-test' } } });
      onTestFinished(() => c.close());
      await c.start();
      return c;
    };
    const a = await make('cloud-a');
    const demo = await seedDemo(a.db, { history: false });
    const b = await make('cloud-b');
    const handled = { a: 0, b: 0 };
    for (const [name, c] of [['a', a], ['b', b]] as const) {
      const orig = c.ingest.handleBatch;
      c.ingest.handleBatch = async (gw, p) => {
        handled[name]++;
        return orig(gw, p);
      };
    }

    const gatewayId = demo.gateways.small;
    const sim = await connectGatewaySim({ url: mosq.url, gatewayId, compoundId: demo.compounds.small, password: 'unused-anonymous-broker', cloudSigningKey: a.keys.publicKeyPem });
    onTestFinished(() => sim.close());

    const sent: string[] = [];
    for (let i = 0; i < 20; i++) {
      const events = Array.from({ length: 25 }, () => sim.event('gate.access_granted', 'gate-main', { method: 'card', credentialRef: `card:${i}` }));
      sent.push(...events.map((e) => e.id));
      const ack = await sim.sendBatch(events);
      expect(ack.committed).toHaveLength(25);
      if (i % 5 === 0) expect((await sim.sendBatch(events)).committed).toHaveLength(25); // redelivery
    }
    const count = await a.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(sent.length);
    expect(handled.a).toBeGreaterThan(0);
    expect(handled.b).toBeGreaterThan(0);

    await waitFor(async () => (await a.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');
    const results = { a: 0, b: 0 };
    for (const [name, c] of [['a', a], ['b', b]] as const) {
      const orig = c.commands.handleResult;
      c.commands.handleResult = async (gw, p) => {
        results[name]++;
        return orig(gw, p);
      };
    }
    const login = await a.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'resident1', password: demo.password } });
    const token = login.json().token as string;
    for (let i = 0; i < 10; i++) {
      const res = await a.app.inject({ method: 'POST', url: `/api/gates/${gatewayId}.gate-main/open`, headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(200);
    }
    // Some results reached instance b and still answered the request waiting on instance a.
    expect(results.a + results.b).toBe(10);
    expect(results.b).toBeGreaterThan(0);
  }, 90_000); // two instances, mosquitto and PostgreSQL on a shared 2-core machine: ~20-30 s under load
});
