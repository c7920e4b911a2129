/**
 * The composition root: builds one cloud instance from its config. External plugins first
 * (validation, rate limit, OpenAPI), then the database, auth, ingress, routes, then operations.
 * main.ts only reads flags/env and calls startCloud().
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import type { Kysely } from 'kysely';
import { defaultConfig, databaseLocation, type CloudConfig } from './config.js';
import { openDb, type DialectName } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import type { Database } from './db/database.js';
import { createLocalBus, type ClusterBus } from './cluster/bus.js';
import { createPostgresBus } from './cluster/postgres-bus.js';
import { installErrorHandler } from './plugins/error-handler.js';
import { RedactingLogController } from './plugins/request-log.js';
import { installAuthenticate } from './auth/authenticate.js';
import { authRoutes } from './auth/routes.js';
import { compoundRoutes } from './routes/compounds.js';
import { userRoutes } from './routes/users.js';
import { registerOps, type Ops } from './ops.js';
import { loadOrCreateSigningKeys, type SigningKeys } from './signing-keys.js';
import type { CoreDeps } from './core-deps.js';
import { createGatewayLink, mqttUrlFor } from './ingress/create-link.js';
import type { GatewayLink } from './ingress/gateway-link.js';
import { handleAvailability } from './ingress/link-state.js';
import { createIngest, type Ingest } from './ingest/ingest.js';
import { createCommandService, type CommandService } from './commands/command-service.js';
import { enrollmentRoutes } from './enrollment/routes.js';
import { createConfigSync, type ConfigSync } from './enrollment/config-sync.js';
import { gatewayRoutes } from './routes/gateways.js';
import { gateRoutes } from './gates/routes.js';
import { serveConsole } from './plugins/console.js';
import { createTimeSeries, type TimeSeries } from './timeseries/index.js';
import { chartRoutes } from './routes/charts.js';
import { deviceCommandRoutes } from './routes/device-commands.js';
import { gatewayHelloRoutes } from './gateway-hello/routes.js';

export interface BuildAppOptions {
  config?: Partial<CloudConfig>;
  /** A pino logger, or false for silence (tests). Default: info to stdout. */
  logger?: Logger | false;
  /** Override the cluster bus (tests wire two instances together). */
  bus?: ClusterBus;
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
  const log = opts.logger === false ? pino({ level: 'silent' }) : (opts.logger ?? pino({ name: 'yardguard-cloud' }));
  const { db, dialect, sqlite, close: closeDb } = openDb({ url: databaseLocation(config) });
  await migrateToLatest(db);
  const keys = loadOrCreateSigningKeys(config.dataDir);
  const usePgBus = dialect === 'postgres' && config.clusterBus !== 'local';
  const bus = opts.bus ?? (usePgBus ? await createPostgresBus(databaseLocation(config), log.child({ mod: 'cluster' })) : createLocalBus());

  // Typed as the default instance so route modules (core and operations) take a plain FastifyInstance.
  const app = Fastify({
    loggerInstance: log.child({ mod: 'http' }), logController: new RedactingLogController(), trustProxy: config.trustProxy, bodyLimit: 1024 * 1024,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Yard Guard cloud API', version: '0.1.0', description: 'Bodies are zod schemas in @yardguard/firmware-config (src/api).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  installAuthenticate(app, db);

  const deps: CoreDeps = { db, dialect, bus, log, config };
  const late: { ops?: Ops; configSync?: ConfigSync } = {};
  const onGatewayOnline = (gatewayId: string) => {
    late.configSync?.onOnline(gatewayId).catch((err: unknown) => log.warn({ err, gatewayId }, 'config catch-up failed'));
  };
  const link = createGatewayLink(config, db, log.child({ mod: 'ingress' }), onGatewayOnline);
  const publish = (topic: string, payload: string) => link.publish(topic, payload, 1);
  const commands = createCommandService({ db, bus, log: log.child({ mod: 'commands' }), signingKey: keys.privateKey, publish });
  const configSync = createConfigSync({ db, commands, log: log.child({ mod: 'config-sync' }) });
  late.configSync = configSync;
  // ops is registered below; ingest calls it only after start(), when it exists.
  const timeseries = createTimeSeries({
    ...(config.influx ? { url: config.influx.url, db: config.influx.database } : { db: 'yardguard' }),
    ...(config.influx?.token ? { token: config.influx.token } : {}),
    ...(config.influx?.flavor ? { flavor: config.influx.flavor } : {}),
    ...(config.influx?.org ? { org: config.influx.org } : {}),
    log: log.child({ mod: 'timeseries' }),
  });
  const ingest = createIngest({
    db, log: log.child({ mod: 'ingest' }), publish, ...(sqlite ? { sqlite } : {}),
    afterCommit: async (events) => {
      timeseries.recordEvents(events);
      await late.ops?.onEventsCommitted(events);
    },
  });
  link.onMessage(async (uplink, payload) => {
    if (uplink.kind === 'up/events') await ingest.handleBatch(uplink.gatewayId, payload);
    else if (uplink.kind === 'up/result') await commands.handleResult(uplink.gatewayId, payload);
    else if (uplink.kind === 'up/availability') await handleAvailability(db, log, uplink.gatewayId, payload, onGatewayOnline);
  });

  await authRoutes(app, { db, sessionTtlS: config.sessionTtlS, loginRateLimit: config.loginRateLimit });
  await compoundRoutes(app, deps);
  await userRoutes(app, deps);
  await enrollmentRoutes(app, {
    ...deps, cloudSigningKeyPem: keys.publicKeyPem, mqttUrlFor: (host) => mqttUrlFor(config, link, host),
    ...(config.gatewayCaFile ? { gatewayCaPem: readGatewayCa(config.gatewayCaFile) } : {}),
  });
  // Every instance drops a revoked gateway (its connection may be held by any of them).
  const unsubscribeRevoked = bus.subscribe('gateway.revoked', (m) => {
    const gatewayId = (m as { gatewayId: string }).gatewayId;
    ingest.forgetGateway(gatewayId);
    link.disconnect(gatewayId);
  });
  await gatewayRoutes(app, {
    ...deps, configSync,
    onRevoked: (gatewayId) => {
      bus.publish('gateway.revoked', { gatewayId }).catch((err: unknown) => log.error({ err, gatewayId }, 'revocation broadcast failed'));
    },
  });
  await gateRoutes(app, { ...deps, commands, timeseries });
  await chartRoutes(app, { ...deps, timeseries });
  await deviceCommandRoutes(app, { ...deps, commands });
  await gatewayHelloRoutes(app, deps);
  app.get('/api/health', { schema: { hide: true } }, async (_request, reply) => {
    // Ready = the database answers; the counters help an operator see ingest at a glance.
    const dbOk = await db.selectFrom('compounds').select('id').limit(1).execute().then(() => true, () => false);
    return reply.status(dbOk ? 200 : 503).send({
      ok: dbOk, instanceId: config.instanceId, db: dialect, mqtt: link.kind, gatewaysConnected: link.connectedGateways(),
      ingest: ingest.stats, timeseries: { enabled: timeseries.enabled, ...timeseries.stats() },
    });
  });

  const opsHooks = await registerOps(app, { db, bus, log: log.child({ mod: 'ops' }) });
  late.ops = opsHooks;

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (config.consoleDir) await serveConsole(app, config.consoleDir, log);

  let closed = false;
  const cloud: Cloud = {
    app, db, dialect, bus, config, log, ops: opsHooks, keys, link, ingest, commands, timeseries,
    async start() {
      await app.ready();
      await link.start();
      await opsHooks.start();
    },
    async listen(port = 8080, host = '127.0.0.1') {
      return app.listen({ port, host });
    },
    async close() {
      if (closed) return;
      closed = true;
      await opsHooks.stop().catch((e: unknown) => log.error({ err: e }, 'ops stop failed'));
      await link.stop().catch((e: unknown) => log.error({ err: e }, 'ingress stop failed'));
      commands.close();
      unsubscribeRevoked();
      await app.close();
      await timeseries.close();
      await bus.close();
      await closeDb();
    },
  };
  return cloud;
}
