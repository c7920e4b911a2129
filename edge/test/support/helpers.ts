/** Shared test helpers: polling waits, temp dirs, site configs with MQTT devices, MQTT clients. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient, type IClientOptions } from 'mqtt';
import { validateSiteConfig, type SiteConfig, type SiteConfigInput } from '@yardguard/firmware-config';
import { hashPassword } from '@yardguard/firmware-config/node';

export const tempDir = (prefix = 'yg-edge-'): string => mkdtempSync(join(tmpdir(), prefix));

/** Poll until `fn` returns a truthy value (or throws the last failure after the timeout). */
export async function waitFor<T>(fn: () => T | Promise<T>, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 20));
  }
}

const hashes = new Map<string, string>();
/** Hashing costs ~50 ms; tests share one hash per password. */
export function hashOnce(password: string): string {
  let h = hashes.get(password);
  if (!h) hashes.set(password, (h = hashPassword(password)));
  return h;
}

/** A site with MQTT alarm columns (column-1..n) and one MQTT gate; passwords are `demo-<id>`. */
export function testSite(opts: { columns?: number; gates?: number; overrides?: Partial<SiteConfigInput['gateway']>; rules?: SiteConfigInput['rules'] } = {}): SiteConfig {
  const columns = Array.from({ length: opts.columns ?? 2 }, (_, i) => `column-${i + 1}`);
  const gates = Array.from({ length: opts.gates ?? 1 }, (_, i) => `gate-${i + 1}`);
  const input: SiteConfigInput = {
    version: 1,
    compound: { id: 'hx-lane-12', name: '和兴巷12号院' },
    gateway: { id: 'gw-test', healthIntervalS: 3600, deviceTimeoutS: 3600, outbox: { maxMb: 64 }, ...opts.overrides },
    gates: gates.map((id) => ({ id, name: id, driver: 'mqtt' as const, mqtt: { username: id, passwordHash: hashOnce(`demo-${id}`) } })),
    alarmColumns: columns.map((id) => ({ id, name: id, driver: 'mqtt' as const, near: gates.slice(0, 1), mqtt: { username: id, passwordHash: hashOnce(`demo-${id}`) } })),
    rules: opts.rules ?? [],
  };
  const r = validateSiteConfig(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Connect an MQTT 3.1.1 client; resolves on CONNACK, rejects on refusal. */
export function connectDevice(port: number, opts: IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000, ...opts });
    c.once('connect', () => resolve(c));
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
  });
}

export const deviceLogin = (id: string): IClientOptions => ({ username: id, password: `demo-${id}`, clientId: id });
