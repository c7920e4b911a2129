/**
 * One valid example body per event type. Used by the contract tests (every type round-trips),
 * by simulators and docs. `satisfies` makes a new event type without an example a type error.
 */
import type { EventBody, EventType } from './events.js';

type Examples = { [T in EventType]: Extract<EventBody, { type: T }>['data'] };

export const exampleEventData = {
  'gate.access_granted': { method: 'card', credentialRef: 'card:9f3a' },
  'gate.access_denied': { method: 'qr', reason: 'expired' },
  'gate.door_opened': {},
  'gate.door_closed': { openForS: 4.2 },
  'gate.forced_open': {},
  'gate.held_open': { openForS: 75, thresholdS: 60 },
  'gate.tamper': { detail: 'reader cover opened' },
  'gate.state': { door: 'closed', locked: true },
  'camera.online': { model: 'DS-2CD1043G0-I', firmware: 'V5.6.3' },
  'camera.offline': { reason: 'probe_failed' },
  'camera.motion': { active: true, source: 'VideoSource_1' },
  'camera.tamper': { active: true },
  'camera.snapshot': { snapshotId: 'snap-01', ref: 'snapshots/cam-gate/snap-01.jpg', contentType: 'image/jpeg', bytes: 48213, reason: 'rule' },
  'alarm.button_pressed': { button: 'main' },
  'alarm.siren_started': { pattern: 'alarm', durationS: 30 },
  'alarm.siren_stopped': { reason: 'timeout' },
  'alarm.tamper': {},
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
