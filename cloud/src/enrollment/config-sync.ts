/**
 * A gateway that was offline when its config was pushed gets the latest version when it comes
 * back: on every link-up, if `applied_config_version < config_version`, the config is pushed again.
 * At most once per gateway per `minIntervalMs`, so a gateway that rejects a config is not flooded.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { CommandService } from '../commands/command-service.js';
import { latestConfig } from './config-store.js';

/** A config push stays valid for an hour: a gateway that reconnects within it still applies it. */
export const CONFIG_PUSH_TTL_S = 3600;

export function createConfigSync(deps: { db: Kysely<Database>; commands: CommandService; log: Logger; minIntervalMs?: number }) {
  const lastSent = new Map<string, number>();
  const minInterval = deps.minIntervalMs ?? 5 * 60_000;

  async function push(gatewayId: string, issuedBy: string): Promise<number | null> {
    const latest = await latestConfig(deps.db, gatewayId);
    if (!latest) return null;
    await deps.commands.send({
      gatewayId, deviceId: gatewayId, issuedBy, ttlS: CONFIG_PUSH_TTL_S,
      action: { action: 'config.push', params: { configVersion: latest.version, config: latest.config } },
    });
    return latest.version;
  }

  async function onOnline(gatewayId: string): Promise<void> {
    const gw = await deps.db.selectFrom('gateways').select(['config_version', 'applied_config_version', 'revoked_at']).where('id', '=', gatewayId).executeTakeFirst();
    if (!gw || gw.revoked_at || gw.applied_config_version >= gw.config_version) return;
    const last = lastSent.get(gatewayId);
    if (last !== undefined && Date.now() - last < minInterval) return;
    // Only catch-ups are rate limited: a person's explicit push always goes out.
    lastSent.set(gatewayId, Date.now());
    const version = await push(gatewayId, 'system');
    deps.log.info({ gatewayId, version, applied: gw.applied_config_version }, 'gateway is behind on config: pushed the latest again');
  }

  return { push, onOnline };
}

export type ConfigSync = ReturnType<typeof createConfigSync>;
