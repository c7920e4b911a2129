// Edge agent benchmark (run after `npm run build -w @yardguard/edge`). Prints one JSON line:
//   edge.events_per_s    N device clients publish QoS 1 events -> agent broker (auth, ACL, decode)
//                        -> rules -> durable outbox (SQLite WAL, synchronous=FULL, group commit);
//                        counted by PUBACKs, which the agent sends only after the commit. The agent
//                        forwards everything meanwhile to a REAL cloud process (real-cloud.mjs:
//                        cloud/dist, embedded MQTT ingress, SQLite) that stores and acks each batch,
//                        so its uplink work is in the figure.
//   edge.bare_aedes_events_per_s   the same clients, payloads and QoS against bare aedes.
//   edge.mosquitto_events_per_s    the same against Debian's mosquitto 2 (persistence false).
//   edge.vs_bare_aedes   median over rounds of agent/bare measured back to back in the same round
//                        (paired, so a neighbour's burst hits both sides of one ratio alike).
//   edge.vs_mosquitto    the same, agent/mosquitto.
//   edge.cloud_stored_events   events the cloud had stored when the rounds ended (proves the uplink ran).
//   edge.rss_mb          the agent process's peak RSS during that load.
//   edge.linkage_p99_ms  device publishes gate.forced_open -> the rule's siren.start arrives at the
//                        (simulated MQTT) alarm column, p99 over sequential trials.
//   edge.backlog_drain_events_per_s  the cloud was unreachable during the load; then a cloud (aedes
//                        + a subscriber that acks each batch per the contract) comes up and we count
//                        acked events per second over DRAIN_MS: the catch-up rate after an outage.
// The agent and the baseline run as child processes (the load generator runs here), loopback only.
// Throughput is the best of ROUNDS rounds (a busy neighbour on a shared machine only ever slows a
// round down); each round runs both brokers, in alternating order; see bench/README.md.
import { spawnOwned, startMosquitto } from '@yardguard/test/servers';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { encode, newId, parseTopic, SCHEMA_VERSION, topicFilters, topics, validateSiteConfig } from '@yardguard/firmware-config/wire';
import { hashPassword } from '@yardguard/firmware-config/node';
import { Aedes } from 'aedes';

const here = fileURLToPath(new URL('.', import.meta.url));
// EDGE_BENCH_MAIN: another build of the agent (e.g. a copy of dist/ beside it) for A/B runs.
const MAIN = process.env.EDGE_BENCH_MAIN ? resolve(process.env.EDGE_BENCH_MAIN) : join(here, '..', 'dist', 'main.js');
const CLIENTS = Number(process.env.EDGE_BENCH_CLIENTS ?? 10);
const WINDOW = Number(process.env.EDGE_BENCH_WINDOW ?? 64); // QoS 1 messages in flight per client
const MEASURE_MS = Number(process.env.EDGE_BENCH_MS ?? 3000);
const ROUNDS = Number(process.env.EDGE_BENCH_ROUNDS ?? 5);
const WARMUP_MS = 1000;
const TRIALS = Number(process.env.EDGE_BENCH_TRIALS ?? 200);
const LOADED_TRIALS = Number(process.env.EDGE_BENCH_LOADED_TRIALS ?? 100);
const DRAIN_MS = Number(process.env.EDGE_BENCH_DRAIN_MS ?? 5000);
const log = (...a) => process.stderr.write(`[edge.bench] ${a.join(' ')}\n`);

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

/**
 * Run the agent with the node flags and the environment (`NAME=value`, e.g. the malloc setting)
 * of its own shebang: what `yardguard-edge` would run.
 */
function agentShebang() {
  const first = readFileSync(MAIN, 'utf8').split('\n', 1)[0];
  const words = first.startsWith('#!') ? first.split(/\s+/) : [];
  const flags = words.filter((f) => f.startsWith('--'));
  const env = Object.fromEntries(words.filter((w) => /^[A-Z_][A-Z0-9_]*=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  return { flags: [...flags, ...(process.env.EDGE_BENCH_AGENT_FLAGS ? process.env.EDGE_BENCH_AGENT_FLAGS.split(' ') : [])], env };
}

function startChild(args, env = {}) {
  // Owned (own process group + watchdog): the agent never outlives this bench, even killed hard.
  const child = spawnOwned(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info', ...env } });
  let out = '';
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`child not ready:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"ready":true'));
      if (line) { clearTimeout(t); child.stdout.off('data', onData); child.stdout.resume(); resolve({ child, line: JSON.parse(line) }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d.toString()));
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`child exited ${code}:\n${out}`)); });
  });
}

const stopChild = (child) => new Promise((resolve) => {
  child.removeAllListeners('exit');
  child.once('exit', resolve);
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
});

const rssMb = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch { return 0; }
};

/** CPU seconds (user + system, all threads) a process has used so far; `sysS`: the system part. */
const cpuS = (pid, part = 'all') => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((part === 'sys' ? 0 : Number(f[11])) + Number(f[12])) / 100;
  } catch { return 0; }
};
const sysS = (pid) => cpuS(pid, 'sys');

const connect = (port, opts) => new Promise((resolve, reject) => {
  const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0, ...opts });
  c.once('connect', () => resolve(c));
  c.once('error', reject);
});

/** N clients, each keeping WINDOW QoS 1 publishes in flight; returns PUBACKs/s over the window. */
async function load(port, logins, onSample, holdUntil = Promise.resolve(), onDone = () => undefined) {
  const clients = await Promise.all(logins.map((l) => connect(port, l.opts)));
  let acked = 0;
  let running = true;
  const pumps = clients.map((c, i) => new Promise((resolve) => {
    const topic = topics.deviceEvent(logins[i].id);
    let inflight = 0;
    const fire = () => {
      while (running && inflight < WINDOW) {
        inflight++;
        c.publish(topic, encode({ v: SCHEMA_VERSION, id: newId(), type: 'gate.access_granted', data: { method: 'card', credentialRef: 'card-7f3a9c' } }), { qos: 1 }, (err) => {
          inflight--;
          if (!err) acked++;
          if (running) fire();
          else if (inflight === 0) resolve();
        });
      }
    };
    fire();
  }));
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const a0 = acked;
  const t0 = performance.now();
  const sampler = setInterval(onSample, 250);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  await holdUntil;
  const rate = (acked - a0) / ((performance.now() - t0) / 1000);
  clearInterval(sampler);
  running = false;
  await Promise.race([Promise.all(pumps), new Promise((r) => setTimeout(r, 10_000))]);
  onDone(acked);
  await Promise.all(clients.map((c) => c.endAsync(true)));
  return rate;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function linkage(port, trials = TRIALS) {
  const column = await connect(port, { username: 'column-1', password: 'demo-column-1', clientId: 'column-1' });
  const arrivals = new Map();
  column.on('message', (_t, payload) => {
    const cmd = JSON.parse(payload.toString());
    if (cmd.action !== 'siren.start') return;
    arrivals.get('next')?.(performance.now());
    column.publish(topics.deviceCommandResult('column-1'), encode({ v: SCHEMA_VERSION, commandId: cmd.id, deviceId: 'column-1', status: 'ok', outcome: 'siren_started', latencyMs: 0, completedAt: new Date().toISOString() }), { qos: 1 });
  });
  await column.subscribeAsync(topics.deviceCommand('column-1'), { qos: 1 });
  await column.publishAsync(topics.deviceAvailability('column-1'), 'online', { qos: 1, retain: true });
  const gate = await connect(port, { username: 'gate-1', password: 'demo-gate-1', clientId: 'gate-1' });
  const samples = [];
  let timedOut = 0;
  for (let i = 0; i < trials; i++) {
    const got = new Promise((resolve) => arrivals.set('next', resolve));
    const t0 = performance.now();
    gate.publish(topics.deviceEvent('gate-1'), encode({ v: SCHEMA_VERSION, id: newId(), type: 'gate.forced_open', data: {} }), { qos: 1 });
    const t1 = await Promise.race([got, new Promise((r) => setTimeout(() => r(null), 3000))]);
    if (t1 !== null) samples.push(t1 - t0);
    else timedOut++;
    await new Promise((r) => setTimeout(r, 15));
  }
  await gate.endAsync(true);
  await column.endAsync(true);
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length, timedOut };
}

/** A minimal cloud: acks every batch after "storing" it (the contract's batchAck). */
async function drain(cloudPort) {
  const broker = await Aedes.createBroker();
  let acked = 0;
  let first = 0;
  broker.subscribe(topicFilters.allGatewayUplink[0], (packet, cb) => {
    cb();
    if (parseTopic(packet.topic)?.kind !== 'up/events') return;
    const batch = JSON.parse(packet.payload.toString());
    if (!first) first = performance.now();
    const committed = batch.events.map((e) => e.seq);
    acked += committed.length;
    const ack = { v: SCHEMA_VERSION, gatewayId: batch.gatewayId, batchId: batch.batchId, committed, rejected: [], cloudTime: new Date().toISOString() };
    broker.publish({ cmd: 'publish', topic: topics.gatewayAck(batch.gatewayId), payload: Buffer.from(encode(ack)), qos: 1, retain: false, dup: false }, () => undefined);
  }, () => undefined);
  const server = createServer((s) => { s.setNoDelay(true); broker.handle(s); });
  await new Promise((r) => server.listen(cloudPort, '127.0.0.1', r));
  const deadline = Date.now() + 30_000;
  while (!first && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const a0 = acked;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, DRAIN_MS));
  const rate = first ? (acked - a0) / ((performance.now() - t0) / 1000) : 0;
  await new Promise((r) => broker.close(r));
  await new Promise((r) => server.close(r));
  return rate;
}

const dir = mkdtempSync(join(tmpdir(), 'yg-edge-bench-'));
try {
  const gates = Array.from({ length: CLIENTS }, (_, i) => `gate-${i + 1}`);
  const port = await freePort();
  const site = validateSiteConfig({
    version: 1,
    compound: { id: 'bench-compound', name: '基准测试院' },
    gateway: { id: 'gw-bench', broker: { host: '127.0.0.1', port }, healthIntervalS: 3600, deviceTimeoutS: 3600, outbox: { maxMb: 1024, devicePerS: 1_000_000, deviceBurst: 10_000_000 } }, // the bench measures throughput, not the per-device cap
    gates: gates.map((id) => ({ id, name: id, driver: 'mqtt', mqtt: { username: id, passwordHash: hashPassword(`demo-${id}`) } })),
    alarmColumns: [{ id: 'column-1', name: '报警柱', driver: 'mqtt', near: gates, mqtt: { username: 'column-1', passwordHash: hashPassword('demo-column-1') } }],
    rules: [{ id: 'door-forced', when: { event: 'gate.forced_open' }, then: [{ do: 'siren', column: 'nearest', pattern: 'alarm', durationS: 30 }, { do: 'alert', severity: 'critical', title: '门被强行打开' }], cooldownS: 0 }],
  });
  if (!site.ok) throw new Error(site.error);
  writeFileSync(join(dir, 'site.json'), JSON.stringify(site.value));
  const logins = gates.map((id) => ({ id, opts: { username: id, password: `demo-${id}`, clientId: id } }));
  // A real cloud (own process) acks the agent's uplink during the throughput rounds and the
  // unloaded linkage; it is stopped before the loaded linkage, whose events become the backlog that
  // the drain phase measures (an outage, then the cloud back).
  const cloudPort = await freePort();
  const cloudPassword = 'bench-gateway-secret';
  // EDGE_BENCH_CLOUD_FLAGS: node flags for the cloud process (e.g. --cpu-prof --cpu-prof-dir=DIR).
  const cloudFlags = process.env.EDGE_BENCH_CLOUD_FLAGS ? process.env.EDGE_BENCH_CLOUD_FLAGS.split(' ') : [];
  const cloud = await startChild([...cloudFlags, join(here, 'real-cloud.mjs'), String(cloudPort), 'gw-bench', cloudPassword, join(dir, 'cloud')]);
  const storedNow = () => new Promise((resolve) => {
    const onData = (d) => {
      const line = d.toString().split('\n').find((l) => l.includes('"stored"'));
      if (line) { cloud.child.stdout.off('data', onData); resolve(JSON.parse(line).stored); }
    };
    cloud.child.stdout.on('data', onData);
    cloud.child.kill('SIGUSR2');
    setTimeout(() => { cloud.child.stdout.off('data', onData); resolve(-1); }, 30_000).unref();
  });
  writeFileSync(join(dir, 'credentials.json'), JSON.stringify({ gatewayId: 'gw-bench', mqttUrl: `mqtt://127.0.0.1:${cloudPort}`, username: 'gw-bench', password: cloudPassword, cloudSigningKey: cloud.line.publicKeyPem }), { mode: 0o600 });

  // The brokers run side by side (idle when not loaded) and take turns under the same load, back
  // to back in each round (the order rotates), so a busy neighbour on a shared machine skews every
  // side of a round's ratios alike.
  const bare = await startChild([join(here, 'bare-aedes.mjs')]);
  const mosquitto = await startMosquitto();
  const shebang = agentShebang();
  const agent = await startChild([...shebang.flags, MAIN, 'run', '--config', join(dir, 'site.json'), '--data-dir', join(dir, 'data'), '--credentials', join(dir, 'credentials.json')], shebang.env);
  let peakRss = 0;
  const bareRates = [];
  const mosquittoRates = [];
  const rates = [];
  const ratios = [];
  const mosquittoRatios = [];
  let agentCpu = 0;
  // CPU per PUBACKed event (user + sys, all threads, warm-up and wind-down included): unlike
  // events/s it hardly moves when neighbours take the cores, so it shows what a change saved.
  const cpuPerEvent = { bare: 0, agent: 0, agentSys: 0, cloud: 0 };
  const sides = {
    bare: async () => {
      const c0 = cpuS(bare.child.pid);
      const r = await load(bare.line.port, logins, () => undefined, undefined, (n) => { cpuPerEvent.bare = ((cpuS(bare.child.pid) - c0) * 1e6) / n; });
      return r;
    },
    mosquitto: () => load(mosquitto.port, logins, () => undefined),
    agent: async () => {
      const c0 = cpuS(agent.child.pid);
      const k0 = cpuS(cloud.child.pid);
      const s0 = sysS(agent.child.pid);
      const t0 = performance.now();
      const r = await load(port, logins, () => { peakRss = Math.max(peakRss, rssMb(agent.child.pid)); }, undefined, (n) => {
        cpuPerEvent.agent = ((cpuS(agent.child.pid) - c0) * 1e6) / n;
        cpuPerEvent.agentSys = ((sysS(agent.child.pid) - s0) * 1e6) / n;
        cpuPerEvent.cloud = ((cpuS(cloud.child.pid) - k0) * 1e6) / n;
      });
      agentCpu = (cpuS(agent.child.pid) - c0) / ((performance.now() - t0) / 1000);
      return r;
    },
  };
  const order = ['bare', 'agent', 'mosquitto'];
  for (let round = 0; round < ROUNDS; round++) {
    const r = {};
    for (let k = 0; k < order.length; k++) { const side = order[(k + round) % order.length]; r[side] = await sides[side](); }
    log(`round ${round + 1}: bare aedes ${r.bare.toFixed(0)} events/s, mosquitto ${r.mosquitto.toFixed(0)} events/s, agent ${r.agent.toFixed(0)} events/s (vs aedes ${(r.agent / r.bare).toFixed(2)}, vs mosquitto ${(r.agent / r.mosquitto).toFixed(2)}), agent CPU ${(agentCpu * 100).toFixed(0)}% of a core, CPU per event: agent ${cpuPerEvent.agent.toFixed(1)} µs (${cpuPerEvent.agentSys.toFixed(1)} of it in the kernel; + cloud ${cpuPerEvent.cloud.toFixed(1)} µs), bare aedes ${cpuPerEvent.bare.toFixed(1)} µs, agent peak RSS ${peakRss.toFixed(1)} MB`);
    bareRates.push(r.bare);
    mosquittoRates.push(r.mosquitto);
    rates.push(r.agent);
    ratios.push(r.agent / r.bare);
    mosquittoRatios.push(r.agent / r.mosquitto);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const bareRate = Math.max(...bareRates);
  const rate = Math.max(...rates);
  await stopChild(bare.child);
  await mosquitto.stop();
  const link = await linkage(port);
  log(`linkage: p50 ${link.p50?.toFixed(2)} ms, p99 ${link.p99?.toFixed(2)} ms over ${link.n} trials (${link.timedOut} timed out)`);
  // Let the uplink catch up a moment, then read what the cloud stored: proof it was in the path.
  await new Promise((r) => setTimeout(r, 2000));
  const cloudStored = await storedNow();
  log(`cloud: ${cloudStored} events stored`);
  if (cloudStored <= 0) throw new Error('the cloud stored no events: the agent did not forward during the rounds');
  await stopChild(cloud.child);
  // The same forced doors while the 10 clients keep the agent saturated (a burst of traffic).
  let loadedLink;
  await load(port, logins, () => undefined, new Promise((resolve) => {
    setTimeout(() => void linkage(port, LOADED_TRIALS).then((l) => { loadedLink = l; resolve(); }), WARMUP_MS);
  }));
  log(`linkage under load: p50 ${loadedLink.p50?.toFixed(2)} ms, p99 ${loadedLink.p99?.toFixed(2)} ms over ${loadedLink.n} trials (${loadedLink.timedOut} timed out)`);
  const drainRate = await drain(cloudPort);
  log(`backlog drain: ${drainRate.toFixed(0)} events/s acked by the cloud`);
  await stopChild(agent.child);

  const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  process.stdout.write(`${JSON.stringify({
    'edge.events_per_s': Math.round(rate),
    'edge.bare_aedes_events_per_s': Math.round(bareRate),
    'edge.mosquitto_events_per_s': Math.round(Math.max(...mosquittoRates)),
    'edge.vs_bare_aedes': round(median(ratios), 2),
    'edge.vs_mosquitto': round(median(mosquittoRatios), 2),
    'edge.cloud_stored_events': cloudStored,
    'edge.vs_bare_aedes_best': round(rate / bareRate, 2),
    'edge.events_per_s_median': Math.round(median(rates)),
    'edge.rss_mb': round(peakRss),
    'edge.linkage_p50_ms': round(link.p50, 2),
    'edge.linkage_p99_ms': round(link.p99, 2),
    'edge.linkage_loaded_p50_ms': round(loadedLink.p50, 2),
    'edge.linkage_loaded_p99_ms': round(loadedLink.p99, 2),
    'edge.linkage_timeouts': link.timedOut + loadedLink.timedOut,
    'edge.backlog_drain_events_per_s': Math.round(drainRate),
  })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
