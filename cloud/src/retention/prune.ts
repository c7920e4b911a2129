/**
 * One retention pass, oldest first, in a fixed order: telemetry first, then snapshots (age and
 * quota), live-stream rows and notifications, and only then the long-kept records (events, the gate
 * and command audit, alerts and incidents). Deletes go in batches so no transaction grows large.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { MediaStore } from '../snapshots/media-store.js';
import { iso } from '../alerts/clock.js';
import { pruneLive } from '../live/stream.js';
import { pruneNotifications } from '../notify/queue.js';
import { TELEMETRY_EVENT_TYPES, type RetentionPolicy } from './policy.js';

const BATCH = 2000;
const DAY = 86_400_000;

export interface PruneResult {
  telemetry: number;
  snapshots: number;
  live: number;
  notifications: number;
  events: number;
  gateAudit: number;
  commands: number;
  alerts: number;
  incidents: number;
}

/** Delete ids chosen by `pick` (at most BATCH at a time) until none is left. */
async function inBatches(pick: () => Promise<string[]>, drop: (ids: string[]) => Promise<unknown>): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = await pick();
    if (ids.length === 0) return total;
    await drop(ids);
    total += ids.length;
    if (ids.length < BATCH) return total;
  }
}

export async function pruneOnce(db: Kysely<Database>, media: MediaStore, p: RetentionPolicy, nowMs: number): Promise<PruneResult> {
  const before = (days: number) => iso(nowMs - days * DAY);
  const events = async (telemetry: boolean, cutoff: string) => inBatches(
    async () => (await db.selectFrom('events').select('id').where('occurred_at', '<', cutoff)
      .where('type', telemetry ? 'in' : 'not in', [...TELEMETRY_EVENT_TYPES]).limit(BATCH).execute()).map((r) => r.id),
    (ids) => db.deleteFrom('events').where('id', 'in', ids).execute(),
  );

  const telemetry = await events(true, before(p.telemetryDays));
  const snapshots = await media.enforceRetention(nowMs);
  const live = await pruneLive(db, before(p.liveDays));
  const notifications = await pruneNotifications(db, before(p.notificationsDays));
  const stored = await events(false, before(p.eventsDays));

  const auditCutoff = before(p.auditDays);
  const gateAudit = await inBatches(
    async () => (await db.selectFrom('gate_open_audit').select('id').where('requested_at', '<', auditCutoff).limit(BATCH).execute()).map((r) => r.id),
    (ids) => db.deleteFrom('gate_open_audit').where('id', 'in', ids).execute(),
  );
  // A command still waiting for its answer is never pruned (its late answer must find the row).
  const commands = await inBatches(
    async () => (await db.selectFrom('commands').select('id').where('issued_at', '<', auditCutoff).where('status', '!=', 'sent').limit(BATCH).execute()).map((r) => r.id),
    (ids) => db.deleteFrom('commands').where('id', 'in', ids).execute(),
  );

  const alertCutoff = before(p.alertsDays);
  // Only finished business: resolved alerts and closed incidents; open ones stay whatever their age.
  const alerts = await inBatches(
    async () => (await db.selectFrom('alerts').select('id').where('status', '=', 'resolved').where('last_at', '<', alertCutoff).limit(BATCH).execute()).map((r) => r.id),
    (ids) => db.transaction().execute(async (trx) => {
      await trx.deleteFrom('alert_pages').where('alert_id', 'in', ids).execute();
      await trx.deleteFrom('alert_timers').where('alert_id', 'in', ids).execute();
      await trx.deleteFrom('alerts').where('id', 'in', ids).execute();
    }),
  );
  const incidents = await inBatches(
    async () => (await db.selectFrom('incidents').select('id').where('status', '=', 'closed').where('last_at', '<', alertCutoff)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('alerts').select('alerts.id').whereRef('alerts.incident_id', '=', 'incidents.id'))))
      .limit(BATCH).execute()).map((r) => r.id),
    (ids) => db.transaction().execute(async (trx) => {
      await trx.deleteFrom('incident_notes').where('incident_id', 'in', ids).execute();
      await trx.deleteFrom('incidents').where('id', 'in', ids).execute();
    }),
  );
  return { telemetry, snapshots, live, notifications, events: stored, gateAudit, commands, alerts, incidents };
}
