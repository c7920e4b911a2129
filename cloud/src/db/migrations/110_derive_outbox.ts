/**
 * The derive outbox: one row per stored event the cloud derives something from (an alert raised
 * or cleared), written in the same transaction as the event. A claimed worker drains it
 * (alerts/derive-outbox.ts) and deletes each row in the same transaction as the alert change, so a
 * crash or a failure between storing an alarm and raising its alert only delays the alert.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('derive_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the event id
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('gateway_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Due time: now when written, later after a failed attempt (backoff).
    .addColumn('next_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .execute();
  await db.schema.createIndex('derive_outbox_due').on('derive_outbox').column('next_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('derive_outbox').ifExists().execute();
}
