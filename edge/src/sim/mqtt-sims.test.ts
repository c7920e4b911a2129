// MQTT gate and alarm-column simulators against a real aedes broker on loopback, driven through
// the real MQTT adapters: command round trips, timeouts, offline, device events and last will.
// Presence is the core's one model (health/presence.ts, fed by the harness); its timeouts are
// tested in health/presence.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MqttGateConfig, SiteConfig } from '@yardguard/firmware-config';
import { sampleSiteWith } from '../devices/test-site.js';
import { startMqttHarness, type MqttHarness } from '../devices/test-mqtt-harness.js';
import { createMqttGate } from '../devices/gate/mqtt-gate.js';
import { createMqttColumn } from '../devices/alarm-column/mqtt-column.js';
import type { DeviceAdapter } from '../devices/types.js';
import { MqttGateSim } from './mqtt-gate-sim.js';
import { AlarmColumnSim } from './alarm-column-sim.js';

const waitFor = async (cond: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

// the large sample, with a short command timeout on gate-north so the timeout test is quick
const site: SiteConfig = sampleSiteWith('large', (s) => ({
  ...s,
  gates: (s.gates ?? []).map((g) => (g.id === 'gate-north' ? { ...g, commandTimeoutMs: 500 } : g)),
}));
const gateCfg = site.gates.find((g) => g.id === 'gate-north') as MqttGateConfig;
const columnCfg = site.alarmColumns.find((a) => a.id === 'column-north');

let h: MqttHarness;
let gateSim: MqttGateSim;
let columnSim: AlarmColumnSim;
let gate: DeviceAdapter;
let column: DeviceAdapter;

beforeEach(async () => {
  h = await startMqttHarness(site);
  gate = createMqttGate(gateCfg, h.context('gate-north', 'gate').ctx);
  if (columnCfg?.driver !== 'mqtt') throw new Error('sample changed: column-north should be mqtt');
  column = createMqttColumn(columnCfg, h.context('column-north', 'alarm_column').ctx);
  h.add(gate);
  h.add(column);
  await gate.start();
  await column.start();
  gateSim = new MqttGateSim({ brokerUrl: h.url, deviceId: 'gate-north', username: 'gate-north', password: 'demo-gate-north', walkThroughMs: 50, closeAfterMs: 100 });
  columnSim = new AlarmColumnSim({ brokerUrl: h.url, deviceId: 'column-north', username: 'column-north', password: 'demo-column-north' });
  await gateSim.start();
  await columnSim.start();
  await waitFor(() => gate.status().online && column.status().online);
});
afterEach(async () => {
  await gateSim.stop();
  await columnSim.stop();
  await gate.stop();
  await column.stop();
  await h.close();
});

describe('simulated MQTT devices', () => {
  it('the gate resyncs on connect and its presence comes from availability / heartbeat', () => {
    const tc = h.contexts.get('gate-north')!;
    expect(tc.types()[0]).toBe('gate.state');
    expect(tc.presence[0]).toEqual({ online: true });
  });

  it('gate.open round trip: command out on the device topic, result back, door opens and closes', async () => {
    const r = await gate.execute({ action: 'gate.open', params: {} }, { commandId: 'cmd-open-1' });
    expect(r).toEqual({ status: 'ok', outcome: 'opened' });
    expect(gateSim.commands.map((c) => [c.id, c.action])).toEqual([['cmd-open-1', 'gate.open']]);
    const tc = h.contexts.get('gate-north')!;
    await waitFor(() => tc.types().includes('gate.door_closed'));
    expect(gate.status().state.door).toBe('closed');
  });

  it('a controller that does not answer -> DEVICE_TIMEOUT', async () => {
    gateSim.muted = true;
    const r = await gate.execute({ action: 'gate.open', params: {} }, { commandId: 'cmd-open-2' });
    expect(r).toMatchObject({ status: 'error', code: 'DEVICE_TIMEOUT' });
  });

  it('power cut -> last will -> offline; commands then fail fast with DEVICE_OFFLINE', async () => {
    gateSim.disconnect();
    const tc = h.contexts.get('gate-north')!;
    await waitFor(() => tc.presence.some((p) => !p.online));
    expect(tc.presence.at(-1)).toEqual({ online: false, reason: 'last_will' });
    const r = await gate.execute({ action: 'gate.open', params: {} }, { commandId: 'cmd-open-3' });
    expect(r).toMatchObject({ status: 'error', code: 'DEVICE_OFFLINE' });

    // power back: online again, and its first word is a resync (gate.state), not an alarm
    const before = tc.events.length;
    await gateSim.start();
    await waitFor(() => tc.presence.at(-1)?.online === true && tc.events.length > before);
    expect(tc.events.slice(before).map((e) => e.type)).toEqual(['gate.state']);
    await expect(gate.execute({ action: 'gate.lock', params: {} }, { commandId: 'cmd-lock-1' })).resolves.toEqual({ status: 'ok', outcome: 'locked' });
  });

  it('a command waiting on a column that loses power fails at once with DEVICE_OFFLINE (the core\'s presence tells the adapter)', async () => {
    columnSim.muted = true;
    const pending = column.execute({ action: 'siren.start', params: { pattern: 'alarm', durationS: 30 } }, { commandId: 'cmd-siren-offline' });
    await waitFor(() => columnSim.commands.some((c) => c.id === 'cmd-siren-offline'));
    columnSim.disconnect();
    // Not DEVICE_TIMEOUT: the column's 3 s answer window has not run out.
    await expect(pending).resolves.toMatchObject({ status: 'error', code: 'DEVICE_OFFLINE', message: 'column-north went offline' });
    expect(h.contexts.get('column-north')!.presence.at(-1)).toEqual({ online: false, reason: 'last_will' });
    expect(column.status().online).toBe(false);
  });

  it('card swipes and a forced door arrive as stamped gate events', async () => {
    await gateSim.swipeCard('denied');
    await gateSim.swipeCard('ok');
    await gateSim.forceDoor();
    const tc = h.contexts.get('gate-north')!;
    await waitFor(() => tc.types().includes('gate.forced_open'));
    const denied = tc.events.find((e) => e.type === 'gate.access_denied');
    expect(denied).toMatchObject({ deviceId: 'gate-north', compoundId: site.compound.id, data: { method: 'card', reason: 'unknown_credential' } });
    expect(tc.types()).toContain('gate.access_granted');
  });

  it('alarm column: button press event, siren.start round trip -> siren_started, siren.stop -> stopped', async () => {
    await columnSim.pressAlarm();
    const tc = h.contexts.get('column-north')!;
    await waitFor(() => tc.types().includes('alarm.button_pressed'));
    const r = await column.execute({ action: 'siren.start', params: { pattern: 'alarm', durationS: 30 } }, { commandId: 'cmd-siren-1' });
    expect(r).toEqual({ status: 'ok', outcome: 'siren_started' });
    expect(columnSim.siren?.pattern).toBe('alarm');
    expect(tc.events.find((e) => e.type === 'alarm.siren_started')?.data).toEqual({ pattern: 'alarm', durationS: 30 });
    await column.execute({ action: 'siren.stop', params: {} }, { commandId: 'cmd-siren-2' });
    expect(columnSim.siren).toBeUndefined();
    expect(tc.events.find((e) => e.type === 'alarm.siren_stopped')?.data).toEqual({ reason: 'command' });
  });

  it('a device with a wrong password is refused by the broker', async () => {
    const bad = new MqttGateSim({ brokerUrl: h.url, deviceId: 'gate-south', username: 'gate-south', password: 'wrong' });
    await expect(bad.start()).rejects.toThrow(/Bad username or password|Not authorized/i);
  });
});
