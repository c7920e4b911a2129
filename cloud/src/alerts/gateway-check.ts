/**
 * Cloud-side liveness check: a gateway is offline when its last acknowledged batch is older than
 * policy.gatewayOfflineS (default 45 s; checked every 10 s, so detected within 60 s) or its MQTT
 * availability has said offline for LINK_DOWN_GRACE_MS (a 4G flap or the cloud's own restart reconnects
 * within it; neither should page a guard). Time the checking instance was not running does not count
 * against a gateway: after a cloud outage every gateway gets the full window to reconnect and ack
 * (`watchingSinceMs`, the instance's start), and a gateway that has not acked this instance yet is not
 * judged before RECONNECT_STORM_GRACE_MS: 12,000 gateways reconnecting at once took ~64 s to be all
 * back and acked (cloud/bench/gateways.bench.mjs), and a 15 s link grace paged 10,181 of them falsely.
 * The online->offline flip is a conditional UPDATE on gateway_watch,
 * in the same transaction as the alert, so with several instances exactly one raises the alert (and
 * one resolves it on recovery), and a crash between flip and alert cannot happen.
 */
import type { Kysely } from 'kysely';
import type { AlertPolicy } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { iso } from './clock.js';
import { chinaLocalTime } from '../incidents/local-time.js';
import { loadPolicy } from './policy.js';
import { raiseAlert, resolveByKeys, type AlertChange } from './store.js';

export const gatewayOfflineKey = (gatewayId: string): string => `${gatewayId}:gateway_offline`;

/** How long a closed MQTT link may stay down before the gateway counts as offline. */
export const LINK_DOWN_GRACE_MS = 15_000;

/** After the checking instance starts, how long a gateway that has not acked it yet may take to come back. */
export const RECONNECT_STORM_GRACE_MS = 120_000;

export async function checkGateways(db: Kysely<Database>, nowMs: number, instanceId: string, watchingSinceMs = -Infinity): Promise<AlertChange[]> {
  const now = iso(nowMs);
  // Watch rows for gateways seen for the first time (never acked gateways are not watched yet).
  const unwatched = await db.selectFrom('gateways').leftJoin('gateway_watch', 'gateway_watch.gateway_id', 'gateways.id')
    .select('gateways.id').where('gateway_watch.gateway_id', 'is', null).where('gateways.last_ack_at', 'is not', null).execute();
  for (const g of unwatched) {
    await db.insertInto('gateway_watch').values({ gateway_id: g.id, offline_since: null, alert_id: null, checked_at: now })
      .onConflict((oc) => oc.column('gateway_id').doNothing()).execute();
  }
  const rows = await db.selectFrom('gateways').innerJoin('gateway_watch', 'gateway_watch.gateway_id', 'gateways.id')
    .select(['gateways.id', 'gateways.compound_id', 'gateways.name', 'gateways.last_ack_at', 'gateways.link_state', 'gateways.link_changed_at', 'gateway_watch.offline_since'])
    .execute();
  const policies = new Map<string, AlertPolicy>();
  const changes: AlertChange[] = [];
  for (const g of rows) {
    let policy = policies.get(g.compound_id);
    if (!policy) policies.set(g.compound_id, (policy = await loadPolicy(db, g.compound_id)));
    const ackAge = nowMs - Math.max(g.last_ack_at ? Date.parse(g.last_ack_at) : -Infinity, watchingSinceMs);
    const linkDownFor = nowMs - Math.max(g.link_changed_at ? Date.parse(g.link_changed_at) : -Infinity, watchingSinceMs);
    const backSinceStart = g.last_ack_at !== null && Date.parse(g.last_ack_at) >= watchingSinceMs;
    const inStorm = !backSinceStart && nowMs - watchingSinceMs < RECONNECT_STORM_GRACE_MS;
    const offline = !inStorm && (ackAge > policy.gatewayOfflineS * 1000 || (g.link_state === 'offline' && linkDownFor > LINK_DOWN_GRACE_MS));
    if (offline && g.offline_since === null) {
      // The flip and the alert commit together: a crash between them cannot leave a gateway marked
      // offline with no alert (the flip would never be tried again).
      const since = g.last_ack_at ? `，最后确认 ${chinaLocalTime(g.last_ack_at)}` : '';
      const change = await raiseAlert(db, {
        compoundId: g.compound_id, gatewayId: g.id, deviceId: null, key: gatewayOfflineKey(g.id), kind: 'gateway_offline',
        severity: 'high', title: `网关离线 ${g.name ?? g.id}${since}`, source: 'cloud', causeEventId: null, snapshotIds: [], atMs: nowMs,
      }, nowMs, instanceId, {
        guard: async (trx) => Number((await trx.updateTable('gateway_watch').set({ offline_since: now, checked_at: now })
          .where('gateway_id', '=', g.id).where('offline_since', 'is', null).executeTakeFirst()).numUpdatedRows) === 1,
        after: async (trx, alertId) => {
          await trx.updateTable('gateway_watch').set({ alert_id: alertId }).where('gateway_id', '=', g.id).execute();
        },
      });
      if (change) changes.push(change);
    } else if (!offline && g.offline_since !== null) {
      changes.push(...await resolveByKeys(db, g.compound_id, [gatewayOfflineKey(g.id)], '网关已恢复（收到确认）', nowMs, {
        guard: async (trx) => Number((await trx.updateTable('gateway_watch').set({ offline_since: null, alert_id: null, checked_at: now })
          .where('gateway_id', '=', g.id).where('offline_since', 'is not', null).executeTakeFirst()).numUpdatedRows) === 1,
      }));
    }
  }
  return changes;
}
