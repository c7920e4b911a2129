/** Enrollment over HTTPS: a blank Pi redeems a one-time code and becomes a trusted gateway. */
import { z } from 'zod';
import { id, isoTime } from '../envelope.js';

/** POST /api/enroll */
export const enrollRequest = z.object({
  code: z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'must look like ABCD-1234'),
  /** The gateway's Ed25519 public key, PEM (SPKI). */
  publicKey: z.string().min(40).max(1000),
  hw: z.object({
    model: z.string().max(120).optional(),
    serial: z.string().max(64).optional(),
    agentVersion: z.string().max(40).optional(),
  }).strict().default({}),
}).strict();
export type EnrollRequest = z.infer<typeof enrollRequest>;

export const enrollResponse = z.object({
  gatewayId: id,
  compoundId: id,
  mqttUrl: z.string(),
  username: z.string(),
  password: z.string(),
  /** The cloud's Ed25519 command-signing public key, PEM: the gateway pins it. */
  cloudSigningKey: z.string(),
  siteConfig: z.unknown().optional(),
  configVersion: z.number().int().nonnegative().optional(),
  /**
   * PEM CA certificate(s) of a cloud with its own CA (not a public one). The gateway pins it for
   * MQTT TLS (mqtts://, wss://) and HTTPS to the cloud. Absent: the system's public CAs.
   */
  caPem: z.string().min(40).max(20_000).optional(),
  /**
   * The cloud's clock when it answered. The gateway refuses to enroll when its own clock is far
   * off (commands expire by cloud time; TLS certificates fail on a wrong date).
   */
  cloudTime: isoTime.optional(),
}).strict();
export type EnrollResponse = z.infer<typeof enrollResponse>;

/** How far the gateway's clock may be from the cloud's at enrollment and in `check`. */
export const MAX_CLOCK_OFFSET_MS = 60_000;

/**
 * GET /api/gateway/hello (HTTP Basic with the MQTT user name and password from enrollment):
 * a gateway checks its login and its clock without touching its MQTT session.
 */
export const gatewayHello = z.object({
  gatewayId: id,
  compoundId: id,
  cloudTime: isoTime,
}).strict();
export type GatewayHello = z.infer<typeof gatewayHello>;
