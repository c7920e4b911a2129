/**
 * Every event a device or the gateway reports, as one discriminated union on `type`.
 * A device publishes a DeviceEventPayload; the edge stamps it into an Event (ids, seq, compound,
 * gateway, device) before it is stored and forwarded.
 */
import { z } from 'zod';
import { eventId, id, isoTime, schemaVersion } from '../envelope.js';
import { deviceKind, deviceKindModules, type DeviceKind } from '../../kinds/index.js';
import { ev } from './event-schema.js';

export { accessMethod, accessMethods, type AccessMethod } from './access.js';
export { empty, ev, type EventSchema } from './event-schema.js';
export { deviceKind, deviceKinds, type DeviceKind } from '../../kinds/index.js';
export { gateEvents, cameraEvents, alarmColumnEvents, doorContactEvents, sirenPattern, sirenPatterns } from '../../kinds/index.js';

// --- any device, observed by the gateway -------------------------------------------------
export const presenceEvents = [
  ev('device.online', z.object({ kind: deviceKind, resync: z.boolean().optional() }).strict()),
  ev('device.offline', z.object({ kind: deviceKind, reason: z.enum(['last_will', 'heartbeat_timeout', 'probe_failed', 'disconnected']) }).strict()),
] as const;

// --- gateway ----------------------------------------------------------------------------
export const deadLetterSummary = z.object({
  oldestAt: isoTime,
  /** The cloud's rejection reasons, commonest first (at most 5). */
  reasons: z.array(z.object({ reason: z.string().max(200), count: z.number().int().positive() }).strict()).max(5),
}).strict();
export type DeadLetterSummary = z.infer<typeof deadLetterSummary>;

export const gatewayHealth = z.object({
  uptimeS: z.number().nonnegative(),
  cpuTempC: z.number().optional(),
  memRssMb: z.number().nonnegative(),
  heapUsedMb: z.number().nonnegative(),
  memFreeMb: z.number().nonnegative(),
  diskFreeMb: z.number().nonnegative().optional(),
  outboxDepth: z.number().int().nonnegative(),
  outboxOldestAgeS: z.number().nonnegative(),
  outboxBytes: z.number().int().nonnegative().optional(),
  /** Events dropped because the disk cap was reached, by lane, since the agent started. */
  outboxDropped: z.object({ telemetry: z.number().int().nonnegative(), normal: z.number().int().nonnegative(), alarm: z.number().int().nonnegative() }).strict(),
  deadLetters: z.number().int().nonnegative().optional(),
  /** With dead letters: the oldest one's time and the commonest reasons the cloud gave (for the console). */
  deadLetterSummary: deadLetterSummary.optional(),
  lastAckedSeq: z.number().int().nonnegative(),
  cloudLink: z.enum(['up', 'down']),
  devicesOnline: z.number().int().nonnegative(),
  devicesTotal: z.number().int().nonnegative(),
  brokerClients: z.number().int().nonnegative(),
  badMessages: z.number().int().nonnegative().optional(),
  /** The disk filled up: only alarms and gateway reports are stored until room is freed. */
  diskFull: z.boolean().optional(),
  /** Device events refused without a PUBACK since start (disk cap or full, per-device rate cap). */
  eventsRefused: z.number().int().nonnegative().optional(),
}).strict();
export type GatewayHealth = z.infer<typeof gatewayHealth>;

export const alertSeverities = ['critical', 'high', 'medium', 'low'] as const;
export const alertSeverity = z.enum(alertSeverities);
export type AlertSeverity = z.infer<typeof alertSeverity>;
export const alertKinds = ['door_forced', 'door_held_open', 'alarm_button', 'tamper', 'device_offline', 'camera_offline', 'gateway_offline', 'motion',
  'work_order_overdue', 'care_no_activity',
  /** GB 50396: several denied credentials in a row at one gate (bad card, code or pass), see alertPolicy.deniedBurst. */
  'access_denied_repeated', 'other'] as const;
export const alertKind = z.enum(alertKinds);
export type AlertKind = z.infer<typeof alertKind>;

export const gatewayEvents = [
  ev('gateway.health', gatewayHealth),
  ev('gateway.cloud_link', z.object({ state: z.enum(['up', 'down']), downForS: z.number().nonnegative().optional() }).strict()),
  ev('gateway.config_applied', z.object({ configVersion: z.number().int().nonnegative() }).strict()),
  ev('gateway.config_rejected', z.object({ configVersion: z.number().int().nonnegative(), error: z.string().max(2000) }).strict()),
  ev('gateway.started', z.object({
    agentVersion: z.string().max(40),
    resumedFromSeq: z.number().int().nonnegative(),
    /** After an over-the-air update: kept (the new version is healthy) or rolled back, and why. */
    update: z.object({ from: z.string().max(40), to: z.string().max(40), outcome: z.enum(['updated', 'rolled_back']), reason: z.string().max(500).optional() }).strict().optional(),
  }).strict()),
  /** An alert raised by a local linkage rule; the cloud routes it to the guards on shift. */
  ev('alert.raised', z.object({
    /** Same key inside a time window = the same incident (device + kind). */
    key: z.string().max(160),
    kind: alertKind,
    severity: alertSeverity,
    title: z.string().max(200),
    ruleId: z.string().max(64).optional(),
    causeEventId: eventId.optional(),
    snapshotIds: z.array(id).max(16).optional(),
  }).strict()),
] as const;

/** Every device kind's events (declared in its module under kinds/). */
type DeviceEventSchema = (typeof deviceKindModules)[number]['events'][number];
const deviceEventSchemas: DeviceEventSchema[] = deviceKindModules.flatMap((m): DeviceEventSchema[] => [...m.events]);
const allEventSchemas = [...deviceEventSchemas, ...presenceEvents, ...gatewayEvents] as unknown as [DeviceEventSchema | (typeof presenceEvents)[number] | (typeof gatewayEvents)[number], ...(DeviceEventSchema | (typeof presenceEvents)[number] | (typeof gatewayEvents)[number])[]];

/** type + data, discriminated on type. */
export const eventBody = z.discriminatedUnion('type', allEventSchemas);
export type EventBody = z.infer<typeof eventBody>;
export type EventType = EventBody['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;
export const eventTypes = allEventSchemas.map((s) => s.shape.type.value) as EventType[];

/** Which device kind may report which event types (the edge refuses the rest). */
export const eventTypesByDeviceKind = Object.fromEntries(
  deviceKindModules.map((m) => [m.kind, m.events.map((s) => s.shape.type.value as EventType)]),
) as unknown as Record<DeviceKind, readonly EventType[]>;

/** The kind whose devices report an event type (undefined for presence, gateway and alert events). */
export function deviceKindOfEventType(type: string): DeviceKind | undefined {
  return deviceKindModules.find((m) => m.events.some((s) => s.shape.type.value === type))?.kind;
}

const withEnvelope = <S extends z.ZodRawShape>(shape: S) => z.intersection(z.object(shape), eventBody);

/** What a device publishes on yg/d/{deviceId}/event. */
export const deviceEventPayload = withEnvelope({
  v: schemaVersion,
  /** Optional: a device that sets its own id gets duplicates of its retries absorbed. */
  id: eventId.optional(),
  occurredAt: isoTime.optional(),
});
export type DeviceEventPayload = z.infer<typeof deviceEventPayload>;

/** The stamped event: stored in the outbox, sent to the cloud, stored there. */
export const event = withEnvelope({
  v: schemaVersion,
  id: eventId,
  compoundId: id,
  gatewayId: id,
  /** The gateway itself for gateway.* and alert.* events raised without a device. */
  deviceId: id,
  occurredAt: isoTime,
  seq: z.number().int().positive(),
});
export type Event = z.infer<typeof event>;

export type Lane = 'alarm' | 'normal' | 'telemetry';
const ALARM_TYPES = new Set<EventType>([
  'alert.raised', 'gate.forced_open', 'gate.held_open', 'gate.tamper', 'alarm.button_pressed', 'alarm.tamper',
  'camera.tamper', 'camera.offline', 'device.offline',
]);
const TELEMETRY_TYPES = new Set<EventType>(['gateway.health', 'camera.motion']);

/** Outbox lane: alarms are sent first and dropped last; telemetry is dropped first. */
export function laneOf(type: EventType): Lane {
  if (ALARM_TYPES.has(type)) return 'alarm';
  if (TELEMETRY_TYPES.has(type)) return 'telemetry';
  return 'normal';
}

/** yg/d/{deviceId}/heartbeat: liveness, with the device's current state for resync. */
export const heartbeat = z.object({
  v: schemaVersion,
  at: isoTime.optional(),
  state: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
}).strict();
export type Heartbeat = z.infer<typeof heartbeat>;

/** yg/d/{deviceId}/availability and yg/gw/{gatewayId}/up/availability (retained, last will). */
export const availability = z.enum(['online', 'offline']);
export type Availability = z.infer<typeof availability>;
