/**
 * Durable notification queue. enqueueForAlert() adds one row per matching channel (never sends
 * inline, so alert creation never waits for a robot). deliverDue() claims due rows (one instance
 * per row, see alerts/claim.ts), posts them, and on failure schedules a retry with exponential
 * backoff until maxAttempts, then marks the row failed.
 */
import type { Kysely } from 'kysely';
import { newId } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { NotifyChannelsTable } from '../db/tables-ops.js';
import { claimDue } from '../alerts/claim.js';
import { iso } from '../alerts/clock.js';
import { atLeast } from '../alerts/policy.js';
import type { AlertChange } from '../alerts/store.js';
import { buildRequest, robotAccepted, type NotifyMessage } from './formats.js';
import { createWebhookEgress, type WebhookEgress } from './egress.js';

/** No internal addresses at all: what the cloud uses unless an administrator allows hosts. */
const strictEgress = createWebhookEgress();

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}
export const defaultRetry: RetryPolicy = { maxAttempts: 6, baseDelayMs: 2000, maxDelayMs: 300_000, timeoutMs: 10_000 };

export const backoffMs = (attempt: number, p: RetryPolicy): number => Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));

export async function enqueueForAlert(db: Kysely<Database>, change: AlertChange, nowMs: number): Promise<number> {
  if (!change.page) return 0;
  const a = change.alert;
  const channels = (await db.selectFrom('notify_channels').select(['id', 'min_severity']).where('compound_id', '=', a.compoundId).where('enabled', '=', 1).execute())
    .filter((c) => atLeast(a.severity, c.min_severity));
  if (channels.length === 0) return 0;
  const compound = await db.selectFrom('compounds').select('name').where('id', '=', a.compoundId).executeTakeFirst();
  const event: NotifyMessage['event'] = change.page.reason === 'new' ? 'alert.new' : change.page.reason === 'escalate' ? 'alert.escalated' : 'alert.retriggered';
  const message: NotifyMessage = {
    event,
    alert: { id: a.id, compoundId: a.compoundId, kind: a.kind, severity: a.severity, title: a.title, status: a.status, deviceId: a.deviceId, count: a.count, firstAt: a.firstAt, escalationLevel: a.escalationLevel },
    compoundName: compound?.name ?? null,
    assigneeName: a.assigneeName,
  };
  const body = JSON.stringify(message);
  await db.insertInto('notifications').values(channels.map((c) => ({
    id: newId(), channel_id: c.id, compound_id: a.compoundId, alert_id: a.id, body, status: 'pending' as const, attempts: 0,
    next_attempt_at: iso(nowMs), last_error: null, claimed_by: null, claimed_at: null, created_at: iso(nowMs), sent_at: null,
  }))).execute();
  return channels.length;
}

/** Send one message to a channel now; the robot's verdict as an error string, or undefined when accepted. */
export async function sendNow(
  ch: { kind: NotifyChannelsTable['kind']; url: string; secret: string | null }, m: NotifyMessage, timeoutMs: number, egress: WebhookEgress = strictEgress,
): Promise<string | undefined> {
  try {
    const r = await egress.post(buildRequest(ch.kind, ch.url, ch.secret, m, Date.now()), timeoutMs);
    return robotAccepted(ch.kind, r.status, r.text).error;
  } catch (e) {
    return (e as Error).message;
  }
}

export interface DeliveryResult { sent: number; retried: number; failed: number }

export async function deliverDue(
  db: Kysely<Database>, instanceId: string, nowMs: number, retry: RetryPolicy = defaultRetry, limit = 20, egress: WebhookEgress = strictEgress,
): Promise<DeliveryResult> {
  const rows = await claimDue(db, {
    table: 'notifications', dueColumn: 'next_attempt_at', instanceId, nowIso: iso(nowMs),
    leaseExpiredBeforeIso: iso(nowMs - retry.timeoutMs * 3), limit,
  });
  const out: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  await Promise.all(rows.map(async (n) => {
    const ch = await db.selectFrom('notify_channels').selectAll().where('id', '=', n.channel_id).executeTakeFirst();
    const attempts = n.attempts + 1;
    let error: string | undefined;
    if (!ch) error = 'channel was deleted';
    else error = await sendNow(ch, JSON.parse(n.body) as NotifyMessage, retry.timeoutMs, egress);
    const mine = (q: ReturnType<typeof db.updateTable<'notifications'>>) => q.where('id', '=', n.id).where('claimed_by', '=', instanceId);
    if (!error) {
      await mine(db.updateTable('notifications').set({ status: 'sent', attempts, sent_at: iso(nowMs), last_error: null, claimed_by: null, claimed_at: null })).execute();
      out.sent++;
    } else if (attempts >= retry.maxAttempts || !ch) {
      await mine(db.updateTable('notifications').set({ status: 'failed', attempts, last_error: error, claimed_by: null, claimed_at: null })).execute();
      out.failed++;
    } else {
      await mine(db.updateTable('notifications').set({
        attempts, last_error: error, next_attempt_at: iso(nowMs + backoffMs(attempts, retry)), claimed_by: null, claimed_at: null,
      })).execute();
      out.retried++;
    }
  }));
  return out;
}

/** Delivered or given-up rows older than `beforeIso` are removed (the log shows the last month). */
export async function pruneNotifications(db: Kysely<Database>, beforeIso: string): Promise<number> {
  const r = await db.deleteFrom('notifications').where('status', 'in', ['sent', 'failed']).where('created_at', '<', beforeIso).executeTakeFirst();
  return Number(r.numDeletedRows);
}
