/**
 * The resident who placed a work order hears when it changes (placed, moved, closed and waiting for a
 * rating, rated): one `work_order.update` on the live stream, addressed to them alone. Called after the
 * change is committed, so nothing is announced that is not stored; a failed push is logged, never
 * undoes the change (the console refetches on reconnect and when it comes back to the page).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { WorkOrder } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { LiveBody } from '../live/stream.js';
import type { LiveHub } from '../live/hub.js';
import { iso, type Clock } from '../alerts/clock.js';

/** The addressed message for a changed order, or null when its requester is not a resident (staff follow the work-order lists). */
export async function requesterUpdate(db: Kysely<Database>, w: WorkOrder, nowMs: number): Promise<LiveBody | null> {
  const requester = await db.selectFrom('users').select('role').where('id', '=', w.requestedBy).executeTakeFirst();
  if (requester?.role !== 'resident') return null;
  return {
    type: 'work_order.update', compoundId: w.compoundId, userId: w.requestedBy, at: iso(nowMs),
    workOrder: { workOrderId: w.id, stage: w.stage, ratingAsked: w.stage === 'verified' && w.rating === null, rating: w.rating, updatedAt: w.updatedAt },
  };
}

export type WorkOrderChanged = (w: WorkOrder) => Promise<void>;

export function createRequesterPush(opts: { db: Kysely<Database>; live: LiveHub; clock: Clock; log: Logger }): WorkOrderChanged {
  const { db, live, clock, log } = opts;
  return async (w) => {
    try {
      const body = await requesterUpdate(db, w, clock.now());
      if (body) await live.publish(body);
    } catch (err) {
      log.error({ err, workOrderId: w.id }, 'work order push failed');
    }
  };
}
