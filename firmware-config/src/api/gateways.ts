/** Gateways (liveness by acks), devices, config versions and stored events. */
import { z } from 'zod';
import { apiId, apiSlug, apiTime } from './common.js';
import { deviceKinds, sirenPattern, type DeviceKind } from '../contract/messages/events.js';
import { DIAGNOSTICS_MAX_LOG_LINES } from '../contract/messages/commands.js';
import { siteConfig } from '../config/site.js';

export const linkStates = ['never', 'online', 'offline'] as const;

export const gateway = z.object({
  id: apiSlug,
  compoundId: apiSlug,
  name: z.string().nullable(),
  enrolledAt: apiTime,
  /** Liveness is measured by acks: the last batch the cloud committed and acknowledged. */
  lastAckAt: apiTime.nullable(),
  lastAckedSeq: z.number().int(),
  /** MQTT availability as last reported (retained message / last will). */
  linkState: z.enum(linkStates),
  linkChangedAt: apiTime.nullable(),
  /** Seconds since the last ack (null: never acked). */
  ackAgeS: z.number().nullable(),
  /** online = connected and acked within the liveness window. */
  alive: z.boolean(),
  configVersion: z.number().int(),
  appliedConfigVersion: z.number().int(),
  agentVersion: z.string().nullable(),
  hwModel: z.string().nullable(),
  /** Set when the gateway was revoked (lost or stolen Pi): its MQTT login no longer works. */
  revokedAt: apiTime.nullable().optional(),
});
export type Gateway = z.infer<typeof gateway>;
export const gatewayList = z.object({ gateways: z.array(gateway) });
export type GatewayList = z.infer<typeof gatewayList>;

/** Every device kind of the contract, plus the gateway itself and devices not (yet) in the config. */
export const deviceKindsApi = [...deviceKinds, 'gateway', 'unknown'] as [DeviceKind | 'gateway' | 'unknown', ...(DeviceKind | 'gateway' | 'unknown')[]];
export type DeviceKindApi = (typeof deviceKindsApi)[number];
export const device = z.object({
  /** Cloud-wide id: `<gatewayId>.<deviceId>`. Gate ids in /api/gates are these. */
  id: apiId,
  compoundId: apiSlug,
  gatewayId: apiSlug,
  deviceId: apiSlug,
  kind: z.enum(deviceKindsApi),
  name: z.string().nullable(),
  lastSeenAt: apiTime.nullable(),
  online: z.boolean().nullable(),
});
export type Device = z.infer<typeof device>;
export const deviceList = z.object({ devices: z.array(device) });
export type DeviceList = z.infer<typeof deviceList>;

/** PUT /api/gateways/:gatewayId/config (admin, manager, installer) */
export const pushConfigRequest = z.object({ config: z.unknown() }).strict();
export type PushConfigRequest = z.infer<typeof pushConfigRequest>;
export const pushConfigResponse = z.object({
  configVersion: z.number().int(),
  /** True when the signed config.push command was published (the gateway applies it when it receives it). */
  sent: z.boolean(),
});
export type PushConfigResponse = z.infer<typeof pushConfigResponse>;

export const configVersionInfo = z.object({
  gatewayId: apiSlug,
  version: z.number().int(),
  createdAt: apiTime,
  createdBy: z.string(),
  /** Stored only after validateSiteConfig: typed in the OpenAPI document, so the console reads it without a cast. */
  config: siteConfig,
});
export type ConfigVersionInfo = z.infer<typeof configVersionInfo>;

/** GET /api/events?compoundId=&gatewayId=&deviceId=&type=&before=&limit= */
export const eventsQuery = z.object({
  compoundId: apiSlug.optional(),
  gatewayId: apiSlug.optional(),
  deviceId: apiSlug.optional(),
  type: z.string().max(60).optional(),
  /** occurredAt strictly before this (paging backwards). */
  before: apiTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type EventsQuery = z.input<typeof eventsQuery>;

export const storedEvent = z.object({
  id: apiId,
  compoundId: apiSlug,
  gatewayId: apiSlug,
  deviceId: apiSlug,
  seq: z.number().int(),
  type: z.string(),
  occurredAt: apiTime,
  receivedAt: apiTime,
  data: z.unknown(),
});
export type StoredEvent = z.infer<typeof storedEvent>;
export const eventList = z.object({ events: z.array(storedEvent) });
export type EventList = z.infer<typeof eventList>;

export const compoundQuery = z.object({ compoundId: apiSlug.optional() });
export type CompoundQuery = z.infer<typeof compoundQuery>;

/** POST /api/devices/:deviceId/commands (guard, manager, admin): siren, snapshot, hold open, lock. Waits for the result. */
export const deviceCommandRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('siren.start'), params: z.object({ pattern: sirenPattern, durationS: z.number().int().min(1).max(600) }).strict() }).strict(),
  z.object({ action: z.literal('siren.stop') }).strict(),
  z.object({ action: z.literal('camera.snapshot') }).strict(),
  z.object({ action: z.literal('gate.hold_open'), params: z.object({ durationS: z.number().int().min(1).max(3600) }).strict() }).strict(),
  z.object({ action: z.literal('gate.lock') }).strict(),
]);
export type DeviceCommandRequest = z.infer<typeof deviceCommandRequest>;

/** 200 with the device's answer (status ok or error); 409 GATEWAY_OFFLINE, 504 GATE_TIMEOUT as for gate open. */
export const deviceCommandResponse = z.object({
  commandId: apiId,
  deviceId: apiId,
  status: z.enum(['ok', 'error']),
  outcome: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  latencyMs: z.number(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type DeviceCommandResponse = z.infer<typeof deviceCommandResponse>;

/**
 * POST /api/devices/:deviceId/test (installer, manager, admin): an installer checks a device from the
 * installer page: a test snapshot from a camera, a short pulse of a gate relay. Audited like any command.
 */
export const deviceTestRequest = z.object({ action: z.enum(['snapshot', 'pulse']) }).strict();
export type DeviceTestRequest = z.infer<typeof deviceTestRequest>;

/** 200 with the device's answer: ok (a snapshot id to show the image) or error with the device's reason. */
export const deviceTestResponse = deviceCommandResponse.omit({ data: true }).extend({
  action: z.enum(['snapshot', 'pulse']),
  /** The snapshot's id in the cloud (GET /api/snapshots/:snapshotId once the gateway has uploaded it). */
  snapshotId: apiId.optional(),
});
export type DeviceTestResponse = z.infer<typeof deviceTestResponse>;

/** GET /api/gateways/:gatewayId/commands?limit= (admin, manager, guard, installer): the command audit. */
export const commandInfo = z.object({
  id: apiId,
  gatewayId: apiSlug,
  deviceId: apiSlug,
  action: z.string(),
  issuedBy: z.string(),
  issuedAt: apiTime,
  expiresAt: apiTime,
  status: z.enum(['sent', 'ok', 'error', 'timeout']),
  completedAt: apiTime.nullable(),
  outcome: z.string().nullable(),
  errorCode: z.string().nullable(),
  latencyMs: z.number().nullable(),
  /** The device answered after the cloud had recorded a timeout (status is its answer). */
  lateAnswer: z.boolean().optional(),
});
export type CommandInfo = z.infer<typeof commandInfo>;
export const commandList = z.object({ commands: z.array(commandInfo) });
export type CommandList = z.infer<typeof commandList>;

export const discoverCamerasRequest = z.object({ timeoutS: z.number().int().min(1).max(30).optional() }).strict();
export type DiscoverCamerasRequest = z.infer<typeof discoverCamerasRequest>;
/** POST /api/gateways/:gatewayId/discover { timeoutS? } (admin, manager, installer): cameras found by WS-Discovery on the gateway's LAN. */
export const discoverCamerasResponse = z.object({
  cameras: z.array(z.object({ xaddr: z.string(), name: z.string().optional(), hardware: z.string().optional(), configured: z.boolean() })),
});
export type DiscoverCamerasResponse = z.infer<typeof discoverCamerasResponse>;

/** POST /api/gateways/:gatewayId/diagnostics { logLines?, check? } (admin, manager, installer): the agent's recent logs, status and check. */
export const gatewayDiagnosticsRequest = z.object({
  logLines: z.number().int().min(1).max(DIAGNOSTICS_MAX_LOG_LINES).optional(),
  check: z.boolean().optional(),
}).strict();
export type GatewayDiagnosticsRequest = z.infer<typeof gatewayDiagnosticsRequest>;
const diagnosticsCheckRow = z.object({
  area: z.string(), item: z.string(), check: z.string(), status: z.enum(['ok', 'warn', 'fail', 'skip']), detail: z.string(), fix: z.string().optional(),
});
/** What the gateway answers to gateway.diagnostics (result data), as the cloud passes it on. */
export const gatewayDiagnostics = z.object({
  agentVersion: z.string(),
  collectedAt: z.string(),
  logs: z.object({ lines: z.array(z.string()), truncated: z.boolean() }),
  /** `yardguard-edge status --json`. */
  status: z.record(z.string(), z.unknown()),
  /** `yardguard-edge check --json`, or null when not asked for. */
  check: z.object({
    ok: z.boolean(), gatewayId: z.string().optional(), checkedAt: z.string(),
    counts: z.object({ ok: z.number(), warn: z.number(), fail: z.number(), skip: z.number() }),
    rows: z.array(diagnosticsCheckRow),
  }).nullable(),
});
export type GatewayDiagnostics = z.infer<typeof gatewayDiagnostics>;
export const gatewayDiagnosticsResponse = gatewayDiagnostics.extend({ gatewayId: apiSlug, commandId: apiId, latencyMs: z.number() });
export type GatewayDiagnosticsResponse = z.infer<typeof gatewayDiagnosticsResponse>;
/**
 * GET /api/gateways/:gatewayId/dead-letters (admin, manager, installer): the events the cloud once
 * rejected, as the gateway last reported them in its health (count, oldest, commonest reasons).
 */
export const gatewayDeadLetters = z.object({
  gatewayId: apiSlug,
  count: z.number().int().nonnegative(),
  oldestAt: apiTime.nullable(),
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int().positive() })),
  /** When the gateway reported this (its last gateway.health); null: no report yet. */
  reportedAt: apiTime.nullable(),
});
export type GatewayDeadLetters = z.infer<typeof gatewayDeadLetters>;

/** POST /api/gateways/:gatewayId/dead-letters/resend: a signed gateway.resend_dead_letters, and its answer. */
export const resendDeadLettersResponse = z.object({
  commandId: z.string(),
  /** Dead letters queued again for the cloud. */
  resent: z.number().int().nonnegative(),
  /** Dead letters still on the gateway afterwards. */
  remaining: z.number().int().nonnegative(),
  latencyMs: z.number().nonnegative(),
});
export type ResendDeadLettersResponse = z.infer<typeof resendDeadLettersResponse>;
