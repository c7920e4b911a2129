/**
 * Drains the derive outbox (db/migrations/110_derive_outbox.ts): the stored events the cloud
 * raises or clears alerts from. Ingest writes a row in the same transaction as the event; this
 * worker claims due rows (SKIP LOCKED on PostgreSQL, alerts/claim.ts) and deletes each row in the
 * same transaction as its alert change (the guard of raiseAlert / resolveByKeys). So:
 * - a crash or an error after the events committed only delays the alert (the row stays, is
 *   claimed again after the lease or retried after a backoff);
 * - a row is turned into an alert exactly once, however many instances drain and however often
 *   the batch is redelivered (a redelivered event is a duplicate and writes no row).
 * Rows of one claim are handled in the order their events were stored (a device going offline
 * and back in one batch clears the alert it raised).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Event } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { DeriveOutboxTable } from '../db/tables-ops.js';
import type { EventsTable } from '../db/tables-core.js';
import { claimDue } from './claim.js';
import { iso } from './clock.js';
import { alertFromEvent, keysClearedBy } from './sources.js';
import { deniedBurstAlert, isDenial } from './denied-burst.js';
import { raiseAlert, resolveByKeys, type AlertChange } from './store.js';

const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export const retryDelayMs = (attempts: number): number => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));

export const eventFromRow = (r: EventsTable): Event => ({
  v: 1, id: r.id, compoundId: r.compound_id, gatewayId: r.gateway_id, deviceId: r.device_id, seq: r.seq,
  occurredAt: r.occurred_at, type: r.type, data: JSON.parse(r.data) as unknown,
}) as Event;

export interface DrainResult {
  changes: AlertChange[];
  /** Rows handled (alert raised or cleared, or nothing to do). */
  done: number;
  /** Rows that failed this round (retried after a backoff). */
  failed: number;
}

export async function drainDeriveOutbox(db: Kysely<Database>, instanceId: string, nowMs: number, log: Logger, limit = 200): Promise<DrainResult> {
  const rows = await claimDue(db, {
    table: 'derive_outbox', dueColumn: 'next_at', instanceId, nowIso: iso(nowMs), leaseExpiredBeforeIso: iso(nowMs - LEASE_MS), limit,
  });
  const result: DrainResult = { changes: [], done: 0, failed: 0 };
  if (rows.length === 0) return result;
  rows.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.gateway_id < b.gateway_id ? -1 : a.gateway_id > b.gateway_id ? 1 : a.seq - b.seq));
  const stored = new Map<string, EventsTable>();
  for (let i = 0; i < rows.length; i += 200) {
    const found = await db.selectFrom('events').selectAll().where('id', 'in', rows.slice(i, i + 200).map((r) => r.id)).execute();
    for (const e of found) stored.set(e.id, e);
  }
  for (const row of rows) {
    try {
      const ev = stored.get(row.id);
      result.changes.push(...await deriveOne(db, row, ev ? eventFromRow(ev) : null, instanceId, nowMs));
      result.done++;
    } catch (err) {
      result.failed++;
      const attempts = row.attempts + 1;
      log.error({ err, eventId: row.id, attempts }, 'alert from stored event failed; retried later');
      await db.updateTable('derive_outbox').set({
        attempts, last_error: String((err as Error)?.message ?? err).slice(0, 500), claimed_by: null, claimed_at: null, next_at: iso(nowMs + retryDelayMs(attempts)),
      }).where('id', '=', row.id).where('claimed_by', '=', instanceId).execute()
        .catch((e: unknown) => log.warn({ err: e, eventId: row.id }, 'derive outbox row not rescheduled; retried after its lease'));
    }
  }
  return result;
}

/** Take the row (still ours) in the transaction of the change it leads to. */
const takeRow = (row: DeriveOutboxTable, instanceId: string) => async (trx: Transaction<Database>): Promise<boolean> =>
  Number((await trx.deleteFrom('derive_outbox').where('id', '=', row.id).where('claimed_by', '=', instanceId).executeTakeFirst()).numDeletedRows) === 1;

async function deriveOne(db: Kysely<Database>, row: DeriveOutboxTable, e: Event | null, instanceId: string, nowMs: number): Promise<AlertChange[]> {
  const guard = takeRow(row, instanceId);
  const input = e && (isDenial(e) ? await deniedBurstAlert(db, e) : alertFromEvent(e));
  if (e && input) {
    const c = await raiseAlert(db, input, nowMs, instanceId, { guard });
    return c ? [c] : [];
  }
  const cleared = e ? keysClearedBy(e) : [];
  if (e && cleared.length) return resolveByKeys(db, e.compoundId, cleared, '设备已恢复在线', nowMs, { guard });
  // The event is gone (retention) or derives nothing any more: drop the row.
  await db.transaction().execute(guard);
  return [];
}
