// `check` against the whole simulated compound and a real cloud: the agent runs (real broker,
// adapters, uplink to the cloud's embedded MQTT), the devices are their simulators (FakeGpio
// gate, ONVIF camera twins, MQTT alarm column), and the check reaches the agent through its
// control socket as the CLI does. Then things break one by one and the report says so.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRelay, type Event, type SiteConfig } from '@yardguard/firmware-config';
import { createEdge, type Edge } from '../src/edge.js';
import { silentLogger } from '../src/log.js';
import { sampleSite } from '../src/devices/test-site.js';
import { simulatedEdgeDeps, startSimulatedCompound, AlarmColumnSim, type SimulatedCompound } from '../src/sim/index.js';
import { enroll } from '../src/cli/enroll.js';
import { readCredentials, writeCredentials } from '../src/cli/credentials.js';
import { createNodeOnvifPort } from '../src/hw/node-onvif-port.js';
import { runCheck } from '../src/check/run-check.js';
import { formatReport, type CheckReport } from '../src/check/report.js';
import { connectAgent, CONTROL_SOCKET, startControlSocket } from '../src/control/control-socket.js';
import { freePort } from './support/agent-process.js';
import { startRealCloud } from './support/real-cloud.js';
import { waitFor } from './support/helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

function row(r: CheckReport, item: string, check: string) {
  const x = r.rows.find((y) => y.item === item && y.check === check);
  if (!x) throw new Error(`no row ${item}/${check} in\n${formatReport(r)}`);
  return x;
}

/** A /sys with one thermal zone at the given temperature. */
function fakeSys(celsius: number): string {
  const root = mkdtempSync(join(tmpdir(), 'yg-sys-'));
  const z = join(root, 'class', 'thermal', 'thermal_zone0');
  mkdirSync(z, { recursive: true });
  writeFileSync(join(z, 'temp'), `${Math.round(celsius * 1000)}\n`);
  writeFileSync(join(z, 'type'), 'cpu-thermal\n');
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

async function enrolledCompound() {
  const real = await startRealCloud();
  cleanups.push(() => real.close());
  const compound: SimulatedCompound = await startSimulatedCompound(sampleSite('small'), { walkThroughMs: 200, closeAfterMs: 600, heartbeatMs: 1000 });
  cleanups.push(() => compound.stop());
  // Enroll as an installer does: a one-time code with the prepared site, redeemed by the "Pi".
  const code = await real.enrollmentCode(compound.site);
  const base = real.base;
  const dataDir = mkdtempSync(join(tmpdir(), 'yg-check-edge-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const enrolled = await enroll({ cloud: base, code, dataDir, progress: () => {} });
  const creds = readCredentials(enrolled.credentialsPath);
  const site = JSON.parse(readFileSync(join(dataDir, 'site.json'), 'utf8')) as SiteConfig;
  writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify(compound.cameraCredentials), { mode: 0o600 });
  return { cloud: real.cloud, compound, dataDir, creds, site };
}

async function startAgent(env: Awaited<ReturnType<typeof enrolledCompound>>): Promise<Edge> {
  const { compound, dataDir, creds, site } = env;
  const edge = createEdge({
    ...simulatedEdgeDeps(compound), site, dataDir, log: silentLogger(), broker: { host: '127.0.0.1', port: 0, wsPort: 0 }, healthIntervalMs: 3_600_000,
    cloud: { gatewayId: creds.gatewayId, mqttUrl: creds.mqttUrl, username: creds.username, password: creds.password, cloudSigningKey: creds.cloudSigningKey },
  });
  await edge.start();
  const control = await startControlSocket(join(dataDir, CONTROL_SOCKET), { gatewayId: () => edge.site().gateway.id, devices: () => edge.status().devices, dispatch: (c) => edge.dispatch(c) }, silentLogger());
  cleanups.push(async () => {
    await control.close();
    await edge.stop();
  });
  await compound.connectMqtt(`mqtt://127.0.0.1:${edge.brokerPort()}`);
  await waitFor(() => edge.status().devices.every((d) => d.online === true) && edge.status().cloudLink === 'up', { what: 'devices online and cloud link up', timeoutMs: 30_000 });
  return edge;
}

const check = (env: Awaited<ReturnType<typeof enrolledCompound>>, o: { agent: boolean; sys: string; confirm?: boolean }) =>
  runCheck({
    configPath: join(env.dataDir, 'site.json'),
    dataDir: env.dataDir,
    sysRoot: o.sys,
    access: async (_site, cameraCredentials) => ({
      gpio: env.compound.gpio,
      onvif: createNodeOnvifPort(),
      cameraCredentials,
      agent: o.agent ? await connectAgent(join(env.dataDir, CONTROL_SOCKET)) : null,
      confirm: () => Promise.resolve(o.confirm ?? true),
      snapshotDir: env.dataDir,
    }),
  });

describe('yardguard-edge check', () => {
  it('with the agent running: every device works, the cloud link answers, the relay pulse is a grant (no forced-door alarm)', async () => {
    const env = await enrolledCompound();
    const edge = await startAgent(env);
    const gate = env.site.gates.find((g) => g.id === 'gate-main')!;
    if (gate.driver !== 'gpio') throw new Error('the small sample has a GPIO main gate');
    const relay = resolveRelay(gate);
    const relayPin = relay.pin;
    const writesBefore = env.compound.gpio.writes(relayPin).length;

    const r = await check(env, { agent: true, sys: fakeSys(48.5) });
    expect(r.ok, formatReport(r)).toBe(true);
    expect(r.gatewayId).toBe(env.creds.gatewayId);
    expect(row(r, 'site config', 'valid').status).toBe('ok');
    expect(row(r, 'credentials', 'enrolled').status).toBe('ok');
    expect(row(r, 'gate-main', 'door contact')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/closed/) });
    expect(row(r, 'gate-main', 'relay')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/through the agent/) });
    expect(env.compound.gpio.writes(relayPin).length).toBeGreaterThan(writesBefore);
    expect(row(r, 'cam-gate', 'onvif').status).toBe('ok');
    expect(row(r, 'cam-gate', 'snapshot').status).toBe('ok');
    expect(readFileSync(join(env.dataDir, 'check-cam-gate.jpg')).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(row(r, 'column-1', 'mqtt seen').status).toBe('ok');
    expect(row(r, 'column-1', 'chime').status).toBe('ok');
    expect((env.compound.columns.get('column-1') as AlarmColumnSim).commands.some((c) => c.action === 'siren.start' && c.params.pattern === 'chime')).toBe(true);
    for (const c of ['dns', 'tcp', 'login', 'clock']) expect(row(r, 'cloud', c).status, c).toBe('ok');
    expect(row(r, 'cloud', 'tls').status).toBe('skip'); // plain mqtt:// on loopback
    expect(row(r, 'temperature', 'cpu-thermal')).toMatchObject({ status: 'ok', detail: '48.5 °C' });
    expect(row(r, 'disk', 'free space').detail).toMatch(/MiB free/);

    // The check's pulse went through the gate adapter: the door opening it caused is granted.
    await new Promise((res) => setTimeout(res, 1500));
    const events = (['alarm', 'normal'] as const).flatMap((l) => edge.outbox().readLane(l, 0, 10_000)).map((x) => JSON.parse(x.body) as Event);
    expect(events.some((e) => e.type === 'gate.forced_open')).toBe(false);
    expect(formatReport(r)).toMatch(/^PASSED: /m);
  }, 120_000);

  it('says what is broken and how to fix it: dead camera, open door, hot Pi, revoked login, MQTT device gone', async () => {
    const env = await enrolledCompound();
    const edge = await startAgent(env);
    await env.compound.cameras.get('cam-yard')!.stop();
    await env.compound.gates.get('gate-main')!.forceDoor();
    await (env.compound.columns.get('column-1') as AlarmColumnSim).stop();
    await waitFor(() => edge.status().devices.find((d) => d.id === 'column-1')?.online === false, { what: 'column-1 offline' });
    writeCredentials(join(env.dataDir, 'credentials.json'), { ...env.creds, password: 'not-the-password' });

    const r = await check(env, { agent: true, sys: fakeSys(83), confirm: false });
    expect(r.ok).toBe(false);
    expect(row(r, 'cam-yard', 'onvif')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/power and network/) });
    expect(row(r, 'cam-gate', 'snapshot').status).toBe('ok');
    expect(row(r, 'gate-main', 'door contact')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/OPEN/) });
    expect(row(r, 'gate-main', 'relay')).toMatchObject({ status: 'skip', detail: expect.stringMatching(/--yes/) });
    expect(row(r, 'column-1', 'mqtt seen')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/MQTT login/) });
    expect(row(r, 'cloud', 'login')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/enroll/) });
    expect(row(r, 'cloud', 'clock').status).toBe('ok'); // from the Date header of the refusal
    expect(row(r, 'temperature', 'cpu-thermal')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/ventilate/) });
    const table = formatReport(r);
    expect(table).toMatch(/FAIL\s+device\s+cam-yard\s+onvif/);
    expect(table).toMatch(/^FAILED: /m);
  }, 120_000);

  it('without the agent: GPIO driven directly after confirmation, MQTT devices not checked, cloud unreachable named hop by hop', async () => {
    const env = await enrolledCompound();
    const gate = env.site.gates.find((g) => g.id === 'gate-main')!;
    if (gate.driver !== 'gpio') throw new Error('the small sample has a GPIO main gate');
    const relay = resolveRelay(gate);
    const relayPin = relay.pin;
    const dead = await freePort();
    writeCredentials(join(env.dataDir, 'credentials.json'), { ...env.creds, mqttUrl: `mqtt://127.0.0.1:${dead}`, cloudUrl: `http://127.0.0.1:${dead}` });
    const r = await check(env, { agent: false, sys: fakeSys(40) });
    expect(existsSync(join(env.dataDir, CONTROL_SOCKET))).toBe(false);
    expect(row(r, 'gate-main', 'relay')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/pulsed BCM/) });
    const writes = env.compound.gpio.writes(relayPin).map((w) => w.level);
    const on = relay.activeLevel === 'high' ? 1 : 0;
    expect(writes.slice(-2)).toEqual([on, 1 - on]);
    expect(row(r, 'column-1', 'mqtt seen')).toMatchObject({ status: 'skip', fix: expect.stringMatching(/start the agent/) });
    expect(row(r, 'cloud', 'dns').status).toBe('ok');
    expect(row(r, 'cloud', 'tcp')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/ECONNREFUSED/) });
    expect(row(r, 'cloud', 'login').status).toBe('fail');
    expect(r.ok).toBe(false);
  }, 120_000);
});
