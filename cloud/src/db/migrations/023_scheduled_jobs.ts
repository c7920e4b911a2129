/** Periodic jobs claimed once across instances (retention): one row per job with its next run. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('scheduled_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_run_at', 'text', (c) => c.notNull())
    .addColumn('last_run_by', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_finished_at', 'text')
    .addColumn('last_result', 'text')
    .execute();
  await db.schema.createIndex('gate_open_audit_by_time').on('gate_open_audit').column('requested_at').execute();
  await db.schema.createIndex('commands_by_time').on('commands').column('issued_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('commands_by_time').execute();
  await db.schema.dropIndex('gate_open_audit_by_time').execute();
  await db.schema.dropTable('scheduled_jobs').execute();
}
