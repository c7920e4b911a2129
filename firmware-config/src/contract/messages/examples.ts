/**
 * One valid example body per event type. Used by the contract tests (every type round-trips),
 * by simulators and docs. A device kind's examples live in its module (kinds/); `satisfies` makes
 * a new gateway event type without an example a type error.
 */
import { deviceKindModules } from '../../kinds/index.js';
import type { EventBody, EventType } from './events.js';

type Examples = { [T in EventType]: Extract<EventBody, { type: T }>['data'] };
type DeviceEventType = (typeof deviceKindModules)[number]['events'][number]['shape']['type']['value'];
type DeviceExamples = { [T in DeviceEventType]: Extract<EventBody, { type: T }>['data'] };

export const exampleEventData = {
  ...(Object.assign({}, ...deviceKindModules.map((m) => m.examples)) as DeviceExamples),
  'device.online': { kind: 'gate', resync: true },
  'device.offline': { kind: 'camera', reason: 'heartbeat_timeout' },
  'gateway.health': {
    uptimeS: 86400, cpuTempC: 52.1, memRssMb: 61, heapUsedMb: 22, memFreeMb: 512, diskFreeMb: 20480,
    outboxDepth: 0, outboxOldestAgeS: 0, outboxDropped: { telemetry: 0, normal: 0, alarm: 0 }, lastAckedSeq: 1042,
    cloudLink: 'up', devicesOnline: 4, devicesTotal: 4, brokerClients: 3,
  },
  'gateway.cloud_link': { state: 'up', downForS: 12 },
  'gateway.config_applied': { configVersion: 3 },
  'gateway.config_rejected': { configVersion: 4, error: 'gates[1].relayPin: pin 17 is already used by gates[0]' },
  'gateway.started': { agentVersion: '0.1.0', resumedFromSeq: 1042 },
  'alert.raised': { key: 'gate-main:door_forced', kind: 'door_forced', severity: 'critical', title: '门被强行打开', ruleId: 'door-forced' },
} as const satisfies Examples;
