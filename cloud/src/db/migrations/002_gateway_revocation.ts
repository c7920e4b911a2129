/** A gateway can be revoked (lost or stolen Pi): its MQTT login and its batches are refused from then on. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('gateways').addColumn('revoked_at', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('gateways').dropColumn('revoked_at').execute();
}
