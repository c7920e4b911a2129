/** Store-and-forward to a (fake, contract-speaking) cloud over real MQTT. */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { generateSigningKeyPair } from '@yardguard/firmware-config/node';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { startFakeCloud, type FakeCloud } from './support/fake-cloud.js';
import { connectDevice, deviceLogin, tempDir, testSite, waitFor } from './support/helpers.js';
import { formatDeadLetters, listDeadLetters, requestResend } from '../src/cli/dead-letters.js';

const run = promisify(execFile);
import type { EdgeDeps } from '../src/edge.js';

const keys = generateSigningKeyPair();
let b: BuiltEdge | undefined;
let cloud: FakeCloud | undefined;
afterEach(async () => {
  await b?.cleanup();
  await cloud?.close();
  b = undefined;
  cloud = undefined;
});

function cloudDeps(c: FakeCloud, extra: Partial<EdgeDeps> = {}): Partial<EdgeDeps> {
  return {
    cloud: { gatewayId: 'gw-test', mqttUrl: c.url(), username: 'gw-test', password: 'x', cloudSigningKey: keys.publicKey },
    forwarder: { reconnectPeriodMs: 100, ackTimeoutMs: 5_000, progressEveryMs: 200 },
    ...extra,
  };
}

const ev = (type: string, data: object = {}) => encode({ v: SCHEMA_VERSION, id: newId(), type, data });
const cloudTypes = (c: FakeCloud, deviceId: string) => c.received.filter((e) => e.deviceId === deviceId).map((e) => e.type);

describe('forwarding to the cloud', () => {
  it('sends device events in batches and deletes them only on the application ack', async () => {
    cloud = await startFakeCloud();
    b = await buildEdge(cloudDeps(cloud));
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    for (let i = 0; i < 20; i++) await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_opened'), { qos: 1 });
    await waitFor(() => cloudTypes(cloud!, 'gate-1').filter((t) => t === 'gate.door_opened').length === 20, { what: '20 events in the cloud' });
    await waitFor(() => b!.edge.outbox().depth === 0, { what: 'outbox drained' });
    const seqs = [...cloud.events.values()].map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(b.edge.status().lastAckedSeq).toBe(Math.max(...seqs));
    expect(b.edge.status().cloudLink).toBe('up');
    await dev.endAsync();
  });

  it('forwards over mqtts:// trusting the CA from the credentials', async () => {
    const dir = tempDir();
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=yardguard-test-cloud',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    cloud = await startFakeCloud({ tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert } });
    expect(cloud.url()).toMatch(/^mqtts:/);
    const deps = cloudDeps(cloud);
    b = await buildEdge({ ...deps, cloud: { ...deps.cloud!, caPem: cert } });
    await waitFor(() => [...cloud!.events.values()].some((e) => e.type === 'gateway.started'), { what: 'gateway.started over TLS' });
    expect(b.edge.status().cloudLink).toBe('up');
  });

  it('subscribes again when the broker refuses its subscription (a cluster electing leaders)', async () => {
    cloud = await startFakeCloud();
    cloud.refuseSubscriptions(4); // both topics, twice
    b = await buildEdge(cloudDeps(cloud));
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_opened'), { qos: 1 });
    // The outbox drains only on acks, which come only once the ack topic is subscribed.
    await waitFor(() => b!.edge.outbox().depth === 0, { what: 'outbox drained after the subscription was granted', timeoutMs: 20_000 });
    expect(cloud.refusedSubscriptions()).toBe(4);
    await dev.endAsync();
  });

  it('keeps events while acks are held and removes them when acks come', async () => {
    cloud = await startFakeCloud();
    cloud.holdAcks(true);
    b = await buildEdge(cloudDeps(cloud, { forwarder: { reconnectPeriodMs: 100, ackTimeoutMs: 300 }, }));
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_opened'), { qos: 1 });
    await waitFor(() => cloudTypes(cloud!, 'gate-1').filter((t) => t === 'gate.door_opened').length >= 2, { what: 'the batch resent after an ack timeout' });
    expect(b.edge.outbox().depth).toBeGreaterThan(0);
    cloud.holdAcks(false);
    await waitFor(() => b!.edge.outbox().depth === 0, { what: 'outbox drained after acks resumed' });
    // Resent copies are the same event: the cloud stores it once.
    expect([...cloud.events.values()].filter((e) => e.type === 'gate.door_opened')).toHaveLength(1);
    await dev.endAsync();
  });

  it('with the cloud down the backlog waits, then drains with alarms first', async () => {
    cloud = await startFakeCloud();
    await cloud.down();
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    // 605 events from one device in a burst: past the per-device cap a real device never reaches.
    b = await buildEdge({ ...cloudDeps(cloud), log, site: testSite({ overrides: { outbox: { maxMb: 64, devicePerS: 1_000_000, deviceBurst: 1_000_000 } } }) });
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    for (let i = 0; i < 600; i++) await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_opened'), { qos: 1 });
    for (let i = 0; i < 5; i++) await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.forced_open'), { qos: 1 });
    expect(b.edge.status().cloudLink).toBe('down');
    expect(b.edge.outbox().depth).toBeGreaterThanOrEqual(605);
    await cloud.up();
    await waitFor(() => b!.edge.outbox().depth === 0, { timeoutMs: 30_000, what: 'backlog drained' });
    const types = cloudTypes(cloud, 'gate-1');
    expect(types.filter((t) => t === 'gate.door_opened')).toHaveLength(600);
    // The alarms were published last but arrive first.
    expect(types.slice(0, 5)).toEqual(Array(5).fill('gate.forced_open'));
    // The installer sees the drain progress in the log.
    await waitFor(() => lines.some((l) => l.includes('backlog uploaded')), { what: 'backlog log line' });
    expect(lines.some((l) => /uploading backlog 0\/6\d\d/.test(l))).toBe(true);
    await dev.endAsync();
  });

  it('a batch full by bytes leaves the next row for the next batch (not skipped until a reconnect)', async () => {
    cloud = await startFakeCloud();
    await cloud.down();
    b = await buildEdge(cloudDeps(cloud));
    // 200 reports of ~2.1 KB: about 120 fill a batch's 256 KiB, far below its 500 events.
    const error = 'config field compound.name: '.padEnd(2000, 'x');
    for (let configVersion = 1; configVersion <= 200; configVersion++) {
      const env = { v: SCHEMA_VERSION, id: newId(), compoundId: 'hx-lane-12', gatewayId: 'gw-test', deviceId: 'gw-test', occurredAt: new Date().toISOString() };
      await b.edge.outbox().append(env, { type: 'gateway.config_rejected', data: { configVersion, error } });
    }
    await cloud.up();
    await waitFor(() => b!.edge.outbox().depth === 0, { what: 'every report acked', timeoutMs: 20_000 });
    const versions = cloud.received.filter((e) => e.type === 'gateway.config_rejected').map((e) => (e.data as { configVersion: number }).configVersion);
    expect(new Set(versions).size).toBe(200);
    expect(cloud.batchLog.length).toBeGreaterThanOrEqual(2);
    // Each batch ends where the next begins: no row left out in between.
    const sent = cloud.batchLog.flatMap((x) => x.seqs);
    expect(sent).toEqual([...sent].sort((x, y) => x - y));
  });

  it('dead-letters what the cloud rejects and keeps the queue moving', async () => {
    cloud = await startFakeCloud();
    cloud.rejectWhen((e) => (e.type === 'gate.tamper' ? 'tamper rejected by test' : undefined));
    b = await buildEdge(cloudDeps(cloud));
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.tamper', { detail: 'poison' }), { qos: 1 });
    for (let i = 0; i < 3; i++) await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_opened'), { qos: 1 });
    await waitFor(() => cloudTypes(cloud!, 'gate-1').filter((t) => t === 'gate.door_opened').length === 3, { what: 'events behind the poison one' });
    await waitFor(() => b!.edge.outbox().depth === 0, { what: 'outbox drained' });
    expect(b.edge.outbox().stats().deadLetters).toBe(1);
    await dev.endAsync();
  });

  it('lists dead letters and re-sends them on `dead-letters --resend`', async () => {
    cloud = await startFakeCloud();
    cloud.rejectWhen((e) => (e.type === 'gate.tamper' ? 'tamper rejected by test' : undefined));
    b = await buildEdge(cloudDeps(cloud, { deadLetterCheckMs: 50 }));
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.tamper', { detail: 'poison' }), { qos: 1 });
    await waitFor(() => b!.edge.outbox().stats().deadLetters === 1, { what: 'dead-lettered' });
    const listed = listDeadLetters(b.dataDir);
    expect(listed.total).toBe(1);
    expect(listed.rows[0]).toMatchObject({ type: 'gate.tamper', error: 'tamper rejected by test' });
    expect(formatDeadLetters(listed)).toMatch(/--resend/);
    expect((await b.edge.health()).deadLetters).toBe(1);
    // The cloud is fixed; the installer re-sends.
    cloud.rejectWhen(undefined);
    expect(requestResend(b.dataDir)).toBe(1);
    await waitFor(() => cloudTypes(cloud!, 'gate-1').includes('gate.tamper'), { what: 'the dead letter re-sent and stored' });
    await waitFor(() => b!.edge.outbox().stats().deadLetters === 0 && b!.edge.outbox().depth === 0, { what: 'dead letters empty' });
    expect(listDeadLetters(b.dataDir)).toMatchObject({ total: 0, resendPending: false });
    await dev.endAsync();
  });

  it('a slow cloud is not poison: ack timeouts back off and dead-letter nothing', async () => {
    cloud = await startFakeCloud();
    cloud.holdAcks(true);
    b = await buildEdge(cloudDeps(cloud, { forwarder: { reconnectPeriodMs: 100, ackTimeoutMs: 50, backoffMs: 20, maxInflightBatches: 16 } }));
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.forced_open'), { qos: 1 });
    // Many ack timeouts in a row (the old code dead-lettered after 5).
    await waitFor(() => b!.edge.status().uplink.ackTimeouts >= 6, { timeoutMs: 30_000, what: '6 ack timeouts' });
    expect(b.edge.outbox().stats().deadLetters).toBe(0);
    // Backing off: the wait before the next resend has grown past the configured ack timeout.
    expect(b.edge.status().uplink.backoffMs).toBeGreaterThan(20);
    cloud.holdAcks(false);
    await waitFor(() => b!.edge.outbox().depth === 0, { timeoutMs: 30_000, what: 'outbox drained once acks resumed' });
    expect(cloudTypes(cloud, 'gate-1')).toContain('gate.forced_open');
    expect(b.edge.outbox().stats().deadLetters).toBe(0);
    await dev.endAsync();
  });

  it('honours batchAck.retry: waits the afterMs the cloud asks for (no hot loop), dead-letters nothing', async () => {
    cloud = await startFakeCloud();
    cloud.retryAfter(3_000);
    b = await buildEdge(cloudDeps(cloud, { forwarder: { reconnectPeriodMs: 100, ackTimeoutMs: 60_000, backoffMs: 20, maxInflightBatches: 1 } }));
    await waitFor(() => b!.edge.status().uplink.retryAcks >= 1, { what: 'the first retry ack' });
    const batchesAtFirstRetry = cloud.batchLog.length;
    // Resending at once would send a batch per round trip (hundreds a second) here.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(cloud.batchLog.length).toBe(batchesAtFirstRetry);
    expect(b.edge.outbox().depth).toBeGreaterThan(0);
    cloud.retryAfter(undefined);
    await waitFor(() => b!.edge.outbox().depth === 0, { timeoutMs: 30_000, what: 'outbox drained once the cloud stores again' });
    expect(cloud.events.size).toBeGreaterThan(0);
    expect(b.edge.outbox().stats().deadLetters).toBe(0);
    expect(b.edge.status().uplink.backoffMs).toBe(0);
  });

  /** Acks held, ack timeout long: batches stay in flight until the test answers them. */
  async function edgeWithHeldAcksAndOneDoorEvent() {
    cloud = await startFakeCloud();
    cloud.holdAcks(true);
    b = await buildEdge(cloudDeps(cloud, { forwarder: { reconnectPeriodMs: 100, ackTimeoutMs: 60_000, maxInflightBatches: 16 } }));
    const dev = await connectDevice(b.port, deviceLogin('gate-1'));
    await waitFor(() => cloud!.batchLog.length >= 1, { what: 'the gateway.started batch' });
    await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_opened'), { qos: 1 });
    return dev;
  }

  it('ignores (and counts) acks for batches it never sent and seqs that were not in the batch', async () => {
    const dev = await edgeWithHeldAcksAndOneDoorEvent();
    await waitFor(() => cloudTypes(cloud!, 'gate-1').includes('gate.door_opened'), { what: 'the device event sent' });
    const sent = cloud!.batchLog.flatMap((x) => x.seqs);
    const depth = b.edge.outbox().depth;
    const ack = { v: SCHEMA_VERSION, gatewayId: 'gw-test', committed: sent, rejected: [], cloudTime: new Date().toISOString() };
    // A forged ack: a batch id never sent.
    await cloud!.sendAck({ ...ack, batchId: newId(), rejected: [{ seq: sent[0]!, error: 'forged' }] });
    await waitFor(() => b!.edge.status().uplink.unknownAcks === 1, { what: 'unknown ack counted' });
    expect(b.edge.outbox().depth).toBe(depth);
    expect(b.edge.outbox().stats().deadLetters).toBe(0);
    // The first batch's real id, naming every seq: only that batch's seqs go.
    const first = cloud!.batchLog[0]!;
    await cloud!.sendAck({ ...ack, batchId: first.batchId });
    await waitFor(() => b!.edge.status().uplink.unknownSeqs === sent.length - first.seqs.length, { what: 'foreign seqs counted' });
    expect(b.edge.outbox().depth).toBe(depth - first.seqs.length);
    await dev.endAsync();
  });

  it('a partial ack resends the rest of that batch, not rows in flight in other batches', async () => {
    const dev = await edgeWithHeldAcksAndOneDoorEvent();
    await waitFor(() => cloudTypes(cloud!, 'gate-1').includes('gate.door_opened'), { what: 'second batch sent' });
    await dev.publishAsync(topics.deviceEvent('gate-1'), ev('gate.door_closed'), { qos: 1 });
    await waitFor(() => cloudTypes(cloud!, 'gate-1').includes('gate.door_closed'), { what: 'third batch sent' });
    const batchOf = (type: string) => {
      const seq = cloud!.received.find((e) => e.type === type)!.seq;
      return cloud!.batchLog.findIndex((x) => x.seqs.includes(seq));
    };
    const second = cloud.batchLog[batchOf('gate.door_opened')];
    const thirdAt = batchOf('gate.door_closed');
    const third = cloud.batchLog[thirdAt];
    // Ack the second batch answering nothing: its row is resent; the third batch's is still in flight.
    await cloud!.sendAck({ v: SCHEMA_VERSION, gatewayId: 'gw-test', batchId: second!.batchId, committed: [], rejected: [], cloudTime: new Date().toISOString() });
    await waitFor(() => cloudTypes(cloud!, 'gate-1').filter((t) => t === 'gate.door_opened').length === 2, { what: 'the unanswered row resent' });
    const resent = cloud.batchLog.slice(thirdAt + 1).flatMap((x) => x.seqs);
    for (const seq of second!.seqs) expect(resent).toContain(seq);
    for (const seq of third!.seqs) expect(resent).not.toContain(seq);
    expect(cloudTypes(cloud, 'gate-1').filter((t) => t === 'gate.door_closed')).toHaveLength(1);
    await dev.endAsync();
  });
});
