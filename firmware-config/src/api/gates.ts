/** Gate open (with a session or a visitor pass), the audit trail, visitor passes. */
import { z } from 'zod';
import { apiId, apiSlug, apiTime } from './common.js';

export const gate = z.object({
  /** `<gatewayId>.<deviceId>` */
  id: apiId,
  compoundId: apiSlug,
  gatewayId: apiSlug,
  deviceId: apiSlug,
  name: z.string().nullable(),
  /** false when the gate or its gateway is offline (it cannot open now); null when the gate never reported. */
  online: z.boolean().nullable(),
});
export type Gate = z.infer<typeof gate>;
export const gateList = z.object({ gates: z.array(gate) });
export type GateList = z.infer<typeof gateList>;

/** POST /api/gates/:gateId/open (body optional) */
export const gateOpenRequest = z.object({
  pulseMs: z.number().int().min(50).max(30_000).optional(),
}).strict().default({});
export type GateOpenRequest = z.input<typeof gateOpenRequest>;

/** 200 when the gate reported it opened; errors come as apiError (409 GATEWAY_OFFLINE, 504 GATE_TIMEOUT, 502 GATE_FAILED). */
export const gateOpenResponse = z.object({
  commandId: apiId,
  gateId: apiId,
  status: z.enum(['ok', 'error']),
  outcome: z.string().optional(),
  /** API -> gateway -> result, measured by the cloud. */
  latencyMs: z.number(),
  /** Latency the gateway reported (receipt -> relay). */
  gatewayLatencyMs: z.number().optional(),
});
export type GateOpenResponse = z.infer<typeof gateOpenResponse>;

export const gateOpenResults = ['ok', 'error', 'timeout', 'offline'] as const;
export const gateOpenAudit = z.object({
  id: apiId,
  commandId: apiId,
  compoundId: apiSlug,
  gateId: apiId,
  userId: apiId.nullable(),
  username: z.string().nullable(),
  visitorPassId: apiId.nullable(),
  requestedAt: apiTime,
  result: z.enum(gateOpenResults),
  errorCode: z.string().nullable(),
  latencyMs: z.number().nullable(),
  /** gate.open (default), gate.hold_open or gate.lock. */
  action: z.string().optional(),
  /** When the gate's answer arrived; after the timeout when it answered late (the row then shows that answer, not the timeout). */
  answeredAt: apiTime.nullable().optional(),
});
export type GateOpenAudit = z.infer<typeof gateOpenAudit>;
/** A page newest first: `nextBefore` is the `before` for the next page, null on the last. */
export const gateOpenAuditList = z.object({ opens: z.array(gateOpenAudit), nextBefore: apiTime.nullable().optional() });
/** GET /api/gate-opens: filter by compound, gate, user, result and a time range (`from` inclusive, `to` exclusive). */
export const gateOpenAuditQuery = z.object({
  compoundId: apiSlug.optional(),
  gateId: apiId.optional(),
  userId: apiId.optional(),
  result: z.enum(gateOpenResults).optional(),
  from: apiTime.optional(),
  to: apiTime.optional(),
  before: apiTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type GateOpenAuditQuery = z.input<typeof gateOpenAuditQuery>;
export type GateOpenAuditList = z.infer<typeof gateOpenAuditList>;

/** POST /api/visitor-passes (resident for their gates; guard/manager/admin in their compounds) */
export const createVisitorPassRequest = z.object({
  gateId: apiId,
  visitorName: z.string().max(60).optional(),
  validFrom: apiTime.optional(),
  validUntil: apiTime,
  maxUses: z.number().int().min(1).max(100).default(1),
}).strict();
export type CreateVisitorPassRequest = z.input<typeof createVisitorPassRequest>;

export const visitorPass = z.object({
  id: apiId,
  /** What the visitor types or the QR/link carries: POST /api/visitor-passes/:code/open. */
  code: z.string(),
  gateId: apiId,
  compoundId: apiSlug,
  issuedBy: apiId,
  visitorName: z.string().nullable(),
  validFrom: apiTime,
  validUntil: apiTime,
  maxUses: z.number().int(),
  uses: z.number().int(),
  revoked: z.boolean(),
  createdAt: apiTime,
});
export type VisitorPass = z.infer<typeof visitorPass>;
export const visitorPassList = z.object({ passes: z.array(visitorPass) });
export type VisitorPassList = z.infer<typeof visitorPassList>;
