/** Care for residents living alone: door contacts on the household's own flat door count as activity. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('care_households').addColumn('door_contact_ids', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('care_households').dropColumn('door_contact_ids').execute();
}
