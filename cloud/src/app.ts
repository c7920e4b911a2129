/**
 * The composition root: builds one cloud instance from its config. External plugins first
 * (validation, rate limit, OpenAPI), then the database and the services (ingress, ingest, commands,
 * operations), then the /api plugins (http/api.ts) with one AppContext.
 * main.ts only reads flags/env and calls startCloud().
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import type { Kysely } from 'kysely';
import { defaultConfig, databaseLocation, type CloudConfig } from './config.js';
import { openDb, type DialectName } from './db/connect.js';
import { isPostgres } from './alerts/claim.js';
import { migrateToLatest } from './db/migrate.js';
import type { Database } from './db/database.js';
import { createLocalBus, type ClusterBus } from './cluster/bus.js';
import { createPostgresBus } from './cluster/postgres-bus.js';
import { installErrorHandler } from './plugins/error-handler.js';
import { logRedact, RedactingLogController } from './plugins/request-log.js';
import { decorateAuth } from './auth/authenticate.js';
import { createOps, type Ops, type OpsOptions } from './ops.js';
import { defaultRetention, type RetentionPolicy } from './retention/policy.js';
import { loadOrCreateSigningKeys, type SigningKeys } from './signing-keys.js';
import type { AppContext } from './context.js';
import { createGatewayLink, mqttUrlFor } from './ingress/create-link.js';
import type { GatewayLink } from './ingress/gateway-link.js';
import { handleAvailability } from './ingress/link-state.js';
import { createIngest, type Ingest } from './ingest/ingest.js';
import { createCommandService, type CommandService } from './commands/command-service.js';
import { createConfigSync, type ConfigSync } from './enrollment/config-sync.js';
import { serveConsole } from './plugins/console.js';
import { createTimeSeries, type TimeSeries } from './timeseries/index.js';
import { apiPlugin } from './http/api.js';
import { rateLimitOptions, type RateLimitStats } from './http/rate-limits.js';
import type { RegisteredRoute } from './http/route-auth.js';
import type { Clock } from './alerts/clock.js';
import { createStreamGuard, type StreamGuard } from './live/stream-guard.js';
import { auditLateGateResult } from './gates/gate-audit.js';

export interface BuildAppOptions {
  config?: Partial<CloudConfig>;
  /** A pino logger, or false for silence (tests). Default: info to stdout. */
  logger?: Logger | false;
  /** Override the cluster bus (tests wire two instances together). */
  bus?: ClusterBus;
  /** An open, caller-owned database instead of the one named by the config (tests with their own seed). */
  db?: Kysely<Database>;
  /** Tests move time by hand (alerts, escalation, shifts, work orders). */
  clock?: Clock;
  /** Timers and retention of the operations side. */
  opsOptions?: Partial<OpsOptions>;
}

export interface Cloud {
  app: FastifyInstance;
  db: Kysely<Database>;
  dialect: DialectName;
  bus: ClusterBus;
  config: CloudConfig;
  log: Logger;
  ops: Ops;
  keys: SigningKeys;
  link: GatewayLink;
  ingest: Ingest;
  commands: CommandService;
  timeseries: TimeSeries;
  /** Ends live streams whose access changed (sign-out, disabled, compound removed). */
  streams: StreamGuard;
  /** Every /api route with its declaration, as registered (onRoute). */
  routes: RegisteredRoute[];
  /** Start background parts (MQTT ingress, ops timers). HTTP listening is separate (listen()). */
  start(): Promise<void>;
  /** Listen for HTTP; returns the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** The CA file is read at start: a missing or non-PEM file stops the cloud with the reason. */
function readGatewayCa(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`gateway CA ${file}: ${(e as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`gateway CA ${file} is not a PEM certificate`);
  return pem;
}

export async function buildApp(opts: BuildAppOptions = {}): Promise<Cloud> {
  const config = defaultConfig(opts.config);
  const log = opts.logger === false ? pino({ level: 'silent' }) : (opts.logger ?? pino({ name: 'yardguard-cloud', redact: logRedact }));
  const opened = opts.db
    ? { db: opts.db, dialect: (isPostgres(opts.db) ? 'postgres' : 'sqlite') as DialectName, sqlite: undefined, close: async () => {} }
    : openDb({ url: databaseLocation(config), log: log.child({ mod: 'db' }) });
  const { db, dialect, sqlite, close: closeDb } = opened;
  await migrateToLatest(db);
  const keys = loadOrCreateSigningKeys(config.dataDir);
  // A database handed in (tests) comes without its URL: the bus is then local unless one is given.
  const usePgBus = dialect === 'postgres' && config.clusterBus !== 'local' && !opts.db;
  const bus = opts.bus ?? (usePgBus ? await createPostgresBus(databaseLocation(config), log.child({ mod: 'cluster' })) : createLocalBus());

  // Typed as the default instance so route modules (core and operations) take a plain FastifyInstance.
  const app = Fastify({
    loggerInstance: log.child({ mod: 'http' }), logController: new RedactingLogController(), trustProxy: config.trustProxy, bodyLimit: 1024 * 1024,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const rateLimited: RateLimitStats = { refused: {} };
  await app.register(rateLimit, rateLimitOptions(rateLimited));
  await app.register(websocket);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Yard Guard cloud API', version: '0.1.0', description: 'Bodies are zod schemas in @yardguard/firmware-config (src/api).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  decorateAuth(app);

  const late: { configSync?: ConfigSync } = {};
  const onGatewayOnline = (gatewayId: string) => {
    late.configSync?.onOnline(gatewayId).catch((err: unknown) => log.warn({ err, gatewayId }, 'config catch-up failed'));
  };
  const link = createGatewayLink(config, db, log.child({ mod: 'ingress' }), onGatewayOnline);
  const publish = (topic: string, payload: string) => link.publish(topic, payload, 1);
  const commands = createCommandService({ db, bus, log: log.child({ mod: 'commands' }), signingKey: keys.privateKey, publish });
  // A gate that answers after the timeout: its audit row says what it did, not "timeout".
  commands.onLateResult((_gatewayId, result, answeredAt) => auditLateGateResult(db, result, answeredAt).then(() => undefined));
  const configSync = createConfigSync({ db, commands, log: log.child({ mod: 'config-sync' }) });
  late.configSync = configSync;
  // One retention policy for the SQL pruning (ops) and InfluxDB's retention policies.
  const retention: RetentionPolicy = { ...defaultRetention, ...config.retention, ...opts.opsOptions?.retention };
  const timeseries = createTimeSeries({
    ...(config.influx ? { url: config.influx.url, db: config.influx.database } : { db: 'yardguard' }),
    ...(config.influx?.token ? { token: config.influx.token } : {}),
    ...(config.influx?.flavor ? { flavor: config.influx.flavor } : {}),
    ...(config.influx?.org ? { org: config.influx.org } : {}),
    retention: { telemetryDays: retention.telemetryDays, recordsDays: retention.eventsDays },
    log: log.child({ mod: 'timeseries' }),
  });
  const ops = await createOps({
    db, bus, log: log.child({ mod: 'ops' }), dataDir: opts.db ? config.dataDir : undefined, instanceId: config.instanceId,
    ...(opts.clock ? { clock: opts.clock } : {}), options: { webhookAllowHosts: config.webhookAllowHosts, ...opts.opsOptions, retention },
  });
  const ingest = createIngest({
    db, log: log.child({ mod: 'ingest' }), publish, ...(sqlite ? { sqlite } : {}),
    afterCommit: async (events) => {
      timeseries.recordEvents(events);
      await ops.onEventsCommitted(events);
    },
  });
  link.onMessage(async (uplink, payload) => {
    if (uplink.kind === 'up/events') await ingest.handleBatch(uplink.gatewayId, payload);
    else if (uplink.kind === 'up/result') await commands.handleResult(uplink.gatewayId, payload);
    else if (uplink.kind === 'up/availability') await handleAvailability(db, log, uplink.gatewayId, payload, onGatewayOnline);
  });

  // Every instance drops a revoked gateway (its connection may be held by any of them).
  const unsubscribeRevoked = bus.subscribe('gateway.revoked', (m) => {
    const gatewayId = (m as { gatewayId: string }).gatewayId;
    ingest.forgetGateway(gatewayId);
    link.disconnect(gatewayId);
  });
  const streams = createStreamGuard({ db, bus, log: log.child({ mod: 'live' }), sweepMs: config.liveRecheckS * 1000 });
  const ctx: AppContext = {
    db, dialect, bus, log, config, clock: ops.clock, instanceId: ops.instanceId, commands, configSync, timeseries, streams,
    media: ops.media, live: ops.live, egress: ops.egress, apply: ops.apply, incidentChanged: ops.incidentChanged,
    workOrderChanged: ops.workOrderChanged,
    cloudSigningKeyPem: keys.publicKeyPem,
    signingKey: keys.privateKey,
    ...(config.gatewayCaFile ? { gatewayCaPem: readGatewayCa(config.gatewayCaFile) } : {}),
    mqttUrlFor: (host) => mqttUrlFor(config, link, host),
    grantGatewayLogin: (gatewayId, password) => link.grantLogin(gatewayId, password),
    gatewayRevoked: async (gatewayId) => {
      await link.revokeLogin(gatewayId);
      bus.publish('gateway.revoked', { gatewayId }).catch((err: unknown) => log.error({ err, gatewayId }, 'revocation broadcast failed'));
    },
    async health() {
      // Ready = the database answers; the counters help an operator see ingest at a glance.
      const dbOk = await db.selectFrom('compounds').select('id').limit(1).execute().then(() => true, () => false);
      return {
        ok: dbOk, instanceId: config.instanceId, db: dialect, mqtt: link.kind, gatewaysConnected: link.connectedGateways(),
        ingest: ingest.stats, timeseries: { enabled: timeseries.enabled, ...timeseries.stats() }, rateLimited: rateLimited.refused,
      };
    },
  };
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/')) return;
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: r.url, ...(r.config?.auth ? { auth: r.config.auth } : {}), ...(r.schema?.body ? { body: r.schema.body } : {}) });
    }
  });
  await app.register(apiPlugin, ctx);
  if (config.consoleDir) await serveConsole(app, config.consoleDir, log);

  let closed = false;
  const cloud: Cloud = {
    app, db, dialect, bus, config, log, ops, routes, keys, link, ingest, commands, timeseries, streams,
    async start() {
      await app.ready();
      // Started before ingress so the policies exist before the first batch is flushed (1 s later), but
      // not awaited: an unreachable InfluxDB must not hold the start-up. It never throws; it retries itself.
      void timeseries.ensureRetention();
      await link.start();
      await ops.start();
    },
    async listen(port = 8080, host = '127.0.0.1') {
      // Every phone's live stream reconnects at once after a restart: a deep accept queue (see the broker's LISTEN_BACKLOG).
      return app.listen({ port, host, backlog: 4096 });
    },
    async close() {
      if (closed) return;
      closed = true;
      await ops.stop().catch((e: unknown) => log.error({ err: e }, 'ops stop failed'));
      await link.stop().catch((e: unknown) => log.error({ err: e }, 'ingress stop failed'));
      commands.close();
      streams.close();
      unsubscribeRevoked();
      await app.close();
      await timeseries.close();
      // A bus handed in is shared with other instances: its owner closes it.
      if (!opts.bus) await bus.close();
      await closeDb();
    },
  };
  return cloud;
}
