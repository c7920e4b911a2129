/**
 * The compound's local MQTT broker (aedes) on TCP and WebSocket.
 *
 * - Every device logs in with its own credentials (DeviceLogins); ACL from the contract
 *   (deviceMayPublish / deviceMaySubscribe): a device publishes only its own uplink topics and
 *   subscribes only to its own command topic.
 * - A device's MQTT client id is its username, so another login cannot take over its session
 *   (kick it, fire its will, receive its queued commands). Its last will must be on its own topics.
 * - Password checks run off the event loop, after a per-source progressive delay (LoginBackoff):
 *   a LAN client guessing passwords slows down only itself, never a siren.
 * - Uplink messages are decoded here (size cap, JSON, schema, event type allowed for the kind).
 *   A device event is handed to the core inside authorizePublish and the callback runs only after
 *   the outbox commit, so the device's PUBACK means "durable on this gateway".
 * - An event the core did not store (commit or fsync failed, dropped at the disk cap, over the
 *   device's rate cap, a handler that threw) gets no PUBACK: the publish is refused, which in
 *   MQTT 3.1.1 closes the connection; the device's session keeps the message and resends it
 *   after reconnecting. A device is never told "stored" when it was not.
 * - Bad payloads are acknowledged and dropped (a QoS 1 poison message must not be redelivered
 *   forever), counted and logged; ACL violations close the connection; packets over the hard cap
 *   (a small one for CONNECT, before login) or dribbling in too slowly close the connection before
 *   their body is buffered.
 * - Broker state (QoS 1 sessions, retained availability) persists in LevelDB under dataDir.
 */
import { createServer, type Server, type Socket, type AddressInfo } from 'node:net';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { once } from 'node:events';
import { Aedes, type AedesOptions, type Client, type AuthenticateError, type PublishPacket, type Subscription } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { ClassicLevel } from 'classic-level';
import aedesPersistenceLevel from 'aedes-persistence-level';
import {
  availability,
  commandResult,
  decodePayload,
  deviceMayPublish,
  deviceMaySubscribe,
  eventTypesByDeviceKind,
  heartbeat,
  MAX_DEVICE_PAYLOAD_BYTES,
  parseTopic,
  type Availability,
  type CommandResult,
  type DecodeErrorCode,
  type DeviceEventPayload,
  type Heartbeat,
} from '@yardguard/firmware-config/wire';
import { connectionSource, guardPacketSize, LoginBackoff, makeEmitterStackSafe, type LoginBackoffOptions, type PacketGuard } from '@yardguard/firmware-config/node';
import type { Logger } from '../log.js';
import { DeviceLogins, type DeviceIdentity } from './device-auth.js';
import { decodeDeviceEvent } from './device-event-decoder.js';

/** Where the broker hands decoded device messages. onEvent calls back after the outbox commit. */
export interface DeviceUplink {
  /** `done` runs once: after the outbox's fsync (null) or with the error that kept the event out. */
  onEvent(device: DeviceIdentity, payload: DeviceEventPayload, done: (err: Error | null) => void): void;
  onHeartbeat(device: DeviceIdentity, hb: Heartbeat): void;
  onAvailability(device: DeviceIdentity, state: Availability, viaLastWill: boolean): void;
  onCommandResult(device: DeviceIdentity, result: CommandResult): void;
  onDisconnect(device: DeviceIdentity): void;
}

export type BadMessageReason = DecodeErrorCode | 'WRONG_KIND' | 'OVERSIZE_PACKET' | 'SLOW_PACKET';

export interface BrokerCounters {
  /** Wrong or missing credentials, and attempts refused because their source guessed too often. */
  authFailures: number;
  /** Right credentials, but a client id or a last will that is not the device's own. */
  identityRefusals: number;
  aclRefusals: number;
  badMessages: number;
  badByReason: Partial<Record<BadMessageReason, number>>;
  eventsAccepted: number;
  /** Events refused without a PUBACK (not stored: disk cap or full, rate cap, handler failure). */
  eventsRefused: number;
}

export interface LocalBrokerOptions {
  logins: DeviceLogins;
  uplink: DeviceUplink;
  log: Logger;
  /** LevelDB directory for sessions and retained messages; omit for in-memory (tests, bench). */
  persistenceDir?: string;
  host: string;
  port: number;
  /** null: no WebSocket listener. */
  wsPort: number | null;
  /** Hard cap on one MQTT packet; bigger packets close the connection. */
  maxPacketBytes?: number;
  /** Longest time one packet may take to arrive (slow-drip clients). Default 10 s. */
  maxPacketMs?: number;
  /** Progressive delay for failed logins per source (tests shorten it). */
  loginBackoff?: LoginBackoffOptions;
  /** Wall clock for device-command expiry (the clock that stamped it). */
  wallMs?: () => number;
}

export interface LocalBroker {
  readonly aedes: Aedes;
  readonly port: number;
  readonly wsPort: number | null;
  readonly counters: BrokerCounters;
  clientCount(): number;
  /** Publish as the agent itself (edge -> device commands, retained state). */
  publish(topic: string, payload: string, opts?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
  /** Which devices have a live connection right now. */
  connectedDevices(): Set<string>;
  /**
   * Close at once every session the login table no longer allows (device removed, username or
   * password changed by a config push); returns their device ids. They cannot log in again.
   */
  evictStale(): string[];
  close(): Promise<void>;
}

type DeviceTopic = Extract<NonNullable<ReturnType<typeof parseTopic>>, { scope: 'device' }>;

const NOT_AUTHORIZED = 5;
const BAD_USERNAME_OR_PASSWORD = 4;
const SERVER_UNAVAILABLE = 3;
const IDENTIFIER_REJECTED = 2;

function authError(message: string, code: number): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;
}

export async function startLocalBroker(opts: LocalBrokerOptions): Promise<LocalBroker> {
  const log = opts.log;
  const counters: BrokerCounters = { authFailures: 0, identityRefusals: 0, aclRefusals: 0, badMessages: 0, badByReason: {}, eventsAccepted: 0, eventsRefused: 0 };
  const identities = new WeakMap<Client, DeviceIdentity>();
  /** Authenticated device sessions, for evictStale (aedes keeps its own map private in its types). */
  const liveClients = new Set<Client>();
  /** The password hash each session logged in under, to notice a changed password. */
  const loginHashes = new WeakMap<Client, string | undefined>();
  /** Each client's last allowed publish topic: a device repeats a few topics, and parse + ACL cost ~0.5 µs. */
  const lastAllowed = new WeakMap<Client, { topic: string; who: DeviceIdentity; parsed: DeviceTopic }>();
  const sessionsByDevice = new Map<string, number>();
  const maxPacketBytes = opts.maxPacketBytes ?? MAX_DEVICE_PAYLOAD_BYTES * 4;
  const backoff = new LoginBackoff(opts.loginBackoff);
  const guards = new WeakMap<Client, PacketGuard>();
  /** The will topic each CONNECT announced (checked against the ACL once the login is known). */
  const willTopics = new WeakMap<Client, string>();

  let level: ClassicLevel<string, Buffer> | undefined;
  const aedesOpts: AedesOptions = {};
  if (opts.persistenceDir) {
    level = new ClassicLevel<string, Buffer>(opts.persistenceDir, { valueEncoding: "buffer" });
    aedesOpts.persistence = aedesPersistenceLevel(level);
  }

  const bad = (device: DeviceIdentity | undefined, topic: string, reason: BadMessageReason, error: string) => {
    counters.badMessages++;
    counters.badByReason[reason] = (counters.badByReason[reason] ?? 0) + 1;
    log.warn({ deviceId: device?.deviceId, topic, reason, error }, 'device message refused');
  };

  aedesOpts.preConnect = (client, packet, done) => {
    if (packet.will) willTopics.set(client, packet.will.topic);
    done(null, true);
  };

  const refuseLogin = (client: Client, username: string | undefined, reason: string, code: number, done: (err: AuthenticateError, ok: false) => void) => {
    log.warn({ clientId: client.id, username, source: connectionSource(client) }, `device login refused: ${reason}`);
    done(authError(reason, code), false);
  };

  aedesOpts.authenticate = (client, username, password, done) => {
    const source = connectionSource(client);
    void (async () => {
      if (!(await backoff.turn(source))) {
        counters.authFailures++;
        return refuseLogin(client, username, 'too many failed logins from this address: wait and try again', SERVER_UNAVAILABLE, done);
      }
      const who = await opts.logins.check(username, password);
      if (!who) {
        counters.authFailures++;
        backoff.failed(source);
        return refuseLogin(client, username, 'unknown username or wrong password', BAD_USERNAME_OR_PASSWORD, done);
      }
      if (client.id !== who.username) {
        counters.identityRefusals++;
        return refuseLogin(client, username, `client id "${client.id}" is not this device's: use its MQTT username "${who.username}" as the client id`, IDENTIFIER_REJECTED, done);
      }
      const will = willTopics.get(client);
      if (will !== undefined && !deviceMayPublish(who.deviceId, will)) {
        counters.identityRefusals++;
        return refuseLogin(client, username, `last will on ${will} is not one of ${who.deviceId}'s topics`, NOT_AUTHORIZED, done);
      }
      identities.set(client, who);
      loginHashes.set(client, opts.logins.passwordHashOf(who.username));
      guards.get(client)?.loggedIn();
      done(null, true);
    })().catch((err: unknown) => {
      log.error({ err }, 'device login check failed');
      done(authError('login check failed', SERVER_UNAVAILABLE), false);
    });
  };

  aedesOpts.authorizeSubscribe = (client, sub: Subscription, done) => {
    const who = identities.get(client);
    if (!who || !deviceMaySubscribe(who.deviceId, sub.topic)) {
      counters.aclRefusals++;
      log.warn({ deviceId: who?.deviceId, topic: sub.topic }, 'subscription refused by ACL');
      return done(null, null);
    }
    done(null, sub);
  };

  aedesOpts.authorizePublish = (client, packet: PublishPacket, authorized) => {
    // Called at most once: a handler that throws after answering must not answer twice.
    let answered = false;
    const done = (err: Error | null): void => {
      if (answered) return;
      answered = true;
      authorized(err);
    };
    const topic = packet.topic;
    const last = client ? lastAllowed.get(client) : undefined;
    let who: DeviceIdentity | undefined;
    let parsed: DeviceTopic;
    if (last !== undefined && last.topic === topic) {
      // Same topic as this client's last allowed publish: same parse, same ACL answer.
      who = last.who;
      parsed = last.parsed;
    } else {
      const p = parseTopic(topic);
      // A null client is a last will stored before a broker restart: trust the topic's device,
      // since every will passed the ACL at CONNECT (see authenticate).
      who = client ? identities.get(client) : p?.scope === 'device' ? deviceFromTopic(p.deviceId) : undefined;
      if (!who || !p || p.scope !== 'device' || !deviceMayPublish(who.deviceId, topic)) {
        counters.aclRefusals++;
        log.warn({ deviceId: who?.deviceId, topic }, 'publish refused by ACL: connection closed');
        return done(authError(`not allowed to publish on ${topic}`, NOT_AUTHORIZED));
      }
      parsed = p;
      if (client) lastAllowed.set(client, { topic, who, parsed });
    }
    if (parsed.kind !== 'availability') packet.retain = false;
    const payload = packet.payload as Buffer;
    try {
      switch (parsed.kind) {
        case 'event': {
          const r = decodeDeviceEvent(payload);
          if (!r.ok) {
            bad(who, topic, r.code, r.error);
            return done(null);
          }
          if (!eventTypesByDeviceKind[who.kind].includes(r.value.type)) {
            bad(who, topic, 'WRONG_KIND', `a ${who.kind} may not report ${r.value.type}`);
            return done(null);
          }
          opts.uplink.onEvent(who, r.value, (err) => {
            if (err) {
              counters.eventsRefused++;
              log.warn({ err: err.message, deviceId: who.deviceId }, 'event not stored: no PUBACK, connection closed so the device resends');
              return done(err);
            }
            counters.eventsAccepted++;
            done(null);
          });
          return;
        }
        case 'heartbeat': {
          const r = decodePayload(heartbeat, payload, MAX_DEVICE_PAYLOAD_BYTES);
          if (!r.ok) bad(who, topic, r.code, r.error);
          else opts.uplink.onHeartbeat(who, r.value);
          return done(null);
        }
        case 'availability': {
          const state = decodeAvailability(payload);
          if (!state) {
            bad(who, topic, 'SCHEMA', 'availability must be "online" or "offline"');
            packet.retain = false;
            return done(null);
          }
          opts.uplink.onAvailability(who, state, isWill(client));
          return done(null);
        }
        case 'cmd/result': {
          const r = decodePayload(commandResult, payload, MAX_DEVICE_PAYLOAD_BYTES);
          if (!r.ok) bad(who, topic, r.code, r.error);
          else opts.uplink.onCommandResult(who, r.value);
          return done(null);
        }
        default:
          return done(null);
      }
    } catch (err) {
      // A bug in a handler must not take the broker down; the message is refused (no PUBACK:
      // it was not handled, so the device must not think it was stored).
      if (parsed.kind === 'event') counters.eventsRefused++;
      log.error({ err, topic }, 'device message handler failed: message refused');
      done(err as Error);
    }
  };

  // Edge -> device commands carry expiresAt: a copy queued in an offline device's session is
  // dropped on its reconnect once expired (aedes asks this before every delivery, queued ones too).
  const wallMs = opts.wallMs ?? Date.now;
  aedesOpts.authorizeForward = (_client, packet) => {
    if (!isCommandTopic(packet.topic)) return packet;
    const expiresAt = commandExpiry(packet.payload as Buffer);
    if (expiresAt !== undefined && expiresAt <= wallMs()) {
      log.info({ topic: packet.topic }, 'expired device command not delivered');
      return null;
    }
    return packet;
  };

  const deviceFromTopic = (deviceId: string): DeviceIdentity | undefined => {
    const kind = opts.logins.kindOf(deviceId);
    return kind ? { deviceId, kind, username: '' } : undefined;
  };

  const broker = await Aedes.createBroker(aedesOpts);
  makeEmitterStackSafe(broker);
  // 'client' = registered (before CONNACK); clientReady may come much later (queued messages are
  // restored from persistence first), and a session is live for eviction from registration on.
  broker.on('client', (client) => {
    if (identities.has(client)) liveClients.add(client);
  });
  broker.on('clientReady', (client) => {
    const who = identities.get(client);
    if (!who) return;
    sessionsByDevice.set(who.deviceId, (sessionsByDevice.get(who.deviceId) ?? 0) + 1);
  });
  broker.on('clientDisconnect', (client) => {
    liveClients.delete(client);
    const who = identities.get(client);
    if (!who) return;
    const n = (sessionsByDevice.get(who.deviceId) ?? 1) - 1;
    if (n <= 0) sessionsByDevice.delete(who.deviceId);
    else sessionsByDevice.set(who.deviceId, n);
    if (n <= 0) opts.uplink.onDisconnect(who);
  });
  broker.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'client error'));
  broker.on('connectionError', (client, err) => log.debug({ clientId: client?.id, err: err.message }, 'connection error'));

  // No Nagle: alarm traffic is small packets, and Nagle + delayed ACK adds up to 40 ms per hop.
  // The packet guard goes on before the first byte is parsed, login or not.
  const handle = (stream: Parameters<Aedes['handle']>[0], req?: Parameters<Aedes['handle']>[1]) => {
    const client = broker.handle(stream, req);
    const guard = guardPacketSize(client, { maxPacketBytes, maxPacketMs: opts.maxPacketMs }, (trip) => {
      const what = trip.reason === 'OVERSIZE_PACKET' ? `packet of ${trip.bytes} bytes, hard cap ${maxPacketBytes}` : `one packet took over ${trip.ms} ms`;
      bad(identities.get(client), '(packet)', trip.reason, `${what}: connection closed`);
    });
    if (!guard) {
      log.fatal('aedes has no _parser: the packet-size guard cannot be installed; refusing connections');
      stream.destroy();
      return;
    }
    guards.set(client, guard);
  };
  // Open sockets, so close() also ends connections still waiting for their login turn.
  const sockets = new Set<Socket>();
  const tcp: Server = createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    handle(socket);
  });
  tcp.on('error', (err) => log.error({ err }, 'broker TCP server error'));
  tcp.listen(opts.port, opts.host);
  await once(tcp, 'listening');
  const port = (tcp.address() as AddressInfo).port;

  let http: HttpServer | undefined;
  let wss: WebSocketServer | undefined;
  let wsPort: number | null = null;
  if (opts.wsPort !== null) {
    http = createHttpServer();
    wss = new WebSocketServer({ server: http, maxPayload: maxPacketBytes + 16 });
    wss.on('connection', (ws, req) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', (err) => log.debug({ err: err.message }, 'websocket stream error'));
      handle(stream, req);
    });
    http.listen(opts.wsPort, opts.host);
    await once(http, 'listening');
    wsPort = (http.address() as AddressInfo).port;
  }
  log.info({ port, wsPort, persistent: Boolean(level) }, 'local broker listening');

  return {
    aedes: broker,
    port,
    wsPort,
    counters,
    clientCount: () => broker.connectedClients,
    connectedDevices: () => new Set(sessionsByDevice.keys()),
    evictStale() {
      const evicted: string[] = [];
      for (const client of [...liveClients]) {
        const who = identities.get(client);
        if (!who || opts.logins.stillAllowed(who, loginHashes.get(client))) continue;
        evicted.push(who.deviceId);
        log.info({ deviceId: who.deviceId, clientId: client.id }, 'session closed: the device is no longer allowed by the config in force');
        client.close();
      }
      return evicted;
    },
    publish: (topic, payload, o = {}) =>
      new Promise<void>((resolve, reject) => {
        broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: o.qos ?? 1, retain: o.retain ?? false, dup: false }, (err) =>
          err ? reject(err) : resolve(),
        );
      }),
    async close() {
      wss?.clients.forEach((c) => c.terminate());
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => tcp.close(() => resolve())),
        http ? new Promise<void>((resolve) => { http!.closeAllConnections(); http!.close(() => resolve()); }) : Promise.resolve(),
      ]);
      wss?.close();
      if (level) await level.close();
    },
  };
}

function decodeAvailability(payload: Buffer): Availability | null {
  const text = payload.toString('utf8').trim();
  // Devices send the bare word (mosquitto_pub -m online) or a JSON string; both are accepted.
  const word = text.startsWith('"') ? safeJson(text) : text;
  const r = availability.safeParse(word);
  return r.success ? r.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** aedes publishes a client's will with that client as the publisher after it is gone. */
function isWill(client: Client | null): boolean {
  return !client || client.closed;
}

/** A device command topic (yg/d/{deviceId}/cmd), as the contract parses it. */
function isCommandTopic(topic: string): boolean {
  const p = parseTopic(topic);
  return p?.scope === 'device' && p.kind === 'cmd';
}

/** expiresAt of a device command payload (ms), undefined when absent or unreadable. */
function commandExpiry(payload: Buffer): number | undefined {
  const cmd = safeJson(payload.toString('utf8')) as { expiresAt?: unknown } | undefined;
  const t = typeof cmd?.expiresAt === 'string' ? Date.parse(cmd.expiresAt) : NaN;
  return Number.isFinite(t) ? t : undefined;
}
