/**
 * kill -9: every event a device got a PUBACK for reaches the cloud exactly once (by id), even when
 * the agent is killed mid-stream with unacknowledged batches, and forwarding resumes on restart.
 * Runs the built agent (npm run build) as a child process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { generateSigningKeyPair } from '@yardguard/firmware-config/node';
import { startFakeCloud, type FakeCloud } from './support/fake-cloud.js';
import { connectDevice, deviceLogin, tempDir, testSite, waitFor } from './support/helpers.js';
import { freePort, startAgent, type AgentProcess } from './support/agent-process.js';

let cloud: FakeCloud | undefined;
let agent: AgentProcess | undefined;
afterEach(async () => {
  agent?.child.kill('SIGKILL');
  await cloud?.close();
});

describe('kill -9', () => {
  it('loses no acknowledged event and resumes forwarding after restart', async () => {
    cloud = await startFakeCloud();
    cloud.holdAcks(true); // the cloud sees batches but never confirms them before the crash
    const port = await freePort();
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const siteFile = join(dir, 'site.json');
    const credsFile = join(dir, 'credentials.json');
    // The device publishes far past a real device's rate: lift the per-device cap for this test.
    writeFileSync(siteFile, JSON.stringify(testSite({ overrides: { broker: { host: '127.0.0.1', port }, outbox: { maxMb: 64, devicePerS: 1_000_000, deviceBurst: 1_000_000 } } })));
    writeFileSync(credsFile, JSON.stringify({ gatewayId: 'gw-test', mqttUrl: cloud.url(), cloudSigningKey: generateSigningKeyPair().publicKey }), { mode: 0o600 });
    const args = ['run', '--config', siteFile, '--data-dir', dataDir, '--credentials', credsFile];
    agent = await startAgent(args);

    const dev: MqttClient = await connectDevice(port, deviceLogin('gate-1'));
    const acked: string[] = [];
    let sent = 0;
    let closed = false;
    dev.on('close', () => (closed = true));
    const N = 3000;
    let killed = false;
    while (!closed && sent < N) {
      const id = newId();
      sent++;
      dev.publish(topics.deviceEvent('gate-1'), encode({ v: SCHEMA_VERSION, id, type: 'gate.door_opened', data: {} }), { qos: 1 }, (err) => {
        if (!err) acked.push(id);
      });
      if (!killed && acked.length >= 500) {
        killed = true;
        agent.child.kill('SIGKILL'); // mid-stream: publishes are in flight right now
      }
      // Keep a window of ~100 in flight.
      if (sent - acked.length > 100) await waitFor(() => closed || sent - acked.length <= 50, { what: 'acks' });
    }
    await agent.exited;
    expect(killed).toBe(true);
    const ackedBeforeKill = [...acked];
    expect(ackedBeforeKill.length).toBeGreaterThanOrEqual(500);
    dev.end(true);

    cloud.holdAcks(false);
    agent = await startAgent(args);
    await waitFor(() => ackedBeforeKill.every((id) => cloud!.events.has(id)), { timeoutMs: 60_000, what: 'every PUBACKed event in the cloud' });

    // Exactly once: one stored event per id, and no two ids share a sequence number.
    const stored = [...cloud.events.values()].filter((e) => e.type === 'gate.door_opened');
    expect(new Set(stored.map((e) => e.seq)).size).toBe(stored.length);
    expect(stored.length).toBeLessThanOrEqual(sent);

    // Forwarding resumes for new events after the restart.
    const dev2 = await connectDevice(port, deviceLogin('gate-1'));
    const fresh = newId();
    await dev2.publishAsync(topics.deviceEvent('gate-1'), encode({ v: SCHEMA_VERSION, id: fresh, type: 'gate.forced_open', data: {} }), { qos: 1 });
    await waitFor(() => cloud!.events.has(fresh), { what: 'new event after restart' });
    expect(cloud.events.get(fresh)!.seq).toBeGreaterThan(Math.max(...stored.map((e) => e.seq)));
    await dev2.endAsync();

    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    agent = undefined;
  }, 120_000);
});
