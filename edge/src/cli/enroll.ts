/**
 * `yardguard-edge enroll --cloud URL --code ABCD-1234`: a blank Pi becomes a trusted gateway.
 * Generates the gateway's Ed25519 key pair, redeems the one-time code at POST /api/enroll, and
 * stores what the cloud returns (MQTT credentials, the pinned command-signing key) with mode 0600.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, enrollRequest, enrollResponse, validateSiteConfig, type EnrollRequest } from '@yardguard/firmware-config';
import { generateSigningKeyPair } from '@yardguard/firmware-config/node';
import { AGENT_VERSION } from '../version.js';
import { writeCredentials } from './credentials.js';

export interface EnrollOptions {
  cloud: string;
  code: string;
  dataDir: string;
  credentials?: string;
  progress?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

function readFirst(paths: string[], pick: (s: string) => string | undefined): string | undefined {
  for (const p of paths) {
    try {
      const v = pick(readFileSync(p, 'utf8'));
      if (v) return v.slice(0, 120);
    } catch {
      /* not on this machine */
    }
  }
  return undefined;
}

function hardware(): EnrollRequest['hw'] {
  const model = readFirst(['/proc/device-tree/model'], (s) => s.replace(/\0/g, '').trim());
  const serial = readFirst(['/proc/cpuinfo'], (s) => /^Serial\s*:\s*(\S+)/m.exec(s)?.[1]);
  return { ...(model ? { model } : {}), ...(serial ? { serial: serial.slice(0, 64) } : {}), agentVersion: AGENT_VERSION };
}

export async function enroll(opts: EnrollOptions): Promise<{ gatewayId: string; credentialsPath: string; siteConfigPath?: string }> {
  const say = opts.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  const code = opts.code.trim().toUpperCase();
  const keys = generateSigningKeyPair();
  say('1/3 generated the gateway key pair (Ed25519)');
  const body = decode(enrollRequest, { code, publicKey: keys.publicKey, hw: hardware() });
  if (!body.ok) throw new Error(`enrollment code: ${body.error}`);
  const url = new URL('/api/enroll', opts.cloud).toString();
  say(`2/3 redeeming code ${code} at ${url}`);
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body.value), signal: AbortSignal.timeout(20_000) });
  } catch (e) {
    throw new Error(`cannot reach the cloud at ${url}: ${(e as Error).message}. Check the network and the --cloud URL`);
  }
  const text = await res.text();
  if (!res.ok) {
    let msg = text.slice(0, 300);
    try {
      const j = JSON.parse(text) as { message?: string; error?: string | { message?: string } };
      msg = j.message ?? (typeof j.error === 'string' ? j.error : j.error?.message) ?? msg;
    } catch {
      /* plain text */
    }
    throw new Error(`the cloud refused the enrollment (HTTP ${res.status}): ${msg}. Ask for a new code if it expired or was used`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the cloud answered with something that is not JSON');
  }
  const r = decode(enrollResponse, json);
  if (!r.ok) throw new Error(`unexpected enrollment response: ${r.error}`);
  const e = r.value;
  mkdirSync(opts.dataDir, { recursive: true });
  const credentialsPath = opts.credentials ?? join(opts.dataDir, 'credentials.json');
  writeCredentials(credentialsPath, {
    gatewayId: e.gatewayId,
    compoundId: e.compoundId,
    mqttUrl: e.mqttUrl,
    username: e.username,
    password: e.password,
    cloudSigningKey: e.cloudSigningKey,
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    cloudUrl: opts.cloud,
    enrolledAt: new Date().toISOString(),
  });
  let siteConfigPath: string | undefined;
  if (e.siteConfig !== undefined) {
    const site = validateSiteConfig(e.siteConfig);
    if (site.ok) {
      siteConfigPath = join(opts.dataDir, 'site.json');
      writeFileSync(siteConfigPath, JSON.stringify(site.value, null, 2));
    } else say(`warning: the site config from the cloud is invalid, not saved:\n${site.error}`);
  }
  say(`3/3 enrolled as gateway ${e.gatewayId} (compound ${e.compoundId}); credentials saved to ${credentialsPath} (mode 0600)`);
  return { gatewayId: e.gatewayId, credentialsPath, ...(siteConfigPath ? { siteConfigPath } : {}) };
}
