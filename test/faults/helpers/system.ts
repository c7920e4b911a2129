/**
 * One compound for the fault scenarios, all real processes on 127.0.0.1: the cloud process (SQLite
 * or a real PostgreSQL), a gateway enrolled through the real API (one-time code, `enroll()`), the
 * edge agent process, and simulated MQTT devices publishing QoS 1 events with their own ids
 * (devices.ts). Optionally a TCP proxy between edge and cloud (link faults) and the edge's data
 * directory on a given path (a small tmpfs).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enroll } from '@yardguard/edge';
import { validateSiteConfig, type SiteConfigInput } from '@yardguard/firmware-config';
import { hashPassword } from '@yardguard/firmware-config/node';
import { freePort, startPostgres, type PostgresServer } from '@yardguard/test/servers';
import { ChildService, cloudProcess, edgeProcess } from './processes.js';
import { startTcpProxy, type TcpProxy } from '../../e2e/helpers/tcp-proxy.js';

export const COMPOUND_ID = 'hx-lane-12';
export const GATES = ['gate-1', 'gate-2', 'gate-3'];
export const COLUMN = 'column-1';
export const CAMERA = 'cam-1';

export interface FaultSystemOptions {
  postgres?: boolean;
  proxy?: boolean;
  /** Where the edge keeps its data (default: a temp dir). */
  edgeDataDir?: string;
  /** An ONVIF camera (simulator xaddr) whose snapshot the alarm rule takes. */
  cameraXaddr?: string;
}

export interface FaultSystem {
  dir: string;
  cloud: ChildService;
  edge: ChildService;
  pg?: PostgresServer;
  proxy?: TcpProxy;
  gatewayId: string;
  edgeDataDir: string;
  edgeBrokerPort: number;
  cloudDbUrl: string;
  stop(): Promise<void>;
}

/** MQTT gates (routine events) and an MQTT alarm column whose button raises an alert at the edge. */
function faultSite(cameraXaddr?: string): SiteConfigInput {
  const login = (id: string) => ({ username: id, passwordHash: hashPassword(`demo-${id}`) });
  const snapshot = cameraXaddr ? [{ do: 'snapshot', cameras: [CAMERA] }] : [];
  return {
    version: 1,
    compound: { id: COMPOUND_ID, name: '和兴巷12号院' },
    gateway: { id: 'gw-faults', name: '故障测试网关', healthIntervalS: 3600, deviceTimeoutS: 3600,
      // Four devices carry the whole load (up to 1,000 events/s): lift the per-device rate cap (default
      // 20/s) so the faults, not the cap, decide what gets a PUBACK.
      outbox: { maxMb: 64, devicePerS: 1000, deviceBurst: 5000 } },
    gates: GATES.map((id) => ({ id, name: id, driver: 'mqtt' as const, mqtt: login(id) })),
    alarmColumns: [{ id: COLUMN, name: '一键报警柱', driver: 'mqtt' as const, near: [GATES[0]!], mqtt: login(COLUMN) }],
    ...(cameraXaddr ? { cameras: [{ id: CAMERA, name: '大门摄像头', onvif: { xaddr: cameraXaddr }, covers: [GATES[0]!], probeIntervalS: 30, events: false }] } : {}),
    rules: [{ id: 'one-key-alarm', when: { event: 'alarm.button_pressed', devices: [] }, then: [...snapshot, { do: 'alert', severity: 'critical', title: '一键报警' }], cooldownS: 1 }],
  } as SiteConfigInput;
}

export async function startFaultSystem(o: FaultSystemOptions = {}): Promise<FaultSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'yg-faults-'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((e: unknown) => console.error('[faults] stop failed:', e));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pg = o.postgres ? await startPostgres({ database: 'yg_faults' }) : undefined;
    if (pg) stops.push(() => pg.stop());
    const cloudDir = join(dir, 'cloud');
    mkdirSync(cloudDir, { recursive: true });
    const httpPort = await freePort();
    const mqttPort = await freePort();
    const cloud = cloudProcess({ dataDir: cloudDir, dbUrl: pg?.url, httpPort, mqttPort });
    stops.push(() => cloud.stop());
    await cloud.start(120_000);
    const url = `http://127.0.0.1:${httpPort}`;

    // Enrollment as an installer does it: a one-time code carrying the site, redeemed by the Pi.
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'yardguard-demo' }),
    });
    if (!login.ok) throw new Error(`admin login failed: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const site = validateSiteConfig(faultSite(o.cameraXaddr));
    if (!site.ok) throw new Error(site.error);
    const codeRes = await fetch(`${url}/api/compounds/${COMPOUND_ID}/enrollment-codes`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ttlMinutes: 30, gatewayName: '故障测试网关', siteConfig: site.value }),
    });
    if (!codeRes.ok) throw new Error(`enrollment code failed: ${codeRes.status} ${await codeRes.text()}`);
    const { code } = (await codeRes.json()) as { code: string };
    const edgeDataDir = o.edgeDataDir ?? join(dir, 'edge');
    const enrolled = await enroll({ cloud: url, code, dataDir: edgeDataDir, progress: () => {} });
    if (!enrolled.siteConfigPath) throw new Error('no site config at enrollment');

    const proxy = o.proxy ? await startTcpProxy(mqttPort) : undefined;
    if (proxy) stops.push(() => proxy.close());
    const edgeBrokerPort = await freePort();
    const edge = edgeProcess({ config: enrolled.siteConfigPath, dataDir: edgeDataDir, brokerPort: edgeBrokerPort, ...(proxy ? { cloudUrl: proxy.url } : {}) });
    stops.push(() => edge.stop());
    await edge.start();
    const gatewayId = enrolled.gatewayId;
    const siteJson = JSON.parse(readFileSync(enrolled.siteConfigPath, 'utf8')) as { gateway: { id: string } };
    if (siteJson.gateway.id !== gatewayId) throw new Error('enrolled site names another gateway');
    return {
      dir, cloud, edge, gatewayId, edgeDataDir, edgeBrokerPort, cloudDbUrl: pg?.url ?? join(cloudDir, 'yardguard.db'),
      ...(pg ? { pg } : {}), ...(proxy ? { proxy } : {}), stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
