/**
 * The live stream table: every push gets an increasing id, so a console that reconnects with
 * `since=<id>` receives exactly what it missed. On PostgreSQL the insert takes an exclusive table
 * lock: ids then commit in id order, so a reader never sees id n+1 before id n is visible.
 */
import { sql, type Kysely } from 'kysely';
import type { LiveMessage } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { isPostgres } from '../alerts/claim.js';

export interface LiveBody {
  type: Exclude<LiveMessage['type'], 'hello'>;
  compoundId: string;
  at: string;
  alert?: LiveMessage['alert'];
  incidentId?: string;
  workOrderId?: string;
}

export async function appendLive(db: Kysely<Database>, body: LiveBody): Promise<LiveMessage> {
  const payload = JSON.stringify({ alert: body.alert, incidentId: body.incidentId, workOrderId: body.workOrderId });
  const insert = (d: Kysely<Database>) => d.insertInto('live_events')
    .values({ compound_id: body.compoundId, type: body.type, payload, at: body.at }).returning('id').executeTakeFirstOrThrow();
  const row = isPostgres(db)
    ? await db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE live_events IN EXCLUSIVE MODE`.execute(trx);
      return insert(trx);
    })
    : await insert(db);
  return { id: Number(row.id), type: body.type, compoundId: body.compoundId, at: body.at, alert: body.alert, incidentId: body.incidentId, workOrderId: body.workOrderId };
}

/** Messages after `sinceId` for these compounds ('all' for admins), oldest first. */
export async function readSince(db: Kysely<Database>, compounds: string[] | 'all', sinceId: number, limit = 1000, upToId?: number): Promise<LiveMessage[]> {
  if (compounds !== 'all' && compounds.length === 0) return [];
  const rows = await db.selectFrom('live_events').selectAll().where('id', '>', sinceId)
    .$if(compounds !== 'all', (q) => q.where('compound_id', 'in', compounds as string[]))
    .$if(upToId !== undefined, (q) => q.where('id', '<=', upToId!))
    .orderBy('id').limit(limit).execute();
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as Pick<LiveMessage, 'alert' | 'incidentId' | 'workOrderId'>;
    return { id: Number(r.id), type: r.type as LiveMessage['type'], compoundId: r.compound_id, at: r.at, ...p };
  });
}

export async function latestLiveId(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('live_events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  return Number(r?.max ?? 0);
}

/** Drop stream rows older than `beforeIso` (a console away that long reloads its lists instead). */
export async function pruneLive(db: Kysely<Database>, beforeIso: string): Promise<number> {
  const r = await db.deleteFrom('live_events').where('at', '<', beforeIso).executeTakeFirst();
  return Number(r.numDeletedRows);
}
