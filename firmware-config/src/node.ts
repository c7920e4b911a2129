/**
 * Node-only helpers around the contract: loading config files, password hashes for device and
 * gateway logins, and Ed25519 command signatures. Kept out of index.ts so the console can import
 * the contract in a browser.
 */
import { readFileSync } from 'node:fs';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scrypt, scryptSync, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { validateSiteConfig, type SiteConfig } from './config/site.js';
import { canonicalJson, command as commandSchema, releaseSignedPart, type Command, type ReleaseSignedPart, type SignedCommand } from './contract/messages/commands.js';
import { decode, SCHEMA_VERSION } from './contract/envelope.js';

export * from './mqtt-guards/packet-size-guard.js';
export * from './mqtt-guards/login-backoff.js';
export * from './mqtt-guards/stack-safe-emitter.js';
export * from './storage/wal-sync.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Read and validate a site config file; throws ConfigError naming the file and every problem. */
export function loadSiteConfig(path: string): SiteConfig {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read site config ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new ConfigError(`site config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const r = validateSiteConfig(json);
  if (!r.ok) throw new ConfigError(`site config ${path} is invalid:\n${r.error}`);
  return r.value;
}

// --- password hashes: scrypt$N$r$p$salt$hash (base64) -------------------------------------
const N = 16384, R = 8, P = 1, KEYLEN = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

// --- issued secrets: hmac-sha256$salt$hash (base64) -----------------------------------------
// A slow hash protects guessable human passwords. A secret the system itself issues from 128+ random
// bits (a gateway's MQTT password) cannot be guessed however fast the hash is, and a fast one lets
// 10,000 gateways log in again after a cloud restart in seconds instead of minutes of scrypt.
const MIN_ISSUED_SECRET_CHARS = 22; // 22 base64url characters = 132 bits

export function hashIssuedSecret(secret: string): string {
  if (secret.length < MIN_ISSUED_SECRET_CHARS) {
    throw new Error(`hashIssuedSecret is only for random secrets of ${MIN_ISSUED_SECRET_CHARS}+ characters; hash a chosen password with hashPassword`);
  }
  const salt = randomBytes(16);
  return `hmac-sha256$${salt.toString('base64')}$${createHmac('sha256', salt).update(secret).digest('base64')}`;
}

function verifyIssuedSecret(secret: string | Buffer, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 3) return false;
  const expected = Buffer.from(parts[2]!, 'base64');
  const actual = createHmac('sha256', Buffer.from(parts[1]!, 'base64')).update(secret).digest();
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

interface ParsedHash {
  salt: Buffer;
  expected: Buffer;
  params: { N: number; r: number; p: number; maxmem: number };
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  return { salt: Buffer.from(salt, 'base64'), expected: Buffer.from(hash, 'base64'), params: { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) } };
}

/** Blocks the event loop for the scrypt run (~50 ms): CLIs and tests only; servers use verifyPasswordAsync. */
export function verifyPassword(password: string, stored: string): boolean {
  if (stored.startsWith('hmac-sha256$')) return verifyIssuedSecret(password, stored);
  const h = parseHash(stored);
  if (!h) return false;
  const actual = scryptSync(password, h.salt, h.expected.length, h.params);
  return actual.length === h.expected.length && timingSafeEqual(actual, h.expected);
}

/** The same check on libuv's thread pool: a flood of logins never stalls a broker's event loop. */
export function verifyPasswordAsync(password: string | Buffer, stored: string): Promise<boolean> {
  if (stored.startsWith('hmac-sha256$')) return Promise.resolve(verifyIssuedSecret(password, stored));
  const h = parseHash(stored);
  if (!h) return Promise.resolve(false);
  return new Promise((resolve) => {
    scrypt(password, h.salt, h.expected.length, h.params, (err, actual) => {
      resolve(!err && actual.length === h.expected.length && timingSafeEqual(actual, h.expected));
    });
  });
}

// --- Ed25519 command signatures ------------------------------------------------------------
export interface KeyPairPem {
  publicKey: string;
  privateKey: string;
}

export function generateSigningKeyPair(): KeyPairPem {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const asPrivate = (k: string | KeyObject) => (typeof k === 'string' ? createPrivateKey(k) : k);
const asPublic = (k: string | KeyObject) => (typeof k === 'string' ? createPublicKey(k) : k);

export function signCommand(cmd: Command, privateKey: string | KeyObject): SignedCommand {
  const sig = sign(null, Buffer.from(canonicalJson(cmd)), asPrivate(privateKey)).toString('base64');
  return { v: SCHEMA_VERSION, command: cmd, sig };
}

export type VerifyResult = { ok: true; command: Command } | { ok: false; code: 'CMD_BAD_SIGNATURE' | 'CMD_INVALID'; message: string };

/** Checks the signature and the schema. Expiry and replay are the receiver's job (it owns the clock and the nonce store). */
export function verifySignedCommand(signed: SignedCommand, publicKey: string | KeyObject): VerifyResult {
  let good = false;
  try {
    good = verify(null, Buffer.from(canonicalJson(signed.command)), asPublic(publicKey), Buffer.from(signed.sig, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, code: 'CMD_BAD_SIGNATURE', message: 'signature does not match the pinned cloud key' };
  const r = decode(commandSchema, signed.command);
  if (!r.ok) return { ok: false, code: 'CMD_INVALID', message: r.error };
  return { ok: true, command: r.value };
}

/** The cloud signs a release once, when it is added; gateways check it with the key pinned at enrollment. */
export function signRelease(part: ReleaseSignedPart, privateKey: string | KeyObject): string {
  return sign(null, Buffer.from(canonicalJson(releaseSignedPart.parse(part))), asPrivate(privateKey)).toString('base64');
}

export function verifyRelease(part: ReleaseSignedPart, signature: string, publicKey: string | KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson({ version: part.version, sha256: part.sha256, bytes: part.bytes })), asPublic(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
