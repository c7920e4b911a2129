/** Live stream rows addressed to one user (a resident's own work orders); null = the compound's staff. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('live_events').addColumn('user_id', 'text').execute();
  // A resident's resume reads only their own rows.
  await db.schema.createIndex('live_events_by_user').on('live_events').columns(['user_id', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('live_events_by_user').execute();
  await db.schema.alterTable('live_events').dropColumn('user_id').execute();
}
