/**
 * What the feature plugins share: built once by app.ts, handed to every plugin (`api.register(plugin, ctx)`).
 * Plugins take what they need from it; none of them imports app.ts or another plugin's routes.
 */
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './db/database.js';
import type { DialectName } from './db/connect.js';
import type { ClusterBus } from './cluster/bus.js';
import type { CloudConfig } from './config.js';
import type { Ops } from './ops.js';
import type { CommandService } from './commands/command-service.js';
import type { ConfigSync } from './enrollment/config-sync.js';
import type { TimeSeries } from './timeseries/index.js';
import type { StreamGuard } from './live/stream-guard.js';

/** The operations engine's parts the plugins use: live hub, media store, alert pushes, clock. */
type OpsParts = Pick<Ops, 'live' | 'media' | 'egress' | 'clock' | 'instanceId' | 'apply' | 'incidentChanged' | 'workOrderChanged'>;

export interface AppContext extends OpsParts {
  db: Kysely<Database>;
  dialect: DialectName;
  bus: ClusterBus;
  log: Logger;
  config: CloudConfig;
  commands: CommandService;
  configSync: ConfigSync;
  timeseries: TimeSeries;
  /** Ends live streams whose access changed; `streams.accessChanged(userId)` after changing an account or its sessions. */
  streams: StreamGuard;
  /** The cloud's command-signing public key (PEM), handed to gateways at enrollment. */
  cloudSigningKeyPem: string;
  /** The same key's private half: signs releases when they are added (over-the-air updates). */
  signingKey: KeyObject;
  /** The CA of a cloud with its own CA (PEM, from --gateway-ca), handed to gateways to pin. */
  gatewayCaPem?: string;
  /** The MQTT URL to hand to gateways (from config or derived from the request host). */
  mqttUrlFor(requestHost: string): string;
  /** Create the gateway's broker login where the broker keeps logins (before the enrollment answer). */
  grantGatewayLogin(gatewayId: string, password: string): Promise<void>;
  /** Remove the gateway's broker login, then tell every instance to drop the revoked gateway. */
  gatewayRevoked(gatewayId: string): Promise<void>;
  /** Readiness and counters for GET /api/health. */
  health(): Promise<{ ok: boolean; [k: string]: unknown }>;
}
