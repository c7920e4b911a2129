/**
 * The topic table: every MQTT topic used between devices, the edge broker and the cloud.
 * No other file in the project builds or parses topic strings; use these functions.
 *
 * Device <-> edge (the compound's local broker):
 *   yg/d/{deviceId}/event          device -> edge   events (QoS 1)
 *   yg/d/{deviceId}/heartbeat      device -> edge   liveness + current state (QoS 0)
 *   yg/d/{deviceId}/availability   device -> edge   retained "online"/"offline" (last will)
 *   yg/d/{deviceId}/cmd            edge -> device   commands (QoS 1)
 *   yg/d/{deviceId}/cmd/result     device -> edge   command results (QoS 1)
 * Edge <-> cloud:
 *   yg/gw/{gatewayId}/up/events        batches of stamped events (QoS 1)
 *   yg/gw/{gatewayId}/up/result        command results
 *   yg/gw/{gatewayId}/up/availability  retained "online"/"offline" (last will)
 *   yg/gw/{gatewayId}/down/ack         the cloud's application ack after its DB commit
 *   yg/gw/{gatewayId}/down/cmd         signed commands
 */

export const TOPIC_ROOT = 'yg';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const deviceTopicKinds = ['event', 'heartbeat', 'availability', 'cmd', 'cmd/result'] as const;
export type DeviceTopicKind = (typeof deviceTopicKinds)[number];

export const gatewayTopicKinds = ['up/events', 'up/result', 'up/availability', 'down/ack', 'down/cmd'] as const;
export type GatewayTopicKind = (typeof gatewayTopicKinds)[number];

export type ParsedTopic =
  | { scope: 'device'; deviceId: string; kind: DeviceTopicKind }
  | { scope: 'gateway'; gatewayId: string; kind: GatewayTopicKind };

function checkId(what: string, id: string): string {
  if (!ID.test(id)) throw new Error(`${what} "${id}" is not a valid id (letters, digits, - and _, max 64)`);
  return id;
}

export const deviceTopic = (deviceId: string, kind: DeviceTopicKind): string =>
  `${TOPIC_ROOT}/d/${checkId('deviceId', deviceId)}/${kind}`;

export const gatewayTopic = (gatewayId: string, kind: GatewayTopicKind): string =>
  `${TOPIC_ROOT}/gw/${checkId('gatewayId', gatewayId)}/${kind}`;

/** Named builders, so call sites read as what they mean. */
export const topics = {
  deviceEvent: (deviceId: string) => deviceTopic(deviceId, 'event'),
  deviceHeartbeat: (deviceId: string) => deviceTopic(deviceId, 'heartbeat'),
  deviceAvailability: (deviceId: string) => deviceTopic(deviceId, 'availability'),
  deviceCommand: (deviceId: string) => deviceTopic(deviceId, 'cmd'),
  deviceCommandResult: (deviceId: string) => deviceTopic(deviceId, 'cmd/result'),
  gatewayEvents: (gatewayId: string) => gatewayTopic(gatewayId, 'up/events'),
  gatewayResult: (gatewayId: string) => gatewayTopic(gatewayId, 'up/result'),
  gatewayAvailability: (gatewayId: string) => gatewayTopic(gatewayId, 'up/availability'),
  gatewayAck: (gatewayId: string) => gatewayTopic(gatewayId, 'down/ack'),
  gatewayCommand: (gatewayId: string) => gatewayTopic(gatewayId, 'down/cmd'),
} as const;

/** Subscription filters (wildcards) for the side that listens to many peers. */
export const topicFilters = {
  /** Edge agent: everything devices send. */
  allDeviceUplink: [
    `${TOPIC_ROOT}/d/+/event`,
    `${TOPIC_ROOT}/d/+/heartbeat`,
    `${TOPIC_ROOT}/d/+/availability`,
    `${TOPIC_ROOT}/d/+/cmd/result`,
  ],
  /** Cloud: everything gateways send. */
  allGatewayUplink: [`${TOPIC_ROOT}/gw/+/up/#`],
  /** Cloud: everything it sends to gateways (acks, commands). */
  allGatewayDownlink: [`${TOPIC_ROOT}/gw/+/down/#`],
  /** Cloud behind an external broker: the same, as an MQTT 5 shared subscription. */
  sharedGatewayUplink: (group: string) => [`$share/${checkId('group', group)}/${TOPIC_ROOT}/gw/+/up/#`],
} as const;

/** Inverse of the builders: returns null for any topic that is not in the table. */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== TOPIC_ROOT || parts.length < 4) return null;
  const id = parts[2]!;
  if (!ID.test(id)) return null;
  const rest = parts.slice(3).join('/');
  if (parts[1] === 'd' && (deviceTopicKinds as readonly string[]).includes(rest)) {
    return { scope: 'device', deviceId: id, kind: rest as DeviceTopicKind };
  }
  if (parts[1] === 'gw' && (gatewayTopicKinds as readonly string[]).includes(rest)) {
    return { scope: 'gateway', gatewayId: id, kind: rest as GatewayTopicKind };
  }
  return null;
}
