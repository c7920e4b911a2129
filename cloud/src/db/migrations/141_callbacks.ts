/** Callbacks (回访) after 验单: one per work order, the call list of the customer-service team. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('callbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_order_id', 'text', (c) => c.notNull().unique())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('verified_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel', 'text')
    .addColumn('satisfaction', 'integer')
    .addColumn('result', 'text')
    .addColumn('called_by', 'text')
    .addColumn('called_at', 'text')
    .execute();
  await db.schema.createIndex('callbacks_by_compound').on('callbacks').columns(['compound_id', 'status', 'due_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('callbacks').execute();
}
