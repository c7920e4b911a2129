/**
 * Event ingest: batch -> validate each event -> one transaction (idempotent insert, gateway
 * ack state, device last seen) -> COMMIT -> batchAck -> ops hooks and time series.
 * The ack names only committed sequence numbers, so the edge deletes nothing the cloud lacks.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  batchAck as batchAckSchema, decode, decodePayload, encode, event as eventSchema, eventBatch, topics,
  SCHEMA_VERSION, type BatchAck, type Event,
} from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { EventsTable } from '../db/tables-core.js';
import { nowIso, toStoredTime } from '../db/time.js';
import { createKyselyIngestStore, type IngestStore } from './store-kysely.js';
import { createSqliteIngestStore, type SqliteHandle } from './store-sqlite.js';

export interface IngestDeps {
  db: Kysely<Database>;
  log: Logger;
  publish(topic: string, payload: string): Promise<void>;
  /**
   * The raw SQLite handle when the database is SQLite: ingest then commits through cached prepared
   * statements in one synchronous transaction (several times faster than building each insert).
   */
  sqlite?: SqliteHandle;
  /** After commit and ack: new events only. Errors are logged, never block ingest. */
  afterCommit(events: Event[]): Promise<void>;
}

export interface IngestStats {
  batches: number;
  events: number;
  stored: number;
  duplicates: number;
  rejected: number;
  badBatches: number;
}

type Rejection = BatchAck['rejected'][number];

export function createIngest(deps: IngestDeps) {
  const { db, log } = deps;
  const store: IngestStore = deps.sqlite ? createSqliteIngestStore(deps.sqlite) : createKyselyIngestStore(db);
  const compoundOf = new Map<string, string | null>();
  const stats: IngestStats = { batches: 0, events: 0, stored: 0, duplicates: 0, rejected: 0, badBatches: 0 };

  async function gatewayCompound(gatewayId: string): Promise<string | null> {
    if (compoundOf.has(gatewayId)) return compoundOf.get(gatewayId)!;
    const row = await db.selectFrom('gateways').select(['compound_id', 'revoked_at']).where('id', '=', gatewayId).executeTakeFirst();
    // Unknown gateways are not cached: it may enroll a moment later. Revoked ones are refused for good.
    if (row) compoundOf.set(gatewayId, row.revoked_at ? null : row.compound_id);
    return row && !row.revoked_at ? row.compound_id : null;
  }

  /** Handle one `up/events` message from `gatewayId` (the topic's id, already authenticated). */
  async function handleBatch(gatewayId: string, payload: Buffer): Promise<BatchAck | null> {
    const receivedAt = nowIso();
    const batch = decodePayload(eventBatch, payload);
    if (!batch.ok) {
      stats.badBatches++;
      log.warn({ gatewayId, error: batch.error }, 'bad event batch dropped');
      return null;
    }
    if (batch.value.gatewayId !== gatewayId) {
      stats.badBatches++;
      log.warn({ gatewayId, claimed: batch.value.gatewayId }, 'batch names another gateway; dropped');
      return null;
    }
    const compoundId = await gatewayCompound(gatewayId);
    if (!compoundId) {
      stats.badBatches++;
      log.warn({ gatewayId }, 'batch from an unknown or revoked gateway dropped');
      return null;
    }

    const good: Event[] = [];
    const rejected: Rejection[] = [];
    for (const raw of batch.value.events) {
      const r = decode(eventSchema, raw);
      const rawObj = (raw ?? {}) as { seq?: unknown; id?: unknown };
      const seq = typeof rawObj.seq === 'number' && Number.isInteger(rawObj.seq) && rawObj.seq >= 0 ? rawObj.seq : 0;
      const idRef = typeof rawObj.id === 'string' ? rawObj.id.slice(0, 64) : undefined;
      if (!r.ok) {
        rejected.push({ seq, ...(idRef ? { id: idRef } : {}), error: r.error.slice(0, 500) });
      } else if (r.value.gatewayId !== gatewayId) {
        rejected.push({ seq, id: r.value.id, error: `gatewayId: event names gateway ${r.value.gatewayId}, but it came from ${gatewayId}` });
      } else if (r.value.compoundId !== compoundId) {
        rejected.push({ seq, id: r.value.id, error: `compoundId: gateway ${gatewayId} belongs to compound ${compoundId}, not ${r.value.compoundId}` });
      } else {
        good.push(r.value);
      }
    }

    const fresh = good.length ? await commit(gatewayId, compoundId, good, receivedAt) : [];
    const ack: BatchAck = {
      v: SCHEMA_VERSION,
      gatewayId,
      batchId: batch.value.batchId,
      committed: good.map((e) => e.seq),
      rejected,
      cloudTime: nowIso(),
    };
    stats.batches++;
    stats.events += batch.value.events.length;
    stats.stored += fresh.length;
    stats.duplicates += good.length - fresh.length;
    stats.rejected += rejected.length;
    if (rejected.length) log.warn({ gatewayId, rejected }, 'events rejected');
    await deps.publish(topics.gatewayAck(gatewayId), encode(batchAckSchema.parse(ack)));
    if (fresh.length) deps.afterCommit(fresh).catch((err: unknown) => log.error({ err }, 'after-commit hook failed'));
    return ack;
  }

  async function commit(gatewayId: string, compoundId: string, events: Event[], receivedAt: string): Promise<Event[]> {
    const rows: EventsTable[] = events.map((e) => ({
      id: e.id, compound_id: compoundId, gateway_id: gatewayId, device_id: e.deviceId, seq: e.seq, type: e.type,
      occurred_at: toStoredTime(e.occurredAt), received_at: receivedAt, data: JSON.stringify(e.data),
    }));
    return store.commit({ gatewayId, compoundId, events, rows, receivedAt, maxSeq: events.reduce((m, e) => Math.max(m, e.seq), 0) });
  }

  return { handleBatch, stats, forgetGateway: (id: string) => compoundOf.delete(id) };
}

export type Ingest = ReturnType<typeof createIngest>;
