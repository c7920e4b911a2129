/**
 * Overdue steps escalate like alerts: when a work order's pending step passes its due time, one
 * work_order_overdue alert is raised (claimed on the row so only one instance raises it), routed
 * and escalated by the alert machinery; the move that completes the step resolves it.
 */
import type { Kysely } from 'kysely';
import { flowMoveZh } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { raiseAlert, resolveAlert, type AlertChange } from '../alerts/store.js';
import { chinaLocalTime } from '../incidents/local-time.js';
import { nextMove } from './flow.js';
import { CLAIMED } from './store.js';

export const overdueKey = (workOrderId: string, stage: string): string => `wo:${workOrderId}:${stage}`;

export async function raiseOverdueSteps(db: Kysely<Database>, nowMs: number, instanceId: string, limit = 100): Promise<AlertChange[]> {
  const due = await db.selectFrom('work_orders').select(['id', 'compound_id', 'stage', 'title', 'step_due_at'])
    .where('stage', '!=', 'verified').where('step_due_at', 'is not', null).where('step_due_at', '<', new Date(nowMs).toISOString())
    .where('step_alert_id', 'is', null).orderBy('step_due_at').limit(limit).execute();
  const out: AlertChange[] = [];
  for (const w of due) {
    const claimed = await db.updateTable('work_orders').set({ step_alert_id: CLAIMED })
      .where('id', '=', w.id).where('stage', '=', w.stage).where('step_alert_id', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const move = nextMove(w.stage);
    const change = await raiseAlert(db, {
      compoundId: w.compound_id, gatewayId: null, deviceId: null, key: overdueKey(w.id, w.stage), kind: 'work_order_overdue', severity: 'medium',
      title: `工单超时未${move ? flowMoveZh[move] : '处理'}：${w.title}（应于 ${chinaLocalTime(w.step_due_at!)} 前）`, source: 'cloud',
      causeEventId: null, snapshotIds: [], atMs: nowMs,
    }, nowMs, instanceId);
    // The order may have moved on meanwhile: then the alert is already moot.
    const kept = await db.updateTable('work_orders').set({ step_alert_id: change.alert.id })
      .where('id', '=', w.id).where('stage', '=', w.stage).where('step_alert_id', '=', CLAIMED).executeTakeFirst();
    out.push(change);
    if (Number(kept.numUpdatedRows) !== 1) out.push(...await closeStepAlert(db, change.alert.id, null, nowMs));
  }
  return out;
}

/** The step was done: resolve its overdue alert (if still open). */
export async function closeStepAlert(db: Kysely<Database>, alertId: string, byUserId: string | null, nowMs: number): Promise<AlertChange[]> {
  const a = await db.selectFrom('alerts').select('status').where('id', '=', alertId).executeTakeFirst();
  if (!a || a.status === 'resolved') return [];
  try {
    return [await resolveAlert(db, alertId, byUserId, '工单已推进到下一步', nowMs)];
  } catch {
    return [];
  }
}
