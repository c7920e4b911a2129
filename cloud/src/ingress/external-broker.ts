/**
 * Ingress through an external broker (mosquitto, EMQX): this instance subscribes with an MQTT 5
 * shared subscription, so several cloud instances share the gateways' uplink. Gateway logins and
 * ACLs are the broker's job there (mosquitto password file + ACL patterns, EMQX authn/authz).
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { parseTopic, topicFilters } from '@yardguard/firmware-config';
import type { GatewayLink, UplinkHandler } from './gateway-link.js';

export interface ExternalBrokerOptions {
  url: string;
  username?: string;
  password?: string;
  group: string;
  instanceId: string;
  log: Logger;
}

export function createExternalBrokerLink(opts: ExternalBrokerOptions): GatewayLink {
  let client: MqttClient | undefined;
  let handler: UplinkHandler = async () => {};
  const log = opts.log;
  return {
    kind: 'external',
    onMessage(h) {
      handler = h;
    },
    async publish(topic, payload, qos = 1) {
      if (!client) throw new Error('MQTT ingress is not started');
      await client.publishAsync(topic, payload, { qos });
    },
    async start() {
      client = await mqtt.connectAsync(opts.url, {
        protocolVersion: 5,
        clientId: `${opts.group}-${opts.instanceId}`,
        username: opts.username,
        password: opts.password,
        clean: true,
        reconnectPeriod: 1000,
      });
      client.on('message', (topic, payload) => {
        const t = parseTopic(topic);
        if (t?.scope !== 'gateway') return;
        handler(t, payload).catch((err: unknown) => log.error({ err, topic }, 'uplink handler failed'));
      });
      client.on('error', (err) => log.warn({ err }, 'external broker error'));
      await client.subscribeAsync(topicFilters.sharedGatewayUplink(opts.group), { qos: 1 });
      log.info({ url: opts.url, group: opts.group }, 'subscribed to the external broker (shared subscription)');
    },
    async stop() {
      await client?.endAsync();
      client = undefined;
    },
    // Behind an external broker the login is the broker's: remove it there (password file, EMQX authn).
    disconnect() {},
    connectedGateways: () => null,
    addresses: () => ({}),
  };
}
