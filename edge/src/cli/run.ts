/** `yardguard-edge run`: load config and credentials, start the agent, stop it on SIGTERM. */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { loadSiteConfig } from '@yardguard/firmware-config/node';
import { createEdge, type Edge, type EdgeDeps } from '../edge.js';
import { createLogger, type Logger } from '../log.js';
import { openStateDb } from '../state/db.js';
import { SnapshotUploader } from '../uplink/snapshot-uploader.js';
import { readCredentials, type CredentialsFile } from './credentials.js';
import { wireDevices } from './wiring.js';
import { CONTROL_SOCKET, startControlSocket } from '../control/control-socket.js';
import { LogRing } from '../diagnostics/log-ring.js';
import { layoutOf } from '../update/layout.js';
import { EXIT_RESTART } from '../update/update-state.js';

export interface RunOptions {
  config: string;
  dataDir: string;
  cloudUrl?: string;
  credentials?: string;
  /** The cloud's HTTP base URL for snapshot uploads (default: `cloudUrl` in the credentials). */
  cloudHttp?: string;
  /** Overrides for tests and simulations (e.g. port 0). */
  brokerPort?: number;
  brokerHost?: string;
  healthIntervalS?: number;
}

export async function runAgent(opts: RunOptions): Promise<void> {
  const logs = new LogRing();
  const log = createLogger({ ring: logs });
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
    diagnostics: { logs, configPath: resolve(opts.config), credentialsPath: credsPath },
    // An update switched `current`: stop cleanly and exit so systemd (through the launcher) starts it.
    update: { layout: layoutOf(), requestRestart: (reason) => shutdown(`restart: ${reason}`, EXIT_RESTART) },
    ...(await wireDevices(site, resolve(opts.dataDir), log)),
  });
  const snapshots = wireSnapshotUploads(edge, { dataDir: resolve(opts.dataDir), creds, cloudHttp: opts.cloudHttp, log });

  const control: { socket?: { close(): Promise<void> } } = {};
  let stopping = false;
  function shutdown(signal: string, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    Promise.resolve(control.socket?.close()).then(() => snapshots.stop()).then(() => edge.stop()).then(
      () => process.exit(exitCode),
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  }
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
  snapshots.start();
  // For `check` on this machine (MQTT devices, relay pulses the gate adapter must know about).
  control.socket = await startControlSocket(join(resolve(opts.dataDir), CONTROL_SOCKET), {
    gatewayId: () => edge.site().gateway.id,
    devices: () => edge.status().devices,
    dispatch: (cmd) => edge.dispatch(cmd),
  }, log.child({ mod: 'control' })).catch((err: unknown) => {
    log.error({ err }, 'control socket unavailable: `check` will not reach this agent');
    return undefined;
  });
  // Machine-readable readiness line for supervisors and tests.
  log.info({ ready: true, brokerPort: edge.brokerPort(), wsPort: edge.wsPort() }, 'ready');
}

/**
 * Snapshot uploads, wired from the outside through the edge's bus: every committed camera.snapshot
 * event queues its image for `PUT /api/gateway/snapshots/:id`. Off (logged once) without an HTTP
 * URL for the cloud or without the gateway's login. Its own connection to the state DB (WAL lets
 * two connections share the file); auto-checkpoint off there, checkpoints stay with the outbox's WalSync.
 */
export function wireSnapshotUploads(
  edge: Edge,
  opts: { dataDir: string; creds: CredentialsFile | undefined; cloudHttp: string | undefined; log: Logger },
): { start(): void; stop(): Promise<void>; uploader: SnapshotUploader | null } {
  const log = opts.log.child({ mod: 'snapshot-uploader' });
  const baseUrl = opts.cloudHttp ?? opts.creds?.cloudUrl;
  const off = (why: string) => {
    log.info(`snapshot upload off: ${why}; snapshots stay on this gateway`);
    return { start() {}, stop: () => Promise.resolve(), uploader: null };
  };
  if (!opts.creds) return off('no gateway credentials (not enrolled)');
  if (!baseUrl) return off('no cloud HTTP URL (enroll with --cloud URL, or run with --cloud-http URL)');
  if (!opts.creds.password) return off('the credentials file has no MQTT password (needed for HTTP Basic)');
  const db = openStateDb(join(opts.dataDir, 'edge.db'));
  db.pragma('wal_autocheckpoint = 0');
  const uploader = new SnapshotUploader({
    db, devicesDir: join(opts.dataDir, 'devices'), baseUrl,
    username: opts.creds.username ?? opts.creds.gatewayId, password: opts.creds.password, log,
    ...(opts.creds.caPem ? { ca: opts.creds.caPem } : {}),
  });
  edge.bus.on('event', 'snapshot-uploader', (e) => uploader.enqueue(e));
  edge.bus.on('cloudLink', 'snapshot-uploader', ({ state }) => {
    if (state === 'up') uploader.kick();
  });
  log.info({ baseUrl, pending: uploader.pending() }, 'snapshot upload on');
  return {
    uploader,
    start: () => uploader.start(),
    async stop() {
      edge.bus.off('snapshot-uploader');
      await uploader.stop();
      db.close();
    },
  };
}
