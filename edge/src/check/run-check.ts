/**
 * `check` as one function: config and credentials, then each device, the cloud link and the
 * system. The CLI gives it real ports and a prompt; tests give it simulators; remote diagnostics
 * run it inside the agent.
 */
import { deviceChecks, type DeviceAccess } from './device-checks.js';
import { configChecks } from './config-checks.js';
import { cloudChecks } from './cloud-checks.js';
import { diskCheck, temperatureChecks } from './system-checks.js';
import { makeReport, type CheckReport, type CheckRow } from './report.js';
import type { SiteConfig } from '@yardguard/firmware-config/wire';
import type { CameraCredentials } from '../devices/camera/credentials.js';

export interface CheckOptions {
  configPath: string;
  dataDir: string;
  credentialsPath?: string;
  /** Built once the config is known (GPIO is opened only for a site with GPIO devices). */
  access(site: SiteConfig, cameraCredentials: Record<string, CameraCredentials>): Promise<DeviceAccess>;
  skipCloud?: boolean;
  sysRoot?: string;
  now?: () => Date;
}

export async function runCheck(opts: CheckOptions): Promise<CheckReport> {
  const cfg = configChecks(opts);
  const rows: CheckRow[] = [...cfg.rows];
  if (cfg.site) rows.push(...(await deviceChecks(cfg.site, await opts.access(cfg.site, cfg.secrets))));
  if (!opts.skipCloud) rows.push(...(await cloudChecks(cfg.creds)));
  rows.push(diskCheck(opts.dataDir), ...temperatureChecks(opts.sysRoot));
  return makeReport(rows, cfg.site?.gateway.id ?? cfg.creds?.gatewayId, (opts.now ?? (() => new Date()))());
}
