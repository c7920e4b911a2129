/* global console, process, setTimeout */
// bench-timeout-min: 30
// How many gateways one cloud node holds (issue 13): the cloud runs as its own process (cloud/dist/main.js,
// SQLite, embedded broker), simulated gateways run in FLEETS other processes (gateway-fleet.mjs), each
// gateway its own connection and login. Ramp in steps; a step holds when every gateway is connected and
// gets the cloud's ack for a heartbeat batch within its keepalive (60 s). Then hold the largest count
// HOLD_S seconds with heartbeats every 15 s, sampling the cloud's RSS and CPU; then restart the cloud
// (SIGTERM, start again) and time until every gateway is connected and acked again, and count the
// gateway-offline alerts raised for gateways that came back.
// Keys: cloud.gateways_connected, cloud.rss_mb_at_max, cloud.cpu_pct_at_max, cloud.gateways_hold_s,
// cloud.reconnect_storm_s (every gateway held: cloud.reconnect_storm_gateways), cloud.reconnect_storm_false_offline_alerts,
// cloud.reconnect_storm_10k_s and _10k_false_offline_alerts (a second restart with 10,000 of them, the issue's
// goal; only when more were held), cloud.gateways_cloud_exits (1 = the
// cloud died during the ramp: its stderr is logged and the count held before is what is reported). YG_BENCH_QUICK=1: small and short.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { hashIssuedSecret } from '@yardguard/firmware-config/node';
import { freePort, spawnOwned } from '@yardguard/test/servers';
import { buildApp } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = (...a) => console.error('[gateways.bench]', ...a);
const quick = process.env.YG_BENCH_QUICK === '1';
const MAX = Number(process.env.YG_BENCH_GATEWAYS_MAX ?? (quick ? 600 : 15_000));
const STEP = Number(process.env.YG_BENCH_GATEWAYS_STEP ?? (quick ? 200 : 1000));
const HOLD_S = Number(process.env.YG_BENCH_GATEWAYS_HOLD_S ?? (quick ? 10 : 60));
const FLEETS = 4;
const KEEPALIVE_MS = 60_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The cloud's database with MAX gateways, each with its own issued secret (migrated by the cloud itself). */
async function prepare(dataDir) {
  const cloud = await buildApp({ logger: false, config: { dataDir, mqtt: { mode: 'none' } } });
  const now = new Date().toISOString();
  const compounds = Math.ceil(MAX / 20);
  for (let i = 0; i < compounds; i += 200) {
    await cloud.db.insertInto('compounds').values(Array.from({ length: Math.min(200, compounds - i) }, (_, k) => ({
      id: `gc-${i + k}`, name: `压测小区${i + k}`, address: null, district: null, households: 120, created_at: now,
    }))).execute();
  }
  const creds = Array.from({ length: MAX }, (_, i) => ({ gatewayId: `gc-gw-${i}`, compoundId: `gc-${Math.floor(i / 20)}`, password: randomBytes(24).toString('base64url') }));
  for (let i = 0; i < creds.length; i += 200) {
    await cloud.db.insertInto('gateways').values(creds.slice(i, i + 200).map((c) => ({
      id: c.gatewayId, compound_id: c.compoundId, name: null, public_key: '-', mqtt_username: c.gatewayId, mqtt_password_hash: hashIssuedSecret(c.password),
      enrolled_at: now, last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null, config_version: 0,
      applied_config_version: 0, agent_version: null, hw_model: null,
    }))).execute();
  }
  await cloud.close();
  return creds;
}

function startCloud(dataDir, httpPort, mqttPort) {
  // YG_BENCH_CLOUD_NODE_ARGS: extra node flags for the cloud, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile
  // it; YG_BENCH_CLOUD_LOG=1 shows its log.
  const nodeArgs = (process.env.YG_BENCH_CLOUD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawnOwned(process.execPath, [...nodeArgs, join(here, '..', 'dist', 'main.js'), '--data-dir', dataDir, '--http-host', '127.0.0.1', '--http-port', String(httpPort), '--mqtt-host', '127.0.0.1', '--mqtt-port', String(mqttPort)], {
    stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, YG_LOG_LEVEL: 'warn' },
  });
  let err = '';
  child.stderr.on('data', (c) => { err = (err + c).slice(-4000); if (process.env.YG_BENCH_CLOUD_LOG === '1') process.stderr.write(c); });
  child.lastErr = () => err;
  return child;
}

async function waitHttp(port) {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error('the cloud did not answer /api/health within 60 s');
}

/** RSS (MB) and CPU seconds of a process, from /proc; null once it has exited. */
function usage(child) {
  if (child.exitCode !== null || child.signalCode !== null) return null;
  let status;
  try {
    status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rssMb: rss, cpuS: (Number(stat[11]) + Number(stat[12])) / 100 };
}

function startFleet() {
  const child = fork(join(here, 'gateway-fleet.mjs'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const queue = [];
  child.on('message', (m) => queue.shift()?.(m));
  const ready = new Promise((r) => queue.push(r));
  return {
    child, ready,
    ask(msg) {
      return new Promise((resolve) => { queue.push(resolve); child.send(msg); });
    },
  };
}

const sum = (rs, k) => rs.reduce((n, r) => n + r[k], 0);

const dataDir = mkdtempSync(join(tmpdir(), 'yg-gw-bench-'));
const out = {};
let cloud;
const fleets = [];
try {
  const creds = await prepare(dataDir);
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const url = `mqtt://127.0.0.1:${mqttPort}`;
  cloud = startCloud(dataDir, httpPort, mqttPort);
  await waitHttp(httpPort);
  for (let i = 0; i < FLEETS; i++) fleets.push(startFleet());
  await Promise.all(fleets.map((f) => f.ready));

  // Ramp.
  let held = 0;
  let epoch = 0;
  for (let n = STEP; n <= MAX; n += STEP) {
    const batch = creds.slice(n - STEP, n);
    const conn = await Promise.all(fleets.map((f, i) => f.ask({ op: 'connect', url, creds: batch.filter((_, k) => k % FLEETS === i) })));
    epoch += 1;
    const beats = await Promise.all(fleets.map((f) => f.ask({ op: 'beat', timeoutMs: KEEPALIVE_MS, epoch })));
    const u = usage(cloud);
    if (!u) {
      // A crash is the ramp's answer, not the bench's: report it, restart, hold what held before.
      out['cloud.gateways_cloud_exits'] = 1;
      log(`${n} gateways: THE CLOUD EXITED (code ${cloud.exitCode}, signal ${cloud.signalCode}): ${cloud.lastErr().slice(-1500)}`);
      cloud = startCloud(dataDir, httpPort, mqttPort);
      await waitHttp(httpPort);
      break;
    }
    log(`${n} gateways: ${sum(conn, 'connected')} connected, ${sum(beats, 'acked')} acked a heartbeat, cloud RSS ${u.rssMb.toFixed(0)} MB`);
    if (sum(beats, 'failed') > 0 || sum(beats, 'connected') < n) break;
    held = n;
  }
  out['cloud.gateways_cloud_exits'] ??= 0;

  // Hold the largest count that held (gateways beyond it are closed first).
  if (held < MAX) {
    log(`the cloud held ${held}; closing the rest`);
    await Promise.all(fleets.map((f) => f.ask({ op: 'stop' })));
    fleets.length = 0;
    for (let i = 0; i < FLEETS; i++) fleets.push(startFleet());
    await Promise.all(fleets.map((f) => f.ready));
    await Promise.all(fleets.map((f, i) => f.ask({ op: 'connect', url, creds: creds.slice(0, held).filter((_, k) => k % FLEETS === i) })));
  }
  const alive = () => {
    const u = usage(cloud);
    if (!u) throw new Error(`the cloud exited while holding ${held} gateways: ${cloud.lastErr().slice(-1500)}`);
    return u;
  };
  const startUse = alive();
  const holdStart = Date.now();
  let worst = held;
  let peakRss = startUse.rssMb;
  while (Date.now() - holdStart < HOLD_S * 1000) {
    epoch += 1;
    const beats = await Promise.all(fleets.map((f) => f.ask({ op: 'beat', timeoutMs: KEEPALIVE_MS, epoch })));
    worst = Math.min(worst, sum(beats, 'acked'));
    peakRss = Math.max(peakRss, alive().rssMb);
    await sleep(Math.max(0, 15_000 - ((Date.now() - holdStart) % 15_000)));
  }
  const endUse = alive();
  const holdS = (Date.now() - holdStart) / 1000;
  out['cloud.gateways_connected'] = worst;
  out['cloud.gateways_hold_s'] = Math.round(holdS);
  out['cloud.rss_mb_at_max'] = Math.round(peakRss);
  out['cloud.cpu_pct_at_max'] = Math.round(((endUse.cpuS - startUse.cpuS) / holdS) * 100);
  log(`held ${worst} of ${held} for ${holdS.toFixed(0)} s: peak RSS ${peakRss.toFixed(0)} MB, CPU ${out['cloud.cpu_pct_at_max']} %`);

  // Reconnect storm: the cloud restarts; every gateway must connect and be acked again. First with
  // every gateway held, then (the goal) with 10,000 of them: the rest are closed first and
  // only the ones kept count for false offline alerts.
  let autobeat = false;
  const storm = async (count, gatewayIds) => {
    cloud.kill('SIGTERM');
    await new Promise((r) => cloud.once('exit', r));
    const restartAt = new Date().toISOString();
    const t0 = Date.now();
    cloud = startCloud(dataDir, httpPort, mqttPort);
    // From here on every gateway reports health every 15 s by itself, as a real agent does.
    if (!autobeat) await Promise.all(fleets.map((f) => f.ask({ op: 'autobeat', everyMs: 15_000 })));
    autobeat = true;
    epoch += 1;
    let pending = count;
    while (pending > 0 && Date.now() - t0 < 300_000) {
      // Each pending gateway keeps one heartbeat batch in flight and resends it after the agent's ack
      // timeout (20 s, edge/src/uplink/forwarder.ts); asking every 0.5 s only starts batches for
      // gateways that (re)connected or whose wait ran out. (Until 2026-12-02 every pending gateway
      // sent a NEW batch every 5.5 s: 2,700 batches/s at 15,000, a load no fleet of agents makes,
      // which fed on itself once acks fell behind.)
      const beats = await Promise.all(fleets.map((f) => f.ask({ op: 'beat', pendingOnly: true, timeoutMs: 20_000, epoch, noWait: true })));
      pending = sum(beats, 'pending');
      if (pending > 0) await sleep(500);
    }
    const stormS = (Date.now() - t0) / 1000;
    log(`reconnect storm: ${count - pending} of ${count} gateways connected and acked ${stormS.toFixed(1)} s after the restart`);
    // Past the link-down grace and a gateway check or two: none of them may be reported offline.
    await sleep(quick ? 20_000 : 30_000);
    const db = new Database(join(dataDir, 'yardguard.db'), { readonly: true });
    const offline = db.prepare("SELECT gateway_id FROM alerts WHERE kind = 'gateway_offline' AND first_at >= ?").all(restartAt)
      .filter((r) => !gatewayIds || gatewayIds.has(r.gateway_id)).length;
    db.close();
    log(`gateway-offline alerts after the restart: ${offline}`);
    // Nothing held = nothing to measure: no figure rather than a flattering 0 s.
    return { s: pending === 0 && count > 0 ? Math.round(stormS * 10) / 10 : null, offline };
  };
  const all = await storm(worst);
  out['cloud.reconnect_storm_s'] = all.s;
  out['cloud.reconnect_storm_gateways'] = worst;
  out['cloud.reconnect_storm_false_offline_alerts'] = all.offline;
  if (worst > 10_000) {
    const kept = await Promise.all(fleets.map((f, i) => f.ask({ op: 'trim', keep: Math.floor(10_000 / FLEETS) + (i < 10_000 % FLEETS ? 1 : 0) })));
    const ids = new Set(kept.flatMap((k) => k.ids));
    const tenK = await storm(ids.size, ids);
    out['cloud.reconnect_storm_10k_s'] = tenK.s;
    out['cloud.reconnect_storm_10k_false_offline_alerts'] = tenK.offline;
  }
} catch (e) {
  log('failed:', e.message, cloud?.lastErr?.() ?? '');
  throw e;
} finally {
  await Promise.all(fleets.map((f) => f.ask({ op: 'stop' }).catch(() => {})));
  // SIGTERM first: a profiled cloud (YG_BENCH_CLOUD_NODE_ARGS) writes its profile on a clean exit.
  if (cloud && cloud.exitCode === null) {
    cloud.kill('SIGTERM');
    await Promise.race([new Promise((r) => cloud.once('exit', r)), sleep(15_000)]);
    cloud.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
process.exit(0);
