/** Gateway link state in the database (from availability messages and broker connects). */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { availability, decodePayload } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { nowIso } from '../db/time.js';

export async function setLinkState(db: Kysely<Database>, gatewayId: string, state: 'online' | 'offline'): Promise<void> {
  await db.updateTable('gateways').set({ link_state: state, link_changed_at: nowIso() })
    .where('id', '=', gatewayId).where('link_state', '!=', state).execute();
}

/** `up/availability` carries the plain string "online"/"offline" (retained, last will). */
export async function handleAvailability(db: Kysely<Database>, log: Logger, gatewayId: string, payload: Buffer, onOnline?: (gatewayId: string) => void): Promise<void> {
  const text = payload.toString('utf8').trim();
  // Accept the bare word or a JSON string: both appear in the wild.
  const r = decodePayload(availability, text.startsWith('"') ? text : JSON.stringify(text));
  if (!r.ok) {
    log.warn({ gatewayId, error: r.error }, 'bad availability message');
    return;
  }
  await setLinkState(db, gatewayId, r.value);
  if (r.value === 'online') onOnline?.(gatewayId);
}
