/**
 * Demo operations data for a seeded cloud: a gate post per demo compound with a 24 h rotation of
 * its guards (and the manager as a day/night patrol), so "on duty now" and alert routing show real
 * names in the console. Idempotent: compounds that already have posts are left alone.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { createPost, createRoster } from './store.js';

export async function seedOpsDemo(db: Kysely<Database>, compoundIds: string[], nowMs = Date.now()): Promise<void> {
  // Shifts change at 08:00 Beijing time (00:00 UTC).
  const anchor = new Date(Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), 1)).toISOString();
  for (const compoundId of compoundIds) {
    const hasPosts = await db.selectFrom('posts').select('id').where('compound_id', '=', compoundId).executeTakeFirst();
    if (hasPosts) continue;
    const staff = await db.selectFrom('users').innerJoin('user_compounds', 'user_compounds.user_id', 'users.id')
      .select(['users.id', 'users.role']).where('user_compounds.compound_id', '=', compoundId).where('users.disabled', '=', 0)
      .orderBy('users.username').execute();
    const guards = staff.filter((u) => u.role === 'guard').map((u) => u.id);
    if (guards.length > 0) {
      const gate = await createPost(db, compoundId, '大门岗', nowMs);
      await createRoster(db, gate.id, { pattern: '24on48off', anchorAt: anchor, guardIds: guards }, nowMs);
    }
  }
}
