/**
 * The red-property way of working: streets and companies (with each company's work-order flow),
 * compounds placed under a company and a community, staff phone and team, the step due times and
 * photos on the work-order timeline. Schema builder only (SQLite and PostgreSQL).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('streets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('street_id', 'text')
    // JSON of WorkOrderFlow; null = the default flow.
    .addColumn('flow', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('compounds').addColumn('company_id', 'text').execute();
  await db.schema.alterTable('compounds').addColumn('community', 'text').execute();
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();
  await db.schema.alterTable('users').addColumn('team', 'text').execute();

  await db.schema.alterTable('work_orders').addColumn('step_due_at', 'text').execute();
  await db.schema.alterTable('work_orders').addColumn('step_alert_id', 'text').execute();
  await db.schema.alterTable('work_orders').addColumn('accepted_by', 'text').execute();
  await db.schema.alterTable('work_orders').addColumn('supervised_by', 'text').execute();
  await db.schema.createIndex('work_orders_step_due').on('work_orders').columns(['step_due_at']).execute();
  await db.schema.alterTable('work_order_history').addColumn('photo_ids', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('work_order_history').addColumn('due_at', 'text').execute();
  await db.schema.alterTable('work_order_history').addColumn('on_time', 'integer').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['companies', 'streets']) await db.schema.dropTable(t).execute();
}
