/**
 * Shared pieces of the cloud HTTP API (request and response bodies), used by the cloud routes
 * and the console's typed client, so neither copies the other's types.
 * Conventions: times are ISO 8601 UTC strings; ids are strings; errors are `{ error: { code, message } }`.
 */
import { z } from 'zod';

/**
 * Property company: admin, manager, guard (秩序维护), staff (the other teams), installer.
 * Governance side (docs: cloud/src/governance/README.md): grid_leader (支部/网格长), committee
 * (业委会/自管会), community (社区), street (街道, read-only over its whole street). Residents.
 */
export const apiRoles = ['admin', 'manager', 'guard', 'staff', 'installer', 'resident', 'grid_leader', 'committee', 'community', 'street'] as const;
export const apiRole = z.enum(apiRoles);
export type ApiRole = z.infer<typeof apiRole>;

/** Every non-2xx response. `message` is plain words a person can act on; `code` is for programs. */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** For 400: the fields that failed, `path: problem`. */
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof apiError>;

export const apiErrorCodes = [
  'BAD_REQUEST', 'UNAUTHENTICATED', 'SESSION_EXPIRED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED',
  'BAD_CREDENTIALS', 'ENROLL_CODE_INVALID', 'ENROLL_CODE_USED', 'ENROLL_CODE_EXPIRED',
  'GATEWAY_OFFLINE', 'GATE_TIMEOUT', 'GATE_FAILED', 'LEASE_ENDED', 'PASS_INVALID', 'PASS_EXHAUSTED',
  'PASS_NOT_YET_VALID', 'PASS_EXPIRED', 'DISCOVERY_TIMEOUT', 'DISCOVERY_FAILED', 'DIAGNOSTICS_TIMEOUT', 'DIAGNOSTICS_FAILED', 'SNAPSHOT_OVER_QUOTA', 'INTERNAL',
  'COMMAND_TIMEOUT', 'COMMAND_FAILED',
  'BROKER_UNAVAILABLE',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiId = z.string().min(1).max(128);
export const apiTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' });
/** Compound and gateway ids follow the wire id rule (they appear in MQTT topics). */
export const apiSlug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be letters, digits, - and _ (max 64)');

export const okResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof okResponse>;

/** Query string for list endpoints. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
