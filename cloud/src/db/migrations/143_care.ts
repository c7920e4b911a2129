/** Care for residents living alone: enrolled households (with consent) and their activity log. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('care_households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().unique())
    .addColumn('credential_refs', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('window_hours', 'integer', (c) => c.notNull())
    .addColumn('check_in_by', 'text')
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('consent_by', 'text', (c) => c.notNull())
    .addColumn('consent_note', 'text', (c) => c.notNull())
    .addColumn('consent_at', 'text', (c) => c.notNull())
    .addColumn('consent_recorded_by', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_activity_at', 'text')
    .addColumn('last_activity_kind', 'text')
    .addColumn('last_check_in_on', 'text')
    .addColumn('alerted_for', 'text')
    .addColumn('alert_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('care_activity')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('care_activity_by_household').on('care_activity').columns(['household_id', 'at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('care_activity').execute();
  await db.schema.dropTable('care_households').execute();
}
