/** Settings of one cloud instance, with the embedded defaults. main.ts fills them from flags/env. */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RetentionPolicy } from './retention/policy.js';

export type MqttIngressConfig =
  | { mode: 'embedded'; host: string; port: number; wsPort?: number; tls?: { port: number; keyFile: string; certFile: string } }
  | { mode: 'external'; url: string; username?: string; password?: string; group: string; provisioning?: 'dynsec' | 'none' }
  /** A NATS cluster serving MQTT to the gateways; the cloud reads uplink through a NATS queue group. */
  | { mode: 'nats'; natsServers: string[]; mqttUrls: string[]; group: string }
  | { mode: 'none' };

export interface CloudConfig {
  /** Where the SQLite file and the signing key live. */
  dataDir: string;
  /** postgres://... or a SQLite file path; default `<dataDir>/yardguard.db`. */
  databaseUrl?: string;
  mqtt: MqttIngressConfig;
  /** The URL gateways are told to connect to at enrollment. */
  publicMqttUrl?: string;
  /**
   * PEM file with the CA that signed this cloud's MQTT TLS and HTTPS certificates, for a cloud
   * with its own CA: sent to gateways at enrollment, which pin it. Omit with public CAs.
   */
  gatewayCaFile?: string;
  /** InfluxDB 1.x (default flavor), 2.x (token + org, db = bucket) or 3 (token, db = database). */
  influx?: { url: string; database: string; token?: string; flavor?: 'v1' | 'v2' | 'v3'; org?: string };
  /**
   * How long each kind of record is kept, in one place for the SQL pruning and InfluxDB 1.x's retention
   * policies; unset fields take `defaultRetention` (records 365 days, telemetry 30). Records under 180
   * days stop the start (GB 50396). The disk this costs: README "Disk budget".
   */
  retention?: Partial<RetentionPolicy>;
  /** A unique name for this instance (logs, cluster bus). */
  instanceId: string;
  sessionTtlS: number;
  /** Max login attempts per IP per minute. */
  loginRateLimit: number;
  /** Max enroll / visitor-pass attempts per IP per minute. */
  publicRateLimit: number;
  gateOpenTimeoutMs: number;
  /** Signed commands expire this long after issue. */
  commandTtlS: number;
  /** A gateway whose last ack is older than this is not alive. */
  livenessWindowS: number;
  /**
   * How instances talk to each other: 'local' (one instance), 'postgres' (LISTEN/NOTIFY on the
   * shared database), 'auto' = postgres when the database is PostgreSQL.
   */
  clusterBus: 'auto' | 'local' | 'postgres';
  /**
   * Behind a reverse proxy: trust its X-Forwarded-For (true, or the proxy addresses, comma-separated), so rate
   * limits see the client's address. Off by default: otherwise anyone could forge the header.
   */
  trustProxy: boolean | string;
  /**
   * Webhook hosts an administrator allows although they resolve to internal addresses (an on-premises duty
   * system). Every other robot URL must resolve to a public address (SSRF guard, notify/egress.ts).
   */
  webhookAllowHosts: string[];
  /**
   * Open live streams re-check their session, account and compounds this often (seconds), besides at once
   * on every announced change (sign-out, password reset, account change) and at the session's expiry.
   */
  liveRecheckS: number;
  /** Max snapshot uploads per source address per minute (a gateway sends a few per alarm). */
  uploadRateLimit: number;
  /** Serve the built console from here when it exists. */
  consoleDir?: string;
}

export function defaultConfig(over: Partial<CloudConfig> = {}): CloudConfig {
  const dataDir = over.dataDir ?? join(process.cwd(), '.data');
  return {
    dataDir,
    mqtt: { mode: 'embedded', host: '0.0.0.0', port: 1883 },
    instanceId: `cloud-${randomBytes(3).toString('hex')}`,
    sessionTtlS: 12 * 3600,
    loginRateLimit: 20,
    publicRateLimit: 30,
    gateOpenTimeoutMs: 8000,
    commandTtlS: 10,
    livenessWindowS: 90,
    clusterBus: 'auto',
    trustProxy: false,
    webhookAllowHosts: [],
    liveRecheckS: 30,
    uploadRateLimit: 120,
    ...over,
  };
}

/** The PostgreSQL URL, or the SQLite file (default under dataDir). */
export const databaseLocation = (cfg: CloudConfig): string => cfg.databaseUrl ?? join(cfg.dataDir, 'yardguard.db');
