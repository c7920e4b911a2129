/**
 * Who gets paged: the guards on duty at the compound (shift order), then the compound's managers.
 * Escalation level L pages chain[L mod length], so the chain loops; the policy bounds how often.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { onDuty } from '../shifts/store.js';

export async function escalationChain(db: Kysely<Database>, compoundId: string, atMs: number): Promise<string[]> {
  const guards = (await onDuty(db, compoundId, atMs)).map((g) => g.userId);
  const managers = await db.selectFrom('users').innerJoin('user_compounds', 'user_compounds.user_id', 'users.id')
    .select('users.id').where('user_compounds.compound_id', '=', compoundId).where('users.role', '=', 'manager')
    .where('users.disabled', '=', 0).orderBy('users.username').execute();
  return [...guards, ...managers.map((m) => m.id).filter((id) => !guards.includes(id))];
}

export const targetAt = (chain: string[], level: number): string | null => (chain.length ? chain[level % chain.length]! : null);
