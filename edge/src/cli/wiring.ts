/**
 * The real device adapters, linkage rules and hardware ports for `run` (tests inject their own
 * into createEdge instead). GPIO is opened only when the site has GPIO devices; on a machine
 * without GPIO the agent still runs its MQTT devices, cameras and rules, and says what to fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usesGpio, type SiteConfig } from '@yardguard/firmware-config/wire';
import type { EdgeDeps } from '../edge.js';
import type { Logger } from '../log.js';
import { createAdapters } from '../devices/registry.js';
import { secretsMapResolver, type CameraCredentials } from '../devices/camera/credentials.js';
import { createRulesEngine } from '../rules/engine.js';
import { createOnoffGpio } from '../hw/onoff-gpio.js';
import { createNodeOnvifPort } from '../hw/node-onvif-port.js';


/** Camera logins: DIR/secrets.json, `{ "<credentialsRef>": { "user": "...", "pass": "..." } }` (mode 0600). */
function readSecrets(dataDir: string, log: Logger): Record<string, CameraCredentials> {
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, CameraCredentials>;
  } catch (err) {
    log.error({ err, file }, 'secrets file unreadable: cameras will connect without credentials (fix the JSON)');
    return {};
  }
}

export async function wireDevices(site: SiteConfig, dataDir: string, log: Logger): Promise<Pick<EdgeDeps, 'adapters' | 'rules' | 'gpio' | 'onvif'>> {
  const credentials = secretsMapResolver(readSecrets(dataDir, log));
  const deps: Pick<EdgeDeps, 'adapters' | 'rules' | 'gpio' | 'onvif'> = {
    adapters: (s, ctx) => createAdapters(s, ctx, { credentials }),
    rules: createRulesEngine,
    onvif: createNodeOnvifPort({ log: log.child({ mod: 'onvif' }) }),
  };
  if (usesGpio(site)) {
    try {
      deps.gpio = await createOnoffGpio();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'GPIO devices configured but GPIO is unavailable: GPIO gates and columns will not work until this is fixed');
    }
  }
  return deps;
}
