/**
 * Event ingest: batch -> validate each event -> one transaction (idempotent insert, gateway
 * ack state, device last seen) -> COMMIT -> batchAck -> ops hooks and time series.
 * The ack names only committed sequence numbers, so the edge deletes nothing the cloud lacks.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  batchAck as batchAckSchema, decode, decodePayload, encode, event as eventSchema, eventBatch, topics,
  SCHEMA_VERSION, type BatchAck, type Event,
} from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { EventsTable } from '../db/tables-core.js';
import { nowIso, toStoredTime } from '../db/time.js';
import { deviceKey } from '../enrollment/config-store.js';
import { deviceStateFromEvents, type DeviceUpdate } from './device-state.js';

export interface IngestDeps {
  db: Kysely<Database>;
  log: Logger;
  publish(topic: string, payload: string): Promise<void>;
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

    const receivedAt = nowIso();
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
    const maxSeq = events.reduce((m, e) => Math.max(m, e.seq), 0);
    const inserted = await db.transaction().execute(async (tx) => {
      const ids = new Set<string>();
      // Chunks keep the statement under every dialect's bound-parameter limit.
      for (let i = 0; i < rows.length; i += 500) {
        const res = await tx.insertInto('events').values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
        for (const r of res) ids.add(r.id);
      }
      await tx.updateTable('gateways').set({
        last_ack_at: receivedAt,
        last_acked_seq: sql<number>`CASE WHEN last_acked_seq < ${maxSeq} THEN ${maxSeq} ELSE last_acked_seq END`,
      }).where('id', '=', gatewayId).execute();
      // A batch proves the link: behind an external broker the retained "online" never reaches a
      // shared subscription, so a cloud started after the gateway would otherwise call it offline.
      await tx.updateTable('gateways').set({ link_state: 'online', link_changed_at: receivedAt })
        .where('id', '=', gatewayId).where('link_state', '!=', 'online').execute();
      const freshEvents = events.filter((e) => ids.has(e.id));
      await applyDeviceState(tx, compoundId, gatewayId, deviceStateFromEvents(gatewayId, events, freshEvents, receivedAt));
      return freshEvents;
    });
    return inserted;
  }

  async function applyDeviceState(tx: Kysely<Database>, compoundId: string, gatewayId: string, u: DeviceUpdate): Promise<void> {
    for (const d of u.devices) {
      await tx.insertInto('devices').values({
        id: deviceKey(gatewayId, d.deviceId), compound_id: compoundId, gateway_id: gatewayId, device_id: d.deviceId,
        kind: d.kind ?? 'unknown', name: null, last_seen_at: d.lastSeenAt, online: d.online === undefined ? null : d.online ? 1 : 0,
      }).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
        last_seen_at: eb.ref('excluded.last_seen_at'),
        ...(d.online !== undefined ? { online: eb.ref('excluded.online') } : {}),
      }))).execute();
    }
    if (u.gateway.appliedConfigVersion !== undefined || u.gateway.agentVersion !== undefined) {
      await tx.updateTable('gateways').set({
        ...(u.gateway.appliedConfigVersion !== undefined ? { applied_config_version: u.gateway.appliedConfigVersion } : {}),
        ...(u.gateway.agentVersion !== undefined ? { agent_version: u.gateway.agentVersion } : {}),
      }).where('id', '=', gatewayId).execute();
    }
  }

  return { handleBatch, stats, forgetGateway: (id: string) => compoundOf.delete(id) };
}

export type Ingest = ReturnType<typeof createIngest>;
