/**
 * Sends the outbox to the cloud over mqtt.js and deletes events only on the cloud's application
 * ack (batchAck after its DB commit), never on the MQTT PUBACK.
 *
 * - Publishes only while connected, straight from the outbox (mqtt.js's offline queue lives in
 *   memory and would be lost with the process). Only durable rows are read (Outbox.readLane).
 * - Batches: alarm lane first, then normal, then telemetry; up to MAX_BATCH_EVENTS events and
 *   MAX_PAYLOAD_BYTES; at most `maxInflightBatches` unacknowledged batches at a time. A row in
 *   flight in one batch is never put in another.
 * - Every ack is matched to a batch this edge sent: an unknown batch id is ignored (counted,
 *   logged: anything on the cloud link could forge one), and only the seqs that batch carried
 *   are deleted or dead-lettered. Seqs the ack left unanswered are read again; other batches
 *   stay in flight. Only a matched ack teaches the clock the cloud's time.
 * - Slow is not poison: an ack timeout releases the batch for a resend after a backoff that
 *   doubles with each consecutive timeout (and so does the ack timeout itself, up to 8x), and
 *   resets on the next matched ack. Nothing is dead-lettered for a missing ack; only the cloud's
 *   explicit `rejected` goes there. A late ack for a timed-out batch still counts.
 * - Persistent session (clean: false), client id = gateway id, last will = retained "offline".
 */
import mqtt, { type MqttClient, type IClientOptions } from 'mqtt';
import {
  batchAck,
  decodePayload,
  encode,
  MAX_BATCH_EVENTS,
  MAX_PAYLOAD_BYTES,
  newId,
  SCHEMA_VERSION,
  topics,
  type BatchAck,
  type CommandResult,
  type Lane,
} from '@yardguard/firmware-config/wire';
import type { Logger } from '../log.js';
import { Meta, type Db } from '../state/db.js';
import { LANES, type Outbox, type OutboxRow } from './outbox.js';
import type { Clock } from '../clock.js';

export interface CloudCredentials {
  gatewayId: string;
  mqttUrl: string;
  username?: string;
  password?: string;
}

export interface ForwarderOptions {
  outbox: Outbox;
  db: Db;
  log: Logger;
  clock: Clock;
  cloud: CloudCredentials;
  /** Signed commands arriving on the gateway's command topic. */
  onCommand: (payload: Buffer) => void;
  onLink: (state: 'up' | 'down') => void;
  maxInflightBatches?: number;
  ackTimeoutMs?: number;
  /** First wait after an ack timeout; doubles per consecutive timeout up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  reconnectPeriodMs?: number;
  /** Backlog progress log interval. */
  progressEveryMs?: number;
  /** Extra mqtt.js options (TLS CA for mqtts in tests, keepalive). */
  mqttOptions?: Partial<IClientOptions>;
}

interface InFlight {
  seqs: number[];
  timer: NodeJS.Timeout;
}

/** Bytes of a batch besides its events (envelope, commas, brackets). */
const BATCH_ENVELOPE_BYTES = 512;
/** Timed-out or pre-reconnect batches whose late ack is still honoured. */
const RECENT_BATCHES = 256;

export interface UplinkCounters {
  batchesSent: number;
  acks: number;
  ackTimeouts: number;
  /** Acks asking for a later resend (the cloud's database was down): never dead-lettered. */
  retryAcks: number;
  eventsAcked: number;
  rejected: number;
  /** Acks naming a batch this edge did not send (or no longer remembers). */
  unknownAcks: number;
  /** Seqs in a matched ack that were not in that batch. */
  unknownSeqs: number;
}

export class Forwarder {
  private client: MqttClient | undefined;
  private readonly inflight = new Map<string, InFlight>();
  /** Every seq in an in-flight batch: never put in a second batch. */
  private readonly inflightSeqs = new Set<number>();
  private readonly recent = new Map<string, number[]>();
  private consecutiveTimeouts = 0;
  /** Monotonic time before which no batch is sent (backoff after ack timeouts). */
  private resumeAt = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private readonly cursor: Record<Lane, number> = { alarm: 0, normal: 0, telemetry: 0 };
  private pumpScheduled = false;
  private state: 'up' | 'down' = 'down';
  private lastAcked: number;
  private readonly meta: Meta;
  private backlog: { total: number; timer: NodeJS.Timeout } | undefined;
  private stopped = false;
  readonly counters: UplinkCounters = { batchesSent: 0, acks: 0, ackTimeouts: 0, retryAcks: 0, eventsAcked: 0, rejected: 0, unknownAcks: 0, unknownSeqs: 0 };

  constructor(private readonly opts: ForwarderOptions) {
    this.meta = new Meta(opts.db);
    this.lastAcked = this.meta.getNumber('last_acked_seq', 0);
  }

  get link(): 'up' | 'down' {
    return this.state;
  }

  get lastAckedSeq(): number {
    return this.lastAcked;
  }

  /** The current wait after an ack timeout (0 when the cloud answers in time). */
  get backoffMs(): number {
    if (this.consecutiveTimeouts === 0) return 0;
    const base = this.opts.backoffMs ?? 1000;
    return Math.min(this.opts.maxBackoffMs ?? 60_000, base * 2 ** (this.consecutiveTimeouts - 1));
  }

  start(): void {
    const { cloud } = this.opts;
    const availabilityTopic = topics.gatewayAvailability(cloud.gatewayId);
    this.client = mqtt.connect(cloud.mqttUrl, {
      clientId: cloud.gatewayId,
      clean: false,
      username: cloud.username,
      password: cloud.password,
      protocolVersion: 4,
      reconnectPeriod: this.opts.reconnectPeriodMs ?? 2000,
      connectTimeout: 10_000,
      keepalive: 30,
      queueQoSZero: false,
      will: { topic: availabilityTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
      ...this.opts.mqttOptions,
    });
    const c = this.client;
    c.on('connect', () => {
      // Batches, acks and command results are small: without this, Nagle + delayed ACK hold each
      // round trip for ~40 ms (measured on the alert push path).
      (c.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      this.onConnect();
    });
    c.on('close', () => this.onDown());
    c.on('error', (err) => this.opts.log.warn({ err: err.message }, 'cloud connection error'));
    c.on('message', (topic, payload) => {
      try {
        this.onMessage(topic, payload);
      } catch (err) {
        // A full disk (SQLITE_FULL on the delete) must not crash the agent: the ack is lost,
        // the rows stay and are resent (the cloud absorbs repeats).
        this.opts.log.error({ err }, 'handling a message from the cloud failed');
      }
    });
  }

  /** Schedule sending (called after outbox commits). */
  kick(): void {
    if (this.pumpScheduled || this.state !== 'up') return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Read the outbox from its start again (rows were put back below the cursors: re-sent dead letters). */
  rescan(): void {
    this.resetCursors();
    this.kick();
  }

  /** Publish a command result; false when the link is down (the cloud's request times out). */
  async publishResult(result: CommandResult): Promise<boolean> {
    const c = this.client;
    if (!c || this.state !== 'up') return false;
    await c.publishAsync(topics.gatewayResult(this.opts.cloud.gatewayId), encode(result), { qos: 1 });
    return true;
  }

  private onConnect(): void {
    const c = this.client!;
    const gw = this.opts.cloud.gatewayId;
    this.opts.log.info({ url: redactUrl(this.opts.cloud.mqttUrl) }, 'cloud link up');
    this.clearInflight();
    this.resetCursors();
    this.subscribeDownlink(c);
    c.publish(topics.gatewayAvailability(gw), 'online', { qos: 1, retain: true });
    this.setState('up');
    this.startBacklogProgress();
    this.pump();
  }

  /**
   * Until the broker grants it: a clustered broker (NATS) may refuse the subscription while it elects
   * new leaders after losing a node, and an edge left unsubscribed would never hear an ack again.
   */
  private subscribeDownlink(c: MqttClient): void {
    const gw = this.opts.cloud.gatewayId;
    c.subscribe([topics.gatewayAck(gw), topics.gatewayCommand(gw)], { qos: 1 }, (err) => {
      if (!err) return;
      this.opts.log.error({ err: err.message }, 'cloud subscribe failed; trying again in 1 s');
      setTimeout(() => {
        if (this.client === c && c.connected && !this.stopped) this.subscribeDownlink(c);
      }, 1000).unref();
    });
  }

  private onDown(): void {
    if (this.state === 'down') return;
    this.clearInflight();
    this.setState('down');
    if (!this.stopped) this.opts.log.warn('cloud link down; events stay in the outbox');
  }

  private setState(state: 'up' | 'down'): void {
    if (this.state === state) return;
    this.state = state;
    try {
      this.meta.set('cloud_link', state);
      this.meta.set('cloud_link_changed_at', Date.now());
    } catch (err) {
      // For `status` only; a full disk must not crash the link's event handlers.
      this.opts.log.warn({ err }, 'cloud link state not recorded');
    }
    this.opts.onLink(state);
  }

  private pump(): void {
    const c = this.client;
    const max = this.opts.maxInflightBatches ?? 4;
    const wait = this.resumeAt - this.opts.clock.monoMs();
    if (wait > 0) {
      if (!this.resumeTimer) {
        this.resumeTimer = setTimeout(() => {
          this.resumeTimer = undefined;
          this.pump();
        }, wait);
        this.resumeTimer.unref();
      }
      return;
    }
    while (c && this.state === 'up' && this.inflight.size < max) {
      const rows = this.nextBatch();
      if (rows.length === 0) break;
      this.send(c, rows);
    }
  }

  private nextBatch(): OutboxRow[] {
    const rows: OutboxRow[] = [];
    let bytes = BATCH_ENVELOPE_BYTES;
    for (const lane of LANES) {
      while (rows.length < MAX_BATCH_EVENTS) {
        const want = MAX_BATCH_EVENTS - rows.length;
        const got = this.opts.outbox.readLane(lane, this.cursor[lane], want);
        for (const r of got) {
          if (this.inflightSeqs.has(r.seq)) {
            this.cursor[lane] = r.seq;
            continue;
          }
          const size = r.bodyBytes + 1;
          // Full by bytes: the cursor stays before this row, so the next batch starts with it.
          if (rows.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) return rows;
          this.cursor[lane] = r.seq;
          rows.push(r);
          bytes += size;
        }
        if (got.length < want) break;
      }
    }
    return rows;
  }

  private send(c: MqttClient, rows: OutboxRow[]): void {
    const gw = this.opts.cloud.gatewayId;
    const batchId = newId();
    // Rows are stored as encoded events: splice them in rather than parse and re-encode.
    const head = encode({ v: SCHEMA_VERSION, gatewayId: gw, batchId, sentAt: new Date(this.opts.clock.bestMs()).toISOString() });
    const payload = `${head.slice(0, -1)},"events":[${rows.map((r) => r.body).join(',')}]}`;
    const seqs = rows.map((r) => r.seq);
    const timeoutMs = (this.opts.ackTimeoutMs ?? 20_000) * Math.min(8, 2 ** this.consecutiveTimeouts);
    const timer = setTimeout(() => this.onAckTimeout(batchId), timeoutMs);
    timer.unref();
    this.inflight.set(batchId, { seqs, timer });
    for (const s of seqs) this.inflightSeqs.add(s);
    this.counters.batchesSent++;
    c.publish(topics.gatewayEvents(gw), payload, { qos: 1 }, (err) => {
      if (err) this.opts.log.debug({ err: err.message, batchId }, 'batch publish failed; resent after reconnect');
    });
  }

  private onMessage(topic: string, payload: Buffer): void {
    const gw = this.opts.cloud.gatewayId;
    if (topic === topics.gatewayCommand(gw)) return this.opts.onCommand(payload);
    if (topic !== topics.gatewayAck(gw)) return;
    const r = decodePayload(batchAck, payload);
    if (!r.ok) {
      this.opts.log.warn({ error: r.error }, 'unreadable batch ack ignored');
      return;
    }
    if (r.value.gatewayId !== gw) return;
    this.onAck(r.value);
  }

  private onAck(ack: BatchAck): void {
    const batch = this.inflight.get(ack.batchId);
    const seqs = batch?.seqs ?? this.recent.get(ack.batchId);
    if (!seqs) {
      this.counters.unknownAcks++;
      this.opts.log.warn({ batchId: ack.batchId, committed: ack.committed.length, rejected: ack.rejected.length }, 'ack for a batch this edge did not send: ignored');
      return;
    }
    this.counters.acks++;
    this.opts.clock.observeCloudTime(ack.cloudTime);
    const sent = new Set(seqs);
    const committed = ack.committed.filter((s) => sent.has(s));
    const rejected = ack.rejected.filter((x) => sent.has(x.seq));
    const foreign = ack.committed.length - committed.length + ack.rejected.length - rejected.length;
    if (foreign > 0) {
      this.counters.unknownSeqs += foreign;
      this.opts.log.warn({ batchId: ack.batchId, foreign }, 'ack names seqs that were not in its batch: those are ignored');
    }
    if (batch) {
      clearTimeout(batch.timer);
      this.inflight.delete(ack.batchId);
      for (const s of seqs) this.inflightSeqs.delete(s);
    } else {
      this.recent.delete(ack.batchId);
    }
    let top = this.lastAcked;
    for (const s of committed) if (s > top) top = s;
    // last_acked_seq (for `status`) goes in the deletes' transaction: one commit, no fsync.
    const removed = this.opts.outbox.ack(committed, top !== this.lastAcked ? () => this.meta.set('last_acked_seq', top) : undefined);
    this.lastAcked = top;
    this.counters.eventsAcked += removed;
    if (rejected.length) {
      this.counters.rejected += rejected.length;
      this.opts.log.warn({ rejected: rejected.slice(0, 5) }, 'cloud rejected events: dead-lettered');
      this.opts.outbox.deadLetter(rejected.map((x) => ({ seq: x.seq, error: x.error })));
    }
    const retry = ack.retry ? ack.retry.seqs.filter((s) => sent.has(s)) : [];
    if (retry.length > 0) {
      // The cloud's database is down: wait what it asks, and longer each time it asks again (as
      // after a timeout), instead of resending at once in a hot loop. Nothing is dead-lettered.
      this.counters.retryAcks++;
      this.consecutiveTimeouts++;
      const wait = Math.max(ack.retry!.afterMs, this.backoffMs);
      this.resumeAt = Math.max(this.resumeAt, this.opts.clock.monoMs() + wait);
      this.opts.log.warn({ batchId: ack.batchId, events: retry.length, waitMs: wait, error: ack.retry!.error }, 'cloud could not store a batch now: resending after the wait it asked for');
    } else {
      this.consecutiveTimeouts = 0;
      this.resumeAt = 0;
    }
    const answered = new Set([...committed, ...rejected.map((x) => x.seq)]);
    // The cloud answered for part of the batch: read the rest again (other batches stay in flight).
    if (batch && seqs.some((s) => !answered.has(s))) this.resetCursors();
    this.pump();
  }

  private onAckTimeout(batchId: string): void {
    const batch = this.inflight.get(batchId);
    if (!batch) return;
    this.inflight.delete(batchId);
    for (const s of batch.seqs) this.inflightSeqs.delete(s);
    this.remember(batchId, batch.seqs);
    this.counters.ackTimeouts++;
    this.consecutiveTimeouts++;
    const backoff = this.backoffMs;
    this.resumeAt = this.opts.clock.monoMs() + backoff;
    this.opts.log.warn({ batchId, events: batch.seqs.length, backoffMs: backoff }, 'no ack for a batch: resending after a backoff (nothing is dead-lettered for a slow cloud)');
    this.resetCursors();
    this.pump();
  }

  /** A batch whose ack may still come (timed out, or sent before a reconnect). */
  private remember(batchId: string, seqs: number[]): void {
    this.recent.set(batchId, seqs);
    if (this.recent.size > RECENT_BATCHES) this.recent.delete(this.recent.keys().next().value!);
  }

  private resetCursors(): void {
    for (const lane of LANES) this.cursor[lane] = 0;
  }

  private clearInflight(): void {
    for (const [id, b] of this.inflight) {
      clearTimeout(b.timer);
      this.remember(id, b.seqs);
    }
    this.inflight.clear();
    this.inflightSeqs.clear();
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
  }

  private startBacklogProgress(): void {
    const total = this.opts.outbox.depth;
    if (this.backlog || total < 100) return;
    const every = this.opts.progressEveryMs ?? 5000;
    this.opts.log.info({ total }, `uploading backlog 0/${total}`);
    const timer = setInterval(() => {
      const left = this.opts.outbox.depth;
      if (left === 0 || this.state === 'down') {
        clearInterval(timer);
        this.backlog = undefined;
        if (left === 0) this.opts.log.info({ total }, 'backlog uploaded');
        return;
      }
      this.opts.log.info({ done: Math.max(0, total - left), total }, `uploading backlog ${Math.max(0, total - left)}/${total}`);
    }, every);
    timer.unref();
    this.backlog = { total, timer };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearInflight();
    if (this.backlog) clearInterval(this.backlog.timer);
    const c = this.client;
    if (!c) return;
    if (c.connected) {
      // A clean shutdown says so; the retained will covers crashes.
      await c.publishAsync(topics.gatewayAvailability(this.opts.cloud.gatewayId), 'offline', { qos: 1, retain: true }).catch(() => undefined);
    }
    await c.endAsync(true);
    this.setState('down');
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    u.username = '';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
