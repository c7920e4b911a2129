/** Picks the ingress from the config: embedded aedes, an external broker, or none. */
import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { CloudConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { createEmbeddedBroker } from './embedded-broker.js';
import { createExternalBrokerLink } from './external-broker.js';
import { createNatsClusterLink } from './nats-cluster.js';
import { createGatewayAuthenticator } from './gateway-auth.js';
import { createNullLink, type GatewayLink } from './gateway-link.js';
import { setLinkState } from './link-state.js';

export function createGatewayLink(config: CloudConfig, db: Kysely<Database>, log: Logger, /** Called when a gateway can take commands again (subscribed, or announced itself online). */
  onOnline: (gatewayId: string) => void): GatewayLink {
  const m = config.mqtt;
  if (m.mode === 'embedded') {
    return createEmbeddedBroker({
      host: m.host, port: m.port, ...(m.wsPort !== undefined ? { wsPort: m.wsPort } : {}), ...(m.tls ? { tls: m.tls } : {}),
      authenticate: createGatewayAuthenticator(db),
      onConnection: (gatewayId, state) => {
        setLinkState(db, gatewayId, state, new Date().toISOString()).catch((err: unknown) => log.error({ err, gatewayId }, 'link state update failed'));
      },
      onCommandSubscribed: onOnline,
      log,
    });
  }
  if (m.mode === 'external') {
    return createExternalBrokerLink({
      url: m.url, group: m.group, instanceId: config.instanceId, log, ...(m.provisioning ? { provisioning: m.provisioning } : {}),
      ...(m.username ? { username: m.username } : {}), ...(m.password ? { password: m.password } : {}),
    });
  }
  if (m.mode === 'nats') {
    return createNatsClusterLink({ natsServers: m.natsServers, mqttUrls: m.mqttUrls, group: m.group, instanceId: config.instanceId, log });
  }
  return createNullLink();
}

/** The MQTT URL a newly enrolled gateway should use. */
export function mqttUrlFor(config: CloudConfig, link: GatewayLink, requestHost: string): string {
  if (config.publicMqttUrl) return config.publicMqttUrl;
  if (config.mqtt.mode === 'external') return config.mqtt.url;
  if (config.mqtt.mode === 'nats') return config.mqtt.mqttUrls[0]!;
  const port = link.addresses().mqtt ?? (config.mqtt.mode === 'embedded' ? config.mqtt.port : 1883);
  const host = requestHost.replace(/:\d+$/, '') || '127.0.0.1';
  return `mqtt://${host}:${port}`;
}
