/** Operations test helpers: a migrated database (SQLite in memory, or a PostgreSQL URL) and a small seed. */
import type { Kysely } from 'kysely';
import { onTestFinished } from 'vitest';
import { openDb } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/database.js';
import type { Role } from '../../src/types.js';
import { freshPostgresUrl } from '../helpers/dialects.js';

/** The operations store suite runs on both: SQLite in memory and a fresh PostgreSQL database. */
export const opsDialects: { name: 'sqlite' | 'postgres'; url(): Promise<string> }[] = [
  { name: 'sqlite', url: async () => ':memory:' },
  ...(process.env.YG_TEST_SKIP_POSTGRES ? [] : [{ name: 'postgres' as const, url: freshPostgresUrl }]),
];

export async function openTestDb(url = ':memory:'): Promise<Kysely<Database>> {
  const h = openDb({ url });
  await migrateToLatest(h.db);
  onTestFinished(() => h.close());
  return h.db;
}

export interface Seed {
  compoundId: string;
  users: Record<string, string>;
}

/**
 * Compound `c1`: guards g1..g3, manager m1, resident r1, installer i1, staff s1, grid leader gl1,
 * owners' committee cm1, community officer co1, street viewer st1; `c2`: guard x1, manager m2,
 * resident r2; admin a1.
 */
export async function seed(db: Kysely<Database>): Promise<Seed> {
  const now = new Date().toISOString();
  for (const id of ['c1', 'c2']) await db.insertInto('compounds').values({ id, name: `小区${id}`, address: null, district: null, households: 36, created_at: now }).execute();
  const people: [string, Role, string | null][] = [
    ['g1', 'guard', 'c1'], ['g2', 'guard', 'c1'], ['g3', 'guard', 'c1'], ['m1', 'manager', 'c1'], ['r1', 'resident', 'c1'],
    ['i1', 'installer', 'c1'], ['s1', 'staff', 'c1'], ['gl1', 'grid_leader', 'c1'], ['cm1', 'committee', 'c1'], ['co1', 'community', 'c1'],
    ['st1', 'street', 'c1'], ['x1', 'guard', 'c2'], ['m2', 'manager', 'c2'], ['r2', 'resident', 'c2'], ['a1', 'admin', null],
  ];
  const users: Record<string, string> = {};
  for (const [name, role, compound] of people) {
    await db.insertInto('users').values({ id: name, username: name, display_name: `${name}师傅`, role, password_hash: 'x', lease_ends_on: null, disabled: 0, created_at: now }).execute();
    if (compound) await db.insertInto('user_compounds').values({ user_id: name, compound_id: compound }).execute();
    users[name] = name;
  }
  return { compoundId: 'c1', users };
}
