/**
 * The retention job on a schedule, run by exactly one instance per period: every instance checks
 * now and then; the one whose conditional UPDATE moves `next_run_at` forward (still due, so only one
 * can) runs the pass. The same statement claims on SQLite (one writer) and PostgreSQL (the second
 * updater re-reads the row after the first commits and finds it no longer due).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { MediaStore } from '../snapshots/media-store.js';
import { iso } from '../alerts/clock.js';
import { pruneOnce, type PruneResult } from './prune.js';
import type { RetentionPolicy } from './policy.js';

export const RETENTION_JOB = 'retention';

/** Claim this period's run of a job; true when this instance won it. */
export async function claimRun(db: Kysely<Database>, name: string, instanceId: string, nowMs: number, everyMs: number): Promise<boolean> {
  const now = iso(nowMs);
  await db.insertInto('scheduled_jobs').values({ name, next_run_at: now, last_run_by: null, last_started_at: null, last_finished_at: null, last_result: null })
    .onConflict((oc) => oc.column('name').doNothing()).execute();
  const r = await db.updateTable('scheduled_jobs').set({ next_run_at: iso(nowMs + everyMs), last_run_by: instanceId, last_started_at: now })
    .where('name', '=', name).where('next_run_at', '<=', now).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface RetentionJob {
  /** Run the pass when it is due and this instance claims it; null when not (due elsewhere or not yet). */
  runIfDue(nowMs: number): Promise<PruneResult | null>;
}

export function createRetentionJob(o: { db: Kysely<Database>; media: MediaStore; policy: RetentionPolicy; instanceId: string; log: Logger; now: () => number }): RetentionJob {
  const { db, media, policy, instanceId, log } = o;
  return {
    async runIfDue(nowMs) {
      if (!await claimRun(db, RETENTION_JOB, instanceId, nowMs, policy.everyHours * 3_600_000)) return null;
      const result = await pruneOnce(db, media, policy, nowMs);
      await db.updateTable('scheduled_jobs').set({ last_finished_at: iso(o.now()), last_result: JSON.stringify(result) }).where('name', '=', RETENTION_JOB).execute();
      log.info({ ...result }, 'retention pass done');
      return result;
    },
  };
}
