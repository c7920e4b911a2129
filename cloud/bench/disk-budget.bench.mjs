/* global console, process, performance, setTimeout, fetch, URLSearchParams */
// Disk budget: one simulated day of N compounds through the cloud's real write paths (simulated
// gateways over the embedded MQTT broker -> ingest -> SQLite / PostgreSQL, derived alerts and
// incidents, time series into a real influxd 1.x with the cloud's retention policies; remote opens
// through openGate: command, gate audit, gate-open and command-latency points), then bytes on disk,
// split by how long each kind is kept (the real retention pass run 8 and 31 days ahead), and
// extrapolated to 1,000 compounds at steady state with the default retention (README "Disk budget").
// Last stdout line: one JSON object of flat keys. Run after `npm run build -w @yardguard/cloud`.
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { exampleEventData } from '@yardguard/firmware-config';
import { hashPassword } from '@yardguard/firmware-config/node';
import { freePort, spawnOwned, startPostgres, waitFor } from '@yardguard/test/servers';
import { buildApp, connectGatewaySim } from '../dist/index.js';
import { openGate } from '../dist/gates/gate-open.js';
import { defaultRetention } from '../dist/retention/policy.js';

const log = (...a) => console.error('[disk-budget]', ...a);
const quick = process.env.YG_BENCH_QUICK === '1';
const COMPOUNDS = Number(process.env.YG_BENCH_DISK_COMPOUNDS ?? (quick ? 3 : 10));
const DAY = 86_400_000;

// ---- one compound's day (assumptions; README "Disk budget" says where each comes from)
const rates = {
  households: 111, // DOMAIN.md: 38,585 households in 346 compounds
  passagesPerHousehold: 8, // gate passages a household makes a day (in + out, ~2.6 people)
  remoteShare: 0.05, // of passages opened from the app (a signed cloud command)
  deniedShare: 0.03, // extra refused credentials (expired QR, unknown card)
  gates: 2,
  cameras: 4,
  motionPerCamera: 100, // camera.motion events a camera sends a day
  healthIntervalS: 60, // site.gateway.healthIntervalS default
  careDoorContacts: 10, // elderly living alone with a door contact (care watch)
  careOpensPerDay: 6, // opened + closed each
  presenceChanges: 4, // device.online / device.offline a day
  alarms: 2, // forced or held doors a day, each with the edge's alert.raised
};
const METHODS = ['card', 'card', 'card', 'face', 'face', 'qr'];

/** Deterministic pseudo-random numbers, so every run simulates the same day. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

/** The compound's events of one day (timed in the last 24 h) and when its remote opens happen. */
function simulateDay(sim, c, dayStart) {
  const rand = rng(c + 1);
  const at = () => dayStart + Math.floor(rand() * (DAY - 60_000));
  const out = [];
  const add = (t, type, deviceId, data) => {
    const e = sim.event(type, deviceId, data);
    e.occurredAt = new Date(t).toISOString();
    out.push([t, e]);
  };
  const gate = () => `gate-${1 + Math.floor(rand() * rates.gates)}`;
  const passages = rates.households * rates.passagesPerHousehold;
  let remote = 0;
  for (let i = 0; i < passages; i++) {
    const t = at();
    const g = gate();
    if (rand() < rates.remoteShare) {
      remote++;
      add(t, 'gate.access_granted', g, { method: 'remote', commandId: `cmd-${c}-${i}` });
    } else {
      add(t, 'gate.access_granted', g, { method: METHODS[Math.floor(rand() * METHODS.length)], credentialRef: `card:${(i % 997).toString(16)}` });
    }
    add(t + 800, 'gate.door_opened', g, {});
    add(t + 6_000, 'gate.door_closed', g, { openForS: 5.2 });
  }
  for (let i = 0; i < Math.round(passages * rates.deniedShare); i++) add(at(), 'gate.access_denied', gate(), { method: 'qr', reason: 'expired' });
  for (let k = 1; k <= rates.cameras; k++) for (let i = 0; i < rates.motionPerCamera; i++) add(at(), 'camera.motion', `cam-${k}`, { active: true, source: 'VideoSource_1' });
  const health = exampleEventData['gateway.health'];
  for (let t = dayStart, n = 0; t < dayStart + DAY; t += rates.healthIntervalS * 1000, n++) {
    add(t, 'gateway.health', sim.client.options.username, { ...health, uptimeS: n * rates.healthIntervalS, lastAckedSeq: n, memRssMb: 60 + (n % 7) });
  }
  for (let k = 1; k <= rates.careDoorContacts; k++) {
    for (let i = 0; i < rates.careOpensPerDay; i++) {
      const t = at();
      add(t, 'door_contact.opened', `door-${k}`, {});
      add(t + 30_000, 'door_contact.closed', `door-${k}`, { openForS: 30 });
    }
  }
  for (let i = 0; i < rates.presenceChanges; i++) {
    add(at(), i % 2 ? 'device.online' : 'device.offline', 'cam-1', i % 2 ? { kind: 'camera' } : { kind: 'camera', reason: 'heartbeat_timeout' });
  }
  for (let i = 0; i < rates.alarms; i++) {
    const t = at();
    add(t, 'gate.forced_open', 'gate-1', {});
    add(t + 50, 'alert.raised', sim.client.options.username, { key: `gate-1:door_forced:${i}`, kind: 'door_forced', severity: 'critical', title: '门被强行打开', ruleId: 'door-forced' });
  }
  out.sort((a, b) => a[0] - b[0]);
  return { events: out.map(([, e]) => e), remote };
}

// ---- servers and sizes

/** Bytes allocated on disk under `path` (blocks, not apparent sizes: influxd preallocates sparse files). */
function dirBytes(path) {
  let n = 0;
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(path, e.name);
    n += e.isDirectory() ? dirBytes(p) : statSync(p).blocks * 512;
  }
  return n;
}

/** influxd 1.x like @yardguard/test/servers' one, but flushing its cache to TSM and compacting within seconds. */
async function startInfluxForBench() {
  const dir = mkdtempSync(join(tmpdir(), 'yg-disk-influx-'));
  const [port, rpc] = [await freePort(), await freePort()];
  const conf = join(dir, 'influxdb.conf');
  writeFileSync(conf, [
    'reporting-enabled = false', `bind-address = "127.0.0.1:${rpc}"`,
    '[meta]', `  dir = "${dir}/meta"`,
    '[data]', `  dir = "${dir}/data"`, `  wal-dir = "${dir}/wal"`, '  query-log-enabled = false',
    '  cache-snapshot-write-cold-duration = "2s"', '  compact-full-write-cold-duration = "5s"',
    '[http]', `  bind-address = "127.0.0.1:${port}"`, '  log-enabled = false',
    '[monitor]', '  store-enabled = false', '[continuous_queries]', '  enabled = false', '',
  ].join('\n'));
  const child = spawnOwned('influxd', ['-config', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/ping`)).status === 204, { message: 'influxd ready' });
  await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q: 'CREATE DATABASE "yardguard"' }) });
  return {
    url, db: 'yardguard', dir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function sqlBytes(cloud) {
  if (cloud.dialect === 'sqlite') {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(cloud.db);
    const file = join(cloud.config.dataDir, 'yardguard.db');
    const raw = statSync(file).size;
    await sql`VACUUM`.execute(cloud.db);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(cloud.db);
    return { raw, compact: statSync(file).size };
  }
  const size = async () => Number((await sql`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS n FROM pg_class c
    JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'public' AND c.relkind IN ('r', 'm')`.execute(cloud.db)).rows[0].n);
  const raw = await size();
  await sql`VACUUM FULL`.execute(cloud.db);
  return { raw, compact: await size() };
}

/** Tables by compact size (SQLite: dbstat; PostgreSQL: pg_total_relation_size), largest first. */
async function tableBytes(cloud) {
  const r = cloud.dialect === 'sqlite'
    ? await sql`SELECT name, sum(pgsize) AS n FROM dbstat GROUP BY name ORDER BY n DESC LIMIT 8`.execute(cloud.db).catch(() => ({ rows: [] }))
    : await sql`SELECT c.relname AS name, pg_total_relation_size(c.oid) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = 'public' AND c.relkind = 'r' ORDER BY n DESC LIMIT 8`.execute(cloud.db);
  return Object.fromEntries(r.rows.map((x) => [x.name, Number(x.n)]));
}

// ---- one run

async function seed(cloud, count) {
  const password = 'bench-secret';
  const hash = hashPassword(password);
  const now = new Date().toISOString();
  const out = [];
  for (let c = 0; c < count; c++) {
    const compoundId = `dc-${c}`;
    const gatewayId = `dg-${c}`;
    await cloud.db.insertInto('compounds').values({ id: compoundId, name: `容量测算小区${c}`, address: null, district: null, households: rates.households, created_at: now }).execute();
    await cloud.db.insertInto('gateways').values({
      id: gatewayId, compound_id: compoundId, name: null, public_key: '-', mqtt_username: gatewayId, mqtt_password_hash: hash,
      enrolled_at: now, last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null, config_version: 0,
      applied_config_version: 0, agent_version: null, hw_model: null,
    }).execute();
    for (let g = 1; g <= rates.gates; g++) {
      await cloud.db.insertInto('devices').values({ id: `${gatewayId}.gate-${g}`, compound_id: compoundId, gateway_id: gatewayId, device_id: `gate-${g}`, kind: 'gate', name: `${g}号门`, last_seen_at: null, online: 1 }).execute();
    }
    out.push({ compoundId, gatewayId, password });
  }
  return out;
}

async function runDay(label, config, count) {
  const dataDir = mkdtempSync(join(tmpdir(), 'yg-disk-'));
  mkdirSync(dataDir, { recursive: true });
  const cloud = await buildApp({ logger: false, config: { dataDir, mqtt: { mode: 'embedded', host: '127.0.0.1', port: 0 }, ...config } });
  const sims = [];
  try {
    await cloud.start();
    await cloud.timeseries.ensureRetention();
    const creds = await seed(cloud, count);
    const base = await sqlBytes(cloud);
    const mqttUrl = `mqtt://127.0.0.1:${cloud.link.addresses().mqtt}`;
    for (const c of creds) sims.push(await connectGatewaySim({ url: mqttUrl, ...c, cloudSigningKey: cloud.keys.publicKeyPem }));
    await waitFor(async () => Number((await cloud.db.selectFrom('gateways').select((eb) => eb.fn.countAll().as('n')).where('link_state', '=', 'online').executeTakeFirstOrThrow()).n) === count, { message: 'gateways online' });

    const dayStart = Date.now() - DAY;
    const started = performance.now();
    let events = 0;
    let opens = 0;
    await Promise.all(sims.map(async (sim, c) => {
      const day = simulateDay(sim, c, dayStart);
      for (let i = 0; i < day.events.length; i += 500) {
        const batch = day.events.slice(i, i + 500);
        const ack = await sim.sendBatch(batch);
        if (ack.rejected.length || ack.committed.length !== batch.length) throw new Error(`${label}: batch not fully committed: ${JSON.stringify(ack.rejected.slice(0, 2))}`);
        events += batch.length;
      }
      // Remote opens: the resident's request path without HTTP (command, signature, gateway answer, audit, points).
      const gate = await cloud.db.selectFrom('devices').selectAll().where('id', '=', `${creds[c].gatewayId}.gate-1`).executeTakeFirstOrThrow();
      for (let i = 0; i < day.remote; i++) {
        await openGate({ db: cloud.db, commands: cloud.commands, timeoutMs: 8000, commandTtlS: 10, timeseries: cloud.timeseries }, gate,
          { userId: `resident-${i % rates.households}`, username: `住户${i % rates.households}`, visitorPassId: null, issuedBy: `resident-${i % rates.households}` });
        opens++;
      }
    }));
    await cloud.ops.tick({ gateways: false });
    await cloud.timeseries.flush();
    const seconds = (performance.now() - started) / 1000;
    const stored = Number((await cloud.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const alerts = Number((await cloud.db.selectFrom('alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const audit = Number((await cloud.db.selectFrom('gate_open_audit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    if (stored !== events) throw new Error(`${label}: stored ${stored} of ${events} events`);
    log(`${label}: ${count} compounds, ${events} events + ${opens} remote opens (${audit} audit rows, ${alerts} alerts) in ${seconds.toFixed(1)} s`);

    // Split by how long each kind is kept: the real retention pass, 8 days ahead (live rows, 7 d)
    // then 31 days ahead (telemetry and notifications, 30 d); what is left is kept 365 days.
    const day = await sqlBytes(cloud);
    const tables = await tableBytes(cloud);
    const now = Date.now();
    const p8 = await cloud.ops.retention.runIfDue(now + 8 * DAY);
    const after7 = await sqlBytes(cloud);
    const p31 = await cloud.ops.retention.runIfDue(now + 31 * DAY);
    const after30 = await sqlBytes(cloud);
    log(`${label}: retention +8 d ${JSON.stringify(p8)}, +31 d ${JSON.stringify(p31)}`);
    log(`${label}: bytes base ${base.compact}, day raw ${day.raw} compact ${day.compact}, after 7-d class ${after7.compact}, after 30-d class ${after30.compact}; largest ${JSON.stringify(tables)}`);
    return {
      events, opens, alerts, audit, seconds,
      sql: { base: base.compact, dayRaw: day.raw - base.raw, d7: day.compact - after7.compact, d30: after7.compact - after30.compact, d365: after30.compact - base.compact },
    };
  } finally {
    await Promise.all(sims.map((s) => s.close().catch(() => {})));
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Wait until influxd has snapshotted its cache to TSM (WAL empty) and the data dir stops changing. */
async function influxSettled(influx) {
  const data = join(influx.dir, 'data', influx.db);
  const wal = join(influx.dir, 'wal', influx.db);
  let last = -1;
  let stableSince = 0;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const size = dirBytes(data);
    const walBytes = dirBytes(wal);
    if (size !== last) {
      last = size;
      stableSince = Date.now();
    } else if (walBytes < 4096 && size > 0 && Date.now() - stableSince > 8_000) {
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    records: dirBytes(join(data, 'yg_records')),
    telemetry: dirBytes(join(data, 'yg_telemetry')),
    // the database's series file (_series): grows with series cardinality, not with days
    other: dirBytes(data) - dirBytes(join(data, 'yg_records')) - dirBytes(join(data, 'yg_telemetry')),
    tsmFiles: readdirSync(data, { recursive: true }).filter((f) => String(f).endsWith('.tsm')).length,
    wal: dirBytes(wal),
  };
}

// ---- extrapolation: steady state = bytes a day per compound x days kept, for 1,000 compounds

const r = defaultRetention;
const GB = 1e9;
const perThousand = (bytesPerDayAll, days) => (bytesPerDayAll / COMPOUNDS) * days * 1000 / GB;
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
// SQL rows go when the pass (every everyHours) finds them past their days.
const sqlSteady = (s) => perThousand(s.d365, r.eventsDays + r.everyHours / 24) + perThousand(s.d30, r.telemetryDays + r.everyHours / 24) + perThousand(s.d7, r.liveDays + r.everyHours / 24);

const out = {};
const influx = await startInfluxForBench();
try {
  const lite = await runDay('sqlite', { influx: { url: influx.url, database: influx.db, flavor: 'v1' } }, COMPOUNDS);
  const tsm = await influxSettled(influx);
  const series = await fetch(`${influx.url}/query?db=${influx.db}&q=${encodeURIComponent('SHOW SERIES CARDINALITY')}`).then((x) => x.json()).catch(() => null);
  const seriesCount = series?.results?.[0]?.series?.reduce((n, s) => n + Number(s.values?.[0]?.[0] ?? 0), 0) ?? null;
  log(`influx: records ${tsm.records} B, telemetry ${tsm.telemetry} B, other ${tsm.other} B, wal left ${tsm.wal} B, ${tsm.tsmFiles} TSM files, series ${seriesCount}`);
  // InfluxDB drops whole shard groups: a policy of ≥ 6 months has 7-day groups, 30 days has 1-day groups.
  const influxGb = perThousand(tsm.records, r.eventsDays + 7) + perThousand(tsm.telemetry, r.telemetryDays + 1);
  const sqliteGb = sqlSteady(lite.sql);
  out['cloud.disk_events_per_compound_day'] = Math.round(lite.events / COMPOUNDS);
  out['cloud.disk_sqlite_kb_per_compound_day'] = round((lite.sql.d365 + lite.sql.d30 + lite.sql.d7) / COMPOUNDS / 1024, 1);
  out['cloud.disk_influx_kb_per_compound_day'] = round((tsm.records + tsm.telemetry) / COMPOUNDS / 1024, 1);
  out['cloud.disk_sqlite_gb_per_1000_compounds_year'] = round(sqliteGb);
  out['cloud.disk_influx_gb_per_1000_compounds_year'] = round(influxGb);
  out['cloud.disk_influx_series_file_mb'] = round(tsm.other / 2 ** 20, 1);
  if (seriesCount !== null) out['cloud.influx_series_per_compound'] = Math.round(seriesCount / COMPOUNDS);
  try {
    const pg = await startPostgres({ database: 'yg_disk' });
    try {
      const p = await runDay('postgres', { databaseUrl: pg.url }, COMPOUNDS);
      out['cloud.disk_postgres_gb_per_1000_compounds_year'] = round(sqlSteady(p.sql));
      out['cloud.disk_postgres_kb_per_compound_day'] = round((p.sql.d365 + p.sql.d30 + p.sql.d7) / COMPOUNDS / 1024, 1);
    } finally {
      await pg.stop();
    }
  } catch (e) {
    log('postgres skipped:', e.message);
  }
  // A city of 1,000 compounds runs PostgreSQL (several cloud instances); SQLite when PostgreSQL was not measured.
  out['cloud.disk_total_gb_per_1000_compounds_year'] = round((out['cloud.disk_postgres_gb_per_1000_compounds_year'] ?? sqliteGb) + influxGb);
} finally {
  await influx.stop();
}
console.log(JSON.stringify(out));
process.exit(0);
