/** The camera kind's adapter: ONVIF (probe, PullPoint events, snapshots); logins from the gateway's secrets. */
export { createCamera } from './camera.js';
export type { CredentialResolver } from './credentials.js';
