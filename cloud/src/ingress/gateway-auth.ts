/**
 * Gateway MQTT logins against the credentials issued at enrollment (scrypt hashes in `gateways`).
 * Verified (hash, password) pairs are remembered so reconnect storms do not cost one scrypt each.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { verifyPassword } from '@yardguard/firmware-config/node';
import type { Database } from '../db/database.js';

export interface GatewayIdentity {
  gatewayId: string;
  compoundId: string;
}

export function createGatewayAuthenticator(db: Kysely<Database>) {
  const verified = new Map<string, boolean>();
  return async function authenticateGateway(username: string, password: string): Promise<GatewayIdentity | null> {
    const row = await db.selectFrom('gateways').select(['id', 'compound_id', 'mqtt_password_hash', 'revoked_at']).where('mqtt_username', '=', username).executeTakeFirst();
    if (!row || row.revoked_at) return null;
    const key = createHash('sha256').update(row.mqtt_password_hash).update('\0').update(password).digest('base64');
    let ok = verified.get(key);
    if (ok === undefined) {
      ok = verifyPassword(password, row.mqtt_password_hash);
      if (verified.size > 50_000) verified.clear();
      verified.set(key, ok);
    }
    return ok ? { gatewayId: row.id, compoundId: row.compound_id } : null;
  };
}
