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
import { claimDue, isPostgres } from './claim.js';
import { enqueueForAlert } from '../notify/queue.js';
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
  return db.transaction().execute(async (trx): Promise<AlertChange | null> => {
    // Lock order as in ack/resolve (alerts/store.ts): the alert row first, then its timers. Taking the
    // timer first would deadlock against an ack that holds the alert and re-arms its timer.
    const cur = await trx.selectFrom('alerts').select(['status', 'escalation_level', 'acknowledged_by', 'retriggers']).where('id', '=', t.alert_id)
      .$if(isPostgres(db), (q) => q.forUpdate()).executeTakeFirst();
    // Still ours? (a lease that ran out may have been taken over by another instance)
    const gone = await trx.deleteFrom('alert_timers').where('id', '=', t.id).where('claimed_by', '=', instanceId).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1 || !alert || !policy || !cur) return null;
    let page: Page;
    if (t.purpose === 'escalate') {
      if (cur.status !== 'new') return null;
      const level = cur.escalation_level + 1;
      if (level > policy.maxEscalations) return null;
      const target = targetAt(chain, level);
      // Conditional: the row is locked on PostgreSQL, but the status check stays in the statement.
      const won = await trx.updateTable('alerts').set({ escalation_level: level, assignee_id: target, updated_at: iso(nowMs) })
        .where('id', '=', alert.id).where('status', '=', 'new').executeTakeFirst();
      if (Number(won.numUpdatedRows) !== 1) return null;
      page = { reason: 'escalate', level, targetUserId: target };
      await recordPage(trx, alert.id, page, instanceId, nowMs, t.id);
      if (level < policy.maxEscalations) await armTimer(trx, alert.id, 'escalate', nowMs + policy.ackTimeoutS[alert.severity] * 1000);
    } else {
      if (cur.status !== 'acknowledged') return null;
      // Page the guard who took it first: they know the situation; escalation continues from there.
      const target = cur.acknowledged_by ?? targetAt(chain, cur.escalation_level);
      const won = await trx.updateTable('alerts').set({
        status: 'new', retriggers: cur.retriggers + 1, assignee_id: target, acknowledged_at: null, acknowledged_by: null, updated_at: iso(nowMs),
      }).where('id', '=', alert.id).where('status', '=', 'acknowledged').executeTakeFirst();
      if (Number(won.numUpdatedRows) !== 1) return null;
      page = { reason: 'retrigger', level: cur.escalation_level, targetUserId: target };
      await recordPage(trx, alert.id, page, instanceId, nowMs, t.id);
      await armTimer(trx, alert.id, 'escalate', nowMs + policy.ackTimeoutS[alert.severity] * 1000);
    }
    // The robots' messages commit with the page: a crash cannot page without notifying, or the reverse.
    const change: AlertChange = { type: 'alert.update', alert: await mustLoadAlert(trx, t.alert_id), page };
    await enqueueForAlert(trx, change, nowMs);
    return change;
  });
}
