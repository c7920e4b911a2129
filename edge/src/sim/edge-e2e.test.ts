// The whole compound on one machine, nothing mocked but the GPIO pins: the real edge agent
// (broker, outbox, rules) with the real adapters, and every device played by its simulator over
// MQTT, ONVIF/HTTP and the FakeGpio. No cloud: linkage must work locally.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '@yardguard/firmware-config';
import { createEdge, type Edge } from '../edge.js';
import { silentLogger } from '../log.js';
import { sampleSite } from '../devices/test-site.js';
import { AlarmColumnSim, simulatedEdgeDeps, startSimulatedCompound, type SimulatedCompound } from './index.js';
import { waitFor } from './test-simulated-edge.js';

let edge: Edge | undefined;
let compound: SimulatedCompound | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await compound?.stop();
  await edge?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  edge = undefined;
  compound = undefined;
});

describe('simulated compound on the real edge agent, cloud unreachable', () => {
  it('GPIO door forced -> siren on the nearest MQTT column, rule snapshot from the ONVIF camera, alert then alert with snapshotIds', async () => {
    compound = await startSimulatedCompound(sampleSite('small'), { walkThroughMs: 0, heartbeatMs: 1000 });
    dataDir = mkdtempSync(join(tmpdir(), 'yg-e2e-'));
    edge = createEdge({
      ...simulatedEdgeDeps(compound),
      dataDir,
      log: silentLogger(),
      broker: { host: '127.0.0.1', port: 0, wsPort: 0 },
      healthIntervalMs: 3_600_000,
    });
    await edge.start();
    await compound.connectMqtt(`mqtt://127.0.0.1:${edge.brokerPort()}`);
    const e = edge;
    await waitFor(() => e.status().devices.every((d) => d.online === true), 'every device online');

    const column = compound.columns.get('column-1') as AlarmColumnSim;
    await compound.gates.get('gate-main')!.forceDoor();

    const siren = await waitFor(() => column.commands.find((c) => c.action === 'siren.start'), 'siren.start at column-1');
    expect(siren).toMatchObject({ action: 'siren.start', params: { pattern: 'alarm', durationS: 30 } });
    expect(column.siren?.pattern).toBe('alarm');

    const stored = (lane: 'alarm' | 'normal') => e.outbox().readLane(lane, 0, 1000).map((r) => JSON.parse(r.body) as Event);
    const forced = await waitFor(() => stored('alarm').find((x) => x.type === 'gate.forced_open' && x.deviceId === 'gate-main'), 'forced_open stored');
    const alerts = () => stored('alarm').filter((x) => x.type === 'alert.raised');
    await waitFor(() => alerts().length >= 2, 'alert and its snapshot follow-up');
    const [first, followUp] = alerts() as Extract<Event, { type: 'alert.raised' }>[];
    expect(first!.data).toMatchObject({ key: 'gate-main:door_forced', kind: 'door_forced', severity: 'critical', causeEventId: forced.id });
    expect(first!.data.snapshotIds).toBeUndefined();
    expect(followUp!.data).toMatchObject({ key: 'gate-main:door_forced', causeEventId: forced.id });
    const [snapshotId] = followUp!.data.snapshotIds ?? [];
    const snap = stored('normal').find((x) => x.type === 'camera.snapshot' && x.data.snapshotId === snapshotId);
    expect(snap).toMatchObject({ deviceId: 'cam-gate', data: { reason: 'rule', contentType: 'image/jpeg' } });
    expect(existsSync(join(dataDir, 'devices', `${(snap as Extract<Event, { type: 'camera.snapshot' }>).data.ref}`))).toBe(true);
    expect(stored('normal').some((x) => x.type === 'alarm.siren_started' && x.deviceId === 'column-1')).toBe(true);
  });
});
