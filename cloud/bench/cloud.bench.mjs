/* global console, process, performance, fetch, setTimeout */
// Cloud benchmark: ingest rate on SQLite and PostgreSQL (committed, de-duplicated, acked, from N
// simulated gateways over the embedded MQTT broker) and gate-open p99. Gateways held at once: gateways.bench.mjs.
// Prints one JSON line of flat keys as the last stdout line. Run after `npm run build -w @yardguard/cloud`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@yardguard/firmware-config/node';
import { startPostgres } from '@yardguard/test/servers';
import { buildApp, connectGatewaySim, seedDemo } from '../dist/index.js';

const log = (...a) => console.error('[cloud.bench]', ...a);
const quick = process.env.YG_BENCH_QUICK === '1';

async function makeCloud(extra = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'yg-bench-'));
  const cloud = await buildApp({
    logger: false,
    config: { dataDir, mqtt: { mode: 'embedded', host: '127.0.0.1', port: 0 }, loginRateLimit: 1e6, publicRateLimit: 1e6, ...extra },
  });
  await cloud.start();
  const mqttUrl = `mqtt://127.0.0.1:${cloud.link.addresses().mqtt}`;
  return { cloud, mqttUrl, dataDir, async close() { await cloud.close(); rmSync(dataDir, { recursive: true, force: true }); } };
}

/** Register `count` gateways sharing one password hash (the login cache then costs one scrypt). */
async function addGateways(cloud, count, prefix) {
  const password = 'bench-secret';
  const hash = hashPassword(password);
  const now = new Date().toISOString();
  await cloud.db.insertInto('compounds').values({ id: `${prefix}-c`, name: '压测小区', address: null, district: null, households: null, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing()).execute();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`, compound_id: `${prefix}-c`, name: null, public_key: '-', mqtt_username: `${prefix}-${i}`, mqtt_password_hash: hash,
    enrolled_at: now, last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null, config_version: 0,
    applied_config_version: 0, agent_version: null, hw_model: null,
  }));
  for (let i = 0; i < rows.length; i += 200) await cloud.db.insertInto('gateways').values(rows.slice(i, i + 200)).execute();
  return rows.map((r) => ({ gatewayId: r.id, compoundId: `${prefix}-c`, password }));
}

async function ingestRate(label, extra) {
  const { cloud, mqttUrl, close } = await makeCloud(extra);
  try {
    const gateways = quick ? 4 : 10;
    const batchesPerGateway = quick ? 10 : 40;
    const batchSize = 500;
    const creds = await addGateways(cloud, gateways, 'ing');
    const sims = await Promise.all(creds.map((c) => connectGatewaySim({ url: mqttUrl, ...c })));
    // Build every batch first so the measured time is the cloud's, not the generator's.
    const plans = sims.map((sim) => Array.from({ length: batchesPerGateway }, () =>
      Array.from({ length: batchSize }, (_, k) => sim.event(k % 10 === 0 ? 'gateway.health' : 'gate.access_granted', k % 10 === 0 ? sim.client.options.username : `gate-${k % 4}`))));
    // Every 10th batch is sent twice (a redelivery): stored once, acked both times.
    let acked = 0;
    const started = performance.now();
    await Promise.all(sims.map(async (sim, g) => {
      for (let b = 0; b < plans[g].length; b++) {
        const ack = await sim.sendBatch(plans[g][b]);
        acked += ack.committed.length;
        if (b % 10 === 9) {
          const again = await sim.sendBatch(plans[g][b]);
          acked += again.committed.length;
        }
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const stored = Number((await cloud.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const expected = gateways * batchesPerGateway * batchSize;
    if (stored !== expected) throw new Error(`${label}: stored ${stored} events, expected ${expected}`);
    log(`${label}: ${acked} events acked (${stored} unique stored) in ${seconds.toFixed(2)} s`);
    await Promise.all(sims.map((s) => s.close()));
    // Unique events only: a redelivered batch is acked again but counts once.
    return Math.round(stored / seconds);
  } finally {
    await close();
  }
}

async function gateOpenP99(count) {
  const { cloud, mqttUrl, close } = await makeCloud();
  try {
    const demo = await seedDemo(cloud.db);
    const url = await cloud.listen(0, '127.0.0.1');
    const gatewayId = demo.gateways.small;
    const sim = await connectGatewaySim({ url: mqttUrl, gatewayId, compoundId: demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem });
    for (let i = 0; i < 200 && (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state !== 'online'; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'resident1', password: demo.password }) });
    const { token } = await login.json();
    const gateId = `${gatewayId}.gate-main`;
    const times = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/gates/${gateId}/open`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`gate open ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)];
    log(`gate open: ${count} opens, p50 ${times[Math.floor(times.length / 2)].toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
    await sim.close();
    return Math.round(p99 * 10) / 10;
  } finally {
    await close();
  }
}

const out = {};
out['cloud.ingest_sqlite_events_per_s'] = await ingestRate('sqlite', {});
try {
  const pg = await startPostgres({ database: 'yg_bench' });
  try {
    out['cloud.ingest_postgres_events_per_s'] = await ingestRate('postgres', { databaseUrl: pg.url });
  } finally {
    await pg.stop();
  }
} catch (e) {
  log('postgres ingest skipped:', e.message);
}
out['cloud.gate_open_p99_ms'] = await gateOpenP99(quick ? 50 : 300);
console.log(JSON.stringify(out));
process.exit(0);
