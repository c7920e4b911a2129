/**
 * Embedded MQTT ingress (aedes, MQTT 3.1.1): TCP, optional TLS and WebSocket listeners.
 * Gateways log in with their enrollment credentials and may use only their own topics
 * (gatewayMayPublish / gatewayMaySubscribe from the contract). A gateway's client id is its
 * enrollment id (another gateway cannot take over its session) and its last will must be on its
 * own uplink topics. Failed logins back off per source address; packets are size- and time-capped
 * from the first byte (a small cap for CONNECT before login).
 */
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { Logger } from 'pino';
import { gatewayMayPublish, gatewayMaySubscribe, MAX_PAYLOAD_BYTES, parseTopic, topics } from '@yardguard/firmware-config';
import { connectionSource, guardPacketSize, LoginBackoff, makeEmitterStackSafe, type LoginBackoffOptions, type PacketGuard } from '@yardguard/firmware-config/node';
import type { GatewayLink, UplinkHandler } from './gateway-link.js';
import type { GatewayIdentity } from './gateway-auth.js';

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  wsPort?: number;
  tls?: { port: number; keyFile: string; certFile: string };
  authenticate(username: string, password: string): Promise<GatewayIdentity | null>;
  /** Availability from the broker itself (connect / disconnect), beside the gateway's own retained message. */
  onConnection?(gatewayId: string, state: 'online' | 'offline'): void;
  /** The gateway subscribed to its command topic: it can receive commands from now on. */
  onCommandSubscribed?(gatewayId: string): void;
  /** Progressive delay for failed logins per source address (tests shorten it). */
  loginBackoff?: LoginBackoffOptions;
  log: Logger;
}

/** A batch is at most MAX_PAYLOAD_BYTES; the topic and headers fit in the rest. */
const MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 4096;
/** A 256 KiB batch over a weak 4G uplink may take a while; a dripping packet may not take longer. */
const MAX_PACKET_MS = 30_000;

const authError = (message: string, code: 2 | 3 | 4 | 5): AuthenticateError => Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;

/**
 * Connections the kernel queues before the broker accepts them. Node's default (511) overflowed when
 * thousands of gateways reconnected at once after a cloud restart (TcpExtListenOverflows in the
 * millions): each dropped SYN cost a gateway a retransmit, or mqtt.js's whole connect timeout. Linux
 * caps it at net.core.somaxconn (4096 by default since 5.4).
 */
const LISTEN_BACKLOG = 4096;

const listen = (server: net.Server | http.Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });

export function createEmbeddedBroker(opts: EmbeddedBrokerOptions): GatewayLink {
  const identities = new WeakMap<Client, GatewayIdentity>();
  const connected = new Map<string, Client>();
  let handler: UplinkHandler = async () => {};
  let broker: Aedes | undefined;
  const servers: (net.Server | http.Server)[] = [];
  let wss: WebSocketServer | undefined;
  const ports: { mqtt?: number; ws?: number; tls?: number } = {};
  const log = opts.log;
  const backoff = new LoginBackoff(opts.loginBackoff);
  const guards = new WeakMap<Client, PacketGuard>();
  const willTopics = new WeakMap<Client, string>();
  /** Open TCP/TLS sockets, so stop() also ends connections still waiting for their login turn. */
  const sockets = new Set<net.Socket>();
  const track = <S extends net.Socket>(socket: S): S => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
  const refuse = (client: Client, username: string | undefined, reason: string, code: 2 | 3 | 4 | 5, done: (err: AuthenticateError, ok: false) => void) => {
    log.warn({ username, clientId: client.id, source: connectionSource(client) }, `gateway login refused: ${reason}`);
    done(authError(reason, code), false);
  };

  return {
    kind: 'embedded',
    onMessage(h) {
      handler = h;
    },
    async publish(topic, payload, qos = 1) {
      const b = broker;
      if (!b) throw new Error('MQTT ingress is not started');
      await new Promise<void>((resolve, reject) =>
        b.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain: false, dup: false }, (err) => (err ? reject(err) : resolve())),
      );
    },
    async start() {
      broker = await Aedes.createBroker({
        // aedes' default (100) shares 100 delivery slots among ALL gateways: when a few hundred slow
        // deliveries (acks to gateways whose sockets are backed up) hold them, every other gateway's
        // uplink queues behind (head-of-line blocking; measured: a 9,000-message queue draining at one
        // message per seconds, heartbeats unacked past their keepalive). 0 = no shared limit: each
        // gateway is bounded by its own in-flight window and socket instead.
        concurrency: 0,
        preConnect(client, packet, done) {
          if (packet.will) willTopics.set(client, packet.will.topic);
          done(null, true);
        },
        authenticate(client, username, password, done) {
          if (!username || !password) return refuse(client, username, 'gateway login needs a user name and password', 4, done);
          const source = connectionSource(client);
          void (async () => {
            if (!(await backoff.turn(source))) return refuse(client, username, 'too many failed logins from this address: wait and try again', 3, done);
            const id = await opts.authenticate(username, password.toString('utf8'));
            if (!id) {
              backoff.failed(source);
              return refuse(client, username, 'bad user name or password', 4, done);
            }
            if (client.id !== id.gatewayId) return refuse(client, username, `client id "${client.id}" is not this gateway's: use its gateway id "${id.gatewayId}"`, 2, done);
            const will = willTopics.get(client);
            if (will !== undefined && !gatewayMayPublish(id.gatewayId, will)) return refuse(client, username, `last will on ${will} is not one of ${id.gatewayId}'s topics`, 5, done);
            identities.set(client, id);
            guards.get(client)?.loggedIn();
            done(null, true);
          })().catch((err: unknown) => {
            log.error({ err }, 'gateway login check failed');
            done(authError('login check failed', 3), false);
          });
        },
        authorizePublish(client, packet, done) {
          const id = client && identities.get(client);
          if (!id || !gatewayMayPublish(id.gatewayId, packet.topic)) {
            log.warn({ gatewayId: id?.gatewayId, topic: packet.topic }, 'publish refused by ACL');
            return done(new Error('not allowed'));
          }
          done(null);
        },
        authorizeSubscribe(client, sub, done) {
          const id = identities.get(client);
          if (!id || !gatewayMaySubscribe(id.gatewayId, sub.topic)) {
            log.warn({ gatewayId: id?.gatewayId, topic: sub.topic }, 'subscribe refused by ACL');
            return done(new Error('not allowed'));
          }
          done(null, sub);
        },
        // Runs before the PUBACK: a gateway's in-flight window bounds how much work it can queue here.
        published(packet, client, done) {
          const id = client && identities.get(client);
          const t = id ? parseTopic(packet.topic) : null;
          if (!id || t?.scope !== 'gateway') return done();
          handler(t, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload)).then(() => done(), (err: unknown) => {
            log.error({ err, topic: packet.topic }, 'uplink handler failed');
            done();
          });
        },
      });
      makeEmitterStackSafe(broker);
      broker.on('clientReady', (client) => {
        const id = identities.get(client);
        if (!id) return;
        const prev = connected.get(id.gatewayId);
        connected.set(id.gatewayId, client);
        if (prev !== client) opts.onConnection?.(id.gatewayId, 'online');
      });
      broker.on('subscribe', (subs, client) => {
        const id = client && identities.get(client);
        if (id && subs.some((sub) => sub.topic === topics.gatewayCommand(id.gatewayId))) opts.onCommandSubscribed?.(id.gatewayId);
      });
      broker.on('clientDisconnect', (client) => {
        const id = identities.get(client);
        if (!id || connected.get(id.gatewayId) !== client) return;
        connected.delete(id.gatewayId);
        opts.onConnection?.(id.gatewayId, 'offline');
      });
      const b = broker;
      // The packet guard goes on before the first byte is parsed, login or not.
      const handle = (stream: Parameters<Aedes['handle']>[0], req?: Parameters<Aedes['handle']>[1]) => {
        const client = b.handle(stream, req);
        const guard = guardPacketSize(client, { maxPacketBytes: MAX_PACKET_BYTES, maxPacketMs: MAX_PACKET_MS }, (trip) => {
          log.warn({ gatewayId: identities.get(client)?.gatewayId, source: connectionSource(client), ...trip }, 'MQTT packet refused: connection closed');
        });
        if (guard) guards.set(client, guard);
        else {
          log.fatal('aedes has no _parser: the packet-size guard cannot be installed; refusing connections');
          stream.destroy();
        }
      };
      // noDelay: acks and commands are small; Nagle + delayed ACK would add ~40 ms to each round trip.
      const tcp = net.createServer({ noDelay: true }, (socket) => handle(track(socket)));
      servers.push(tcp);
      ports.mqtt = await listen(tcp, opts.port, opts.host);
      if (opts.tls) {
        const t = tls.createServer({ key: readFileSync(opts.tls.keyFile), cert: readFileSync(opts.tls.certFile), noDelay: true }, (socket) => handle(track(socket)));
        servers.push(t);
        ports.tls = await listen(t, opts.tls.port, opts.host);
      }
      if (opts.wsPort !== undefined) {
        const httpServer = http.createServer((_req, res) => res.writeHead(426).end('MQTT over WebSocket only'));
        wss = new WebSocketServer({ server: httpServer, maxPayload: MAX_PACKET_BYTES + 16 });
        wss.on('connection', (ws, req) => handle(createWebSocketStream(ws), req));
        servers.push(httpServer);
        ports.ws = await listen(httpServer, opts.wsPort, opts.host);
      }
      log.info({ ports }, 'embedded MQTT ingress listening');
    },
    async stop() {
      wss?.close();
      for (const c of connected.values()) c.close();
      connected.clear();
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
        s.close(() => resolve());
        if ('closeAllConnections' in s) s.closeAllConnections();
      })));
      servers.length = 0;
      if (broker) await new Promise<void>((resolve) => broker!.close(() => resolve()));
      broker = undefined;
    },
    disconnect(gatewayId) {
      connected.get(gatewayId)?.close();
    },
    // Logins are checked against the database here (gateway-auth.ts): nothing to keep in step.
    async grantLogin() {},
    async revokeLogin() {},
    connectedGateways: () => connected.size,
    addresses: () => ({ ...ports }),
  };
}
