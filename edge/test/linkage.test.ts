/**
 * The whole local chain with the real device adapters and rules engine, cloud unreachable:
 * an MQTT gate reports a forced door -> the rule sounds the nearest MQTT alarm column (it gets
 * siren.start on its command topic) and a critical alert is stored for the cloud.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { commandResult, decodePayload, deviceCommand, encode, newId, SCHEMA_VERSION, topics, type DeviceCommand, type Event } from '@yardguard/firmware-config';
import { createAdapters } from '../src/devices/registry.js';
import { createRulesEngine } from '../src/rules/engine.js';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { connectDevice, deviceLogin, testSite, waitFor } from './support/helpers.js';

let b: BuiltEdge | undefined;
afterEach(async () => {
  await b?.cleanup();
  b = undefined;
});

describe('linkage with the cloud unreachable', () => {
  it('door forced -> siren on the nearest column + critical alert in the outbox', async () => {
    const site = testSite({
      rules: [{ id: 'door-forced', when: { event: 'gate.forced_open' }, then: [{ do: 'siren', column: 'nearest', pattern: 'alarm', durationS: 30 }, { do: 'alert', severity: 'critical', title: '门被强行打开' }] }],
    });
    b = await buildEdge({
      site,
      adapters: (s, ctx) => createAdapters(s, ctx),
      rules: createRulesEngine,
      cloud: { gatewayId: 'gw-test', mqttUrl: 'mqtt://127.0.0.1:1', cloudSigningKey: 'unused-key-unused-key-unused-key-unused-key' },
      forwarder: { reconnectPeriodMs: 60_000 },
    });
    // The column: online, listening for commands, answering them.
    const column = await connectDevice(b.port, deviceLogin('column-1'));
    await column.subscribeAsync(topics.deviceCommand('column-1'), { qos: 1 });
    const commands: DeviceCommand[] = [];
    column.on('message', (_t, p) => {
      const r = decodePayload(deviceCommand, p);
      if (!r.ok) return;
      commands.push(r.value);
      const result = { v: SCHEMA_VERSION, commandId: r.value.id, deviceId: 'column-1', status: 'ok', outcome: 'siren_started', latencyMs: 1, completedAt: new Date().toISOString() };
      expect(commandResult.safeParse(result).success).toBe(true);
      void column.publishAsync(topics.deviceCommandResult('column-1'), encode(result), { qos: 1 });
    });
    await column.publishAsync(topics.deviceAvailability('column-1'), 'online', { qos: 1, retain: true });

    const gate = await connectDevice(b.port, deviceLogin('gate-1'));
    const cause = newId();
    await gate.publishAsync(topics.deviceEvent('gate-1'), encode({ v: SCHEMA_VERSION, id: cause, type: 'gate.forced_open', data: {} }), { qos: 1 });

    const siren = await waitFor(() => commands.find((c) => c.action === 'siren.start'), { what: 'siren command at the column' });
    expect(siren).toMatchObject({ action: 'siren.start', params: { pattern: 'alarm', durationS: 30 } });
    const events = () => b!.edge.outbox().readLane('alarm', 0, 1000).map((r) => JSON.parse(r.body) as Event);
    const alert = await waitFor(() => events().find((e) => e.type === 'alert.raised'), { what: 'alert stored' });
    expect(alert.data).toMatchObject({ kind: 'door_forced', severity: 'critical', causeEventId: cause });
    await waitFor(() => b!.edge.outbox().readLane('normal', 0, 1000).some((r) => JSON.parse(r.body).type === 'alarm.siren_started'), { what: 'siren_started recorded' });
    expect(b.edge.status().cloudLink).toBe('down');
    await gate.endAsync();
    await column.endAsync();
  });
});
