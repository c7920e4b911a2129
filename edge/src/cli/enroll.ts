/**
 * `yardguard-edge enroll --cloud URL --code ABCD-1234`: a blank Pi becomes a trusted gateway.
 * Generates the gateway's Ed25519 key pair, redeems the one-time code at POST /api/enroll, and
 * stores what the cloud returns (MQTT credentials, the pinned command-signing key, the cloud's own
 * CA when it has one) with mode 0600. A clock far from the cloud's is refused before the code is spent.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, enrollRequest, enrollResponse, MAX_CLOCK_OFFSET_MS, validateSiteConfig, type EnrollRequest } from '@yardguard/firmware-config/wire';
import { generateSigningKeyPair } from '@yardguard/firmware-config/node';
import { AGENT_VERSION } from '../version.js';
import { writeCredentials } from './credentials.js';
import { cloudErrorMessage, cloudRequest } from '../net/cloud-http.js';

export interface EnrollOptions {
  cloud: string;
  code: string;
  dataDir: string;
  credentials?: string;
  /** PEM CA of a cloud with its own CA, to reach its HTTPS before enrollment pins the one it sends. */
  ca?: string;
  progress?: (line: string) => void;
  /** The local clock (tests set it off). */
  now?: () => number;
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

export class ClockOffError extends Error {
  override readonly name = 'ClockOffError';
}

/** Refuse a clock far from the cloud's: commands are judged by cloud time and TLS by the date. */
export function assertClock(cloudMs: number, localMidMs: number, what: string): number {
  const offset = cloudMs - localMidMs;
  if (Math.abs(offset) <= MAX_CLOCK_OFFSET_MS) return offset;
  const mins = Math.abs(offset) / 60_000;
  const size = mins >= 120 ? `${(mins / 60).toFixed(1)} hours` : `${mins.toFixed(1)} minutes`;
  throw new ClockOffError(
    `this gateway's clock is ${size} ${offset > 0 ? 'behind' : 'ahead of'} the cloud's (${what}: cloud ${new Date(cloudMs).toISOString()}, here ${new Date(localMidMs).toISOString()}). ` +
      'Set the time before enrolling: timedatectl set-ntp true (and let UDP 123 out), or date -s "<cloud time>"; then enroll again (the code was not used)',
  );
}

function tlsHint(e: Error, url: string, ca: string | undefined): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return ca
      ? `the cloud's certificate is not signed by the CA given with --ca (${code}): ask the operator for the right CA file`
      : `the cloud's certificate is not trusted (${code}): a cloud with its own CA needs --ca FILE (the CA certificate from the cloud operator)`;
  }
  return `cannot reach the cloud at ${url}: ${e.message}. Check the network and the --cloud URL`;
}

export async function enroll(opts: EnrollOptions): Promise<{ gatewayId: string; credentialsPath: string; siteConfigPath?: string; clockOffsetMs: number }> {
  const say = opts.progress ?? ((l: string) => process.stderr.write(`${l}\n`));
  const now = opts.now ?? Date.now;
  const code = opts.code.trim().toUpperCase();
  const keys = generateSigningKeyPair();
  const body = decode(enrollRequest, { code, publicKey: keys.publicKey, hw: hardware() });
  if (!body.ok) throw new Error(`enrollment code: ${body.error}`);

  // 1. Reach the cloud and compare clocks before the one-time code is spent.
  const healthUrl = new URL('/api/health', opts.cloud).toString();
  say(`1/4 checking the cloud at ${opts.cloud} and this gateway's clock`);
  let t0 = now();
  let pre;
  try {
    pre = await cloudRequest(healthUrl, { ...(opts.ca ? { ca: opts.ca } : {}), timeoutMs: 20_000 });
  } catch (e) {
    throw new Error(tlsHint(e as Error, healthUrl, opts.ca));
  }
  const dateMs = pre.headers.date ? Date.parse(pre.headers.date) : Number.NaN;
  // The Date header has whole seconds: +500 ms is its midpoint.
  if (Number.isFinite(dateMs)) assertClock(dateMs + 500, (t0 + now()) / 2, 'HTTP Date');

  say('2/4 generated the gateway key pair (Ed25519)');
  const url = new URL('/api/enroll', opts.cloud).toString();
  say(`3/4 redeeming code ${code} at ${url}`);
  let res;
  t0 = now();
  try {
    res = await cloudRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body.value), ...(opts.ca ? { ca: opts.ca } : {}), timeoutMs: 20_000 });
  } catch (e) {
    throw new Error(tlsHint(e as Error, url, opts.ca));
  }
  const t1 = now();
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`the cloud refused the enrollment (HTTP ${res.status}): ${cloudErrorMessage(res.body)}. Ask for a new code if it expired or was used`);
  }
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new Error('the cloud answered with something that is not JSON');
  }
  const r = decode(enrollResponse, json);
  if (!r.ok) throw new Error(`unexpected enrollment response: ${r.error}`);
  const e = r.value;
  let clockOffsetMs = Number.isFinite(dateMs) ? dateMs + 500 - (t0 + t1) / 2 : 0;
  if (e.cloudTime) {
    clockOffsetMs = Date.parse(e.cloudTime) - (t0 + t1) / 2;
    // Enrolled already (the code is spent): a clock that jumped since the check is a warning.
    if (Math.abs(clockOffsetMs) > MAX_CLOCK_OFFSET_MS) say(`warning: this gateway's clock is ${Math.round(clockOffsetMs / 1000)} s off the cloud's: turn on NTP (timedatectl set-ntp true)`);
  }
  // Pin the CA the cloud sends; else the one this enrollment trusted (public CAs: none).
  const caPem = e.caPem ?? opts.ca;
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
    ...(caPem ? { caPem } : {}),
    enrolledAt: new Date(now()).toISOString(),
  });
  let siteConfigPath: string | undefined;
  if (e.siteConfig !== undefined) {
    const site = validateSiteConfig(e.siteConfig);
    if (site.ok) {
      siteConfigPath = join(opts.dataDir, 'site.json');
      writeFileSync(siteConfigPath, JSON.stringify(site.value, null, 2));
    } else say(`warning: the site config from the cloud is invalid, not saved:\n${site.error}`);
  }
  say(`4/4 enrolled as gateway ${e.gatewayId} (compound ${e.compoundId}); credentials saved to ${credentialsPath} (mode 0600)${caPem ? '; cloud CA pinned' : ''}`);
  return { gatewayId: e.gatewayId, credentialsPath, ...(siteConfigPath ? { siteConfigPath } : {}), clockOffsetMs };
}
