/** The denied-credentials rule reads a gate's recent access decisions: events by gateway, device and time. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('events_by_device_time').on('events').columns(['gateway_id', 'device_id', 'occurred_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('events_by_device_time').execute();
}
