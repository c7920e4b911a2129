/** `yardguard-edge run`: load config and credentials, start the agent, stop it on SIGTERM. */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { loadSiteConfig } from '@yardguard/firmware-config/node';
import { createEdge, type EdgeDeps } from '../edge.js';
import { createLogger } from '../log.js';
import { readCredentials } from './credentials.js';
import { wireDevices } from './wiring.js';

export interface RunOptions {
  config: string;
  dataDir: string;
  cloudUrl?: string;
  credentials?: string;
  /** Overrides for tests and simulations (e.g. port 0). */
  brokerPort?: number;
  brokerHost?: string;
  healthIntervalS?: number;
}

export async function runAgent(opts: RunOptions): Promise<void> {
  const log = createLogger();
  const site = loadSiteConfig(resolve(opts.config));
  const credsPath = opts.credentials ?? resolve(opts.dataDir, 'credentials.json');
  const creds = opts.credentials || existsSync(credsPath) ? readCredentials(credsPath) : undefined;
  if (!creds && opts.cloudUrl) {
    throw new Error(`--cloud-url needs the gateway's credentials (${credsPath} is missing): enroll first with yardguard-edge enroll --cloud URL --code ABCD-1234`);
  }
  if (creds && creds.gatewayId !== site.gateway.id) {
    throw new Error(`credentials are for gateway ${creds.gatewayId} but the site config is for ${site.gateway.id}: use the config the cloud issued for this gateway`);
  }
  const cloud: EdgeDeps['cloud'] = creds
    ? { gatewayId: creds.gatewayId, mqttUrl: opts.cloudUrl ?? creds.mqttUrl, username: creds.username, password: creds.password, cloudSigningKey: creds.cloudSigningKey, ...(creds.caPem ? { caPem: creds.caPem } : {}) }
    : null;
  const edge = createEdge({
    site,
    dataDir: resolve(opts.dataDir),
    log,
    cloud,
    ...(opts.brokerPort !== undefined || opts.brokerHost ? { broker: { port: opts.brokerPort, host: opts.brokerHost } } : {}),
    ...(opts.healthIntervalS ? { healthIntervalMs: opts.healthIntervalS * 1000 } : {}),
    ...(await wireDevices(site, resolve(opts.dataDir), log)),
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    edge.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (agent keeps running)'));

  try {
    await edge.start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      throw new Error(`cannot listen: ${e.message}. Is another agent running? Stop it, or change gateway.broker.port / wsPort in the site config`);
    }
    throw err;
  }
  // Machine-readable readiness line for supervisors and tests.
  log.info({ ready: true, brokerPort: edge.brokerPort(), wsPort: edge.wsPort() }, 'ready');
}
