/** Builds the AuthUser (role, compounds, gate rights) for a user id. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { AuthUser } from '../types.js';
import { streetScope } from '../governance/street-scope.js';

export interface LoadedUser extends AuthUser {
  leaseEndsOn: string | null;
  disabled: boolean;
}

export async function loadUser(db: Kysely<Database>, userId: string): Promise<LoadedUser | null> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!u) return null;
  const compoundIds = u.role === 'admin'
    ? (await db.selectFrom('compounds').select('id').orderBy('id').execute()).map((r) => r.id)
    : (await db.selectFrom('user_compounds').select('compound_id').where('user_id', '=', userId).orderBy('compound_id').execute()).map((r) => r.compound_id);
  const street = u.role === 'street' ? await streetScope(db, compoundIds) : null;
  const user: LoadedUser = {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    compoundIds: street?.compoundIds ?? compoundIds,
    ...(street && { streetIds: street.streetIds }),
    leaseEndsOn: u.lease_ends_on,
    disabled: u.disabled !== 0,
  };
  if (u.role === 'resident') {
    user.gateIds = (await db.selectFrom('resident_gates').select('gate_id').where('user_id', '=', userId).orderBy('gate_id').execute()).map((r) => r.gate_id);
  }
  return user;
}

/** A lease ends at the end of its day (China Standard Time, where the compounds are). */
export function leaseValid(leaseEndsOn: string | null, now: Date = new Date()): boolean {
  if (!leaseEndsOn) return true;
  const endExclusive = Date.parse(`${leaseEndsOn}T00:00:00+08:00`) + 24 * 3600 * 1000;
  return now.getTime() < endExclusive;
}
