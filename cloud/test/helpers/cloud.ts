/**
 * build(t)-style helpers: a whole cloud instance on a temp data dir (SQLite by default, or the
 * PostgreSQL URL given), closed after the test. Seeded with the demo compounds and users.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { buildApp, type BuildAppOptions, type Cloud } from '../../src/app.js';
import { seedDemo, type DemoData, DEMO_PASSWORD } from '../../src/seed-demo.js';
import type { CloudConfig } from '../../src/config.js';

export interface TestCloud extends Cloud {
  demo: DemoData;
  /** Log in and return the bearer token. */
  login(username: string, password?: string): Promise<string>;
  dataDir: string;
}

export async function makeCloud(config: Partial<CloudConfig> = {}, opts: Omit<BuildAppOptions, 'config'> = {}): Promise<TestCloud> {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'yg-cloud-'));
  const cloud = await buildApp({ logger: false, ...opts, config: { mqtt: { mode: 'none' }, loginRateLimit: 1000, publicRateLimit: 1000, webhookAllowHosts: ['127.0.0.1'], ...config, dataDir } });
  // No event history: tests count the events they send.
  const demo = await seedDemo(cloud.db, { history: false });
  const tokens = new Map<string, string>();
  return Object.assign(cloud, {
    demo,
    dataDir,
    async login(username: string, password = DEMO_PASSWORD): Promise<string> {
      const cached = tokens.get(username);
      if (cached && password === DEMO_PASSWORD) return cached;
      const res = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const token = (res.json() as { token: string }).token;
      tokens.set(username, token);
      return token;
    },
  });
}

/** A test cloud closed (and its temp dir removed) when the current test finishes. */
export async function buildTestCloud(config: Partial<CloudConfig> = {}, opts: Omit<BuildAppOptions, 'config'> = {}): Promise<TestCloud> {
  const cloud = await makeCloud(config, opts);
  onTestFinished(async () => {
    await cloud.close();
    if (!config.dataDir) rmSync(cloud.dataDir, { recursive: true, force: true });
  });
  return cloud;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A started test cloud with the embedded broker on a free port; returns the MQTT URL too. */
export async function buildMqttCloud(config: Partial<CloudConfig> = {}, opts: Omit<BuildAppOptions, 'config'> = {}): Promise<TestCloud & { mqttUrl: string }> {
  const cloud = await buildTestCloud({ mqtt: { mode: 'embedded', host: '127.0.0.1', port: 0 }, ...config }, opts);
  await cloud.start();
  return Object.assign(cloud, { mqttUrl: `mqtt://127.0.0.1:${cloud.link.addresses().mqtt}` });
}

/** Poll until cond() is truthy (errors count as not yet). */
export async function waitFor<T>(cond: () => T | Promise<T>, timeoutMs = 20_000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
