/**
 * "A work order changed" (placed, also from an incident; moved; commented; rated in the app or by a 回访
 * call; linked to an incident), told on the live stream once the change is committed. One
 * `work_order.update`, from the order as stored now, goes to:
 * - the staff of its compound, addressed to nobody: their lists, monthly table and that order refetch;
 * - the resident who placed it (when a resident did), addressed to them (`userId`): their page refetches.
 * `live/stream.ts` keeps the two apart (staff never get addressed rows, residents only theirs). A failed
 * push is logged and never undoes the change (consoles refetch on reconnect and when the page returns).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { LiveBody } from '../live/stream.js';
import type { LiveHub } from '../live/hub.js';
import { iso, type Clock } from '../alerts/clock.js';
import { getWorkOrderRow } from './store.js';

/** The messages for a changed order: the staff broadcast, then the requester's own when a resident placed it. */
export async function workOrderUpdates(db: Kysely<Database>, workOrderId: string, nowMs: number): Promise<LiveBody[]> {
  const w = await getWorkOrderRow(db, workOrderId);
  const staff: LiveBody = {
    type: 'work_order.update', compoundId: w.compound_id, at: iso(nowMs), workOrderId: w.id,
    workOrder: { workOrderId: w.id, stage: w.stage, ratingAsked: w.stage === 'verified' && w.rating === null, rating: w.rating, updatedAt: w.updated_at },
  };
  const requester = await db.selectFrom('users').select('role').where('id', '=', w.requested_by).executeTakeFirst();
  return requester?.role === 'resident' ? [staff, { ...staff, userId: w.requested_by }] : [staff];
}

/** Call after the change is committed. Never throws. */
export type WorkOrderChanged = (workOrderId: string) => Promise<void>;

export function createWorkOrderPush(opts: { db: Kysely<Database>; live: LiveHub; clock: Clock; log: Logger }): WorkOrderChanged {
  const { db, live, clock, log } = opts;
  return async (workOrderId) => {
    const fail = (err: unknown) => log.error({ err, workOrderId }, 'work order push failed');
    const bodies = await workOrderUpdates(db, workOrderId, clock.now()).catch((err: unknown) => (fail(err), []));
    // Each on its own: a failed staff push does not keep the resident's back.
    for (const body of bodies) await live.publish(body).then(() => undefined, fail);
  };
}
