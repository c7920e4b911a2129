/** Gateway link state in the database (from availability messages and broker connects). */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { availability, decodePayload } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { nowIso } from '../db/time.js';

/**
 * `at` is when the change was observed (message receipt), not when the update runs: on a pool
 * (PostgreSQL) an older "online" may execute after a newer "offline" and must not win.
 */
export async function setLinkState(db: Kysely<Database>, gatewayId: string, state: 'online' | 'offline', at: string = nowIso()): Promise<void> {
  await db.updateTable('gateways').set({ link_state: state, link_changed_at: at })
    .where('id', '=', gatewayId).where('link_state', '!=', state)
    .where((eb) => eb.or([eb('link_changed_at', 'is', null), eb('link_changed_at', '<=', at)]))
    .execute();
}

/** `up/availability` carries the plain string "online"/"offline" (retained, last will). */
export async function handleAvailability(db: Kysely<Database>, log: Logger, gatewayId: string, payload: Buffer, onOnline?: (gatewayId: string) => void): Promise<void> {
  const at = nowIso();
  const text = payload.toString('utf8').trim();
  // Accept the bare word or a JSON string: both appear in the wild.
  const r = decodePayload(availability, text.startsWith('"') ? text : JSON.stringify(text));
  if (!r.ok) {
    log.warn({ gatewayId, error: r.error }, 'bad availability message');
    return;
  }
  await setLinkState(db, gatewayId, r.value, at);
  if (r.value === 'online') onOnline?.(gatewayId);
}
