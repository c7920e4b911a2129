/** A real cloud (buildApp, SQLite, embedded MQTT) with the demo data, and enrollment codes from it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SiteConfig } from '@yardguard/firmware-config';
import { buildApp, seedDemo, DEMO_PASSWORD, type Cloud, type CloudConfig } from '@yardguard/cloud';
import { freePort } from './agent-process.js';

export interface RealCloud {
  cloud: Cloud;
  base: string;
  mqttPort: number;
  demo: Awaited<ReturnType<typeof seedDemo>>;
  /** A one-time code for the small demo compound, with the prepared site config. */
  enrollmentCode(siteConfig: SiteConfig): Promise<string>;
  close(): Promise<void>;
}

export async function startRealCloud(config: (mqttPort: number) => Partial<CloudConfig> = () => ({})): Promise<RealCloud> {
  const dir = mkdtempSync(join(tmpdir(), 'yg-cloud-'));
  const mqttPort = await freePort();
  const cloud = await buildApp({
    logger: false,
    config: {
      mqtt: { mode: 'embedded', host: '127.0.0.1', port: mqttPort }, publicMqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
      loginRateLimit: 1000, publicRateLimit: 1000, dataDir: dir, ...config(mqttPort),
    },
  });
  const demo = await seedDemo(cloud.db, { history: false });
  await cloud.start();
  const base = await cloud.listen(0, '127.0.0.1');
  let token: string | undefined;
  return {
    cloud, base, mqttPort, demo,
    async enrollmentCode(siteConfig) {
      if (!token) {
        const login = await fetch(new URL('/api/auth/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
        token = ((await login.json()) as { token: string }).token;
      }
      const res = await fetch(new URL(`/api/compounds/${demo.compounds.small}/enrollment-codes`, base), {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ttlMinutes: 30, siteConfig }),
      });
      if (res.status !== 201) throw new Error(`enrollment code: HTTP ${res.status} ${await res.text()}`);
      return ((await res.json()) as { code: string }).code;
    },
    async close() {
      await cloud.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
