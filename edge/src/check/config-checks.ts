/** The site config, the gateway's credentials and the camera secrets they refer to. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSiteConfig } from '@yardguard/firmware-config/node';
import { listDevices, type SiteConfig } from '@yardguard/firmware-config/wire';
import { readCredentials, type CredentialsFile } from '../cli/credentials.js';
import { loadCameraSecrets, type CameraCredentials } from '../devices/camera/credentials.js';
import type { CheckRow } from './report.js';

export interface ConfigCheckResult {
  rows: CheckRow[];
  site?: SiteConfig;
  creds?: CredentialsFile;
  secrets: Record<string, CameraCredentials>;
}

export function configChecks(opts: { configPath: string; dataDir: string; credentialsPath?: string }): ConfigCheckResult {
  const rows: CheckRow[] = [];
  let site: SiteConfig | undefined;
  try {
    site = loadSiteConfig(opts.configPath);
    const n = listDevices(site).length;
    rows.push({ area: 'config', item: 'site config', check: 'valid', status: 'ok', detail: `${opts.configPath}: compound ${site.compound.id}, gateway ${site.gateway.id}, ${n} devices, config version ${site.configVersion}` });
  } catch (e) {
    rows.push({
      area: 'config', item: 'site config', check: 'valid', status: 'fail', detail: (e as Error).message.replace(/\s+/g, ' ').slice(0, 500),
      fix: existsSync(opts.configPath) ? 'correct the fields named above (the console validates the same schema), or enroll again to get the cloud\'s config' : `no config at ${opts.configPath}: enroll (yardguard-edge enroll --cloud URL --code ABCD-1234) or pass --config FILE`,
    });
  }

  const credsPath = opts.credentialsPath ?? join(opts.dataDir, 'credentials.json');
  let creds: CredentialsFile | undefined;
  if (!existsSync(credsPath)) {
    rows.push({ area: 'config', item: 'credentials', check: 'enrolled', status: 'warn', detail: `${credsPath} missing: the agent runs local-only (events wait in the outbox)`, fix: 'enroll: yardguard-edge enroll --cloud URL --code ABCD-1234 (code from the installer page)' });
  } else {
    try {
      creds = readCredentials(credsPath);
      if (site && creds.gatewayId !== site.gateway.id) {
        rows.push({ area: 'config', item: 'credentials', check: 'enrolled', status: 'fail', detail: `credentials are for gateway ${creds.gatewayId}, the site config is for ${site.gateway.id}`, fix: 'use the site config the cloud issued for this gateway (DIR/site.json after enroll)' });
      } else {
        rows.push({ area: 'config', item: 'credentials', check: 'enrolled', status: 'ok', detail: `gateway ${creds.gatewayId}${creds.enrolledAt ? `, enrolled ${creds.enrolledAt}` : ''}${creds.caPem ? ', cloud CA pinned' : ''}` });
      }
    } catch (e) {
      rows.push({ area: 'config', item: 'credentials', check: 'enrolled', status: 'fail', detail: (e as Error).message, fix: 'enroll again with a new code' });
    }
  }

  let secrets: Record<string, CameraCredentials> = {};
  const secretsPath = join(opts.dataDir, 'secrets.json');
  const refs = site?.cameras.flatMap((c) => (c.onvif.credentialsRef ? [c.onvif.credentialsRef] : [])) ?? [];
  if (existsSync(secretsPath)) {
    try {
      secrets = loadCameraSecrets(secretsPath);
    } catch (e) {
      rows.push({ area: 'config', item: 'camera secrets', check: 'valid', status: 'fail', detail: (e as Error).message, fix: `fix the JSON in ${secretsPath}: { "<credentialsRef>": { "user": "admin", "pass": "..." } }` });
    }
  }
  const missing = refs.filter((r) => !secrets[r]);
  if (missing.length > 0) {
    rows.push({ area: 'config', item: 'camera secrets', check: 'complete', status: 'fail', detail: `no login for credentialsRef ${missing.join(', ')} in ${secretsPath}`, fix: `add { "${missing[0]}": { "user": "...", "pass": "..." } } to ${secretsPath} (mode 0600)` });
  } else if (refs.length > 0) {
    rows.push({ area: 'config', item: 'camera secrets', check: 'complete', status: 'ok', detail: `${refs.length} camera login(s) in ${secretsPath}` });
  }
  return { rows, ...(site ? { site } : {}), ...(creds ? { creds } : {}), secrets };
}
