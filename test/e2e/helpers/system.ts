/**
 * The whole product on one machine for the end-to-end specs, all on 127.0.0.1 with free ports and
 * temp dirs: the cloud (SQLite, embedded MQTT ingress, console from console/dist, demo seed), one
 * gateway enrolled through the real enrollment API (one-time code -> POST /api/enroll, done by the
 * edge's own `enroll()`), the edge agent in-process (createEdge) with the small sample site, and the
 * simulated compound (FakeGpio gate, MQTT alarm column, ONVIF camera simulators).
 *
 * The cloud can be stopped and started again on the same data dir and ports (uplink spec), so the
 * edge reconnects to the very URL it enrolled with.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloud, type CloudConfig, type RunningCloud } from '@yardguard/cloud';
import { createEdge, createLogger, enroll, readCredentials, silentLogger, type Edge } from '@yardguard/edge';
import { simulatedEdgeDeps, startSimulatedCompound, type SimulatedCompound } from '@yardguard/edge/sim';
import { validateSiteConfig, type SiteConfig } from '@yardguard/firmware-config';
import { freePort, waitFor } from '@yardguard/test/servers';
import { consoleDir, repoRoot } from './paths.js';
import { ApiClient } from './api.js';
import { ensureConsoleBuilt } from './console-build.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export interface SystemOptions {
  /** Serve the console (default true). */
  console?: boolean;
  /** Forwarder knobs for the uplink spec (quick reconnects). */
  forwarder?: { reconnectPeriodMs?: number; ackTimeoutMs?: number };
  /** Put a TCP proxy (fault injection) between the gateway and the cloud's MQTT port; enrollment hands out its URL. */
  mqttProxy?: boolean;
  /** Cloud settings for a spec (e.g. short command TTL). */
  cloudConfig?: Partial<Pick<CloudConfig, 'commandTtlS' | 'gateOpenTimeoutMs' | 'livenessWindowS'>>;
  /** Change the small sample site before the compound is simulated and enrolled (e.g. a bench drops a rule's cooldown). */
  adjustSite?: (site: SiteConfig) => SiteConfig;
}

export interface System {
  /** http://127.0.0.1:<port> */
  url: string;
  cloud: RunningCloud;
  /** The compound of the small sample site (和兴巷12号院) and the gateway enrolled for it. */
  compoundId: string;
  gatewayId: string;
  /** The other demo compound (建设路88号院): someone else's gates. */
  otherCompoundId: string;
  otherGatewayId: string;
  site: SiteConfig;
  edge: Edge;
  compound: SimulatedCompound;
  demoPassword: string;
  /** The gateway's HTTP Basic login from enrollment (what it uses for `PUT /api/gateway/snapshots/:id`). */
  gatewayLogin: { username: string; password: string };
  /** The proxy between gateway and cloud MQTT (only with `mqttProxy: true`). */
  proxy?: TcpProxy;
  /** A signed-in API client for a demo user (admin, manager, guard1, resident1, resident2 …). */
  as(username: string): Promise<ApiClient>;
  stopCloud(): Promise<void>;
  /** Start the cloud again on the same data dir and ports. */
  startCloudAgain(): Promise<void>;
  stop(): Promise<void>;
}

const SMALL_SAMPLE = join(repoRoot, 'firmware-config', 'provisioning', 'samples', 'small-compound.json');

function loadSmallSample(): SiteConfig {
  const r = validateSiteConfig(JSON.parse(readFileSync(SMALL_SAMPLE, 'utf8')));
  if (!r.ok) throw new Error(`small-compound.json is invalid: ${r.error}`);
  return r.value;
}

export async function startSystem(opts: SystemOptions = {}): Promise<System> {
  if (opts.console !== false) ensureConsoleBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'yg-e2e-'));
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((e: unknown) => console.error('[e2e] stop failed:', e));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const httpPort = await freePort();
    const mqttPort = await freePort();
    const proxy = opts.mqttProxy ? await startTcpProxy(mqttPort) : undefined;
    if (proxy) stops.push(() => proxy.close());
    const launchCloud = () => startCloud({
      config: {
        dataDir: join(dir, 'cloud'),
        mqtt: { mode: 'embedded', host: '127.0.0.1', port: mqttPort },
        publicMqttUrl: proxy?.url ?? `mqtt://127.0.0.1:${mqttPort}`,
        ...(opts.console === false ? {} : { consoleDir }),
        // Every spec signs in several times: keep the per-IP login limit out of the way.
        loginRateLimit: 10_000,
        publicRateLimit: 10_000,
        ...opts.cloudConfig,
      },
      seedDemo: true,
      logger: false,
      httpPort,
      httpHost: '127.0.0.1',
    });
    let cloud: RunningCloud | undefined = await launchCloud();
    stops.push(async () => {
      await cloud?.stop();
      cloud = undefined;
    });
    const url = cloud.url.replace('0.0.0.0', '127.0.0.1');
    const demo = cloud.demo;
    if (!demo) throw new Error('the cloud did not return its demo data (seedDemo)');

    const sessions = new Map<string, ApiClient>();
    const as = async (username: string) => {
      let c = sessions.get(username);
      if (!c) {
        c = await ApiClient.login(url, username, demo.password);
        sessions.set(username, c);
      }
      return c;
    };

    // The devices first: the camera simulators' URLs go into the site config the installer prepares,
    // so the config the cloud stores (and pushes again when the gateway comes online) points at them.
    const sample = loadSmallSample();
    const compound = await startSimulatedCompound(opts.adjustSite ? opts.adjustSite(sample) : sample, { walkThroughMs: 300, closeAfterMs: 1000 });
    stops.push(() => compound.stop());

    // Enrollment as an installer does it: a one-time code with the prepared site, then the Pi redeems it.
    const compoundId = demo.compounds.small;
    const admin = await as('admin');
    const code = await admin.json<{ code: string }>('POST', `/api/compounds/${compoundId}/enrollment-codes`, {
      ttlMinutes: 30, gatewayName: '和兴巷12号院网关 (e2e)', siteConfig: compound.site,
    });
    const edgeDir = join(dir, 'edge');
    const enrolled = await enroll({ cloud: url, code: code.code, dataDir: edgeDir, progress: () => {} });
    const creds = readCredentials(enrolled.credentialsPath);
    if (!enrolled.siteConfigPath) throw new Error('the cloud returned no site config at enrollment');
    const siteR = validateSiteConfig(JSON.parse(readFileSync(enrolled.siteConfigPath, 'utf8')));
    if (!siteR.ok) throw new Error(`enrolled site.json is invalid: ${siteR.error}`);
    const site = siteR.value;
    const gatewayId = enrolled.gatewayId;
    if (site.gateway.id !== gatewayId) throw new Error(`enrolled site.json names gateway ${site.gateway.id}, not ${gatewayId}`);

    // The residents' gate rights name gates by <gatewayId>.<deviceId>: give resident1 the enrolled main gate.
    await admin.json('PATCH', `/api/users/${demo.users.resident1}`, { gateIds: [`${gatewayId}.gate-main`] });
    sessions.delete('resident1');

    const edge = createEdge({
      ...simulatedEdgeDeps(compound),
      site,
      dataDir: edgeDir,
      // YG_E2E_LOG=debug (or info, warn) shows the edge agent's log when a spec fails.
      log: process.env.YG_E2E_LOG ? createLogger({ level: process.env.YG_E2E_LOG as 'debug', name: 'edge' }) : silentLogger(),
      broker: { host: '127.0.0.1', port: 0, wsPort: null },
      cloud: {
        gatewayId: creds.gatewayId, mqttUrl: creds.mqttUrl, username: creds.username, password: creds.password,
        cloudSigningKey: creds.cloudSigningKey,
      },
      ...(opts.forwarder ? { forwarder: opts.forwarder } : {}),
    });
    await edge.start();
    stops.push(() => edge.stop());
    await compound.connectMqtt(`mqtt://127.0.0.1:${edge.brokerPort()}`);
    await waitFor(() => edge.status().devices.every((d) => d.online === true), { timeoutMs: 30_000, message: 'every simulated device online at the edge' })
      .catch((e: Error) => {
        const offline = edge.status().devices.filter((d) => d.online !== true).map((d) => `${d.id}=${String(d.online)}`);
        throw new Error(`${e.message} (not online: ${offline.join(', ')})`);
      });
    await waitFor(() => edge.status().cloudLink === 'up', { timeoutMs: 30_000, message: 'edge cloud link up' });

    return {
      url,
      get cloud() {
        if (!cloud) throw new Error('the cloud is stopped');
        return cloud;
      },
      compoundId,
      gatewayId,
      gatewayLogin: { username: creds.username ?? creds.gatewayId, password: creds.password ?? '' },
      otherCompoundId: demo.compounds.large,
      otherGatewayId: demo.gateways.large,
      site,
      edge,
      compound,
      demoPassword: demo.password,
      ...(proxy ? { proxy } : {}),
      as,
      async stopCloud() {
        await cloud?.stop();
        cloud = undefined;
        sessions.clear();
      },
      async startCloudAgain() {
        if (cloud) return;
        cloud = await launchCloud();
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
