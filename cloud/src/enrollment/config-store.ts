/**
 * Versioned site configs per gateway. Saving a version also registers the config's devices
 * (gates, cameras, alarm columns) so gates can be listed and granted before any event arrives.
 */
import type { Kysely, Transaction } from 'kysely';
import { listDevices, type SiteConfig } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { nowIso } from '../db/time.js';
import type { DevicesTable } from '../db/tables-core.js';

export const deviceKey = (gatewayId: string, deviceId: string): string => `${gatewayId}.${deviceId}`;

type Db = Kysely<Database> | Transaction<Database>;

/** Stores the next version (config.configVersion is set to it) and returns the stored config. */
export async function saveConfigVersion(db: Kysely<Database>, gatewayId: string, config: SiteConfig, createdBy: string): Promise<SiteConfig> {
  return db.transaction().execute(async (tx) => {
    const gw = await tx.selectFrom('gateways').select(['compound_id', 'config_version']).where('id', '=', gatewayId).executeTakeFirstOrThrow();
    const version = gw.config_version + 1;
    const stored: SiteConfig = { ...config, configVersion: version };
    await tx.insertInto('config_versions').values({ gateway_id: gatewayId, version, config: JSON.stringify(stored), created_at: nowIso(), created_by: createdBy }).execute();
    await tx.updateTable('gateways').set({ config_version: version }).where('id', '=', gatewayId).execute();
    await registerDevices(tx, gw.compound_id, gatewayId, stored);
    return stored;
  });
}

export async function latestConfig(db: Db, gatewayId: string): Promise<{ version: number; config: SiteConfig; createdAt: string; createdBy: string } | null> {
  const row = await db.selectFrom('config_versions').selectAll().where('gateway_id', '=', gatewayId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? { version: row.version, config: JSON.parse(row.config) as SiteConfig, createdAt: row.created_at, createdBy: row.created_by } : null;
}

async function registerDevices(tx: Db, compoundId: string, gatewayId: string, cfg: SiteConfig): Promise<void> {
  const rows: Pick<DevicesTable, 'id' | 'compound_id' | 'gateway_id' | 'device_id' | 'kind' | 'name'>[] = listDevices(cfg)
    .map((d) => ({ id: deviceKey(gatewayId, d.id), compound_id: compoundId, gateway_id: gatewayId, device_id: d.id, kind: d.kind, name: d.name }));
  for (const r of rows) {
    await tx.insertInto('devices').values({ ...r, last_seen_at: null, online: null })
      .onConflict((oc) => oc.column('id').doUpdateSet({ kind: r.kind, name: r.name })).execute();
  }
}
