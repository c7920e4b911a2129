/**
 * Event ingest: batch -> validate each event -> one transaction (idempotent insert, gateway
 * ack state, device last seen, derived-work outbox) -> durable COMMIT -> batchAck -> ops hooks
 * and time series. The ack names only committed sequence numbers, so the edge deletes nothing the
 * cloud lacks. A database that fails or times out is not the events' fault: the ack then carries
 * `retry` (nothing committed, nothing rejected) and the edge keeps them and sends them again.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  batchAck as batchAckSchema, decodeIntersection, decodePayload, encode, event as eventSchema, eventBatch, topics,
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
  /** How long the edge is asked to wait before resending after a transient failure (default 2 s). */
  retryAfterMs?: number;
}

export interface IngestStats {
  batches: number;
  events: number;
  stored: number;
  duplicates: number;
  rejected: number;
  badBatches: number;
  /** Batches answered with `retry` because the database failed or timed out. */
  transientFailures: number;
}

type Rejection = BatchAck['rejected'][number];

export function createIngest(deps: IngestDeps) {
  const { db, log } = deps;
  const store: IngestStore = deps.sqlite ? createSqliteIngestStore(deps.sqlite) : createKyselyIngestStore(db);
  const compoundOf = new Map<string, string | null>();
  const stats: IngestStats = { batches: 0, events: 0, stored: 0, duplicates: 0, rejected: 0, badBatches: 0, transientFailures: 0 };
  const retryAfterMs = deps.retryAfterMs ?? 2000;

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
    let compoundId: string | null;
    try {
      compoundId = await gatewayCompound(gatewayId);
    } catch (err) {
      return retryLater(gatewayId, batch.value.batchId, batch.value.events.map(rawSeq).filter((n) => n > 0), err);
    }
    if (!compoundId) {
      stats.badBatches++;
      log.warn({ gatewayId }, 'batch from an unknown or revoked gateway dropped');
      return null;
    }

    const good: Event[] = [];
    const rejected: Rejection[] = [];
    for (const raw of batch.value.events) {
      const r = decodeIntersection(eventSchema, raw);
      const rawObj = (raw ?? {}) as { seq?: unknown; id?: unknown };
      const seq = rawSeq(raw);
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

    let fresh: Event[] = [];
    try {
      if (good.length) fresh = await commit(gatewayId, compoundId, good, receivedAt);
    } catch (err) {
      // Rejections are decided without the database: they stand. The good events are not lost.
      return retryLater(gatewayId, batch.value.batchId, good.map((e) => e.seq), err, rejected);
    }
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

  /** The database failed or timed out: tell the edge to keep these events and resend them later. */
  async function retryLater(gatewayId: string, batchId: string, seqs: number[], err: unknown, rejected: Rejection[] = []): Promise<BatchAck> {
    stats.transientFailures++;
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 200);
    log.warn({ gatewayId, batchId, events: seqs.length, err }, 'batch not stored (database failed); edge asked to resend');
    const ack: BatchAck = {
      v: SCHEMA_VERSION, gatewayId, batchId, committed: [], rejected,
      retry: { seqs, error: `database unavailable: ${error}`.slice(0, 500), afterMs: retryAfterMs }, cloudTime: nowIso(),
    };
    // If this publish fails too, the edge hears nothing and resends after its own ack timeout.
    await deps.publish(topics.gatewayAck(gatewayId), encode(batchAckSchema.parse(ack)));
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

/** The seq a raw (maybe invalid) event claims, or 0 when it names none. */
function rawSeq(raw: unknown): number {
  const seq = (raw as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 ? seq : 0;
}
