/**
 * The whole cloud app over a database the test opened and seeded (db.ts): the real /api scopes,
 * sessions and operations, with an injectable clock, no MQTT. Closed when the test finishes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { onTestFinished } from 'vitest';
import { newId, type Event } from '@yardguard/firmware-config';
import { buildApp, type Cloud } from '../../src/app.js';
import { createSession } from '../../src/auth/sessions.js';
import type { ClusterBus } from '../../src/cluster/bus.js';
import type { Database } from '../../src/db/database.js';
import type { Ops, OpsOptions } from '../../src/ops.js';
import type { Clock } from '../../src/alerts/clock.js';
import { deriveRows } from '../../src/ingest/store-kysely.js';
import { toStoredTime } from '../../src/db/time.js';
import { createLocalBus } from '../../src/cluster/bus.js';
import { openTestDb, seed } from './db.js';

export interface OpsApp {
  app: FastifyInstance;
  ops: Ops;
  cloud: Cloud;
  dataDir: string;
  /** Bearer headers for a seeded user id. */
  as(userId: string): Promise<{ authorization: string }>;
  token(userId: string): Promise<string>;
}

export async function buildOpsApp(db: Kysely<Database>, o: { bus?: ClusterBus; clock?: Clock; instanceId?: string; options?: Partial<OpsOptions>; liveRecheckS?: number } = {}): Promise<OpsApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yg-ops-'));
  const cloud = await buildApp({
    logger: false, db, ...(o.bus ? { bus: o.bus } : {}), ...(o.clock ? { clock: o.clock } : {}), ...(o.options ? { opsOptions: o.options } : {}),
    config: { dataDir, mqtt: { mode: 'none' }, instanceId: o.instanceId ?? 'test-a', loginRateLimit: 1000, publicRateLimit: 1000, webhookAllowHosts: ['127.0.0.1'], ...(o.liveRecheckS ? { liveRecheckS: o.liveRecheckS } : {}) },
  });
  // As ingest does: the events and their derive-outbox rows are committed before the hook is called.
  const hook = cloud.ops.onEventsCommitted.bind(cloud.ops);
  cloud.ops.onEventsCommitted = async (events) => {
    await storeAsIngest(db, events, o.clock ? new Date(o.clock.now()).toISOString() : undefined);
    await hook(events);
  };
  await cloud.app.ready();
  onTestFinished(async () => {
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const tokens = new Map<string, string>();
  const token = async (userId: string) => {
    let t = tokens.get(userId);
    if (!t) tokens.set(userId, (t = (await createSession(db, userId, 3600)).token));
    return t;
  };
  return { app: cloud.app, ops: cloud.ops, cloud, dataDir, token, as: async (userId) => ({ authorization: `Bearer ${await token(userId)}` }) };
}

/** Store events and their derive-outbox rows the way ingest commits a batch (new events only get a row). */
export async function storeAsIngest(db: Kysely<Database>, events: Event[], receivedAt = new Date().toISOString()): Promise<void> {
  if (events.length === 0) return;
  await db.transaction().execute(async (tx) => {
    const ids = new Set((await tx.insertInto('events').values(events.map((e) => ({
      id: e.id, compound_id: e.compoundId, gateway_id: e.gatewayId, device_id: e.deviceId, seq: e.seq, type: e.type,
      occurred_at: toStoredTime(e.occurredAt), received_at: receivedAt, data: JSON.stringify(e.data),
    }))).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute()).map((r) => r.id));
    const rows = deriveRows(events.filter((e) => ids.has(e.id)), receivedAt);
    if (rows.length) await tx.insertInto('derive_outbox').values(rows).execute();
  });
}

let seq = 0;
/** A stored-event shape as ingest hands it to onEventsCommitted. */
export function event<T extends Event['type']>(type: T, data: Extract<Event, { type: T }>['data'], over: Partial<Event> = {}): Event {
  return {
    v: 1, id: newId(), compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-main', occurredAt: new Date().toISOString(), seq: ++seq, type, data, ...over,
  } as Event;
}

/**
 * Two instances over one SQLite file and one cluster bus (a console on B, changes made on A), seeded;
 * B listens on a real port.
 */
export async function twoSqliteInstances(o: { liveRecheckS?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'yg-two-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'cloud.db');
  const dbA = await openTestDb(file);
  await seed(dbA);
  const dbB = await openTestDb(file);
  const bus = createLocalBus();
  const a = await buildOpsApp(dbA, { bus, instanceId: 'a', ...o });
  const b = await buildOpsApp(dbB, { bus, instanceId: 'b', ...o });
  const baseB = await b.app.listen({ port: 0, host: '127.0.0.1' });
  return { a, b, baseB, db: dbA };
}
