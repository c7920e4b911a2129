/** `yardguard-cloud release add FILE`: store and sign a release without the console. */
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { defaultConfig, type CloudConfig } from '../config.js';
import { buildApp } from '../app.js';
import { loadOrCreateSigningKeys } from '../signing-keys.js';
import { addRelease, ReleaseError } from './store.js';

export async function addReleaseCommand(over: Partial<CloudConfig>, file: string, log: Logger): Promise<number> {
  const config = defaultConfig(over);
  if (!existsSync(file)) {
    console.error(`error: ${file} does not exist (build one with \`npm run package\`: release/yardguard-edge-<version>.tar.gz)`);
    return 1;
  }
  const cloud = await buildApp({ config: { ...config, mqtt: { mode: 'none' } }, logger: log });
  try {
    const r = await addRelease(cloud.db, config.dataDir, file, loadOrCreateSigningKeys(config.dataDir).privateKey, 'cli');
    console.log(`release ${r.version} added: ${r.bytes} bytes, sha256 ${r.sha256}, signed with the cloud key; roll it out from the console (managers, 升级) or POST /api/rollouts`);
    return 0;
  } catch (e) {
    if (e instanceof ReleaseError) {
      console.error(`error: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await cloud.close();
  }
}
