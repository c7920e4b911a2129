/** Core schema. Portable: only the schema builder, text times, integer booleans, JSON as text. */
import type { Kysely } from 'kysely';

// Migrations see the database as it was then, not as the current types say.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('compounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('district', 'text')
    .addColumn('households', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('lease_ends_on', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('user_compounds')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('compound_id', 'text', (c) => c.notNull().references('compounds.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_compounds_pk', ['user_id', 'compound_id'])
    .execute();
  await db.schema.createIndex('user_compounds_by_compound').on('user_compounds').column('compound_id').execute();

  await db.schema.createTable('resident_gates')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('gate_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resident_gates_pk', ['user_id', 'gate_id'])
    .execute();

  await db.schema.createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema.createTable('gateways')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('compounds.id'))
    .addColumn('name', 'text')
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('mqtt_username', 'text', (c) => c.notNull().unique())
    .addColumn('mqtt_password_hash', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('last_ack_at', 'text')
    .addColumn('last_acked_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('link_state', 'text', (c) => c.notNull().defaultTo('never'))
    .addColumn('link_changed_at', 'text')
    .addColumn('config_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('applied_config_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('agent_version', 'text')
    .addColumn('hw_model', 'text')
    .execute();
  await db.schema.createIndex('gateways_by_compound').on('gateways').column('compound_id').execute();

  await db.schema.createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('gateway_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('name', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('online', 'integer')
    .execute();
  await db.schema.createIndex('devices_by_compound').on('devices').column('compound_id').execute();

  await db.schema.createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('gateway_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_by_compound_time').on('events').columns(['compound_id', 'occurred_at']).execute();
  await db.schema.createIndex('events_by_gateway_seq').on('events').columns(['gateway_id', 'seq']).execute();

  await db.schema.createTable('enrollment_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('compounds.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('gateway_id', 'text')
    .addColumn('gateway_name', 'text')
    .addColumn('site_config', 'text')
    .execute();

  await db.schema.createTable('config_versions')
    .addColumn('gateway_id', 'text', (c) => c.notNull().references('gateways.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('config_versions_pk', ['gateway_id', 'version'])
    .execute();

  await db.schema.createTable('commands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gateway_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('completed_at', 'text')
    .execute();

  await db.schema.createTable('gate_open_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('command_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('gate_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('username', 'text')
    .addColumn('visitor_pass_id', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('latency_ms', 'integer')
    .execute();
  await db.schema.createIndex('gate_open_audit_by_compound').on('gate_open_audit').columns(['compound_id', 'requested_at']).execute();

  await db.schema.createTable('visitor_passes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('gate_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('visitor_name', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('max_uses', 'integer', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['visitor_passes', 'gate_open_audit', 'commands', 'config_versions', 'enrollment_codes', 'events', 'devices',
    'gateways', 'sessions', 'resident_gates', 'user_compounds', 'users', 'compounds']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
