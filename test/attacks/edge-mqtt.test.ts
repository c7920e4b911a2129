/**
 * Attack part `edge-mqtt`: MQTT clients against the real edge agent (a child process) that must not
 * get in: unauthenticated and wrong-credential logins, client-id takeover, publishing, subscribing
 * and willing on another device's topics, oversize and slow-drip packets before and after login,
 * garbage on the socket. After each group a legitimate alarm must still reach the cloud.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import type { MqttClient } from 'mqtt';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { mqttFixedHeader } from '@yardguard/firmware-config/node';
import { createTally } from './helpers/tally.js';
import { COLUMNS, DEVICES, devicePassword, deviceLogin, GATES, tryConnect } from './helpers/edge-agent.js';
import { alarmPress, rawConnection, startEdgeUnderAttack, within, type EdgeUnderAttack } from './helpers/edge-under-attack.js';

const tally = createTally('edge-mqtt');
let t: EdgeUnderAttack;
/** The broker backs off failed logins per source: each group of attacks comes from its own address. */
let attacker = '127.0.0.2';

beforeAll(async () => {
  t = await startEdgeUnderAttack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
  const r = tally.report();
  expect(r.let_in, 'attacks that got in').toEqual([]);
  expect(r.crashed, 'attacks that crashed or stopped the edge').toBe(0);
});

/** A login that must be refused. */
async function mustNotConnect(what: string, opts: Parameters<typeof tryConnect>[1]): Promise<void> {
  try {
    const c = await tryConnect(t.edge.url, { source: attacker, ...opts });
    tally.letIn(what);
    c.end(true);
  } catch {
    tally.refused(what);
  }
}

const packet = (p: object): Buffer => mqttPacket.generate(p as mqttPacket.Packet);
const connectPacket = (id: string) =>
  packet({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: id, username: id, password: Buffer.from(devicePassword(id)) });
/** A fixed header announcing `bytes` of remaining length, for packet type byte `type`. */
const header = mqttFixedHeader;

describe('edge broker under attack', () => {
  it('refuses unauthenticated and wrong-credential logins', async () => {
    const attempts: [string, Parameters<typeof tryConnect>[1]][] = [
      ['no credentials', { clientId: 'column-1' }],
      ['no credentials, no client id', {}],
      ['username without password', { clientId: 'column-1', username: 'column-1' }],
      ['empty password', { clientId: 'column-1', username: 'column-1', password: '' }],
      ...DEVICES.map((d): [string, Parameters<typeof tryConnect>[1]] => [`wrong password for ${d}`, { clientId: d, username: d, password: `${devicePassword(d)}x` }]),
      ...DEVICES.map((d): [string, Parameters<typeof tryConnect>[1]] => [`another device's password for ${d}`, { clientId: d, username: d, password: devicePassword(d === 'gate-1' ? 'gate-2' : 'gate-1') }]),
      ...['admin', 'root', 'gw-attack', '$SYS', ' ', 'column-1 ', 'COLUMN-1', '门', 'x'.repeat(5000)].map((u): [string, Parameters<typeof tryConnect>[1]] => [`unknown user ${u.slice(0, 20)}`, { clientId: u.slice(0, 60) || 'x', username: u, password: 'demo' }]),
      ['password hash as password', { clientId: 'column-1', username: 'column-1', password: (t.edge.site.alarmColumns[0] as unknown as { mqtt: { passwordHash: string } }).mqtt.passwordHash }],
      ['MQTT 5 with valid credentials', { ...deviceLogin('column-1'), protocolVersion: 5 }],
      ['MQTT 3.1 with a 40-character client id', { ...deviceLogin('column-1'), protocolVersion: 3, protocolId: 'MQIsdp', clientId: 'c'.repeat(40) }],
    ];
    // In parallel: the broker backs off this source, so sequential guesses would take minutes.
    await Promise.all(attempts.map(([what, opts]) => mustNotConnect(what, opts)));
    expect(await t.stillServes(tally, 'wrong credentials')).toBe(true);
  }, 120_000);

  it('refuses client-id takeover with another device\'s valid credentials', async () => {
    attacker = '127.0.0.3';
    const victim = await tryConnect(t.edge.url, { ...deviceLogin('column-1'), clean: false, will: { topic: topics.deviceAvailability('column-1'), payload: Buffer.from('offline'), qos: 1, retain: true } });
    let victimClosed = false;
    victim.on('close', () => (victimClosed = true));
    for (const intruder of [...GATES, 'column-2']) {
      await mustNotConnect(`${intruder}'s credentials with column-1's client id`, { clientId: 'column-1', username: intruder, password: devicePassword(intruder), clean: false });
    }
    for (const d of DEVICES) {
      await mustNotConnect(`${d} with a client id that is not its own`, { clientId: `${d}-other`, username: d, password: devicePassword(d) });
    }
    await new Promise((r) => setTimeout(r, 300));
    if (victimClosed) tally.letIn('the victim column-1 was kicked off by a takeover attempt');
    else tally.refused('victim kept its session');
    victim.end(true);
    expect(await t.stillServes(tally, 'takeover')).toBe(true);
  }, 120_000);

  it("refuses publishing on another device's topics, and stores nothing of it", async () => {
    const markers: [string, string][] = [];
    for (const victim of DEVICES.filter((d) => d !== 'column-1')) {
      for (const kind of ['event', 'heartbeat', 'availability', 'cmd', 'cmd/result'] as const) {
        const c = await tryConnect(t.edge.url, deviceLogin('column-1'));
        const closed = new Promise<void>((r) => c.once('close', () => r()));
        const id = newId();
        const topic = kind === 'event' ? topics.deviceEvent(victim) : kind === 'heartbeat' ? topics.deviceHeartbeat(victim)
          : kind === 'availability' ? topics.deviceAvailability(victim) : kind === 'cmd' ? topics.deviceCommand(victim) : topics.deviceCommandResult(victim);
        c.publish(topic, kind === 'availability' ? 'offline' : alarmPress(id), { qos: 1 });
        markers.push([`column-1 published on ${topic}`, id]);
        if (!(await within(closed, 10_000))) tally.letIn(`column-1 kept its connection after publishing on ${topic}`);
        c.end(true);
      }
    }
    for (const topic of ['yg/gw/gw-attack/up/events', 'yg/gw/gw-attack/down/cmd', '$SYS/x', 'yg/d/+/event', 'yg/#', 'other/topic']) {
      const c = await tryConnect(t.edge.url, deviceLogin('column-1'));
      const closed = new Promise<void>((r) => c.once('close', () => r()));
      const id = newId();
      c.publish(topic, alarmPress(id), { qos: 1 });
      markers.push([`column-1 published on ${topic}`, id]);
      if (!(await within(closed, 10_000))) tally.letIn(`column-1 kept its connection after publishing on ${topic}`);
      c.end(true);
    }
    expect(await t.stillServes(tally, 'cross-device publish')).toBe(true);
    // The canary came through after every attack's publish: anything stored would have come first.
    for (const [what, id] of markers) {
      if (t.delivered(id)) tally.letIn(`${what}: stored and forwarded`);
      else tally.refused(what);
    }
  }, 180_000);

  it("refuses subscriptions to other devices' commands and wildcards", async () => {
    const c = await tryConnect(t.edge.url, deviceLogin('column-1'));
    const filters = [...DEVICES.filter((d) => d !== 'column-1').map((d) => topics.deviceCommand(d)), 'yg/d/+/cmd', 'yg/d/#', 'yg/#', '#', '+/+/+/+', '$SYS/#',
      topics.deviceEvent('column-2'), topics.gatewayCommand('gw-attack'), topics.gatewayAck('gw-attack'), topics.deviceCommand('column-1') + '/#'];
    for (const f of filters) {
      try {
        const granted = await c.subscribeAsync(f, { qos: 1 });
        if (granted.some((g) => g.qos !== 128)) tally.letIn(`column-1 subscribed to ${f}`);
        else tally.refused(f);
      } catch {
        tally.refused(f);
      }
    }
    c.end(true);
    expect(await t.stillServes(tally, 'subscriptions')).toBe(true);
  }, 60_000);

  it("refuses last wills on another device's topics", async () => {
    const wills = [...DEVICES.filter((d) => d !== 'column-1').flatMap((d) => [topics.deviceEvent(d), topics.deviceAvailability(d), topics.deviceCommandResult(d)]),
      topics.deviceCommand('column-1'), topics.gatewayEvents('gw-attack'), 'yg/anything'];
    for (const topic of wills) {
      await mustNotConnect(`column-1 with a will on ${topic}`, { ...deviceLogin('column-1'), source: '127.0.0.1', will: { topic, payload: Buffer.from(alarmPress()), qos: 1, retain: true } });
    }
    expect(await t.stillServes(tally, 'wills')).toBe(true);
  }, 60_000);

  it('closes oversize packets before and after login, however they are cut into TCP chunks', async () => {
    attacker = '127.0.0.4';
    const cases: [string, (s: import('node:net').Socket) => Promise<void>][] = [
      ['unauthenticated CONNECT announcing 256 MB', async (s) => void s.write(header(0x10, 256 * 1024 * 1024 - 1))],
      ['unauthenticated CONNECT of 64 KiB (a big password)', async (s) => void s.write(packet({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 0, clientId: 'column-1', username: 'column-1', password: Buffer.alloc(64 * 1024, 0x61) }))],
      ['CONNECT + a 200 MB PUBLISH header in one chunk', async (s) => void s.write(Buffer.concat([connectPacket('column-1'), header(0x32, 200 * 1024 * 1024)]))],
      ['a 200 MB PUBLISH header split across writes after login', async (s) => {
        s.write(connectPacket('column-1'));
        await new Promise((r) => setTimeout(r, 500));
        const h = header(0x32, 200 * 1024 * 1024);
        for (const b of h) {
          s.write(Buffer.from([b]));
          await new Promise((r) => setTimeout(r, 20));
        }
      }],
      ['a remaining length of five bytes', async (s) => void s.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f]))],
    ];
    await Promise.all(cases.map(async ([what, send]) => {
      const { sock, closed } = await rawConnection(t.edge.port, attacker);
      await send(sock);
      // Stream body bytes until the broker hangs up (or 4 MB, which it must never have buffered).
      let sent = 0;
      while (!sock.destroyed && sent < 4 * 1024 * 1024) {
        if (!sock.write(Buffer.alloc(64 * 1024, 0x41))) await Promise.race([new Promise((r) => sock.once('drain', r)), closed]);
        sent += 64 * 1024;
      }
      if (await within(closed, 15_000)) tally.refused(what);
      else tally.letIn(`${what}: connection still open`);
      sock.destroy();
    }));
    expect(await t.stillServes(tally, 'oversize packets')).toBe(true);
  }, 120_000);

  it('closes slow-drip packets before and after login', async () => {
    const cases: [string, (s: import('node:net').Socket) => Promise<void>][] = [
      ['half a CONNECT, then silence', async (s) => void s.write(connectPacket('column-1').subarray(0, 12))],
      ['a CONNECT one byte every 2 s', async (s) => {
        for (const b of connectPacket('column-1')) {
          if (s.destroyed) return;
          s.write(Buffer.from([b]));
          await new Promise((r) => setTimeout(r, 2000));
        }
      }],
      ['half a PUBLISH after login, then silence', async (s) => {
        s.write(connectPacket('column-1'));
        await new Promise((r) => setTimeout(r, 500));
        s.write(packet({ cmd: 'publish', topic: topics.deviceEvent('column-1'), payload: alarmPress(), qos: 1, messageId: 1 }).subarray(0, 20));
      }],
    ];
    await Promise.all(cases.map(async ([what, drip]) => {
      const { sock, closed } = await rawConnection(t.edge.port, attacker);
      void drip(sock);
      // The agent allows 10 s per packet (and aedes 30 s for CONNECT): a generous bound proves the cut.
      if (await within(closed, 45_000)) tally.refused(what);
      else tally.letIn(`${what}: held the connection for 45 s`);
      sock.destroy();
    }));
    expect(await t.stillServes(tally, 'slow drip')).toBe(true);
  }, 120_000);

  it('survives garbage on the socket', async () => {
    const junk = [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), Buffer.alloc(4096, 0xff), Buffer.alloc(1, 0), Buffer.from([0x20, 0x02, 0, 0]),
      Buffer.from([0x30, 0x05, 0, 0x03, 0x61]), Buffer.from([0xe0, 0x00]), Buffer.from('\u0016\u0003\u0001\u0002\u0000\u0001'), Buffer.from([0x82, 0x05, 0, 1, 0, 0, 0])];
    await Promise.all(junk.map(async (j, i) => {
      const { sock, closed } = await rawConnection(t.edge.port, attacker);
      sock.write(j);
      if (await within(closed, 40_000)) tally.refused(`garbage #${i}`);
      else tally.letIn(`garbage #${i}: connection kept open`);
      sock.destroy();
    }));
    expect(await t.stillServes(tally, 'garbage')).toBe(true);
  }, 120_000);

  it('the legitimate columns were never disturbed', async () => {
    // column-2 (the canary) stayed connected the whole time; its alarms all arrived.
    expect(t.legit.connected).toBe(true);
    expect(COLUMNS).toContain('column-2');
    const c: MqttClient = await tryConnect(t.edge.url, deviceLogin('column-1'));
    const id = newId();
    await c.publishAsync(topics.deviceEvent('column-1'), encode({ v: SCHEMA_VERSION, id, type: 'alarm.button_pressed', data: {} }), { qos: 1 });
    c.end(true);
    expect(await t.stillServes(tally, 'all groups')).toBe(true);
  }, 60_000);
});
