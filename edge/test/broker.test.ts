/** The local broker: auth, ACL, bad payloads, MQTT 5 refusal, mosquitto clients, WebSocket. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'node:net';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { connectDevice, deviceLogin, waitFor } from './support/helpers.js';

const run = promisify(execFile);
const pressed = () => encode({ v: SCHEMA_VERSION, id: newId(), type: 'alarm.button_pressed', data: {} });

let b: BuiltEdge;
beforeEach(async () => {
  b = await buildEdge();
});
afterEach(async () => {
  await b.cleanup();
});

/** Button presses stored (presence events share the alarm lane, so count by type). */
const presses = () => b.edge.outbox().readLane('alarm', 0, 1000).filter((r) => JSON.parse(r.body).type === 'alarm.button_pressed').length;

describe('local broker auth and ACL', () => {
  it('refuses a wrong password and an unknown user with "bad username or password"', async () => {
    await expect(connectDevice(b.port, { username: 'column-1', password: 'nope' })).rejects.toThrow(/Bad username or password/i);
    await expect(connectDevice(b.port, { username: 'intruder', password: 'x' })).rejects.toThrow(/Bad username or password/i);
    await expect(connectDevice(b.port, {})).rejects.toThrow(/Bad username or password/i);
    expect(b.edge.status().broker.authFailures).toBe(3);
  });

  it('stores a device event before the PUBACK and stamps it', async () => {
    const c = await connectDevice(b.port, deviceLogin('column-1'));
    const id = newId();
    await c.publishAsync(topics.deviceEvent('column-1'), encode({ v: SCHEMA_VERSION, id, type: 'alarm.button_pressed', data: { button: 'main' } }), { qos: 1 });
    // The PUBACK has arrived, so the row must already be committed.
    const row = b.edge.outbox().readLane('alarm', 0, 10).find((r) => JSON.parse(r.body).id === id);
    expect(row).toBeDefined();
    const ev = JSON.parse(row!.body);
    expect(ev).toMatchObject({ id, deviceId: 'column-1', gatewayId: 'gw-test', compoundId: 'hx-lane-12', type: 'alarm.button_pressed' });
    expect(ev.seq).toBeGreaterThan(0);
    await c.endAsync();
  });

  it('absorbs a resent event id (QoS 1 redelivery) without a second row', async () => {
    const c = await connectDevice(b.port, deviceLogin('column-1'));
    const payload = pressed();
    await c.publishAsync(topics.deviceEvent('column-1'), payload, { qos: 1 });
    await c.publishAsync(topics.deviceEvent('column-1'), payload, { qos: 1, dup: true });
    const ids = b.edge.outbox().readLane('alarm', 0, 100).map((r) => JSON.parse(r.body).id);
    expect(ids.filter((i) => i === JSON.parse(payload).id)).toHaveLength(1);
    await c.endAsync();
  });

  it("closes a device that publishes on another device's topic, and stores nothing", async () => {
    const c = await connectDevice(b.port, deviceLogin('column-1'));
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish(topics.deviceEvent('column-2'), pressed(), { qos: 1 });
    await closed;
    expect(b.edge.status().broker.aclRefusals).toBe(1);
    expect(presses()).toBe(0);
    c.end(true);
  });

  it("refuses a subscription to another device's command topic (SUBACK 128) but grants its own", async () => {
    const c = await connectDevice(b.port, deviceLogin('column-1'));
    // mqtt.js turns a SUBACK failure (128) into a rejected promise.
    await expect(c.subscribeAsync(topics.deviceCommand('column-2'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(c.subscribeAsync('yg/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const own = await c.subscribeAsync(topics.deviceCommand('column-1'), { qos: 1 });
    expect(own[0]!.qos).toBe(1);
    expect(b.edge.status().broker.aclRefusals).toBe(2);
    await c.endAsync();
  });

  it('delivers edge -> device commands to the device on its own topic', async () => {
    const c = await connectDevice(b.port, deviceLogin('column-1'));
    await c.subscribeAsync(topics.deviceCommand('column-1'), { qos: 1 });
    const got = new Promise<string>((r) => c.once('message', (_t, p) => r(p.toString())));
    await b.edge.localPublish(topics.deviceCommand('column-1'), '{"hello":1}', { qos: 1 });
    expect(await got).toBe('{"hello":1}');
    await c.endAsync();
  });
});

describe('bad input', () => {
  it('counts malformed, invalid-JSON, wrong-version, wrong-kind and oversize payloads and keeps serving', async () => {
    const c = await connectDevice(b.port, deviceLogin('column-1'));
    const t = topics.deviceEvent('column-1');
    await c.publishAsync(t, '{not json', { qos: 1 });
    await c.publishAsync(t, encode({ v: 1, type: 'alarm.button_pressed', data: { colour: 'red' } }), { qos: 1 });
    await c.publishAsync(t, encode({ v: 99, type: 'alarm.button_pressed', data: {} }), { qos: 1 });
    await c.publishAsync(t, encode({ v: 1, type: 'gate.forced_open', data: {} }), { qos: 1 });
    await c.publishAsync(t, encode({ v: 1, type: 'alarm.button_pressed', data: { button: 'x'.repeat(20_000) } }), { qos: 1 });
    await c.publishAsync(topics.deviceHeartbeat('column-1'), 'garbage', { qos: 0 });
    const s = await waitFor(() => (b.edge.status().broker.badMessages >= 6 ? b.edge.status().broker : null), { what: 'bad messages counted' });
    expect(s.badByReason).toMatchObject({ INVALID_JSON: 2, SCHEMA: 1, UNSUPPORTED_VERSION: 1, WRONG_KIND: 1, TOO_LARGE: 1 });
    expect(presses()).toBe(0);
    // Same connection still works.
    await c.publishAsync(t, pressed(), { qos: 1 });
    expect(presses()).toBe(1);
    await c.endAsync();
  });

  it('closes a connection announcing a packet over the hard cap before buffering it', async () => {
    const c = await connectDevice(b.port, deviceLogin('column-1'));
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish(topics.deviceEvent('column-1'), Buffer.alloc(2 * 1024 * 1024, 0x41), { qos: 1 });
    await closed;
    expect(b.edge.status().broker.badByReason.OVERSIZE_PACKET).toBe(1);
    c.end(true);
    const again = await connectDevice(b.port, deviceLogin('column-1'));
    await again.publishAsync(topics.deviceEvent('column-1'), pressed(), { qos: 1 });
    expect(presses()).toBe(1);
    await again.endAsync();
  });

  it('survives raw garbage on the socket before and instead of CONNECT', async () => {
    for (const junk of [Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]), Buffer.alloc(4096, 0xff)]) {
      const sock = connect(b.port, '127.0.0.1');
      await once(sock, 'connect');
      sock.on('error', () => undefined);
      sock.end(junk);
      await once(sock, 'close');
    }
    const ok = await connectDevice(b.port, deviceLogin('column-1'));
    await ok.publishAsync(topics.deviceEvent('column-1'), pressed(), { qos: 1 });
    expect(presses()).toBe(1);
    await ok.endAsync();
  });

  it('refuses MQTT 5 clients with "unacceptable protocol version"', async () => {
    await expect(connectDevice(b.port, { ...deviceLogin('column-1'), protocolVersion: 5 })).rejects.toThrow(/protocol/i);
    const ok = await connectDevice(b.port, deviceLogin('column-1'));
    await ok.endAsync();
  });
});

describe('standard clients', () => {
  it('mosquitto_pub publishes a QoS 1 event that lands in the outbox', async () => {
    const id = newId();
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(b.port), '-i', 'column-2', '-u', 'column-2', '-P', 'demo-column-2', '-q', '1', '-V', 'mqttv311',
      '-t', topics.deviceEvent('column-2'), '-m', encode({ v: SCHEMA_VERSION, id, type: 'alarm.button_pressed', data: {} })]);
    expect(b.edge.outbox().readLane('alarm', 0, 10).map((r) => JSON.parse(r.body).id)).toContain(id);
  });

  it('mosquitto_pub -V 5 gets a clear refusal', async () => {
    const r = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(b.port), '-u', 'column-2', '-P', 'demo-column-2', '-V', 'mqttv5', '-t', topics.deviceEvent('column-2'), '-m', 'x']).catch((e: { stderr: string; code: number }) => e);
    expect((r as { code: number }).code).not.toBe(0);
    expect((r as { stderr: string }).stderr).toMatch(/protocol/i);
  });

  it('accepts devices over WebSocket', async () => {
    const c = await new Promise<mqtt.MqttClient>((resolve, reject) => {
      const x = mqtt.connect(`ws://127.0.0.1:${b.edge.wsPort()}`, { ...deviceLogin('column-1'), protocolVersion: 4, reconnectPeriod: 0 });
      x.once('connect', () => resolve(x));
      x.once('error', reject);
    });
    await c.publishAsync(topics.deviceEvent('column-1'), pressed(), { qos: 1 });
    expect(presses()).toBe(1);
    await c.endAsync();
  });
});

describe('presence', () => {
  it('reports online (resync on first sight), offline by last will, with events in the outbox', async () => {
    const c = await connectDevice(b.port, { ...deviceLogin('column-1'), will: { topic: topics.deviceAvailability('column-1'), payload: Buffer.from('offline'), qos: 1, retain: true } });
    await c.publishAsync(topics.deviceAvailability('column-1'), 'online', { qos: 1, retain: true });
    await waitFor(() => b.edge.status().devices.find((d) => d.id === 'column-1')?.online === true, { what: 'online' });
    c.stream.destroy(); // vanish without DISCONNECT: the broker publishes the will
    await waitFor(() => b.edge.status().devices.find((d) => d.id === 'column-1')?.online === false, { what: 'offline' });
    // Presence events are read once durable (the outbox hands out only fdatasynced rows).
    const rows = () => [...b.edge.outbox().readLane('normal', 0, 100), ...b.edge.outbox().readLane('alarm', 0, 100)].map((r) => JSON.parse(r.body));
    const online = await waitFor(() => rows().find((e) => e.type === 'device.online' && e.deviceId === 'column-1'), { what: 'device.online stored' });
    const offline = await waitFor(() => rows().find((e) => e.type === 'device.offline' && e.deviceId === 'column-1'), { what: 'device.offline stored' });
    expect(online.data).toEqual({ kind: 'alarm_column', resync: true });
    expect(offline.data).toEqual({ kind: 'alarm_column', reason: 'last_will' });
    c.end(true);
  });
});
