/**
 * The cloud's Ed25519 command-signing key pair: generated on first start, kept under the data
 * directory with mode 0600. Every instance of a scaled-out cloud must share the same files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { generateSigningKeyPair } from '@yardguard/firmware-config/node';

export interface SigningKeys {
  publicKeyPem: string;
  privateKey: KeyObject;
}

export function loadOrCreateSigningKeys(dataDir: string): SigningKeys {
  const dir = join(dataDir, 'keys');
  const privPath = join(dir, 'cloud-signing.key');
  const pubPath = join(dir, 'cloud-signing.pub');
  if (!existsSync(privPath) || !existsSync(pubPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const kp = generateSigningKeyPair();
    // wx: never overwrite a key another instance wrote a moment ago.
    try {
      writeFileSync(privPath, kp.privateKey, { mode: 0o600, flag: 'wx' });
      writeFileSync(pubPath, kp.publicKey, { mode: 0o644, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(privPath, 0o600);
  return { publicKeyPem: readFileSync(pubPath, 'utf8'), privateKey: createPrivateKey(readFileSync(privPath, 'utf8')) };
}
