/**
 * Ingress through a NATS cluster whose nodes also serve MQTT 3.1.1 to the gateways (nats-server 2.9:
 * MQTT sessions, QoS 1 messages and retained messages live in JetStream streams replicated on three
 * nodes). NATS's MQTT has no `$share` subscriptions, so the cloud instances share the uplink the NATS
 * way: one queue subscription per instance in the same queue group, and NATS hands each message to
 * exactly one live instance. Downlink (acks, signed commands) goes out over MQTT QoS 1 so that the
 * gateway's QoS 1 subscription receives it as QoS 1; the client moves to the next node when one dies.
 *
 * Delivery to an instance is at most once, like the shared subscription of the external broker:
 * an instance killed while storing a batch never acks it, and the gateway sends it again (its outbox
 * keeps it until the cloud's application ack, which follows the database commit).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { parseTopic, topicFilters } from '@yardguard/firmware-config';
import type { GatewayLink, UplinkHandler } from './gateway-link.js';
import { subjectFilterOf, topicOfSubject } from './nats-subjects.js';

export interface NatsClusterOptions {
  /** nats://host:port of every node (the client fails over between them). */
  natsServers: string[];
  /** mqtt://host:port of every node's MQTT listener, for the downlink. */
  mqttUrls: string[];
  /** The queue group every cloud instance joins. */
  group: string;
  instanceId: string;
  log: Logger;
}

export function createNatsClusterLink(opts: NatsClusterOptions): GatewayLink {
  let nc: NatsConnection | undefined;
  let down: MqttClient | undefined;
  let handler: UplinkHandler = async () => {};
  const log = opts.log;
  if (!opts.natsServers.length || !opts.mqttUrls.length) throw new Error('the NATS ingress needs the NATS and the MQTT address of at least one node');
  return {
    kind: 'nats',
    onMessage(h) {
      handler = h;
    },
    async publish(topic, payload, qos = 1) {
      if (!down) throw new Error('NATS ingress is not started');
      await down.publishAsync(topic, payload, { qos });
    },
    async start() {
      const name = `${opts.group}-${opts.instanceId}`;
      nc = await connect({ servers: opts.natsServers, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, pingInterval: 5000, maxPingOut: 2 });
      for (const filter of topicFilters.allGatewayUplink) {
        nc.subscribe(subjectFilterOf(filter), {
          queue: opts.group,
          callback: (err, msg) => {
            if (err) {
              log.warn({ err }, 'NATS uplink subscription error');
              return;
            }
            const t = parseTopic(topicOfSubject(msg.subject));
            if (t?.scope !== 'gateway') return;
            handler(t, Buffer.from(msg.data)).catch((e: unknown) => log.error({ err: e, subject: msg.subject }, 'uplink handler failed'));
          },
        });
      }
      await nc.flush();
      void (async () => {
        for await (const s of nc.status()) log.info({ status: s.type }, 'NATS connection status');
      })().catch(() => {});
      const servers = opts.mqttUrls.map((u) => {
        const url = new URL(u);
        return { host: url.hostname, port: Number(url.port || 1883), protocol: url.protocol.replace(':', '') as 'mqtt' | 'mqtts' };
      });
      down = await mqtt.connectAsync({
        servers, protocolVersion: 4, clientId: `${name}-down`, clean: true, reconnectPeriod: 500, connectTimeout: 10_000,
      });
      down.on('error', (err) => log.warn({ err }, 'MQTT downlink error'));
      log.info({ nats: opts.natsServers, mqtt: opts.mqttUrls, group: opts.group }, 'joined the NATS queue group for gateway uplink');
    },
    async stop() {
      await nc?.drain().catch(() => {});
      nc = undefined;
      await down?.endAsync();
      down = undefined;
    },
    // Gateway logins live in the NATS server's config (MQTT users/ACL); nothing to drop per instance.
    disconnect() {},
    async grantLogin() {},
    async revokeLogin() {},
    connectedGateways: () => null,
    addresses: () => ({}),
  };
}
