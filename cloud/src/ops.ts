/**
 * Operations features (alerts, shifts, incidents, work orders, notifications, live push),
 * registered by app.ts. Owned by the operations side; the core calls these two hooks.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Event } from '@yardguard/firmware-config';
import type { Database } from './db/database.js';
import type { ClusterBus } from './cluster/bus.js';

export interface OpsDeps {
  db: Kysely<Database>;
  bus: ClusterBus;
  log: Logger;
}

export interface Ops {
  /** Called by ingest after a batch is committed (never before), with the newly stored events only. */
  onEventsCommitted(events: Event[]): Promise<void>;
  /** Start timers (escalation, offline checks). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Register the operations routes and return the hooks. */
export async function registerOps(_app: FastifyInstance, _deps: OpsDeps): Promise<Ops> {
  return {
    async onEventsCommitted() {},
    async start() {},
    async stop() {},
  };
}
