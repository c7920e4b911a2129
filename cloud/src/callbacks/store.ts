/**
 * Callbacks (回访): opened in the 验单 transaction, worked from the customer-service call list,
 * closed by a phone call (satisfaction 1-5) or by the resident's own rating in the app.
 */
import type { Kysely, Transaction } from 'kysely';
import { newId, type Callback, type CallbackStatus, type RecordCallbackRequest } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { iso } from '../alerts/clock.js';
import { conflict, notFound } from '../errors.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Call back within two days of 验单; three unanswered calls end it as unreachable. */
export const CALLBACK_DUE_MS = 48 * 3_600_000;
export const MAX_ATTEMPTS = 3;

/** Called in the 验单 transaction: one callback per order (the unique key makes a repeat harmless). */
export async function openCallback(trx: Db, w: { id: string; compound_id: string; requested_by: string }, nowMs: number): Promise<void> {
  const resident = await trx.selectFrom('users').select(['phone']).where('id', '=', w.requested_by).executeTakeFirst();
  const exists = await trx.selectFrom('callbacks').select('id').where('work_order_id', '=', w.id).executeTakeFirst();
  if (exists) return;
  await trx.insertInto('callbacks').values({
    id: newId(), work_order_id: w.id, compound_id: w.compound_id, resident_id: w.requested_by, phone: resident?.phone ?? null,
    verified_at: iso(nowMs), due_at: iso(nowMs + CALLBACK_DUE_MS), status: 'pending', attempts: 0, channel: null, satisfaction: null,
    result: null, called_by: null, called_at: null,
  }).execute();
}

const selectCallbacks = (db: Db) => db.selectFrom('callbacks')
  .innerJoin('work_orders', 'work_orders.id', 'callbacks.work_order_id')
  .leftJoin('users', 'users.id', 'callbacks.resident_id')
  .selectAll('callbacks').select(['work_orders.title', 'users.display_name']);

type Row = Awaited<ReturnType<ReturnType<typeof selectCallbacks>['executeTakeFirstOrThrow']>>;
const toApi = (c: Row): Callback => ({
  id: c.id, workOrderId: c.work_order_id, compoundId: c.compound_id, workOrderTitle: c.title, residentId: c.resident_id,
  residentName: c.display_name ?? c.resident_id, phone: c.phone, verifiedAt: c.verified_at, dueAt: c.due_at, status: c.status,
  attempts: c.attempts, channel: c.channel, satisfaction: c.satisfaction, result: c.result, calledBy: c.called_by, calledAt: c.called_at,
});

export async function listCallbacks(db: Db, f: { compoundIds: string[]; status?: CallbackStatus; limit: number }): Promise<Callback[]> {
  if (f.compoundIds.length === 0) return [];
  const rows = await selectCallbacks(db).where('callbacks.compound_id', 'in', f.compoundIds)
    .$if(!!f.status, (q) => q.where('callbacks.status', '=', f.status!))
    .orderBy('callbacks.due_at').orderBy('callbacks.id').limit(f.limit).execute();
  return rows.map(toApi);
}

export async function loadCallback(db: Db, id: string): Promise<Callback> {
  const row = await selectCallbacks(db).where('callbacks.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Callback ${id}`);
  return toApi(row);
}

/** One phone call by customer service. An answered call with a rating also rates the work order (if the resident has not). */
export async function recordCall(db: Kysely<Database>, id: string, req: RecordCallbackRequest, byUserId: string, nowMs: number): Promise<Callback> {
  await db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('callbacks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound(`Callback ${id}`);
    if (c.status !== 'pending') throw conflict(`This callback is already ${c.status === 'done' ? 'done' : 'closed as unreachable'}.`);
    const at = iso(nowMs);
    if (req.outcome === 'unreachable') {
      const attempts = c.attempts + 1;
      await trx.updateTable('callbacks').set({
        attempts, status: attempts >= MAX_ATTEMPTS ? 'unreachable' : 'pending', result: req.result ?? '未接通', called_by: byUserId, called_at: at,
      }).where('id', '=', id).where('status', '=', 'pending').execute();
      return;
    }
    await trx.updateTable('callbacks').set({
      attempts: c.attempts + 1, status: 'done', channel: 'phone', satisfaction: req.satisfaction, result: req.result ?? null, called_by: byUserId, called_at: at,
    }).where('id', '=', id).where('status', '=', 'pending').execute();
    await trx.updateTable('work_orders').set({ rating: req.satisfaction, rating_comment: req.result ?? null, rated_at: at, updated_at: at })
      .where('id', '=', c.work_order_id).where('rating', 'is', null).execute();
  });
  return loadCallback(db, id);
}

/** The resident rated in the app: the callback is done without a call. */
export async function closeByAppRating(db: Db, workOrderId: string, rating: number, comment: string | null, residentId: string, nowMs: number): Promise<void> {
  await db.updateTable('callbacks').set({
    status: 'done', channel: 'app', satisfaction: rating, result: comment, called_by: residentId, called_at: iso(nowMs),
  }).where('work_order_id', '=', workOrderId).where('status', '=', 'pending').execute();
}
