/**
 * A device never gets a PUBACK for an event that was not stored. What it is told instead: nothing
 * (no PUBACK) and its connection is closed (aedes' answer to a refused publish in MQTT 3.1.1); its
 * session keeps the message and it resends after reconnecting, when there may be room again.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { startLocalBroker, type DeviceUplink, type LocalBroker } from '../src/broker/local-broker.js';
import { DeviceLogins } from '../src/broker/device-auth.js';
import { silentLogger } from '../src/log.js';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { connectDevice, deviceLogin, testSite, waitFor } from './support/helpers.js';

const ev = (type: string, id = newId()) => encode({ v: SCHEMA_VERSION, id, type, data: {} });

let b: BuiltEdge | undefined;
let broker: LocalBroker | undefined;
afterEach(async () => {
  await b?.cleanup();
  await broker?.close();
  b = undefined;
  broker = undefined;
});

/** Publish QoS 1 and report whether a PUBACK came before the connection closed. */
async function publishUntilClosed(dev: MqttClient, topic: string, payload: string): Promise<boolean> {
  let acked = false;
  const closed = once(dev, 'close');
  dev.publish(topic, payload, { qos: 1 }, (err) => {
    if (!err) acked = true;
  });
  await closed;
  return acked;
}

describe('PUBACK only after the event is stored', () => {
  it('an event dropped at the disk cap gets no PUBACK: the connection is closed and the device resends later', async () => {
    b = await buildEdge({ outbox: { maxBytes: 4000 } });
    // Fill the cap with alarms (never evicted).
    while (b.edge.outbox().stats().bytes < 4000) await b.edge.emit('gate-1', { type: 'gate.forced_open', data: {} });
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    const id = newId();
    expect(await publishUntilClosed(dev, topics.deviceEvent('gate-1'), ev('gate.door_opened', id))).toBe(false);
    expect(b.edge.outbox().readLane('normal', 0, 100).some((r) => JSON.parse(r.body).id === id)).toBe(false);
    dev.end(true);
    // Room again (the cloud acked the alarms): the resend is stored and acknowledged.
    b.edge.outbox().ack(b.edge.outbox().readLane('alarm', 0, 1000).map((r) => r.seq));
    const again = await connectDevice(b.port, deviceLogin('gate-1'));
    await again.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_opened', id), { qos: 1 });
    expect(b.edge.outbox().readLane('normal', 0, 100).some((r) => JSON.parse(r.body).id === id)).toBe(true);
    await again.endAsync();
  });

  it('caps events per device: a chattering device gets no PUBACK over its cap, the others are not affected', async () => {
    b = await buildEdge({ site: testSite({ overrides: { outbox: { maxMb: 64, devicePerS: 0.001, deviceBurst: 5 } } }) });
    const noisy = await connectDevice(b.port, deviceLogin('gate-1'));
    for (let i = 0; i < 5; i++) await noisy.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_opened'), { qos: 1 });
    expect(await publishUntilClosed(noisy, topics.deviceEvent('gate-1'), ev('gate.door_opened'))).toBe(false);
    noisy.end(true);
    const column = await connectDevice(b.port, deviceLogin('column-1'));
    await column.publishAsync(topics.deviceEvent('column-1'), ev('alarm.button_pressed'), { qos: 1 });
    expect(b.edge.status().broker.eventsRefused).toBe(1);
    expect((await b.edge.health()).eventsRefused).toBe(1);
    await column.endAsync();
  });

  it('a handler that throws refuses the event (no PUBACK) instead of acknowledging it', async () => {
    const site = testSite();
    let stored = 0;
    const uplink: DeviceUplink = {
      onEvent: (_d, p, done) => {
        if (p.type === 'gate.door_opened') throw new Error('bug in a handler');
        stored++;
        done(null);
      },
      onHeartbeat: () => undefined,
      onAvailability: () => undefined,
      onCommandResult: () => undefined,
      onDisconnect: () => undefined,
    };
    broker = await startLocalBroker({ logins: new DeviceLogins(site), uplink, log: silentLogger(), host: '127.0.0.1', port: 0, wsPort: null });
    const dev = await connectDevice(broker.port, deviceLogin('gate-1'));
    await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_closed'), { qos: 1 });
    expect(stored).toBe(1);
    expect(await publishUntilClosed(dev, topics.deviceEvent('gate-1'), ev('gate.door_opened'))).toBe(false);
    await waitFor(() => broker!.counters.eventsRefused === 1, { what: 'refusal counted' });
    dev.end(true);
  });
});
