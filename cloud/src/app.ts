/**
 * The composition root: builds one cloud instance from its config. External plugins first
 * (validation, rate limit, OpenAPI), then the database, auth, ingress, routes, then operations.
 * main.ts only reads flags/env and calls startCloud().
 */
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import type { Kysely } from 'kysely';
import { defaultConfig, sqlitePath, type CloudConfig } from './config.js';
import { openDb, type DialectName } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import type { Database } from './db/database.js';
import { createLocalBus, type ClusterBus } from './cluster/bus.js';
import { installErrorHandler } from './plugins/error-handler.js';
import { installAuthenticate } from './auth/authenticate.js';
import { authRoutes } from './auth/routes.js';
import { compoundRoutes } from './routes/compounds.js';
import { userRoutes } from './routes/users.js';
import { registerOps, type Ops } from './ops.js';
import { loadOrCreateSigningKeys, type SigningKeys } from './signing-keys.js';
import type { CoreDeps } from './core-deps.js';

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
  /** Start background parts (MQTT ingress, ops timers). HTTP listening is separate (listen()). */
  start(): Promise<void>;
  /** Listen for HTTP; returns the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function buildApp(opts: BuildAppOptions = {}): Promise<Cloud> {
  const config = defaultConfig(opts.config);
  const log = opts.logger === false ? pino({ level: 'silent' }) : (opts.logger ?? pino({ name: 'yardguard-cloud' }));
  const { db, dialect, close: closeDb } = openDb({ url: sqlitePath(config) });
  await migrateToLatest(db);
  const keys = loadOrCreateSigningKeys(config.dataDir);
  const bus = opts.bus ?? createLocalBus();

  // Typed as the default instance so route modules (core and operations) take a plain FastifyInstance.
  const app = Fastify({ loggerInstance: log.child({ mod: 'http' }), trustProxy: true, bodyLimit: 1024 * 1024 }) as unknown as FastifyInstance;
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
  await authRoutes(app, { db, sessionTtlS: config.sessionTtlS, loginRateLimit: config.loginRateLimit });
  await compoundRoutes(app, deps);
  await userRoutes(app, deps);
  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true, instanceId: config.instanceId }));

  const ops = await registerOps(app, { db, bus, log: log.child({ mod: 'ops' }) });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  let closed = false;
  const cloud: Cloud = {
    app, db, dialect, bus, config, log, ops, keys,
    async start() {
      await app.ready();
      await ops.start();
    },
    async listen(port = 8080, host = '127.0.0.1') {
      return app.listen({ port, host });
    },
    async close() {
      if (closed) return;
      closed = true;
      await ops.stop().catch((e: unknown) => log.error({ err: e }, 'ops stop failed'));
      await app.close();
      await bus.close();
      await closeDb();
    },
  };
  return cloud;
}
