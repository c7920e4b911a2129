/**
 * The local broker cannot be hijacked: a device's client id is bound to its login, last wills are
 * checked against the ACL at CONNECT, the packet guard holds before login and across any TCP
 * chunking, slow-drip packets are cut off, and password guessing slows down only the guesser.
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import type { MqttClient } from 'mqtt';
import { decodePayload, deviceCommand, encode, newId, SCHEMA_VERSION, topics, type DeviceCommand } from '@yardguard/firmware-config';
import { mqttFixedHeader } from '@yardguard/firmware-config/node';
import { createAdapters } from '../src/devices/registry.js';
import { createRulesEngine } from '../src/rules/engine.js';
import { DeviceLogins } from '../src/broker/device-auth.js';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { connectDevice, deviceLogin, testSite, waitFor } from './support/helpers.js';

let b: BuiltEdge | undefined;
const clients: MqttClient[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.end(true);
  for (const s of sockets.splice(0)) s.destroy();
  await b?.cleanup();
  b = undefined;
});
const track = (c: MqttClient) => (clients.push(c), c);
const pressed = () => encode({ v: SCHEMA_VERSION, id: newId(), type: 'alarm.button_pressed', data: {} });
const presses = () => b!.edge.outbox().readLane('alarm', 0, 1000).filter((r) => JSON.parse(r.body).type === 'alarm.button_pressed').length;

const packet = (p: object): Buffer => mqttPacket.generate(p as mqttPacket.Packet);
const connectPacket = (id: string, extra: object = {}) =>
  packet({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: id, username: id, password: Buffer.from(`demo-${id}`), ...extra });
const publishPacket = (topic: string, payload: string | Buffer, messageId: number) => packet({ cmd: 'publish', topic, payload, qos: 1, messageId, retain: false, dup: false });
/** A PUBLISH fixed header announcing `bytes` of remaining length (the body never follows). */
const hugeHeader = (bytes: number): Buffer => mqttFixedHeader(0x32, bytes);

async function rawSocket(port: number): Promise<{ sock: Socket; closed: Promise<void>; received: () => Buffer }> {
  const sock = connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  sockets.push(sock);
  sock.on('error', () => undefined);
  const chunks: Buffer[] = [];
  sock.on('data', (d: Buffer) => chunks.push(d));
  const closed = new Promise<void>((r) => sock.once('close', () => r()));
  await once(sock, 'connect');
  return { sock, closed, received: () => Buffer.concat(chunks) };
}
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('client id bound to the login', () => {
  it("another device's credentials cannot take over a device's session, its will does not fire, its commands stay its own", async () => {
    b = await buildEdge();
    const victim = track(await connectDevice(b.port, {
      ...deviceLogin('column-1'), clean: false,
      will: { topic: topics.deviceAvailability('column-1'), payload: Buffer.from('offline'), qos: 1, retain: true },
    }));
    await victim.subscribeAsync(topics.deviceCommand('column-1'), { qos: 1 });
    await victim.publishAsync(topics.deviceAvailability('column-1'), 'online', { qos: 1, retain: true });
    let victimClosed = false;
    victim.on('close', () => (victimClosed = true));
    const victimGot: string[] = [];
    victim.on('message', (_t, p) => victimGot.push(p.toString()));

    // column-2's valid credentials, column-1's client id.
    await expect(connectDevice(b.port, { username: 'column-2', password: 'demo-column-2', clientId: 'column-1', clean: false }))
      .rejects.toThrow(/identifier rejected/i);
    // A made-up client id with valid credentials is refused too (the id is the login).
    await expect(connectDevice(b.port, { username: 'column-2', password: 'demo-column-2', clientId: 'mqttjs_1234' })).rejects.toThrow(/identifier rejected/i);
    expect(b.edge.status().broker.identityRefusals).toBe(2);

    await b.edge.localPublish(topics.deviceCommand('column-1'), '{"for":"column-1"}', { qos: 1 });
    await waitFor(() => victimGot.includes('{"for":"column-1"}'), { what: 'command delivered to the real column-1' });
    expect(victimClosed).toBe(false);
    expect(b.edge.status().devices.find((d) => d.id === 'column-1')?.online).toBe(true);
    const offline = b.edge.outbox().readLane('alarm', 0, 1000).concat(b.edge.outbox().readLane('normal', 0, 1000))
      .filter((r) => JSON.parse(r.body).type === 'device.offline');
    expect(offline).toHaveLength(0);
  });

  it('a device reconnecting with its own login and client id still replaces its stale session', async () => {
    b = await buildEdge();
    const first = track(await connectDevice(b.port, deviceLogin('column-1')));
    const firstClosed = new Promise<void>((r) => first.once('close', () => r()));
    const second = track(await connectDevice(b.port, deviceLogin('column-1')));
    await firstClosed;
    await second.publishAsync(topics.deviceEvent('column-1'), pressed(), { qos: 1 });
    expect(presses()).toBe(1);
  });
});

describe('last wills checked at CONNECT', () => {
  it("refuses a will on another device's topic, and on its own command topic; accepts its own availability", async () => {
    b = await buildEdge();
    await expect(connectDevice(b.port, { ...deviceLogin('column-1'), will: { topic: topics.deviceEvent('column-2'), payload: Buffer.from(pressed()), qos: 1, retain: false } }))
      .rejects.toThrow(/not authorized/i);
    await expect(connectDevice(b.port, { ...deviceLogin('column-1'), will: { topic: topics.deviceCommand('column-1'), payload: Buffer.from('{}'), qos: 1, retain: false } }))
      .rejects.toThrow(/not authorized/i);
    await expect(connectDevice(b.port, { ...deviceLogin('column-1'), will: { topic: 'yg/other', payload: Buffer.from('x'), qos: 0, retain: true } }))
      .rejects.toThrow(/not authorized/i);
    expect(b.edge.status().broker.identityRefusals).toBe(3);
    const ok = track(await connectDevice(b.port, { ...deviceLogin('column-1'), will: { topic: topics.deviceAvailability('column-1'), payload: Buffer.from('offline'), qos: 1, retain: true } }));
    expect(ok.connected).toBe(true);
    expect(presses()).toBe(0);
  });
});

describe('packet guard', () => {
  it('closes an unauthenticated CONNECT announcing hundreds of MB at once, before login', async () => {
    b = await buildEdge();
    const { sock, closed } = await rawSocket(b.port);
    sock.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x01])); // CONNECT, remaining length 2 MiB
    sock.write(Buffer.alloc(64 * 1024, 0x41));
    await closed;
    expect(b.edge.status().broker.badByReason.OVERSIZE_PACKET).toBe(1);
    expect(b.edge.status().broker.authFailures).toBe(0);
  });

  it('caps CONNECT itself at a few KiB (a 300 MB stream never gets buffered)', async () => {
    b = await buildEdge();
    const { sock, closed } = await rawSocket(b.port);
    const big = connectPacket('column-1', { password: Buffer.alloc(8 * 1024, 0x61) });
    let written = 0;
    const pump = async () => {
      sock.write(big);
      written += big.length;
      while (!sock.destroyed && written < 300 * 1024 * 1024) {
        if (!sock.write(Buffer.alloc(64 * 1024, 0x41))) await Promise.race([new Promise((r) => sock.once('drain', r)), closed]);
        written += 64 * 1024;
      }
    };
    await Promise.all([pump(), closed]);
    expect(written).toBeLessThan(300 * 1024 * 1024);
    expect(b.edge.status().broker.badByReason.OVERSIZE_PACKET).toBe(1);
  });

  it('keeps step when packets share a TCP chunk: CONNECT + the header of a 2 MB PUBLISH in one write', async () => {
    b = await buildEdge();
    const { sock, closed } = await rawSocket(b.port);
    sock.write(Buffer.concat([connectPacket('column-1'), hugeHeader(2 * 1024 * 1024), Buffer.alloc(100, 0x41)]));
    // Keep streaming the body: the guard must close the connection, not buffer 2 MB.
    for (let i = 0; i < 40 && !sock.destroyed; i++) {
      sock.write(Buffer.alloc(64 * 1024, 0x41));
      await tick(5);
    }
    await closed;
    expect(b.edge.status().broker.badByReason.OVERSIZE_PACKET).toBe(1);
    expect(presses()).toBe(0);
  });

  it('keeps step with several packets in one write and a packet split byte by byte across writes', async () => {
    b = await buildEdge();
    const { sock, closed, received } = await rawSocket(b.port);
    const t = topics.deviceEvent('column-1');
    // CONNECT + three events in one write.
    sock.write(Buffer.concat([connectPacket('column-1'), publishPacket(t, pressed(), 1), publishPacket(t, pressed(), 2), publishPacket(t, pressed(), 3)]));
    await waitFor(() => presses() === 3, { what: 'three events from one chunk' });
    // One event, one byte per write.
    const split = publishPacket(t, pressed(), 4);
    for (const byte of split) {
      sock.write(Buffer.from([byte]));
      await tick(2);
    }
    await waitFor(() => presses() === 4, { what: 'the event split byte by byte' });
    // A small event and an oversize header cut in the middle of its length bytes, across writes.
    const head = hugeHeader(5 * 1024 * 1024);
    sock.write(Buffer.concat([publishPacket(t, pressed(), 5), head.subarray(0, 2)]));
    await tick();
    sock.write(head.subarray(2));
    await closed;
    expect(presses()).toBe(5);
    expect(b.edge.status().broker.badByReason.OVERSIZE_PACKET).toBe(1);
    // Events 1-4 got their PUBACK; the 5th was stored, but its PUBACK may lose the race with the close
    // (the device resends it and the event id absorbs the copy).
    const acks = [...received()].filter((x, i, all) => x === 0x40 && all[i + 1] === 0x02).length;
    expect(acks).toBeGreaterThanOrEqual(4);
  });

  it('closes a connection whose packet drips in slower than the limit, before and after login', async () => {
    b = await buildEdge({ broker: { host: '127.0.0.1', port: 0, wsPort: null, maxPacketMs: 400 } });
    // Before login: half a CONNECT, then silence.
    const pre = await rawSocket(b.port);
    const c = connectPacket('column-1');
    pre.sock.write(c.subarray(0, 10));
    await pre.closed;
    // After login: half a PUBLISH, one byte at a time, slower than allowed.
    const post = await rawSocket(b.port);
    post.sock.write(connectPacket('column-1'));
    await waitFor(() => post.received().length >= 4, { what: 'CONNACK' });
    const p = publishPacket(topics.deviceEvent('column-1'), pressed(), 1);
    let sent = 0;
    while (!post.sock.destroyed && sent < p.length - 1) {
      post.sock.write(p.subarray(sent, sent + 1));
      sent++;
      await tick(100);
    }
    await post.closed;
    expect(sent).toBeLessThan(p.length - 1);
    expect(b.edge.status().broker.badByReason.SLOW_PACKET).toBe(2);
    expect(presses()).toBe(0);
  });
});

describe('password checks', () => {
  it('run off the event loop', async () => {
    const logins = new DeviceLogins(testSite());
    // scrypt takes tens of ms on the thread pool: the event loop turns while it runs.
    let turned = false;
    setImmediate(() => (turned = true));
    expect(await logins.check('column-2', Buffer.from('wrong'))).toBeNull();
    expect(turned).toBe(true);
    turned = false;
    setImmediate(() => (turned = true));
    const who = await logins.check('column-1', Buffer.from('demo-column-1'));
    expect(who?.deviceId).toBe('column-1');
    expect(turned).toBe(true);
  });

  it('back off per source: repeated wrong passwords wait longer and longer, a flood of parallel guesses is refused at once', async () => {
    b = await buildEdge({ broker: { host: '127.0.0.1', port: 0, wsPort: null, loginBackoff: { freeFailures: 2, baseDelayMs: 200, maxDelayMs: 2000, maxWaiting: 4 } } });
    const started = performance.now();
    for (let i = 0; i < 5; i++) {
      await expect(connectDevice(b.port, { username: 'column-1', password: `guess-${i}`, clientId: 'column-1' })).rejects.toThrow(/Bad username or password/i);
    }
    // Failures 3, 4 and 5 waited at least 200 + 400 + 800 ms (a lower bound: load only adds to it).
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400);
    const parallel = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => connectDevice(b!.port, { username: 'column-1', password: `p-${i}`, clientId: 'column-1' })));
    const reasons = parallel.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'connected'));
    expect(reasons).not.toContain('connected');
    expect(reasons.filter((m) => /Server unavailable/i.test(m)).length).toBeGreaterThanOrEqual(8);
  }, 60_000);

  it('a client hammering wrong passwords does not stop an alarm: the PUBACK comes and the siren rule fires', async () => {
    const site = testSite({
      rules: [{ id: 'door-forced', when: { event: 'gate.forced_open' }, then: [{ do: 'siren', column: 'nearest', pattern: 'alarm', durationS: 30 }] }],
    });
    b = await buildEdge({
      site,
      adapters: (s, ctx) => createAdapters(s, ctx),
      rules: createRulesEngine,
      cloud: { gatewayId: 'gw-test', mqttUrl: 'mqtt://127.0.0.1:1', cloudSigningKey: 'unused-key-unused-key-unused-key-unused-key' },
      forwarder: { reconnectPeriodMs: 60_000 },
    });
    const column = track(await connectDevice(b.port, deviceLogin('column-1')));
    await column.subscribeAsync(topics.deviceCommand('column-1'), { qos: 1 });
    const commands: DeviceCommand[] = [];
    column.on('message', (_t, p) => {
      const r = decodePayload(deviceCommand, p);
      if (r.ok) commands.push(r.value);
    });
    await column.publishAsync(topics.deviceAvailability('column-1'), 'online', { qos: 1, retain: true });
    const gate = track(await connectDevice(b.port, deviceLogin('gate-1')));

    let hammering = true;
    let guesses = 0;
    const port = b.port;
    const hammer = async () => {
      while (hammering) {
        guesses++;
        await connectDevice(port, { username: 'gate-1', password: `guess-${guesses}`, clientId: 'gate-1', connectTimeout: 30_000 }).then((c) => c.end(true), () => undefined);
      }
    };
    const hammers = Array.from({ length: 8 }, hammer);
    await waitFor(() => guesses >= 12 && b!.edge.status().broker.authFailures >= 3, { what: 'the hammering under way' });
    // The PUBACK resolves publishAsync; a generous bound proves delivery, not speed.
    await gate.publishAsync(topics.deviceEvent('gate-1'), encode({ v: SCHEMA_VERSION, id: newId(), type: 'gate.forced_open', data: {} }), { qos: 1 });
    const siren = await waitFor(() => commands.find((c) => c.action === 'siren.start'), { what: 'siren command while passwords are hammered', timeoutMs: 20_000 });
    expect(siren).toMatchObject({ action: 'siren.start', params: { pattern: 'alarm' } });
    hammering = false;
    // The hammers' last attempts are still waiting their turn; stopping the broker ends them.
    void Promise.all(hammers);
  }, 60_000);
});
