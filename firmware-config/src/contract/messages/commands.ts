/**
 * Commands (cloud -> edge -> device) and their results.
 * A cloud command is signed (Ed25519 over canonicalJson(command)), expires and carries a nonce;
 * the edge verifies all three before it acts. Edge -> device commands are unsigned: the local
 * broker's auth and ACL protect that hop.
 */
import { z } from 'zod';
import { id, isoTime, schemaVersion } from '../envelope.js';
import { sirenPattern } from './events.js';

/** Remote diagnostics: at most this many recent log lines, of at most this many bytes in all. */
export const DIAGNOSTICS_MAX_LOG_LINES = 500;
export const DIAGNOSTICS_MAX_LOG_BYTES = 160 * 1024;

export const releaseVersion = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a semver version x.y.z[-tag]').max(40);

/** What the cloud signs for a release (Ed25519 over canonicalJson of this), checked by the edge before it unpacks. */
export const releaseSignedPart = z.object({ version: releaseVersion, sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive() }).strict();
export type ReleaseSignedPart = z.infer<typeof releaseSignedPart>;

export const agentUpdateParams = releaseSignedPart.extend({
  /** Where the gateway downloads the tarball (absolute http(s) URL; HTTP Basic with its MQTT login). */
  url: z.string().url().max(500),
  /** base64 Ed25519 signature of canonicalJson({version, sha256, bytes}). */
  signature: z.string().min(80).max(120),
  /** The new version must be connected and report gateway.started within this, or it rolls back. */
  healthDeadlineS: z.number().int().min(10).max(3600).default(300),
}).strict();
export type AgentUpdateParams = z.infer<typeof agentUpdateParams>;

export const commandAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('gate.open'), params: z.object({ pulseMs: z.number().int().min(50).max(30_000).optional() }).strict().default({}) }),
  z.object({ action: z.literal('gate.hold_open'), params: z.object({ durationS: z.number().int().min(1).max(3600) }).strict() }),
  z.object({ action: z.literal('gate.lock'), params: z.object({}).strict().default({}) }),
  z.object({ action: z.literal('siren.start'), params: z.object({ pattern: sirenPattern, durationS: z.number().int().min(1).max(600) }).strict() }),
  z.object({ action: z.literal('siren.stop'), params: z.object({}).strict().default({}) }),
  z.object({ action: z.literal('camera.snapshot'), params: z.object({ reason: z.enum(['command', 'rule', 'manual']).default('command') }).strict().default({ reason: 'command' }) }),
  // config.push carries the whole site config; the edge validates it with siteConfig before applying.
  z.object({ action: z.literal('config.push'), params: z.object({ configVersion: z.number().int().nonnegative(), config: z.unknown() }).strict() }),
  // gateway.discover runs WS-Discovery on the gateway's LAN and answers with the cameras found.
  z.object({ action: z.literal('gateway.discover'), params: z.object({ timeoutS: z.number().int().min(1).max(30).default(5) }).strict().default({ timeoutS: 5 }) }),
  // gateway.diagnostics answers with the agent's recent log lines, `status` and `check --json`
  // (nothing moves: relays and chimes are skipped). The answer fits one result (MAX_PAYLOAD_BYTES).
  z.object({ action: z.literal('gateway.diagnostics'), params: z.object({ logLines: z.number().int().min(1).max(DIAGNOSTICS_MAX_LOG_LINES).default(200), check: z.boolean().default(true) }).strict().default({ logLines: 200, check: true }) }),
  // agent.update: download the release (HTTP, resumable), check the release signature (the cloud's
  // key over releaseSignedPart) and sha256, switch `current` to it and keep it only when healthy.
  z.object({ action: z.literal('agent.update'), params: agentUpdateParams }),
  // gateway.resend_dead_letters queues the events the cloud once rejected again (after a cloud fix);
  // the same as `yardguard-edge dead-letters --resend` on the Pi. Answers { resent, remaining }.
  z.object({ action: z.literal('gateway.resend_dead_letters'), params: z.object({}).strict().default({}) }),
]);
export type CommandAction = z.infer<typeof commandAction>;
export type CommandActionName = CommandAction['action'];

export const command = z.intersection(
  z.object({
    v: schemaVersion,
    id: id,
    gatewayId: id,
    /** The gateway's own id for config.push. */
    deviceId: id,
    issuedAt: isoTime,
    expiresAt: isoTime,
    nonce: z.string().min(16).max(64),
    /** User id or 'system', for the audit trail on both sides. */
    issuedBy: z.string().max(64),
  }),
  commandAction,
);
export type Command = z.infer<typeof command>;

/** yg/gw/{gatewayId}/down/cmd */
export const signedCommand = z.object({
  v: schemaVersion,
  command: z.unknown(),
  /** base64 Ed25519 signature of canonicalJson(command). */
  sig: z.string().min(80).max(120),
}).strict();
export type SignedCommand = z.infer<typeof signedCommand>;

export const commandErrorCodes = [
  'CMD_BAD_SIGNATURE', 'CMD_EXPIRED', 'CMD_REPLAYED', 'CMD_INVALID', 'CMD_WRONG_GATEWAY',
  'DEVICE_UNKNOWN', 'DEVICE_OFFLINE', 'DEVICE_TIMEOUT', 'DOOR_NOT_OPENED', 'GATE_RELAY_FAILED',
  'CAMERA_ERROR', 'CONFIG_REJECTED', 'UNSUPPORTED', 'UPDATE_FAILED',
] as const;
export const commandErrorCode = z.enum(commandErrorCodes);
export type CommandErrorCode = z.infer<typeof commandErrorCode>;

/** yg/gw/{gatewayId}/up/result and yg/d/{deviceId}/cmd/result */
export const commandResult = z.object({
  v: schemaVersion,
  commandId: id,
  deviceId: id,
  status: z.enum(['ok', 'error']),
  /** What happened, e.g. 'opened', 'siren_started', 'snapshot_taken', 'config_applied'. */
  outcome: z.string().max(60).optional(),
  error: z.object({ code: commandErrorCode, message: z.string().max(500) }).strict().optional(),
  /** From receipt at the edge to the result. */
  latencyMs: z.number().nonnegative(),
  completedAt: isoTime,
  data: z.record(z.string(), z.unknown()).optional(),
}).strict();
export type CommandResult = z.infer<typeof commandResult>;

/** yg/d/{deviceId}/cmd: what the edge sends to an MQTT device. */
export const deviceCommand = z.intersection(
  z.object({ v: schemaVersion, id: id, expiresAt: isoTime.optional() }),
  commandAction,
);
export type DeviceCommand = z.infer<typeof deviceCommand>;

/**
 * Deterministic JSON: keys sorted at every level. Signatures are computed over this, so the
 * signer and the verifier agree whatever order an object was built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
