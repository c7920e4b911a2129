/**
 * A simulated gateway speaking the real protocol over mqtt.js: sends event batches and waits
 * for the cloud's acks, verifies signed commands with the pinned cloud key and answers them.
 * Used by tests, the benchmark and demos.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import {
  batchAck, decodePayload, encode, exampleEventData, newId, signedCommand, topics, SCHEMA_VERSION,
  type BatchAck, type Command, type CommandResult, type Event, type EventBatch, type EventType,
} from '@yardguard/firmware-config';
import { verifySignedCommand } from '@yardguard/firmware-config/node';

export interface GatewaySimOptions {
  url: string;
  gatewayId: string;
  compoundId: string;
  username?: string;
  password: string;
  /** PEM: commands not signed by it are refused. */
  cloudSigningKey?: string;
  /** How to answer a verified command (default: ok, 'opened'). */
  onCommand?(cmd: Command): Omit<CommandResult, 'v' | 'commandId' | 'deviceId' | 'completedAt'> | null | Promise<Omit<CommandResult, 'v' | 'commandId' | 'deviceId' | 'completedAt'> | null>;
  mqtt?: Partial<IClientOptions>;
}

export interface GatewaySim {
  client: MqttClient;
  /** Build a stamped event (seq assigned). */
  event<T extends EventType>(type: T, deviceId: string, data?: Extract<Event, { type: T }>['data']): Event;
  /** Publish a batch and resolve with the cloud's ack for it. */
  sendBatch(events: unknown[], batchId?: string): Promise<BatchAck>;
  commands: Command[];
  refused: { code: string; message: string }[];
  close(): Promise<void>;
}

export async function connectGatewaySim(opts: GatewaySimOptions): Promise<GatewaySim> {
  const client = await mqtt.connectAsync(opts.url, {
    // The ingress binds a gateway's client id to its enrollment id.
    clientId: opts.gatewayId,
    username: opts.username ?? opts.gatewayId,
    password: opts.password,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
    resubscribe: false, // done below, with retries
    will: { topic: topics.gatewayAvailability(opts.gatewayId), payload: Buffer.from('offline'), qos: 1, retain: true },
    ...opts.mqtt,
  });
  // Like the edge's forwarder: small batches and results must not wait for Nagle (~40 ms a round trip).
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  let seq = 0;
  const waiters = new Map<string, (a: BatchAck) => void>();
  const commands: Command[] = [];
  const refused: { code: string; message: string }[] = [];

  client.on('message', (topic, payload) => {
    if (topic === topics.gatewayAck(opts.gatewayId)) {
      const a = decodePayload(batchAck, payload);
      if (a.ok) waiters.get(a.value.batchId)?.(a.value);
      return;
    }
    if (topic === topics.gatewayCommand(opts.gatewayId)) answer(payload).catch(() => {}); // closed mid-answer: nothing to tell
  });

  async function answer(payload: Buffer): Promise<void> {
    const s = decodePayload(signedCommand, payload);
    if (!s.ok || !opts.cloudSigningKey) return;
    const v = verifySignedCommand(s.value, opts.cloudSigningKey);
    if (!v.ok) {
      refused.push({ code: v.code, message: v.message });
      return;
    }
    commands.push(v.command);
    const started = performance.now();
    const reply = opts.onCommand ? await opts.onCommand(v.command) : { status: 'ok' as const, outcome: 'opened', latencyMs: 0 };
    if (!reply) return;
    const result: CommandResult = {
      v: SCHEMA_VERSION, commandId: v.command.id, deviceId: v.command.deviceId, completedAt: new Date().toISOString(),
      ...reply, latencyMs: reply.latencyMs || Math.round(performance.now() - started),
    };
    await client.publishAsync(topics.gatewayResult(opts.gatewayId), encode(result), { qos: 1 });
  }

  const downlink = [topics.gatewayAck(opts.gatewayId), topics.gatewayCommand(opts.gatewayId)];
  // Subscribe again after every reconnect, until the broker grants it: a clustered broker (NATS) may
  // refuse a subscription while it elects new leaders after losing a node, and a gateway that stays
  // unsubscribed never hears an ack again.
  const subscribeDownlink = async (): Promise<void> => {
    while (client.connected) {
      try {
        await client.subscribeAsync(downlink, { qos: 1 });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  await client.subscribeAsync(downlink, { qos: 1 });
  client.on('connect', () => void subscribeDownlink());
  await client.publishAsync(topics.gatewayAvailability(opts.gatewayId), 'online', { qos: 1, retain: true });

  return {
    client,
    commands,
    refused,
    event(type, deviceId, data) {
      seq += 1;
      return {
        v: SCHEMA_VERSION, id: newId(), compoundId: opts.compoundId, gatewayId: opts.gatewayId, deviceId, seq,
        occurredAt: new Date().toISOString(), type, data: data ?? exampleEventData[type],
      } as Event;
    },
    async sendBatch(events, batchId = `b-${newId()}`) {
      const acked = new Promise<BatchAck>((resolve) => waiters.set(batchId, resolve));
      const batch: Omit<EventBatch, 'events'> & { events: unknown[] } = { v: SCHEMA_VERSION, gatewayId: opts.gatewayId, batchId, sentAt: new Date().toISOString(), events };
      await client.publishAsync(topics.gatewayEvents(opts.gatewayId), encode(batch), { qos: 1 });
      try {
        return await acked;
      } finally {
        waiters.delete(batchId);
      }
    },
    async close() {
      await client.endAsync(true);
    },
  };
}
