/** Ingest commit through Kysely (PostgreSQL, and any dialect): one transaction per batch. */
import { sql, type Kysely } from 'kysely';
import type { Event } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { EventsTable } from '../db/tables-core.js';
import type { DeriveOutboxTable } from '../db/tables-ops.js';
import { deviceKey } from '../enrollment/config-store.js';
import { derivesFromEvent } from '../alerts/sources.js';
import { deviceStateFromEvents, type DeviceUpdate } from './device-state.js';

export interface CommitInput {
  gatewayId: string;
  compoundId: string;
  events: Event[];
  rows: EventsTable[];
  receivedAt: string;
  maxSeq: number;
}

export interface IngestStore {
  /** Store the batch idempotently with the gateway's ack state and device state; returns the new events. */
  commit(input: CommitInput): Promise<Event[]>;
}

export function createKyselyIngestStore(db: Kysely<Database>): IngestStore {
  return {
    async commit({ gatewayId, compoundId, events, rows, receivedAt, maxSeq }) {
      return db.transaction().execute(async (tx) => {
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
          .where('id', '=', gatewayId).where('link_state', '!=', 'online')
          .where((eb) => eb.or([eb('link_changed_at', 'is', null), eb('link_changed_at', '<=', receivedAt)])).execute();
        const fresh = events.filter((e) => ids.has(e.id));
        await applyDeviceState(tx, compoundId, gatewayId, deviceStateFromEvents(gatewayId, events, fresh, receivedAt));
        const derive = deriveRows(fresh, receivedAt);
        if (derive.length) await tx.insertInto('derive_outbox').values(derive).onConflict((oc) => oc.column('id').doNothing()).execute();
        return fresh;
      });
    },
  };
}

/** Outbox rows for the new events the cloud derives alerts from: same transaction as the events. */
export function deriveRows(fresh: Event[], receivedAt: string): DeriveOutboxTable[] {
  return fresh.filter(derivesFromEvent).map((e) => ({
    id: e.id, compound_id: e.compoundId, gateway_id: e.gatewayId, seq: e.seq, created_at: receivedAt, next_at: receivedAt,
    attempts: 0, last_error: null, claimed_by: null, claimed_at: null,
  }));
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
