/**
 * The common half of a simulated MQTT device: its own login, retained availability with a last
 * will, heartbeats carrying its state, events published QoS 1, and commands answered with a
 * commandResult. It speaks only the contract from firmware-config, exactly like real firmware.
 */
import mqtt, { type MqttClient } from 'mqtt';
import {
  decodePayload, deviceCommand, encode, MAX_DEVICE_PAYLOAD_BYTES, newId, SCHEMA_VERSION, topics,
  type CommandErrorCode, type CommandResult, type DeviceCommand, type EventBody,
} from '@yardguard/firmware-config/wire';

export interface MqttDeviceSimOptions {
  brokerUrl: string;
  deviceId: string;
  username: string;
  password: string;
  heartbeatMs?: number;
}

export type SimReply = { status: 'ok'; outcome: string; data?: Record<string, unknown> } | { status: 'error'; code: CommandErrorCode; message: string };

export abstract class MqttDeviceSim {
  protected client: MqttClient | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** While muted the device receives commands but never answers (for timeout tests). */
  muted = false;
  readonly commands: DeviceCommand[] = [];
  readonly id: string;

  constructor(protected readonly opts: MqttDeviceSimOptions) {
    this.id = opts.deviceId;
  }

  /** Current state, sent with every heartbeat. */
  protected abstract state(): Record<string, string | number | boolean>;
  protected abstract handle(cmd: DeviceCommand): Promise<SimReply>;
  /** First thing after each (re)connect: a device reports its state (a resync, not an event). */
  protected abstract onConnected(): Promise<void>;

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async start(): Promise<void> {
    const { deviceId } = this.opts;
    const client = mqtt.connect(this.opts.brokerUrl, {
      // The broker binds a device's client id to its login.
      clientId: this.opts.username,
      username: this.opts.username,
      password: this.opts.password,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 500,
      connectTimeout: 5000,
      will: { topic: topics.deviceAvailability(deviceId), payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client = client;
    client.on('message', (_topic, payload) => void this.onCommand(payload));
    // Each (re)connect: subscribe, retained "online", then the resync state, before anything else.
    let firstSetup: Promise<void> | undefined;
    const setup = async () => {
      await client.subscribeAsync(topics.deviceCommand(deviceId), { qos: 1 });
      await client.publishAsync(topics.deviceAvailability(deviceId), 'online', { qos: 1, retain: true });
      await this.onConnected();
      this.sendHeartbeat();
    };
    client.on('connect', () => {
      const p = setup();
      firstSetup ??= p;
      // a connection that drops during setup reconnects and runs it again
      p.catch(() => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      const onErr = (err: Error) => {
        client.removeListener('connect', onOk);
        client.end(true);
        reject(err);
      };
      const onOk = () => {
        client.removeListener('error', onErr);
        resolve();
      };
      client.once('connect', onOk);
      client.once('error', onErr);
    });
    await firstSetup;
    this.heartbeat = setInterval(() => this.sendHeartbeat(), this.opts.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Publish an event as the device's firmware would (QoS 1; resolves on the broker's PUBACK). */
  async publishEvent(body: EventBody): Promise<void> {
    if (!this.client) throw new Error(`${this.id} is not started`);
    await this.client.publishAsync(
      topics.deviceEvent(this.id),
      encode({ v: SCHEMA_VERSION, id: newId(), occurredAt: new Date().toISOString(), ...body }),
      { qos: 1 },
    );
  }

  sendHeartbeat(): void {
    if (!this.client?.connected) return;
    this.client.publish(topics.deviceHeartbeat(this.id), encode({ v: SCHEMA_VERSION, at: new Date().toISOString(), state: this.state() }), { qos: 0 });
  }

  /** Power cut: the socket dies without a DISCONNECT, so the broker publishes the last will. */
  disconnect(): void {
    clearInterval(this.heartbeat);
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    c.options.reconnectPeriod = 0;
    c.stream?.destroy();
    c.end(true);
  }

  /** Clean shutdown: availability "offline" (retained), then DISCONNECT. */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    if (c.connected) await c.publishAsync(topics.deviceAvailability(this.id), 'offline', { qos: 1, retain: true }).catch(() => undefined);
    await c.endAsync().catch(() => undefined);
  }

  private async onCommand(payload: Buffer): Promise<void> {
    const started = Date.now();
    const r = decodePayload(deviceCommand, payload, MAX_DEVICE_PAYLOAD_BYTES);
    if (!r.ok) return; // firmware drops what it cannot parse; the edge times out
    const cmd = r.value;
    this.commands.push(cmd);
    if (this.muted) return;
    let reply: SimReply;
    try {
      reply = await this.handle(cmd);
    } catch (err) {
      reply = { status: 'error', code: 'UNSUPPORTED', message: (err as Error).message };
    }
    const result: CommandResult = {
      v: SCHEMA_VERSION,
      commandId: cmd.id,
      deviceId: this.id,
      status: reply.status,
      ...(reply.status === 'ok' ? { outcome: reply.outcome, ...(reply.data ? { data: reply.data } : {}) } : { error: { code: reply.code, message: reply.message } }),
      latencyMs: Date.now() - started,
      completedAt: new Date().toISOString(),
    };
    await this.client?.publishAsync(topics.deviceCommandResult(this.id), encode(result), { qos: 1 }).catch(() => undefined);
  }
}
