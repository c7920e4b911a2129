/** Camera logins come from the gateway's secrets file by reference, never from the site config. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatIssues } from '@yardguard/firmware-config/wire';

export interface CameraCredentials {
  user: string;
  pass: string;
}

export type CredentialResolver = (ref: string) => CameraCredentials | undefined;

/** The camera secrets file: `{ "<credentialsRef>": { "user": "admin", "pass": "..." } }` (mode 0600). */
export const cameraSecretsFile = z.record(z.string().min(1).max(64), z.object({ user: z.string().min(1).max(64), pass: z.string().max(128) }).strict());

/** A resolver over a plain map, e.g. the parsed secrets file. */
export const secretsMapResolver = (secrets: Record<string, CameraCredentials>): CredentialResolver => (ref) => secrets[ref];

/** Read and validate a camera secrets file; the error names the file and the bad entry. */
export function loadCameraSecrets(path: string): Record<string, CameraCredentials> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read camera secrets ${path}: ${(e as Error).message}`);
  }
  const r = cameraSecretsFile.safeParse(json);
  if (!r.success) throw new Error(`camera secrets ${path} are invalid: ${formatIssues(r.error)}`);
  return r.data;
}
