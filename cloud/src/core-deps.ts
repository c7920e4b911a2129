/** What the core's route modules need: built once in app.ts. */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './db/database.js';
import type { DialectName } from './db/connect.js';
import type { ClusterBus } from './cluster/bus.js';
import type { CloudConfig } from './config.js';

export interface CoreDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  bus: ClusterBus;
  log: Logger;
  config: CloudConfig;
}
