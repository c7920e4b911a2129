/**
 * A tiny stand-in for the cloud ingress, speaking the real contract over a real aedes broker:
 * it decodes each eventBatch, stores events idempotently by id, and answers with a batchAck
 * naming the committed (and rejected) sequence numbers. It can go down and come back on the
 * same port, hold its acks, and reject chosen events.
 */
import { createServer, type Server, type AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { once } from 'node:events';
import { Aedes } from 'aedes';
import {
  decode,
  decodePayload,
  encode,
  event as eventSchema,
  eventBatch,
  commandResult,
  parseTopic,
  SCHEMA_VERSION,
  topicFilters,
  topics,
  type BatchAck,
  type CommandResult,
  type Event,
  type SignedCommand,
} from '@yardguard/firmware-config';

export interface FakeCloud {
  url(): string;
  /** Events stored, by id (duplicates absorbed). */
  events: Map<string, Event>;
  /** Every event received, duplicates included, in arrival order. */
  received: Event[];
  results: CommandResult[];
  batches: number;
  /** Every batch received: its id and the sequence numbers it carried, in arrival order. */
  batchLog: { batchId: string; seqs: number[] }[];
  /** Publish an ack of the test's own making (forged or partial acks). */
  sendAck(ack: BatchAck): Promise<void>;
  /** Stop acking (batches are still stored), or start again. */
  holdAcks(hold: boolean): void;
  /** Events for which this returns an error string are rejected (dead-lettered by the edge). */
  rejectWhen(fn: ((e: Event) => string | undefined) | undefined): void;
  /** While set, every batch is answered with `retry` (its database is down): nothing is stored. */
  retryAfter(afterMs: number | undefined): void;
  /** Refuse the next `count` subscriptions (SUBACK 0x80), like a clustered broker electing leaders. */
  refuseSubscriptions(count: number): void;
  /** Subscriptions refused so far. */
  refusedSubscriptions: () => number;
  sendCommand(gatewayId: string, signed: SignedCommand | string): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
  cloudTime: () => Date;
}

export async function startFakeCloud(opts: { port?: number; cloudTime?: () => Date; tls?: { key: string; cert: string } } = {}): Promise<FakeCloud> {
  let broker: Aedes | undefined;
  let server: Server | undefined;
  let port = opts.port ?? 0;
  let hold = false;
  let reject: ((e: Event) => string | undefined) | undefined;
  let retryAfterMs: number | undefined;
  let toRefuse = 0;
  let refused = 0;
  const cloudTime = opts.cloudTime ?? (() => new Date());
  const cloud: FakeCloud = {
    url: () => `${opts.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    events: new Map(),
    received: [],
    results: [],
    batches: 0,
    batchLog: [],
    sendAck: (ack) =>
      new Promise<void>((resolve, rej) => {
        broker!.publish({ cmd: 'publish', topic: topics.gatewayAck(ack.gatewayId), payload: Buffer.from(encode(ack)), qos: 1, retain: false, dup: false }, (err) => (err ? rej(err) : resolve()));
      }),
    holdAcks: (h) => {
      hold = h;
    },
    rejectWhen: (fn) => {
      reject = fn;
    },
    retryAfter: (ms) => {
      retryAfterMs = ms;
    },
    refuseSubscriptions: (count) => {
      toRefuse = count;
    },
    refusedSubscriptions: () => refused,
    sendCommand: (gatewayId, signed) =>
      new Promise<void>((resolve, rej) => {
        const payload = typeof signed === 'string' ? signed : encode(signed);
        broker!.publish({ cmd: 'publish', topic: topics.gatewayCommand(gatewayId), payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, (err) => (err ? rej(err) : resolve()));
      }),
    down: async () => {
      if (!broker) return;
      const b = broker;
      const s = server!;
      broker = undefined;
      server = undefined;
      await new Promise<void>((r) => b.close(() => r()));
      await new Promise<void>((r) => s.close(() => r()));
    },
    up: async () => {
      if (broker) return;
      const b = await Aedes.createBroker({
        authorizeSubscribe: (_client, sub, cb) => {
          if (toRefuse > 0) {
            toRefuse--;
            refused++;
            cb(null, null); // negative SUBACK
            return;
          }
          cb(null, sub);
        },
      });
      // One subscription to everything gateways send, routed by the contract's topic parser.
      b.subscribe(topicFilters.allGatewayUplink[0]!, (packet, cb) => {
        cb();
        const t = parseTopic(packet.topic);
        const kind = t?.scope === 'gateway' ? t.kind : undefined;
        if (kind === 'up/result') {
          const res = decodePayload(commandResult, packet.payload as Buffer);
          if (res.ok) cloud.results.push(res.value);
          return;
        }
        if (kind !== 'up/events') return;
        const r = decodePayload(eventBatch, packet.payload as Buffer);
        if (!r.ok) return;
        cloud.batches++;
        cloud.batchLog.push({ batchId: r.value.batchId, seqs: r.value.events.map((e) => (e as { seq?: number }).seq ?? 0) });
        const committed: number[] = [];
        const rejected: { seq: number; id?: string; error: string }[] = [];
        if (retryAfterMs !== undefined) {
          const seqs = r.value.events.map((e) => (e as { seq?: number }).seq ?? 0);
          const ack = { v: SCHEMA_VERSION, gatewayId: r.value.gatewayId, batchId: r.value.batchId, committed, rejected, retry: { seqs, error: 'database unavailable: test', afterMs: retryAfterMs }, cloudTime: cloudTime().toISOString() };
          b.publish({ cmd: 'publish', topic: topics.gatewayAck(r.value.gatewayId), payload: Buffer.from(encode(ack)), qos: 1, retain: false, dup: false }, () => undefined);
          return;
        }
        for (const raw of r.value.events) {
          const e = decode(eventSchema, raw);
          const seq = (raw as { seq?: number }).seq ?? 0;
          if (!e.ok) {
            rejected.push({ seq, error: e.error.slice(0, 500) });
            continue;
          }
          const why = reject?.(e.value);
          if (why) {
            rejected.push({ seq, id: e.value.id, error: why });
            continue;
          }
          cloud.received.push(e.value);
          if (!cloud.events.has(e.value.id)) cloud.events.set(e.value.id, e.value);
          committed.push(e.value.seq);
        }
        if (hold) return;
        const ack = { v: SCHEMA_VERSION, gatewayId: r.value.gatewayId, batchId: r.value.batchId, committed, rejected, cloudTime: cloudTime().toISOString() };
        b.publish({ cmd: 'publish', topic: topics.gatewayAck(r.value.gatewayId), payload: Buffer.from(encode(ack)), qos: 1, retain: false, dup: false }, () => undefined);
      }, () => undefined);
      const s = opts.tls ? createTlsServer(opts.tls, b.handle) : createServer(b.handle);
      s.listen(port, '127.0.0.1');
      await once(s, 'listening');
      port = (s.address() as AddressInfo).port;
      broker = b;
      server = s;
    },
    close: () => cloud.down(),
    cloudTime,
  };
  await cloud.up();
  return cloud;
}
