/**
 * Ingress through an external broker (mosquitto, EMQX): this instance subscribes with an MQTT 5
 * shared subscription, so several cloud instances share the gateways' uplink. Gateway logins and
 * ACLs are the broker's job there: with `provisioning: 'dynsec'` the cloud keeps them in mosquitto's
 * dynamic-security plugin itself (enrollment creates, revocation deletes); otherwise they are kept
 * by hand (mosquitto password file + ACL patterns, EMQX authn/authz).
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { parseTopic, topicFilters } from '@yardguard/firmware-config';
import type { GatewayLink, UplinkHandler } from './gateway-link.js';
import { createDynsecClient, createDynsecLogins, type BrokerLogins, type DynsecClient } from './dynsec.js';
import { subscribeOrRefuse } from './subscribe-or-refuse.js';

export interface ExternalBrokerOptions {
  url: string;
  username?: string;
  password?: string;
  group: string;
  /** 'dynsec': gateway logins live in mosquitto's dynamic-security plugin, kept by the cloud. */
  provisioning?: 'dynsec' | 'none';
  instanceId: string;
  log: Logger;
}

export function createExternalBrokerLink(opts: ExternalBrokerOptions): GatewayLink {
  let client: MqttClient | undefined;
  let handler: UplinkHandler = async () => {};
  let dynsec: DynsecClient | undefined;
  let logins: BrokerLogins | undefined;
  const log = opts.log;
  // The login may come in the URL (mqtt://user:pass@host) or as options.
  const url = new URL(opts.url);
  const username = opts.username ?? (url.username ? decodeURIComponent(url.username) : undefined);
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
      if (opts.provisioning === 'dynsec') {
        if (!username) throw new Error('dynamic-security provisioning needs the cloud\'s broker username (in the URL or --mqtt-username)');
        dynsec = await createDynsecClient(client);
        logins = createDynsecLogins(dynsec);
        // Before subscribing: the cloud role is what lets this login read the uplinks.
        await logins.ensureCloudRole(username, opts.group);
      }
      const refused = (): Error => new Error(`the broker refused this login the gateways' uplink (${topicFilters.sharedGatewayUplink(opts.group).join(', ')}): grant it in the broker's ACL, or use --mqtt-provisioning dynsec with an admin login`);
      await subscribeOrRefuse(client, topicFilters.sharedGatewayUplink(opts.group), refused);
      log.info({ url: opts.url, group: opts.group }, 'subscribed to the external broker (shared subscription)');
    },
    async stop() {
      dynsec?.close();
      dynsec = undefined;
      logins = undefined;
      await client?.endAsync();
      client = undefined;
    },
    // Behind an external broker the broker drops the connection when the login is deleted (revokeLogin).
    disconnect() {},
    async grantLogin(gatewayId, password) {
      if (opts.provisioning !== 'dynsec') return;
      if (!logins) throw new Error('the external broker link is not started');
      await logins.grant(gatewayId, password);
      log.info({ gatewayId }, 'gateway login created in the broker (dynamic security)');
    },
    async revokeLogin(gatewayId) {
      if (opts.provisioning !== 'dynsec') return;
      if (!logins) throw new Error('the external broker link is not started');
      await logins.revoke(gatewayId);
      log.warn({ gatewayId }, 'gateway login deleted from the broker (dynamic security)');
    },
    connectedGateways: () => null,
    addresses: () => ({}),
  };
}
