/**
 * The gate audit covers every gate command (open, hold open, lock), and a device's late answer
 * updates the row that said timeout: `action`, `answered_at` on gate_open_audit; `late_answer` on commands.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('gate_open_audit').addColumn('action', 'text', (c) => c.notNull().defaultTo('gate.open')).execute();
  await db.schema.alterTable('gate_open_audit').addColumn('answered_at', 'text').execute();
  await db.schema.alterTable('commands').addColumn('late_answer', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('gate_open_audit_by_command').on('gate_open_audit').column('command_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('gate_open_audit_by_command').execute();
  await db.schema.alterTable('commands').dropColumn('late_answer').execute();
  await db.schema.alterTable('gate_open_audit').dropColumn('answered_at').execute();
  await db.schema.alterTable('gate_open_audit').dropColumn('action').execute();
}
