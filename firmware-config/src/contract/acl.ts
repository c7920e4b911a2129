/**
 * Who may use which topic. The edge broker applies the device rules, the cloud ingress the
 * gateway rules; both come from here so the rules cannot drift apart.
 */
import { parseTopic, topicFilters, topics } from './topics.js';

const DEVICE_PUBLISH = new Set(['event', 'heartbeat', 'availability', 'cmd/result']);
const GATEWAY_PUBLISH = new Set(['up/events', 'up/result', 'up/availability']);

/** A device publishes only its own uplink topics. */
export function deviceMayPublish(deviceId: string, topic: string): boolean {
  const t = parseTopic(topic);
  return t?.scope === 'device' && t.deviceId === deviceId && DEVICE_PUBLISH.has(t.kind);
}

/** A device subscribes only to its own command topic (exact, no wildcards). */
export function deviceMaySubscribe(deviceId: string, topicFilter: string): boolean {
  const t = parseTopic(topicFilter);
  return t?.scope === 'device' && t.deviceId === deviceId && t.kind === 'cmd';
}

export function gatewayMayPublish(gatewayId: string, topic: string): boolean {
  const t = parseTopic(topic);
  return t?.scope === 'gateway' && t.gatewayId === gatewayId && GATEWAY_PUBLISH.has(t.kind);
}

export function gatewayMaySubscribe(gatewayId: string, topicFilter: string): boolean {
  const t = parseTopic(topicFilter);
  return t?.scope === 'gateway' && t.gatewayId === gatewayId && (t.kind === 'down/ack' || t.kind === 'down/cmd');
}

/**
 * The same rules as exact topics, for an external broker that holds the logins (mosquitto's
 * dynamic-security plugin): what one gateway may publish and subscribe to, nothing else.
 */
export function gatewayBrokerGrants(gatewayId: string): { publish: string[]; subscribe: string[] } {
  return {
    publish: [topics.gatewayEvents(gatewayId), topics.gatewayResult(gatewayId), topics.gatewayAvailability(gatewayId)],
    subscribe: [topics.gatewayAck(gatewayId), topics.gatewayCommand(gatewayId)],
  };
}

/** What the cloud's own broker login needs: read every gateway's uplink (shared), write every downlink. */
export function cloudBrokerGrants(group: string): { publish: string[]; subscribe: string[] } {
  return {
    publish: [...topicFilters.allGatewayDownlink],
    subscribe: [...topicFilters.allGatewayUplink, ...topicFilters.sharedGatewayUplink(group)],
  };
}
