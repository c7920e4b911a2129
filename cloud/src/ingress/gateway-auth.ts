/**
 * Gateway MQTT logins against the credentials issued at enrollment (scrypt hashes in `gateways`).
 * scrypt runs on the thread pool, never on the event loop. Verified (hash, password) pairs are
 * remembered so reconnect storms do not cost one scrypt each; only successes are remembered, so a
 * guesser cannot fill the cache.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { verifyPasswordAsync } from '@yardguard/firmware-config/node';
import type { Database } from '../db/database.js';

export interface GatewayIdentity {
  gatewayId: string;
  compoundId: string;
}

export function createGatewayAuthenticator(db: Kysely<Database>) {
  const verified = new Set<string>();
  return async function authenticateGateway(username: string, password: string): Promise<GatewayIdentity | null> {
    const row = await db.selectFrom('gateways').select(['id', 'compound_id', 'mqtt_password_hash', 'revoked_at']).where('mqtt_username', '=', username).executeTakeFirst();
    if (!row || row.revoked_at) return null;
    const key = createHash('sha256').update(row.mqtt_password_hash).update('\0').update(password).digest('base64');
    if (!verified.has(key)) {
      if (!(await verifyPasswordAsync(password, row.mqtt_password_hash))) return null;
      if (verified.size > 50_000) verified.clear();
      verified.add(key);
    }
    return { gatewayId: row.id, compoundId: row.compound_id };
  };
}
