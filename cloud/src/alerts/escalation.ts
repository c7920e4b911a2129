/**
 * Escalation timers. Each due timer is claimed by one instance (alerts/claim.ts), then fired in
 * one transaction that deletes it (only if still ours) and records the page, so a timer pages at
 * most once across instances. Firing:
 * - escalate (not acknowledged in time): page the next person in the chain, arm the next timer,
 *   until policy.maxEscalations pages have gone out;
 * - retrigger (acknowledged, not resolved in time): back to `new`, page again, escalate from there.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { AlertTimersTable } from '../db/tables-ops.js';
import { claimDue } from './claim.js';
import { iso } from './clock.js';
import { loadPolicy } from './policy.js';
import { escalationChain, targetAt } from './routing.js';
import { armTimer, mustLoadAlert, recordPage, type AlertChange, type Page } from './store.js';

const LEASE_MS = 30_000;

export async function fireDueTimers(db: Kysely<Database>, instanceId: string, nowMs: number, limit = 100): Promise<AlertChange[]> {
  const timers = await claimDue(db, {
    table: 'alert_timers', dueColumn: 'due_at', instanceId, nowIso: iso(nowMs), leaseExpiredBeforeIso: iso(nowMs - LEASE_MS), limit,
  });
  const changes: AlertChange[] = [];
  for (const t of timers) {
    const c = await fireTimer(db, t, instanceId, nowMs);
    if (c) changes.push(c);
  }
  return changes;
}

async function fireTimer(db: Kysely<Database>, t: AlertTimersTable, instanceId: string, nowMs: number): Promise<AlertChange | null> {
  const alert = await db.selectFrom('alerts').selectAll().where('id', '=', t.alert_id).executeTakeFirst();
  const policy = alert ? await loadPolicy(db, alert.compound_id) : null;
  const chain = alert ? await escalationChain(db, alert.compound_id, nowMs, alert.kind) : [];
  const page = await db.transaction().execute(async (trx): Promise<Page | null> => {
    // Still ours? (a lease that ran out may have been taken over by another instance)
    const gone = await trx.deleteFrom('alert_timers').where('id', '=', t.id).where('claimed_by', '=', instanceId).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1 || !alert || !policy) return null;
    const cur = await trx.selectFrom('alerts').select(['status', 'escalation_level', 'acknowledged_by', 'retriggers']).where('id', '=', alert.id).executeTakeFirstOrThrow();
    if (t.purpose === 'escalate') {
      if (cur.status !== 'new') return null;
      const level = cur.escalation_level + 1;
      if (level > policy.maxEscalations) return null;
      const target = targetAt(chain, level);
      await trx.updateTable('alerts').set({ escalation_level: level, assignee_id: target, updated_at: iso(nowMs) }).where('id', '=', alert.id).execute();
      const p: Page = { reason: 'escalate', level, targetUserId: target };
      await recordPage(trx, alert.id, p, instanceId, nowMs, t.id);
      if (level < policy.maxEscalations) await armTimer(trx, alert.id, 'escalate', nowMs + policy.ackTimeoutS[alert.severity] * 1000);
      return p;
    }
    if (cur.status !== 'acknowledged') return null;
    // Page the guard who took it first: they know the situation; escalation continues from there.
    const target = cur.acknowledged_by ?? targetAt(chain, cur.escalation_level);
    await trx.updateTable('alerts').set({
      status: 'new', retriggers: cur.retriggers + 1, assignee_id: target, acknowledged_at: null, acknowledged_by: null, updated_at: iso(nowMs),
    }).where('id', '=', alert.id).execute();
    const p: Page = { reason: 'retrigger', level: cur.escalation_level, targetUserId: target };
    await recordPage(trx, alert.id, p, instanceId, nowMs, t.id);
    await armTimer(trx, alert.id, 'escalate', nowMs + policy.ackTimeoutS[alert.severity] * 1000);
    return p;
  });
  if (!page) return null;
  return { type: 'alert.update', alert: await mustLoadAlert(db, t.alert_id), page };
}
