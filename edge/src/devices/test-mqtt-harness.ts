/**
 * A small stand-in for the edge core, for protocol tests of MQTT adapters and simulators: a real
 * aedes broker on 127.0.0.1 (port 0) that checks device logins against the site config's scrypt
 * hashes, and one mqtt.js client that routes device uplink to the adapters the way the core does
 * (events decoded and stamped through ctx.emit then onEvent; results, heartbeats), with the core's
 * one presence model (health/presence.ts) fed from what the devices publish: availability, and any
 * message as a sign of life. The subscriber cannot tell a last will from a retained "offline", so
 * every "offline" counts as a last will here.
 */
import net, { type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import {
  availability, decodePayload, mqttDevicesOf, deviceEventPayload, heartbeat, MAX_DEVICE_PAYLOAD_BYTES, parseTopic, topicFilters,
  type DeviceKind, type SiteConfig,
} from '@yardguard/firmware-config/wire';
import { verifyPassword } from '@yardguard/firmware-config/node';
import { createTestContext, type TestContext } from './test-context.js';
import { Presence } from '../health/presence.js';
import { EventBus } from '../bus.js';
import { silentLogger } from '../log.js';
import { openStateDb } from '../state/db.js';
import type { DeviceAdapter } from './types.js';

const HARNESS_USER = 'edge-harness';

export interface MqttHarness {
  url: string;
  edge: MqttClient;
  contexts: Map<string, TestContext>;
  add(adapter: DeviceAdapter): void;
  context(deviceId: string, kind: DeviceKind): TestContext;
  close(): Promise<void>;
}

export async function startMqttHarness(site: SiteConfig): Promise<MqttHarness> {
  const logins = new Map<string, string>();
  for (const { login } of mqttDevicesOf(site)) logins.set(login.username, login.passwordHash);
  const broker = await Aedes.createBroker({
    authenticate: (_client, username, password, cb) => {
      if (username === HARNESS_USER) return cb(null, true);
      const hash = username ? logins.get(username) : undefined;
      if (hash && password && verifyPassword(password.toString(), hash)) return cb(null, true);
      const err = Object.assign(new Error('bad username or password'), { returnCode: 4 });
      cb(err as never, false);
    },
  });
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const adapters = new Map<string, DeviceAdapter>();
  const contexts = new Map<string, TestContext>();
  const log = silentLogger();
  const db = openStateDb(':memory:');
  const presence = new Presence({
    site, db, bus: new EventBus(log), log,
    mqttDeviceIds: [...site.gates, ...site.alarmColumns].filter((d) => d.driver === 'mqtt').map((d) => d.id),
    emit: (deviceId, body) => {
      if (body.type === 'device.online') contexts.get(deviceId)?.presence.push({ online: true });
      else if (body.type === 'device.offline') contexts.get(deviceId)?.presence.push({ online: false, reason: body.data.reason });
      return Promise.resolve();
    },
    onChange: (deviceId, online) => adapters.get(deviceId)?.onPresence?.(online),
  });
  const edge = await mqtt.connectAsync(url, { clientId: HARNESS_USER, username: HARNESS_USER, protocolVersion: 4, reconnectPeriod: 200 });
  const local = {
    async publish(topic: string, payload: string, o?: { qos?: 0 | 1; retain?: boolean }) {
      await edge.publishAsync(topic, payload, { qos: o?.qos ?? 1, retain: o?.retain ?? false });
    },
  };
  edge.on('message', (topic, payload) => {
    const t = parseTopic(topic);
    if (t?.scope !== 'device') return;
    const adapter = adapters.get(t.deviceId);
    const tc = contexts.get(t.deviceId);
    if (!adapter || !tc) return;
    if (t.kind !== 'availability') presence.seen(t.deviceId);
    if (t.kind === 'event') {
      const r = decodePayload(deviceEventPayload, payload, MAX_DEVICE_PAYLOAD_BYTES);
      if (!r.ok) return;
      const { v: _v, id, occurredAt, ...body } = r.value;
      void tc.ctx.emit(body, { ...(id ? { id } : {}), ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}) }).then((e) => adapter.onEvent?.(e));
    } else if (t.kind === 'cmd/result') {
      adapter.onCommandResult?.(JSON.parse(payload.toString()) as unknown);
    } else if (t.kind === 'heartbeat') {
      const r = decodePayload(heartbeat, payload, MAX_DEVICE_PAYLOAD_BYTES);
      if (r.ok) adapter.onHeartbeat?.(r.value.state);
    } else if (t.kind === 'availability') {
      const r = availability.safeParse(payload.toString());
      if (r.success && r.data === 'online') presence.seen(t.deviceId);
      else if (r.success) presence.set(t.deviceId, false, 'last_will');
    }
  });
  await edge.subscribeAsync(topicFilters.allDeviceUplink.map((f) => ({ topic: f, qos: 1 as const })).reduce((a, s) => ({ ...a, [s.topic]: { qos: s.qos } }), {}));

  return {
    url,
    edge,
    contexts,
    context(deviceId, kind) {
      const tc = createTestContext({
        site, deviceId, kind, local,
        presence: { set: (online, reason) => presence.set(deviceId, online, reason), of: () => presence.of(deviceId) },
      });
      contexts.set(deviceId, tc);
      return tc;
    },
    add(adapter) {
      adapters.set(adapter.id, adapter);
    },
    async close() {
      await edge.endAsync(true);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
