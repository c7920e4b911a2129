/** Camera logins come from the gateway's secrets file by reference, never from the site config. */
export interface CameraCredentials {
  user: string;
  pass: string;
}

export type CredentialResolver = (ref: string) => CameraCredentials | undefined;

/** A resolver over a plain map, e.g. the parsed secrets file `{ "cam-gate": { "user": .., "pass": .. } }`. */
export const secretsMapResolver = (secrets: Record<string, CameraCredentials>): CredentialResolver => (ref) => secrets[ref];
