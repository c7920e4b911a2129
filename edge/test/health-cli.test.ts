/** Health reports, heartbeat timeouts, restart resync and the CLI commands. */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { decode, encode, gatewayHealth, SCHEMA_VERSION, topics, type Event } from '@yardguard/firmware-config';
import { generateSigningKeyPair, verifyPassword } from '@yardguard/firmware-config/node';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { connectDevice, deviceLogin, tempDir, testSite, waitFor } from './support/helpers.js';
import { MAIN } from './support/agent-process.js';
import { enroll } from '../src/cli/enroll.js';
import { createAdapters } from '../src/devices/registry.js';
import { readStatus } from '../src/cli/status.js';

const run = promisify(execFile);
let b: BuiltEdge | undefined;
afterEach(async () => {
  await b?.cleanup();
  b = undefined;
});

const stored = (edge: BuiltEdge['edge']): Event[] =>
  (['alarm', 'normal', 'telemetry'] as const).flatMap((l) => edge.outbox().readLane(l, 0, 10_000)).map((r) => JSON.parse(r.body) as Event);

describe('health and presence', () => {
  it('reports gateway.started at boot and gateway.health on its interval, valid per the contract', async () => {
    b = await buildEdge({ healthIntervalMs: 100 });
    const started = stored(b.edge).find((e) => e.type === 'gateway.started');
    expect(started?.data).toMatchObject({ resumedFromSeq: 0 });
    const h = await waitFor(() => stored(b!.edge).find((e) => e.type === 'gateway.health'), { what: 'health event' });
    expect(h.deviceId).toBe('gw-test');
    const r = decode(gatewayHealth, h.data);
    expect(r.ok).toBe(true);
    expect(h.data).toMatchObject({ cloudLink: 'down', devicesTotal: 3, devicesOnline: 0, outboxDropped: { alarm: 0 } });
    expect(b.edge.outbox().stats().byLane.telemetry).toBeGreaterThan(0);
  });

  it('reports the config version in force once (so the cloud does not re-push it)', async () => {
    const dataDir = tempDir();
    const site = { ...testSite(), configVersion: 3 };
    b = await buildEdge({ dataDir, site });
    const applied = () => stored(b!.edge).filter((e) => e.type === 'gateway.config_applied');
    expect(applied().map((e) => e.data)).toEqual([{ configVersion: 3 }]);
    await b.cleanup();
    b = await buildEdge({ dataDir, site });
    expect(applied()).toHaveLength(1); // the row from the first run, nothing new
  });

  it('says in gateway health what the disk cap dropped', async () => {
    b = await buildEdge({ outbox: { maxBytes: 20_000 } });
    for (let i = 0; i < 100; i++) await b.edge.emit('gw-test', { type: 'camera.motion', data: { active: true, source: 'zone-1' } });
    const h = await b.edge.health();
    expect(h.outboxDropped.telemetry).toBeGreaterThan(0);
    expect(h.outboxDropped.alarm).toBe(0);
    expect(h.outboxBytes).toBeLessThanOrEqual(20_000);
  });

  it('marks a silent device offline after the heartbeat timeout (an alarm-lane event)', async () => {
    b = await buildEdge({ deviceTimeoutMs: 1500, presenceCheckMs: 50 });
    const dev = await connectDevice(b.port, deviceLogin('column-1'));
    await dev.publishAsync(topics.deviceHeartbeat('column-1'), encode({ v: SCHEMA_VERSION, state: { siren: 'off' } }), { qos: 0 });
    await waitFor(() => b!.edge.status().devices.find((d) => d.id === 'column-1')?.online === true, { what: 'online' });
    // Still connected, but silent.
    const off = await waitFor(() => stored(b!.edge).find((e) => e.type === 'device.offline' && e.deviceId === 'column-1'), { what: 'offline event' });
    expect(off.data).toEqual({ kind: 'alarm_column', reason: 'heartbeat_timeout' });
    await dev.endAsync();
  });

  it('one presence model with the real MQTT adapter: heartbeats keep it online, silence takes it offline once', async () => {
    // Generous against a loaded machine: heartbeats every 100 ms against a 1.5 s timeout.
    b = await buildEdge({ deviceTimeoutMs: 1500, presenceCheckMs: 50, adapters: (s, ctx) => createAdapters(s, ctx) });
    const dev = await connectDevice(b.port, deviceLogin('column-1'));
    await dev.publishAsync(topics.deviceAvailability('column-1'), 'online', { qos: 1, retain: true });
    await waitFor(() => b!.edge.status().devices.find((d) => d.id === 'column-1')?.online === true, { what: 'online' });
    const offlines = () => stored(b!.edge).filter((e) => e.type === 'device.offline' && e.deviceId === 'column-1');
    const before = offlines().length;
    for (let i = 0; i < 20; i++) {
      await dev.publishAsync(topics.deviceHeartbeat('column-1'), encode({ v: SCHEMA_VERSION }), { qos: 0 });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(offlines()).toHaveLength(before);
    // Heartbeats stop (the socket stays open): the core's timeout, once.
    const gone = await waitFor(() => offlines()[before], { what: 'offline after silence' });
    expect(gone.data).toEqual({ kind: 'alarm_column', reason: 'heartbeat_timeout' });
    expect(b.edge.status().devices.find((d) => d.id === 'column-1')?.online).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(offlines()).toHaveLength(before + 1);
    await dev.endAsync();
  });

  it('after an agent restart a device that reconnects is a resync, not an event', async () => {
    const dataDir = tempDir();
    b = await buildEdge({ dataDir });
    let dev = await connectDevice(b.port, deviceLogin('column-1'));
    await dev.publishAsync(topics.deviceAvailability('column-1'), 'online', { qos: 1, retain: true });
    await dev.endAsync();
    await b.cleanup();
    b = await buildEdge({ dataDir });
    const before = stored(b.edge).length;
    dev = await connectDevice(b.port, deviceLogin('column-1'));
    await dev.publishAsync(topics.deviceAvailability('column-1'), 'online', { qos: 1, retain: true });
    const ev = await waitFor(() => stored(b!.edge).slice(before).find((e) => e.type === 'device.online' && e.deviceId === 'column-1'), { what: 'online after restart' });
    expect(ev.data).toEqual({ kind: 'alarm_column', resync: true });
    await dev.endAsync();
  });

  it('status reads devices, link and outbox depth from the state database', async () => {
    const dataDir = tempDir();
    b = await buildEdge({ dataDir });
    const s = readStatus(dataDir);
    expect(s.agent.running).toBe(true);
    expect(s.outbox.depth).toBeGreaterThan(0);
    expect(s.devices.map((d) => d.id).sort()).toEqual(['column-1', 'column-2', 'gate-1']);
    await b.cleanup();
    b = undefined;
    const { stdout } = await run(process.execPath, [MAIN, 'status', '--data-dir', dataDir]);
    expect(stdout).toMatch(/agent: +not running/);
    expect(stdout).toMatch(/outbox: +\d+ events/);
  });
});

describe('CLI', () => {
  it('prints help, and clear errors for missing options and unknown commands', async () => {
    expect((await run(process.execPath, [MAIN, '--help'])).stdout).toMatch(/yardguard-edge run --config/);
    const missing = await run(process.execPath, [MAIN, 'run', '--data-dir', tempDir()]).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 2 });
    expect((missing as { stderr: string }).stderr).toMatch(/--config is required/);
    const unknown = await run(process.execPath, [MAIN, 'frobnicate']).catch((e: { code: number; stderr: string }) => e);
    expect((unknown as { stderr: string }).stderr).toMatch(/unknown command "frobnicate"/);
    const badConfig = await run(process.execPath, [MAIN, 'run', '--config', '/nonexistent.json', '--data-dir', tempDir()]).catch((e: { code: number; stderr: string }) => e);
    expect((badConfig as { stderr: string }).stderr).toMatch(/cannot read site config/);
  });

  it('hash-password prints a hash that verifies', async () => {
    const { stdout } = await run(process.execPath, [MAIN, 'hash-password', 'demo-column-9']);
    expect(verifyPassword('demo-column-9', stdout.trim())).toBe(true);
  });

  it('enroll generates a key pair, redeems the code and stores credentials with mode 0600', async () => {
    const cloudKey = generateSigningKeyPair().publicKey;
    let got: { code?: string; publicKey?: string } = {};
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        // enroll first compares clocks with the Date header of GET /api/health.
        if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        got = JSON.parse(body);
        if (req.url !== '/api/enroll' || got.code !== 'ABCD-1234') {
          res.writeHead(410, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'code expired' }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          gatewayId: 'gw-test', compoundId: 'hx-lane-12', mqttUrl: 'mqtts://cloud.example:8883', username: 'gw-test', password: 's3cret', cloudSigningKey: cloudKey, siteConfig: testSite(), configVersion: 0,
        }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dataDir = tempDir();
    const lines: string[] = [];
    const r = await enroll({ cloud: url, code: 'abcd-1234', dataDir, progress: (l) => lines.push(l) });
    expect(r.gatewayId).toBe('gw-test');
    expect(got.publicKey).toMatch(/BEGIN PUBLIC KEY/);
    expect(statSync(r.credentialsPath).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(readFileSync(r.credentialsPath, 'utf8'));
    expect(creds).toMatchObject({ gatewayId: 'gw-test', password: 's3cret', cloudSigningKey: cloudKey });
    expect(creds.privateKey).toMatch(/BEGIN PRIVATE KEY/);
    expect(r.siteConfigPath).toBe(join(dataDir, 'site.json'));
    expect(lines.at(-1)).toMatch(/enrolled as gateway gw-test/);
    await expect(enroll({ cloud: url, code: 'ZZZZ-9999', dataDir: tempDir(), progress: () => undefined })).rejects.toThrow(/HTTP 410\): code expired/);
    server.close();
  });
});
