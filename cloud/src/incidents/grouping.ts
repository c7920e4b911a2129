/** An alert joins the open incident with the same key inside the fold window, else opens a new one. */
import type { Kysely, Transaction } from 'kysely';
import { newId } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { AlertInput } from '../alerts/sources.js';
import { iso } from '../alerts/clock.js';
import { maxSeverity } from '../alerts/policy.js';

export async function incidentFor(trx: Transaction<Database> | Kysely<Database>, a: AlertInput, foldWindowS: number): Promise<string> {
  const at = iso(a.atMs);
  const open = await trx.selectFrom('incidents').select(['id', 'severity', 'last_at']).where('compound_id', '=', a.compoundId)
    .where('key', '=', a.key).where('status', '=', 'open').where('last_at', '>=', iso(a.atMs - foldWindowS * 1000))
    .orderBy('last_at', 'desc').limit(1).executeTakeFirst();
  if (open) {
    await trx.updateTable('incidents').set((eb) => ({
      alert_count: eb('alert_count', '+', 1), last_at: at > open.last_at ? at : open.last_at, severity: maxSeverity(open.severity, a.severity),
    })).where('id', '=', open.id).execute();
    return open.id;
  }
  const id = newId();
  await trx.insertInto('incidents').values({
    id, compound_id: a.compoundId, key: a.key, kind: a.kind, severity: a.severity, title: a.title, gateway_id: a.gatewayId,
    device_id: a.deviceId, status: 'open', alert_count: 1, opened_at: at, last_at: at, closed_at: null, closed_by: null,
    close_reason: null, work_order_id: null,
  }).execute();
  return id;
}
