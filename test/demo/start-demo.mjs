#!/usr/bin/env node
// The demo behind `npm start` (run after the build): one cloud on embedded defaults (SQLite, embedded
// MQTT broker, the console served from console/dist, demo data seeded), and for each sample site a
// simulated compound (gates, cameras, alarm columns) on its own edge agent connected to that cloud.
// InfluxDB charts are on when influxd is installed. Each part that cannot start is reported and the
// rest keeps running. Ctrl-C stops everything.
//
// Environment: YG_DEMO_PORT (HTTP, default 8080 or a free port), YG_DEMO_DATA (default .data/demo),
// YG_DEMO_ACTIVITY_S (seconds between simulated card swipes, default 15; 0 = none), YG_DEMO_NO_BROWSER=1,
// YG_DEMO_LOG (pino level of cloud and edges, default warn).
import { createInterface } from 'node:readline';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { freePort, startInflux } from '@yardguard/test/servers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(process.env.YG_DEMO_DATA ?? join(root, '.data', 'demo'));
const activityS = Number(process.env.YG_DEMO_ACTIVITY_S ?? 15);
const logLevel = process.env.YG_DEMO_LOG ?? 'warn';
const say = (msg) => console.log(`[demo] ${msg}`);
const problems = [];
/** Stop functions, run in reverse on exit. */
const stops = [];

async function tryPart(name, fn) {
  try {
    return await fn();
  } catch (err) {
    problems.push(`${name}: ${err?.message ?? err}`);
    say(`NOT RUNNING: ${name}: ${err?.message ?? err}`);
    return undefined;
  }
}

async function portFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((r) => {
    const s = createServer();
    s.once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
  });
}

mkdirSync(dataDir, { recursive: true });

// --- optional InfluxDB for the charts
const influx = spawnSync('sh', ['-c', 'command -v influxd'], { encoding: 'utf8' }).status === 0
  ? await tryPart('InfluxDB (charts)', async () => {
      const s = await startInflux({ db: 'yardguard' });
      stops.push(() => s.stop());
      say(`InfluxDB ${s.url} (database ${s.db}, temporary: refilled from the seeded history at each start)`);
      return s;
    })
  : (problems.push('InfluxDB: influxd not installed, charts are off (apt-get install influxdb)'), undefined);

// --- cloud
const cloudApi = await tryPart('cloud (@yardguard/cloud)', () => import('@yardguard/cloud'));
let cloud;
if (cloudApi?.startCloud) {
  const wanted = Number(process.env.YG_DEMO_PORT ?? 8080);
  const httpPort = (await portFree(wanted)) ? wanted : await freePort();
  const mqttPort = await freePort();
  const consoleDir = join(root, 'console', 'dist');
  if (!existsSync(join(consoleDir, 'index.html'))) problems.push('console: console/dist missing (build failed?), only the API is served');
  cloud = await tryPart('cloud', async () => {
    const running = await cloudApi.startCloud({
      config: {
        dataDir: join(dataDir, 'cloud'),
        mqtt: { mode: 'embedded', host: '127.0.0.1', port: mqttPort },
        consoleDir,
        ...(influx ? { influx: { url: influx.url, database: influx.db, flavor: 'v1' } } : {}),
      },
      seedDemo: true,
      logger: pino({ name: 'yardguard-cloud', level: logLevel }),
      httpPort,
      httpHost: '127.0.0.1',
    });
    stops.push(() => running.stop());
    return running;
  });
}

// --- the demo's InfluxDB is new each run: fill the charts from the seeded history in the cloud's DB
if (cloud && influx && cloud.cloud.timeseries?.enabled) {
  await tryPart('chart history (InfluxDB backfill)', async () => {
    const since = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
    const rows = await cloud.cloud.db.selectFrom('events').selectAll().where('occurred_at', '>=', since).execute();
    const events = rows.map((r) => ({
      v: 1, id: r.id, compoundId: r.compound_id, gatewayId: r.gateway_id, deviceId: r.device_id,
      seq: r.seq, type: r.type, occurredAt: r.occurred_at, data: JSON.parse(r.data),
    }));
    cloud.cloud.timeseries.recordEvents(events);
    await cloud.cloud.timeseries.flush();
    say(`charts: ${events.length} events of the seeded history written to InfluxDB`);
  });
}

async function pushDemoConfig(gatewayId, config) {
  const base = cloud.url.replace('0.0.0.0', '127.0.0.1');
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'installer', password: cloud.demo.password }) });
  if (!login.ok) throw new Error(`demo login failed: HTTP ${login.status}`);
  const { token } = await login.json();
  const res = await fetch(`${base}/api/gateways/${gatewayId}/config`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ config }) });
  if (!res.ok) throw new Error(`storing the simulated config failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()).configVersion;
}

// --- one simulated compound + edge agent per sample site
const edgeApi = await tryPart('edge agent (@yardguard/edge)', () => import('@yardguard/edge'));
const simApi = await tryPart('device simulators (@yardguard/edge/sim)', () => import('@yardguard/edge/sim'));
const fw = await import('@yardguard/firmware-config/node');
const compounds = [];
if (edgeApi?.createEdge && simApi?.startSimulatedCompound) {
  for (const sample of ['small-compound', 'large-compound']) {
    const site = fw.loadSiteConfig(join(root, 'firmware-config', 'provisioning', 'samples', `${sample}.json`));
    const part = `${site.compound.name} (${sample})`;
    await tryPart(part, async () => {
      const compound = await simApi.startSimulatedCompound(site);
      stops.push(() => compound.stop());
      const deps = simApi.simulatedEdgeDeps ? simApi.simulatedEdgeDeps(compound) : { site: compound.site, gpio: compound.gpio };
      const gw = site.gateway.id;
      // The cloud holds the gateway's config and pushes it on connect: store the simulated one (cameras at their
      // simulators) as the newest version, or the push would point the edge back at the sample's LAN addresses.
      if (cloud) deps.site = { ...deps.site, configVersion: await pushDemoConfig(gw, deps.site) };
      const edge = edgeApi.createEdge({
        ...deps,
        dataDir: join(dataDir, `edge-${gw}`),
        broker: { host: '127.0.0.1', port: 0, wsPort: null },
        log: edgeApi.createLogger ? edgeApi.createLogger({ level: logLevel, name: `edge ${gw}` }) : undefined,
        cloud: cloud?.mqttUrl
          ? { gatewayId: gw, mqttUrl: cloud.mqttUrl, username: gw, password: `demo-${gw}`, cloudSigningKey: cloud.cloud.keys.publicKeyPem }
          : null,
      });
      await edge.start();
      stops.push(() => edge.stop());
      await compound.connectMqtt(`mqtt://127.0.0.1:${edge.brokerPort()}`);
      compounds.push({ site, compound, edge });
      say(`${part}: gateway ${gw} up, local broker 127.0.0.1:${edge.brokerPort()}, ${compound.gates.size} gates, ${compound.cameras.size} cameras, ${compound.columns.size} alarm columns`);
    });
  }
}

// --- a little life: card swipes now and then
let activity;
if (activityS > 0 && compounds.length) {
  activity = setInterval(() => {
    const all = compounds.flatMap((c) => [...c.compound.mqttGates.values()]);
    const gate = all[Math.floor(Math.random() * all.length)];
    gate?.swipeCard(Math.random() < 0.85 ? 'ok' : 'denied').catch(() => {});
  }, activityS * 1000);
  activity.unref();
}

// --- report
console.log('');
if (cloud) {
  const url = cloud.url.replace('0.0.0.0', '127.0.0.1');
  console.log(`Yard Guard demo is running: ${url}`);
  console.log(`  cloud MQTT (gateways): ${cloud.mqttUrl ?? 'n/a'}; data: ${dataDir}`);
  const users = cloud.demo ? Object.keys(cloud.demo.users) : [];
  if (users.length) console.log(`  logins (password "${cloud.demo.password}"): ${users.join(', ')}`);
  console.log('  admin = 系统管理员, manager = 物业经理, guard1/guard2 = 门岗, installer = 安装师傅, resident1/resident2 = 住户');
  console.log('  service1/repair1/clean1/finance1 = 客服/维修/保洁/财务, grid1/grid2 = 支部/网格长 (派单), committee1/2 = 业委会 (督单),');
  console.log('  community1/2 = 社区 (验单), street = 街道 (只读), elder1 = 张秀兰 85岁独居 (每日平安签到)');
  if (process.env.YG_DEMO_NO_BROWSER !== '1' && process.env.CI !== 'true' && spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status === 0) {
    spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  }
}
if (compounds.length) {
  console.log(`  simulated compounds: ${compounds.map((c) => c.site.compound.name).join(', ')}${activityS > 0 ? ` (a card swipe every ${activityS} s)` : ''}`);
}
if (problems.length) {
  console.log('\nNot running in this demo:');
  for (const p of problems) console.log(`  - ${p}`);
}
if (!cloud && !compounds.length) {
  console.log('\nnothing could start; see the messages above');
  process.exitCode = 1;
}
if (compounds.length) {
  console.log('\nTry it (type here, then Enter):');
  compounds.forEach((c, i) => {
    const gate = [...c.compound.gates.keys()][0];
    const column = [...c.compound.columns.keys()][0];
    console.log(`  door ${i + 1}   force ${c.site.compound.name}'s ${gate} open (siren, snapshot, critical alert)`);
    if (column) console.log(`  alarm ${i + 1}  press the one-key alarm on ${c.site.compound.name}'s ${column}`);
  });
  console.log('  swipe N      a card swipe at compound N      help   this list');
  startControls();
}
console.log('\nCtrl-C to stop.');

/** Demo controls on stdin: force a door, press an alarm button, swipe a card. */
function startControls() {
  if (!process.stdin.readable) return;
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd, n = '1'] = line.trim().split(/\s+/);
    if (!cmd) return;
    const c = compounds[Number(n) - 1];
    const act = async () => {
      if (cmd === 'help') return console.log('door N | alarm N | swipe N');
      if (!c) return console.log(`no compound ${n} (1-${compounds.length})`);
      if (cmd === 'door') {
        const [id, gate] = [...c.compound.gates.entries()][0];
        await gate.forceDoor();
        return say(`${c.site.compound.name}: ${id} forced open`);
      }
      if (cmd === 'alarm') {
        const [id, column] = [...c.compound.columns.entries()][0] ?? [];
        if (!column) return console.log('this compound has no alarm column');
        await column.pressAlarm();
        return say(`${c.site.compound.name}: one-key alarm pressed on ${id}`);
      }
      if (cmd === 'swipe') {
        const gate = [...c.compound.mqttGates.values()][0];
        if (!gate) return console.log('this compound has no card-reader gate (try compound 2)');
        await gate.swipeCard('ok');
        return say(`${c.site.compound.name}: card swiped`);
      }
      console.log(`unknown command "${cmd}" (help lists them)`);
    };
    act().catch((e) => say(`${cmd}: ${e?.message ?? e}`));
  });
  rl.on('close', () => {}); // stdin closed (e.g. started in the background): keep running
}

let stopping = false;
async function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  say(`stopping (${signal})`);
  if (activity) clearInterval(activity);
  for (const stop of stops.reverse()) {
    await Promise.race([Promise.resolve().then(stop).catch((e) => say(`stop: ${e?.message ?? e}`)), new Promise((r) => setTimeout(r, 5000))]);
  }
  process.exit(0);
}
process.on('SIGINT', () => void stopAll('SIGINT'));
process.on('SIGTERM', () => void stopAll('SIGTERM'));
if (!cloud && !compounds.length) await stopAll('nothing running');
