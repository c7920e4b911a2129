/**
 * Who gets paged: the guards on duty at the compound (shift order), then the compound's managers
 * (work-order and care alerts start with the grid leader: see escalationChain).
 * Escalation level L pages chain[L mod length], so the chain loops; the policy bounds how often.
 */
import type { Kysely } from 'kysely';
import type { AlertKind } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { onDuty } from '../shifts/store.js';

export async function escalationChain(db: Kysely<Database>, compoundId: string, atMs: number, kind?: AlertKind): Promise<string[]> {
  const members = async (role: 'manager' | 'grid_leader') => (await db.selectFrom('users').innerJoin('user_compounds', 'user_compounds.user_id', 'users.id')
    .select('users.id').where('user_compounds.compound_id', '=', compoundId).where('users.role', '=', role)
    .where('users.disabled', '=', 0).orderBy('users.username').execute()).map((m) => m.id);
  const managers = await members('manager');
  // An overdue work-order step goes to the grid leader who dispatches, then the managers; a care
  // alert (独居老人关爱) to the grid leader first, then the guards on duty, then the managers.
  if (kind === 'work_order_overdue') return unique([...await members('grid_leader'), ...managers]);
  const guards = (await onDuty(db, compoundId, atMs)).map((g) => g.userId);
  if (kind === 'care_no_activity') return unique([...await members('grid_leader'), ...guards, ...managers]);
  return unique([...guards, ...managers]);
}

const unique = (ids: string[]): string[] => [...new Set(ids)];

export const targetAt = (chain: string[], level: number): string | null => (chain.length ? chain[level % chain.length]! : null);
