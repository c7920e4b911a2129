/**
 * The live stream table: every push gets an increasing id, so a console that reconnects with
 * `since=<id>` receives exactly what it missed. On PostgreSQL the insert takes an exclusive table
 * lock: ids then commit in id order, so a reader never sees id n+1 before id n is visible.
 *
 * Who sees a row (the same rule live and on resume, `visibleTo` and `readSince`): a row addressed to
 * a user (`user_id`, a resident's own work order) goes to that user's streams only; any other row goes
 * to the staff of its compound. A resident never sees an unaddressed row (alerts, incidents).
 */
import { sql, type Kysely } from 'kysely';
import type { LiveMessage } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { isPostgres } from '../alerts/claim.js';

export interface LiveBody {
  type: Exclude<LiveMessage['type'], 'hello'>;
  compoundId: string;
  at: string;
  /** Only this user's streams receive it (and only within the compounds they still belong to). */
  userId?: string;
  alert?: LiveMessage['alert'];
  incidentId?: string;
  /** Set on every `work_order.update` (`workOrder` adds what changed). */
  workOrderId?: string;
  workOrder?: LiveMessage['workOrder'];
}

/** Who is on the other end of a stream. */
export type LiveAudience =
  | { kind: 'staff'; compounds: string[] | 'all' }
  | { kind: 'resident'; userId: string; compounds: string[] };

const inCompounds = (compounds: string[] | 'all', compoundId: string | null) =>
  compounds === 'all' || (compoundId !== null && compounds.includes(compoundId));

/** Default deny: staff get unaddressed rows of their compounds, a resident only rows addressed to them. */
export function visibleTo(a: LiveAudience, m: Pick<LiveMessage, 'compoundId' | 'userId'>): boolean {
  if (!inCompounds(a.compounds, m.compoundId)) return false;
  return a.kind === 'staff' ? m.userId === undefined : m.userId === a.userId;
}

export async function appendLive(db: Kysely<Database>, body: LiveBody): Promise<LiveMessage> {
  const payload = JSON.stringify({ alert: body.alert, incidentId: body.incidentId, workOrderId: body.workOrderId, workOrder: body.workOrder });
  const insert = (d: Kysely<Database>) => d.insertInto('live_events')
    .values({ compound_id: body.compoundId, user_id: body.userId ?? null, type: body.type, payload, at: body.at }).returning('id').executeTakeFirstOrThrow();
  const row = isPostgres(db)
    ? await db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE live_events IN EXCLUSIVE MODE`.execute(trx);
      return insert(trx);
    })
    : await insert(db);
  return {
    id: Number(row.id), type: body.type, compoundId: body.compoundId, at: body.at,
    ...(body.userId !== undefined && { userId: body.userId }), alert: body.alert, incidentId: body.incidentId,
    workOrderId: body.workOrderId, workOrder: body.workOrder,
  };
}

/** Messages after `sinceId` this audience may see, oldest first. */
export async function readSince(db: Kysely<Database>, audience: LiveAudience, sinceId: number, limit = 1000, upToId?: number): Promise<LiveMessage[]> {
  const { compounds } = audience;
  if (compounds !== 'all' && compounds.length === 0) return [];
  const rows = await db.selectFrom('live_events').selectAll().where('id', '>', sinceId)
    .$if(compounds !== 'all', (q) => q.where('compound_id', 'in', compounds as string[]))
    .$if(audience.kind === 'staff', (q) => q.where('user_id', 'is', null))
    .$if(audience.kind === 'resident', (q) => q.where('user_id', '=', (audience as { userId: string }).userId))
    .$if(upToId !== undefined, (q) => q.where('id', '<=', upToId!))
    .orderBy('id').limit(limit).execute();
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as Pick<LiveMessage, 'alert' | 'incidentId' | 'workOrderId' | 'workOrder'>;
    return { id: Number(r.id), type: r.type as LiveMessage['type'], compoundId: r.compound_id, at: r.at, ...(r.user_id !== null && { userId: r.user_id }), ...p };
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
