/**
 * Attack parts `ingress-mqtt` and `ingress-payloads`: the cloud's embedded MQTT ingress (a real
 * cloud: Fastify, SQLite, aedes, demo seed) against gateways that must not get in (wrong or no
 * credentials, client-id takeover, other gateways' topics and wills, oversize and slow packets) and
 * against malformed batches and malformed events inside well-formed batches. A legitimate gateway
 * (from 127.0.0.1) proves after each group that batches are still stored and acked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { connectGatewaySim, startCloud, type GatewaySim, type RunningCloud } from '@yardguard/cloud';
import { encode, exampleEventData, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { freePort } from '@yardguard/test/servers';
import { createTally, type Tally } from './helpers/tally.js';
import { tryConnect } from './helpers/edge-agent.js';
import { rawConnection, within } from './helpers/edge-under-attack.js';
import { batchCorpus, malformedFrom } from './helpers/malformed-corpus.js';

const mqttTally = createTally('ingress-mqtt');
const payloadTally = createTally('ingress-payloads');
let running: RunningCloud;
let dir: string;
let url: string;
let port: number;
let small: string;
let large: string;
let legit: GatewaySim;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yg-attack-cloud-'));
  port = await freePort();
  running = await startCloud({
    config: { dataDir: dir, mqtt: { mode: 'embedded', host: '127.0.0.1', port }, publicMqttUrl: `mqtt://127.0.0.1:${port}`, loginRateLimit: 10_000, publicRateLimit: 10_000 },
    seedDemo: true, logger: false, httpPort: await freePort(), httpHost: '127.0.0.1',
  });
  url = `mqtt://127.0.0.1:${port}`;
  small = running.demo!.gateways.small;
  large = running.demo!.gateways.large;
  legit = await connectGatewaySim({ url, gatewayId: small, compoundId: running.demo!.compounds.small, password: `demo-${small}` });
}, 120_000);
afterAll(async () => {
  await legit?.close().catch(() => undefined);
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
  const m = mqttTally.report();
  const p = payloadTally.report();
  expect([...m.let_in, ...p.let_in], 'attacks that got in').toEqual([]);
  expect(m.crashed + p.crashed, 'attacks that crashed or stopped the cloud').toBe(0);
});

const stored = async (eventId: string) => Boolean(await running.cloud.db.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst());

/** A batch from the legitimate gateway is stored and acked. */
async function stillServes(tally: Tally, after: string): Promise<boolean> {
  try {
    const ev = legit.event('gate.door_opened', 'gate-main');
    const ack = await Promise.race([legit.sendBatch([ev]), new Promise<never>((_, r) => setTimeout(() => r(new Error('no ack in 30 s')), 30_000))]);
    if (ack.committed.length === 1 && (await stored(ev.id))) return true;
    tally.crashed(`${after}: the legitimate batch was not stored`);
  } catch (err) {
    tally.crashed(`${after}: the ingress stopped serving (${(err as Error).message})`);
  }
  return false;
}

async function mustNotConnect(what: string, opts: Parameters<typeof tryConnect>[1]): Promise<void> {
  try {
    const c = await tryConnect(url, opts);
    mqttTally.letIn(what);
    c.end(true);
  } catch {
    mqttTally.refused(what);
  }
}

const gwLogin = (id: string) => ({ clientId: id, username: id, password: `demo-${id}` });

describe('cloud MQTT ingress under attack', () => {
  it('refuses unauthenticated, wrong-credential and takeover logins, and wills on other gateways\' topics', async () => {
    const a = '127.0.0.5';
    const attempts: [string, Parameters<typeof tryConnect>[1]][] = [
      ['no credentials', { clientId: small, source: a }],
      ['username without password', { clientId: small, username: small, source: a }],
      ['wrong password', { ...gwLogin(small), password: 'demo-x', source: a }],
      ['another gateway\'s password', { ...gwLogin(small), password: `demo-${large}`, source: a }],
      ['unknown gateway', { ...gwLogin('gw-nobody'), source: a }],
      ['admin', { clientId: 'admin', username: 'admin', password: 'admin', source: a }],
      ['MQTT 5 with valid credentials', { ...gwLogin(large), protocolVersion: 5, source: a }],
      [`${large}'s credentials with ${small}'s client id`, { ...gwLogin(large), clientId: small, source: '127.0.0.6' }],
      [`${large} with a made-up client id`, { ...gwLogin(large), clientId: `${large}-2`, source: '127.0.0.6' }],
      ...[topics.gatewayEvents(small), topics.gatewayAvailability(small), topics.gatewayCommand(large), topics.gatewayAck(large), 'yg/d/x/event', 'other'].map(
        (topic): [string, Parameters<typeof tryConnect>[1]] => [`${large} with a will on ${topic}`, { ...gwLogin(large), source: '127.0.0.6', will: { topic, payload: Buffer.from('{}'), qos: 1, retain: true } }]),
    ];
    let legitClosed = false;
    legit.client.on('close', () => (legitClosed = true));
    await Promise.all(attempts.map(([what, o]) => mustNotConnect(what, o)));
    if (legitClosed) mqttTally.letIn(`the legitimate ${small} was kicked off`);
    else mqttTally.refused('legitimate session kept');
    expect(await stillServes(mqttTally, 'logins')).toBe(true);
  }, 120_000);

  it("refuses publishing and subscribing on other gateways' topics (nothing stored)", async () => {
    // The attacker is the other demo gateway (large), with its own valid login; the victim is small.
    const ev = { v: SCHEMA_VERSION, id: newId(), compoundId: running.demo!.compounds.small, gatewayId: small, deviceId: 'gate-main', seq: 1, occurredAt: new Date().toISOString(), type: 'gate.door_opened', data: {} };
    const batch = (gw: string) => encode({ v: SCHEMA_VERSION, gatewayId: gw, batchId: `b-${newId()}`, sentAt: new Date().toISOString(), events: [ev] });
    const pubs: [string, string][] = [
      [topics.gatewayEvents(small), batch(small)], [topics.gatewayResult(small), '{}'], [topics.gatewayAvailability(small), 'offline'],
      [topics.gatewayCommand(large), '{}'], [topics.gatewayAck(large), '{}'], [topics.gatewayCommand(small), '{}'], [topics.gatewayAck(small), '{}'],
      ['yg/gw/+/up/events', batch(small)], ['$SYS/x', 'x'], ['yg/d/gate-main/cmd', '{}'],
    ];
    for (const [topic, payload] of pubs) {
      const c = await tryConnect(url, gwLogin(large));
      const closed = new Promise<void>((r) => c.once('close', () => r()));
      c.publish(topic, payload, { qos: 1 });
      if (await within(closed, 10_000)) mqttTally.refused(`publish on ${topic}`);
      else mqttTally.letIn(`${large} kept its connection after publishing on ${topic}`);
      c.end(true);
    }
    if (await stored(ev.id)) mqttTally.letIn(`${large} stored an event as ${small}`);
    else mqttTally.refused('cross-gateway event');
    // A refused subscription closes the connection here (the edge answers SUBACK 128): either is a refusal.
    for (const f of [topics.gatewayCommand(small), topics.gatewayAck(small), 'yg/gw/+/down/cmd', 'yg/#', '#', '$SYS/#', topics.gatewayEvents(large), 'yg/gw/+/up/#']) {
      const c = await tryConnect(url, gwLogin(large));
      const closed = new Promise<'closed'>((r) => c.once('close', () => r('closed')));
      const granted = await Promise.race([c.subscribeAsync(f, { qos: 1 }).catch(() => 'error' as const), closed]);
      if (Array.isArray(granted) && granted.some((g) => g.qos !== 128)) mqttTally.letIn(`${large} subscribed to ${f}`);
      else mqttTally.refused(f);
      c.end(true);
    }
    expect(await stillServes(mqttTally, 'cross-gateway topics')).toBe(true);
  }, 120_000);

  it('closes oversize and slow-drip packets before and after login', async () => {
    const a = '127.0.0.7';
    const connect = (id: string) => mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: id, username: id, password: Buffer.from(`demo-${id}`) } as mqttPacket.Packet);
    const cases: [string, (s: Socket) => Promise<void>, boolean][] = [
      ['unauthenticated CONNECT announcing 256 MB', async (s) => void s.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f])), true],
      ['unauthenticated CONNECT with a 64 KiB password', async (s) => void s.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: large, username: large, password: Buffer.alloc(65536, 0x61) } as mqttPacket.Packet)), true],
      ['CONNECT + a 100 MB PUBLISH header in one chunk', async (s) => void s.write(Buffer.concat([connect(large), Buffer.from([0x32, 0x80, 0x80, 0x80, 0x32])])), true],
      ['half a CONNECT, then silence', async (s) => void s.write(connect(large).subarray(0, 12)), false],
    ];
    await Promise.all(cases.map(async ([what, send, stream]) => {
      const { sock, closed } = await rawConnection(port, a);
      await send(sock);
      let sent = 0;
      while (stream && !sock.destroyed && sent < 4 * 1024 * 1024) {
        if (!sock.write(Buffer.alloc(64 * 1024, 0x41))) await Promise.race([new Promise((r) => sock.once('drain', r)), closed]);
        sent += 64 * 1024;
      }
      // The ingress allows 30 s per packet (a big batch on a weak 4G link) and aedes 30 s for CONNECT.
      if (await within(closed, 45_000)) mqttTally.refused(what);
      else mqttTally.letIn(`${what}: connection still open`);
      sock.destroy();
    }));
    expect(await stillServes(mqttTally, 'oversize and slow packets')).toBe(true);
  }, 120_000);
});

describe('malformed payloads at the cloud ingress', () => {
  it('drops malformed batches (no ack, nothing stored)', async () => {
    // Published by the other demo gateway (large) on its own topic: the legitimate small keeps its session.
    const corpus = batchCorpus(large);
    let c = await tryConnect(url, gwLogin(large));
    const acks: string[] = [];
    const watch = (client: typeof c) => {
      void client.subscribeAsync(topics.gatewayAck(large), { qos: 1 });
      client.on('message', (_t, p) => acks.push(p.toString()));
    };
    watch(c);
    for (const item of corpus) {
      if (!c.connected) {
        c.end(true);
        c = await tryConnect(url, gwLogin(large));
        watch(c);
      }
      const client = c;
      await new Promise<void>((resolve) => {
        const onClose = () => resolve();
        client.once('close', onClose);
        client.publishAsync(topics.gatewayEvents(large), item.payload, { qos: 1 }).then(() => resolve(), () => resolve()).finally(() => client.off('close', onClose));
      });
    }
    const alive = await stillServes(payloadTally, 'malformed batches');
    c.end(true);
    // The corpus batches all use batchId b-attack (or a broken one): an ack naming it means one was taken.
    const taken = acks.filter((a) => a.includes('"b-attack"'));
    for (const a of taken) payloadTally.letIn(`a malformed batch was acked: ${a.slice(0, 160)}`);
    for (let i = taken.length; i < corpus.length; i++) payloadTally.refused();
    expect(alive).toBe(true);
  }, 180_000);

  it('rejects malformed events inside well-formed batches (never committed)', async () => {
    const base = { v: SCHEMA_VERSION, id: newId(), compoundId: running.demo!.compounds.small, gatewayId: small, deviceId: 'gate-main', seq: 1, occurredAt: new Date().toISOString(), type: 'gate.access_granted', data: exampleEventData['gate.access_granted'] as Record<string, string> };
    const items = malformedFrom(base, { prefix: 'stamped event', required: ['v', 'id', 'compoundId', 'gatewayId', 'deviceId', 'seq', 'type', 'data', 'occurredAt'], strictChild: 'data', maxBytes: 16 * 1024 })
      .flatMap((item) => {
        try {
          const value: unknown = JSON.parse(item.payload.toString('utf8'));
          // Padding beside valid fields is stripped, not malformed: a batch has no per-event size cap.
          // Nesting past the device cap does not fit a batch of the test's own JSON encoder either.
          return (item.category === 'huge-string' && item.name.includes(' pad')) || item.name.endsWith('past the cap') ? [] : [{ ...item, value }];
        } catch {
          return [];
        }
      });
    expect(items.length).toBeGreaterThanOrEqual(100);
    for (const item of items) {
      try {
        const ack = await Promise.race([legit.sendBatch([item.value]), new Promise<never>((_, r) => setTimeout(() => r(new Error('no ack')), 20_000))]);
        if (ack.committed.length > 0) payloadTally.letIn(`${item.name}: committed`);
        else payloadTally.refused(item.name);
      } catch (err) {
        payloadTally.crashed(`${item.name}: ${(err as Error).message}`);
      }
    }
    expect(await stillServes(payloadTally, 'malformed events')).toBe(true);
  }, 240_000);
});
