/**
 * Claiming due rows (alert timers, queued notifications, the derive outbox) so each is handled by exactly one
 * instance. One statement per dialect:
 * - PostgreSQL: UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED): concurrent claimers skip
 *   rows another transaction holds instead of waiting for them or taking them twice.
 * - SQLite: a single writer, so the same UPDATE ... RETURNING is atomic by itself.
 * A claim is a lease: a row claimed by an instance that died is claimed again after `leaseMs`.
 */
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export const isPostgres = (db: Kysely<Database>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

type Claimable = 'alert_timers' | 'notifications' | 'derive_outbox';
type DueColumn<T extends Claimable> = T extends 'alert_timers' ? 'due_at' : T extends 'notifications' ? 'next_attempt_at' : 'next_at';

export interface ClaimOptions<T extends Claimable> {
  table: T;
  dueColumn: DueColumn<T>;
  instanceId: string;
  nowIso: string;
  leaseExpiredBeforeIso: string;
  limit: number;
}

export async function claimDue<T extends Claimable>(db: Kysely<Database>, o: ClaimOptions<T>): Promise<Database[T][]> {
  const pg = isPostgres(db);
  // Kysely cannot type a query generic over two tables; the column names are checked by DueColumn.
  type Row = { id: string; claimed_by: string | null; claimed_at: string | null; status: string; due: string };
  const d = db as unknown as Kysely<{ claimable: Row }>;
  const table = o.table as 'claimable';
  const due = o.dueColumn as 'due';
  const rows = await d
    .updateTable(table)
    .set({ claimed_by: o.instanceId, claimed_at: o.nowIso })
    .where('id', 'in', (qb) =>
      qb.selectFrom(table)
        .select('id')
        .where(due, '<=', o.nowIso)
        .$if(o.table === 'notifications', (q) => q.where('status', '=', 'pending'))
        .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_at', '<', o.leaseExpiredBeforeIso)]))
        .orderBy(due)
        .limit(o.limit)
        .$if(pg, (q) => q.forUpdate().skipLocked()),
    )
    .returningAll()
    .execute();
  return rows as unknown as Database[T][];
}
