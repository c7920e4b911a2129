/** Enrollment over HTTPS: a blank Pi redeems a one-time code and becomes a trusted gateway. */
import { z } from 'zod';
import { id } from '../envelope.js';

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
}).strict();
export type EnrollResponse = z.infer<typeof enrollResponse>;
