// The whole snapshot path, nothing mocked but the GPIO pins: a forced door on the simulated compound ->
// the rule takes a snapshot from the ONVIF camera twin -> camera.snapshot committed on the real agent ->
// wireSnapshotUploads (as `run` wires it, through the bus) -> PUT to a real cloud -> the manager of the
// compound gets the same bytes under the id the alert's snapshotIds use (`<gatewayId>.<snapshotId>`).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '@yardguard/firmware-config';
import { buildApp, seedDemo, DEMO_PASSWORD, type Cloud } from '@yardguard/cloud';
import { createEdge, type Edge } from '../src/edge.js';
import { silentLogger } from '../src/log.js';
import { sampleSite } from '../src/devices/test-site.js';
import { simulatedEdgeDeps, startSimulatedCompound, type SimulatedCompound } from '../src/sim/index.js';
import { wireSnapshotUploads } from '../src/cli/run.js';

const waitFor = async <T>(fn: () => T, what: string, ms = 15_000): Promise<NonNullable<T>> => {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('camera snapshot reaches the cloud', () => {
  it('rule snapshot on the edge -> uploaded -> served to a manager of the compound under the alert snapshot id', async () => {
    const cloudDir = mkdtempSync(join(tmpdir(), 'yg-snapup-cloud-'));
    const cloud: Cloud = await buildApp({ logger: false, config: { mqtt: { mode: 'none' }, loginRateLimit: 1000, publicRateLimit: 1000, dataDir: cloudDir } });
    cleanups.push(async () => {
      await cloud.close();
      rmSync(cloudDir, { recursive: true, force: true });
    });
    const demo = await seedDemo(cloud.db, { history: false });
    const base = await cloud.listen(0, '127.0.0.1');

    const compound: SimulatedCompound = await startSimulatedCompound(sampleSite('small'), { walkThroughMs: 0, heartbeatMs: 1000 });
    cleanups.push(() => compound.stop());
    const gatewayId = compound.site.gateway.id;
    expect(gatewayId).toBe(demo.gateways.small);
    const dataDir = mkdtempSync(join(tmpdir(), 'yg-snapup-edge-'));
    const edge: Edge = createEdge({ ...simulatedEdgeDeps(compound), dataDir, log: silentLogger(), broker: { host: '127.0.0.1', port: 0, wsPort: 0 }, healthIntervalMs: 3_600_000 });
    const creds = { gatewayId, mqttUrl: 'mqtt://127.0.0.1:1', username: gatewayId, password: `demo-${gatewayId}`, cloudSigningKey: 'k'.repeat(40), cloudUrl: base };
    const snapshots = wireSnapshotUploads(edge, { dataDir, creds, cloudHttp: undefined, log: silentLogger() });
    cleanups.push(async () => {
      await snapshots.stop();
      await edge.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    await edge.start();
    snapshots.start();
    await compound.connectMqtt(`mqtt://127.0.0.1:${edge.brokerPort()}`);
    await waitFor(() => edge.status().devices.every((d) => d.online === true), 'every device online');

    await compound.gates.get('gate-main')!.forceDoor();
    const stored = () => edge.outbox().readLane('alarm', 0, 1000).map((r) => JSON.parse(r.body) as Event);
    const followUp = await waitFor(
      () => stored().find((x): x is Extract<Event, { type: 'alert.raised' }> => x.type === 'alert.raised' && (x.data.snapshotIds?.length ?? 0) > 0),
      'alert with its snapshot',
    );
    const snapshotId = followUp.data.snapshotIds![0]!;
    const up = snapshots.uploader!;
    await waitFor(() => up.stats.uploaded >= 1 && up.pending() === 0, 'snapshot uploaded');

    const login = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'manager', password: DEMO_PASSWORD } });
    const token = (login.json() as { token: string }).token;
    // The cloud maps an alert's snapshotIds to `<gatewayId>.<snapshotId>`: the upload must land there.
    const res = await cloud.app.inject({ url: `/api/snapshots/${gatewayId}.${snapshotId}`, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.rawPayload.equals(readFileSync(join(dataDir, 'devices', 'cam-gate', `${snapshotId}.jpg`)))).toBe(true);
  });

  it('stays off (no DB opened, no listener) without a cloud HTTP URL', () => {
    const edgeStub = { bus: { on: () => { throw new Error('must not subscribe'); } } } as unknown as Edge;
    const creds = { gatewayId: 'gw-x', mqttUrl: 'mqtt://x', password: 'p', cloudSigningKey: 'k'.repeat(40) };
    const w = wireSnapshotUploads(edgeStub, { dataDir: '/nonexistent', creds, cloudHttp: undefined, log: silentLogger() });
    expect(w.uploader).toBeNull();
    expect(wireSnapshotUploads(edgeStub, { dataDir: '/nonexistent', creds: undefined, cloudHttp: 'http://x', log: silentLogger() }).uploader).toBeNull();
  });
});
