/**
 * The gateway's credentials file, written by `enroll` (mode 0600: it holds the MQTT password and
 * the gateway's private key) and read by `run`.
 */
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { formatIssues } from '@yardguard/firmware-config/wire';

export const credentialsFile = z.object({
  gatewayId: z.string().min(1),
  compoundId: z.string().min(1).optional(),
  mqttUrl: z.string().min(1),
  username: z.string().optional(),
  password: z.string().optional(),
  /** The cloud's command-signing public key (PEM), pinned at enrollment. */
  cloudSigningKey: z.string().min(40),
  /** The gateway's own Ed25519 key pair (PEM). */
  publicKey: z.string().optional(),
  privateKey: z.string().optional(),
  cloudUrl: z.string().optional(),
  /** PEM CA bundle for an mqtts:// cloud with its own CA (omit for public CAs). */
  caPem: z.string().optional(),
  enrolledAt: z.string().optional(),
});
export type CredentialsFile = z.infer<typeof credentialsFile>;

export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

export function readCredentials(path: string): CredentialsFile {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CredentialsError(`cannot read credentials ${path}: ${(e as Error).message}. Enroll first: yardguard-edge enroll --cloud URL --code ABCD-1234`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new CredentialsError(`credentials ${path} are not valid JSON (${(e as Error).message}); enroll again`);
  }
  const r = credentialsFile.safeParse(json);
  if (!r.success) throw new CredentialsError(`credentials ${path} are invalid: ${formatIssues(r.error)}; enroll again`);
  return r.data;
}

/** Write atomically with mode 0600 (the file is created private, never world-readable). */
export function writeCredentials(path: string, creds: CredentialsFile): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(creds, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
