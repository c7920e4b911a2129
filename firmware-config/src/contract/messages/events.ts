/**
 * Every event a device or the gateway reports, as one discriminated union on `type`.
 * A device publishes a DeviceEventPayload; the edge stamps it into an Event (ids, seq, compound,
 * gateway, device) before it is stored and forwarded.
 */
import { z } from 'zod';
import { eventId, id, isoTime, schemaVersion } from '../envelope.js';

export const accessMethods = ['card', 'qr', 'face', 'app', 'exit_button', 'visitor_pass', 'remote'] as const;
export const accessMethod = z.enum(accessMethods);
export type AccessMethod = z.infer<typeof accessMethod>;

const empty = z.object({}).strict();
// The outer object is not strict: the envelope fields sit beside type and data (see withEnvelope).
const ev = <T extends string, D extends z.ZodType>(type: T, data: D) => z.object({ type: z.literal(type), data });

// --- gate -------------------------------------------------------------------------------
export const gateEvents = [
  ev('gate.access_granted', z.object({
    method: accessMethod,
    /** Card number hash, QR pass id, face-profile id, user id for app opens. Never a raw secret. */
    credentialRef: z.string().max(128).optional(),
    userRef: z.string().max(128).optional(),
    commandId: z.string().max(64).optional(),
  }).strict()),
  ev('gate.access_denied', z.object({
    method: accessMethod,
    reason: z.enum(['unknown_credential', 'expired', 'not_allowed_here', 'outside_schedule', 'other']),
    credentialRef: z.string().max(128).optional(),
  }).strict()),
  ev('gate.door_opened', empty),
  ev('gate.door_closed', z.object({ openForS: z.number().nonnegative().optional() }).strict()),
  ev('gate.forced_open', empty),
  ev('gate.held_open', z.object({ openForS: z.number().nonnegative(), thresholdS: z.number().positive() }).strict()),
  ev('gate.tamper', z.object({ detail: z.string().max(200).optional() }).strict()),
  /** First state after a (re)start or reconnect: a resync, never an alarm. */
  ev('gate.state', z.object({ door: z.enum(['open', 'closed', 'unknown']), locked: z.boolean().optional() }).strict()),
] as const;

// --- camera -----------------------------------------------------------------------------
export const cameraEvents = [
  ev('camera.online', z.object({ model: z.string().max(120).optional(), firmware: z.string().max(60).optional() }).strict()),
  ev('camera.offline', z.object({ reason: z.enum(['probe_failed', 'auth_failed', 'unreachable']), detail: z.string().max(200).optional() }).strict()),
  ev('camera.motion', z.object({ active: z.boolean(), source: z.string().max(120).optional() }).strict()),
  ev('camera.tamper', z.object({ active: z.boolean(), detail: z.string().max(200).optional() }).strict()),
  ev('camera.snapshot', z.object({
    snapshotId: id,
    /** Where the gateway keeps it; the cloud fetches or receives it by snapshotId. */
    ref: z.string().max(256),
    contentType: z.string().max(60),
    bytes: z.number().int().nonnegative(),
    reason: z.enum(['command', 'rule', 'manual']),
    forEventId: eventId.optional(),
  }).strict()),
] as const;

// --- alarm column -------------------------------------------------------------------------
export const sirenPatterns = ['alarm', 'warning', 'voice_evacuate', 'voice_warning', 'chime'] as const;
export const sirenPattern = z.enum(sirenPatterns);
export const alarmColumnEvents = [
  ev('alarm.button_pressed', z.object({ button: z.string().max(40).optional() }).strict()),
  ev('alarm.siren_started', z.object({ pattern: sirenPattern, durationS: z.number().int().positive().max(600) }).strict()),
  ev('alarm.siren_stopped', z.object({ reason: z.enum(['timeout', 'command', 'local']).optional() }).strict()),
  ev('alarm.tamper', z.object({ detail: z.string().max(200).optional() }).strict()),
] as const;

// --- any device, observed by the gateway -------------------------------------------------
export const deviceKinds = ['gate', 'camera', 'alarm_column'] as const;
export const deviceKind = z.enum(deviceKinds);
export type DeviceKind = z.infer<typeof deviceKind>;

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
  ev('gateway.started', z.object({ agentVersion: z.string().max(40), resumedFromSeq: z.number().int().nonnegative() }).strict()),
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

const allEventSchemas = [...gateEvents, ...cameraEvents, ...alarmColumnEvents, ...presenceEvents, ...gatewayEvents] as const;

/** type + data, discriminated on type. */
export const eventBody = z.discriminatedUnion('type', allEventSchemas);
export type EventBody = z.infer<typeof eventBody>;
export type EventType = EventBody['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;
export const eventTypes = allEventSchemas.map((s) => s.shape.type.value) as EventType[];

/** Which device kind may report which event types (the edge refuses the rest). */
export const eventTypesByDeviceKind: Record<DeviceKind, readonly EventType[]> = {
  gate: gateEvents.map((s) => s.shape.type.value),
  camera: cameraEvents.map((s) => s.shape.type.value),
  alarm_column: alarmColumnEvents.map((s) => s.shape.type.value),
};

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
