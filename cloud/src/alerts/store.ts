/**
 * Alert rows: raise (fold into the open alert with the same key, else create + route + arm the
 * escalation timer), acknowledge, resolve, and reads. Every change returns what changed so the
 * caller can push it (live, robots) after the transaction committed.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { newId, type Alert } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { AlertsTable, AlertTimerPurpose } from '../db/tables-ops.js';
import { conflict, notFound } from '../errors.js';
import { iso } from './clock.js';
import { loadPolicy, maxSeverity } from './policy.js';
import { escalationChain, targetAt } from './routing.js';
import type { AlertInput } from './sources.js';
import { incidentFor } from '../incidents/grouping.js';
import { isPostgres } from './claim.js';
import { enqueueForAlert } from '../notify/queue.js';

type Db = Kysely<Database>;
type Tx = Transaction<Database> | Db;

export interface Page {
  reason: 'new' | 'escalate' | 'retrigger';
  level: number;
  targetUserId: string | null;
}

export interface AlertChange {
  type: 'alert.new' | 'alert.update';
  alert: Alert;
  /** Set when somebody is to be paged (new, escalation, re-trigger); folds and acks page nobody. */
  page?: Page;
}

/** Columns joined onto an alert row for the API: the assignee's name and the pending timer's due time. */
export interface AlertJoined {
  assignee_name: string | null;
  next_escalation_at: string | null;
}

/**
 * Alert rows joined with the assignee's name and the pending timer (armTimer keeps at most one per
 * alert), so every response carries the cloud's own deadline instead of clients recomputing it.
 */
export const selectAlertsJoined = (db: Tx) => db.selectFrom('alerts')
  .leftJoin('users', 'users.id', 'alerts.assignee_id')
  .leftJoin('alert_timers', 'alert_timers.alert_id', 'alerts.id')
  .selectAll('alerts').select(['users.display_name as assignee_name', 'alert_timers.due_at as next_escalation_at']);

export const joinedAlertToApi = ({ assignee_name, next_escalation_at, ...a }: AlertsTable & AlertJoined): Alert =>
  alertToApi(a, assignee_name, next_escalation_at);

export const alertToApi = (a: AlertsTable, assigneeName: string | null, nextEscalationAt: string | null): Alert => ({
  id: a.id, compoundId: a.compound_id, gatewayId: a.gateway_id, deviceId: a.device_id, key: a.key, kind: a.kind,
  severity: a.severity, title: a.title, source: a.source, status: a.status, count: a.count, firstAt: a.first_at,
  lastAt: a.last_at, causeEventId: a.cause_event_id, snapshotIds: JSON.parse(a.snapshot_ids) as string[],
  incidentId: a.incident_id, assigneeId: a.assignee_id, assigneeName, escalationLevel: a.escalation_level,
  retriggers: a.retriggers, acknowledgedBy: a.acknowledged_by, acknowledgedAt: a.acknowledged_at,
  resolvedBy: a.resolved_by, resolvedAt: a.resolved_at, resolveNote: a.resolve_note, createdAt: a.created_at, updatedAt: a.updated_at,
  nextEscalationAt,
});

export async function loadAlert(db: Tx, id: string): Promise<Alert | null> {
  const row = await selectAlertsJoined(db).where('alerts.id', '=', id).executeTakeFirst();
  return row ? joinedAlertToApi(row) : null;
}

export async function mustLoadAlert(db: Tx, id: string): Promise<Alert> {
  const a = await loadAlert(db, id);
  if (!a) throw notFound(`Alert ${id}`);
  return a;
}

export async function armTimer(trx: Tx, alertId: string, purpose: AlertTimerPurpose, dueMs: number): Promise<void> {
  await trx.deleteFrom('alert_timers').where('alert_id', '=', alertId).execute();
  await trx.insertInto('alert_timers').values({ id: newId(), alert_id: alertId, purpose, due_at: iso(dueMs), claimed_by: null, claimed_at: null }).execute();
}

export async function recordPage(trx: Tx, alertId: string, page: Page, instanceId: string, atMs: number, timerId: string | null): Promise<void> {
  await trx.insertInto('alert_pages').values({
    id: newId(), alert_id: alertId, level: page.level, reason: page.reason, target_user_id: page.targetUserId,
    timer_id: timerId, instance_id: instanceId, at: iso(atMs),
  }).execute();
}

function runTx<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/**
 * The edge's snapshot follow-up, not a repeat: a raise naming a cause already folded into the open
 * alert. The alert row keeps only the first cause; a repeat's cause is found among the stored
 * `alert.raised` events of the same gateway since the alert opened (another event than this one,
 * the event that raised, or one naming it as its cause).
 */
async function isFollowUp(trx: Tx, open: AlertsTable, input: AlertInput): Promise<boolean> {
  const cause = input.causeEventId;
  if (cause === null) return false;
  if (cause === open.cause_event_id) return true;
  if (!input.gatewayId) return false;
  const earlier = await trx.selectFrom('events').select('id')
    .where('compound_id', '=', input.compoundId).where('gateway_id', '=', input.gatewayId).where('type', '=', 'alert.raised')
    .where('occurred_at', '>=', open.first_at).where('occurred_at', '<=', iso(input.atMs))
    .$if(!!input.eventId, (q) => q.where('id', '!=', input.eventId!))
    // Event ids are UUIDs (no LIKE wildcards); data is JSON.stringify'd by ingest.
    .where((eb) => eb.or([eb('id', '=', cause), eb('data', 'like', `%"causeEventId":"${cause}"%`)]))
    .limit(1).executeTakeFirst();
  return earlier !== undefined;
}

/**
 * Work done in the same transaction as an alert change: `guard` runs first and may veto the change
 * (a derive-outbox row already taken, a gateway flip another instance won); `after` records what
 * the change leads to (the gateway watch row naming the alert). Both roll back with the change.
 */
export interface TxHooks {
  guard?(trx: Transaction<Database>): Promise<boolean>;
  after?(trx: Transaction<Database>, alertId: string): Promise<void>;
}

class Vetoed extends Error {}

/** Run a change in one transaction; a veto by the guard rolls back and yields null. */
async function guardedTx<T>(db: Db, hooks: TxHooks, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T | null> {
  try {
    return await runTx(db, async (trx) => {
      if (hooks.guard && !(await hooks.guard(trx))) throw new Vetoed();
      return fn(trx);
    });
  } catch (err) {
    if (err instanceof Vetoed) return null;
    throw err;
  }
}

/**
 * Fold or create. Returns the change to push (after commit: live stream), or null when the guard
 * vetoed it. Pages and robot notifications are recorded in the same transaction as the alert, so
 * an alert never exists without them (nor they without it).
 */
export async function raiseAlert(db: Db, input: AlertInput, nowMs: number, instanceId: string, hooks?: TxHooks & { guard?: undefined }): Promise<AlertChange>;
export async function raiseAlert(db: Db, input: AlertInput, nowMs: number, instanceId: string, hooks: TxHooks): Promise<AlertChange | null>;
export async function raiseAlert(db: Db, input: AlertInput, nowMs: number, instanceId: string, hooks: TxHooks = {}): Promise<AlertChange | null> {
  const policy = await loadPolicy(db, input.compoundId);
  const chain = await escalationChain(db, input.compoundId, nowMs, input.kind);
  return guardedTx(db, hooks, async (trx) => {
    // Two instances raising the same key at once must fold, not both create: serialise per key
    // (PostgreSQL; SQLite has a single writer already).
    if (isPostgres(db)) await sql`SELECT pg_advisory_xact_lock(hashtext(${`${input.compoundId}|${input.key}`}))`.execute(trx);
    const at = iso(input.atMs);
    const open = await trx.selectFrom('alerts').selectAll().where('compound_id', '=', input.compoundId).where('key', '=', input.key)
      .where('status', '!=', 'resolved').where('last_at', '>=', iso(input.atMs - policy.foldWindowS * 1000))
      .orderBy('last_at', 'desc').limit(1).$if(isPostgres(db), (q) => q.forUpdate()).executeTakeFirst();
    if (open) {
      const snaps = [...new Set([...(JSON.parse(open.snapshot_ids) as string[]), ...input.snapshotIds])];
      // The edge re-raises with the same causeEventId once its snapshots are taken: that is the same
      // occurrence, so merge the snapshots without counting a repeat or moving lastAt (the fold window).
      const followUp = await isFollowUp(trx, open, input);
      // Conditional on "still open": a fold never lands on an alert a guard resolved meanwhile (that
      // would silence the new occurrence); then it raises a new alert below instead.
      const folded = await trx.updateTable('alerts').set((eb) => (followUp
        ? { snapshot_ids: JSON.stringify(snaps), severity: maxSeverity(open.severity, input.severity), updated_at: iso(nowMs) }
        : {
          count: eb('count', '+', 1), last_at: at > open.last_at ? at : open.last_at, snapshot_ids: JSON.stringify(snaps),
          severity: maxSeverity(open.severity, input.severity), updated_at: iso(nowMs),
        }))
        .where('id', '=', open.id).where('status', '!=', 'resolved').executeTakeFirst();
      if (Number(folded.numUpdatedRows) === 1) {
        if (!followUp && open.incident_id) {
          await trx.updateTable('incidents').set({ last_at: at > open.last_at ? at : open.last_at }).where('id', '=', open.incident_id).where('last_at', '<', at).execute();
        }
        await hooks.after?.(trx, open.id);
        return { type: 'alert.update', alert: await mustLoadAlert(trx, open.id) } satisfies AlertChange;
      }
    }
    const incidentId = await incidentFor(trx, input, policy.foldWindowS);
    const alertId = newId();
    const target = targetAt(chain, 0);
    await trx.insertInto('alerts').values({
      id: alertId, compound_id: input.compoundId, gateway_id: input.gatewayId, device_id: input.deviceId, key: input.key,
      kind: input.kind, severity: input.severity, title: input.title, source: input.source, status: 'new', count: 1,
      first_at: at, last_at: at, cause_event_id: input.causeEventId, snapshot_ids: JSON.stringify(input.snapshotIds),
      incident_id: incidentId, assignee_id: target, escalation_level: 0, retriggers: 0, acknowledged_by: null,
      acknowledged_at: null, resolved_by: null, resolved_at: null, resolve_note: null, created_at: iso(nowMs), updated_at: iso(nowMs),
    }).execute();
    const page: Page = { reason: 'new', level: 0, targetUserId: target };
    await recordPage(trx, alertId, page, instanceId, nowMs, null);
    await armTimer(trx, alertId, 'escalate', nowMs + policy.ackTimeoutS[input.severity] * 1000);
    await hooks.after?.(trx, alertId);
    const change: AlertChange = { type: 'alert.new', alert: await mustLoadAlert(trx, alertId), page };
    await enqueueForAlert(trx, change, nowMs);
    return change;
  });
}

/**
 * Acknowledge: only a `new` alert becomes `acknowledged` (a conditional UPDATE), so an ack racing
 * a resolve can never reopen it. Lock order everywhere: the alert row, then its timers.
 */
export async function acknowledgeAlert(db: Db, alertId: string, userId: string, nowMs: number): Promise<AlertChange> {
  await runTx(db, async (trx) => {
    const a = await trx.selectFrom('alerts').select(['status', 'severity', 'compound_id']).where('id', '=', alertId).executeTakeFirst();
    if (!a) throw notFound(`Alert ${alertId}`);
    if (a.status === 'resolved') throw conflict('This alert is already resolved.');
    if (a.status === 'acknowledged') return;
    const policy = await loadPolicy(trx, a.compound_id);
    const won = await trx.updateTable('alerts').set({ status: 'acknowledged', acknowledged_by: userId, acknowledged_at: iso(nowMs), assignee_id: userId, updated_at: iso(nowMs) })
      .where('id', '=', alertId).where('status', '=', 'new').executeTakeFirst();
    if (Number(won.numUpdatedRows) !== 1) {
      // Changed under us (resolved, or acknowledged by someone else): report what it is now.
      const now = await trx.selectFrom('alerts').select('status').where('id', '=', alertId).executeTakeFirst();
      if (now?.status === 'resolved') throw conflict('This alert is already resolved.');
      return;
    }
    await armTimer(trx, alertId, 'retrigger', nowMs + policy.resolveTimeoutS[a.severity] * 1000);
  });
  return { type: 'alert.update', alert: await mustLoadAlert(db, alertId) };
}

/** Resolve inside a transaction: a conditional UPDATE (false when it was resolved already), then its timers. */
async function resolveInTx(trx: Tx, alertId: string, userId: string | null, note: string | null, nowMs: number): Promise<boolean> {
  const won = await trx.updateTable('alerts').set({ status: 'resolved', resolved_by: userId, resolved_at: iso(nowMs), resolve_note: note, updated_at: iso(nowMs) })
    .where('id', '=', alertId).where('status', '!=', 'resolved').executeTakeFirst();
  if (Number(won.numUpdatedRows) !== 1) return false;
  await trx.deleteFrom('alert_timers').where('alert_id', '=', alertId).execute();
  return true;
}

export async function resolveAlert(db: Db, alertId: string, userId: string | null, note: string | null, nowMs: number): Promise<AlertChange> {
  await runTx(db, async (trx) => {
    if (await resolveInTx(trx, alertId, userId, note, nowMs)) return;
    const a = await trx.selectFrom('alerts').select(['status']).where('id', '=', alertId).executeTakeFirst();
    if (!a) throw notFound(`Alert ${alertId}`);
    throw conflict('This alert is already resolved.');
  });
  return { type: 'alert.update', alert: await mustLoadAlert(db, alertId) };
}

/**
 * Resolve open alerts with these keys (the device came back), in one transaction with the hooks;
 * returns the changes (empty when vetoed or nothing was open).
 */
export async function resolveByKeys(db: Db, compoundId: string, keys: string[], note: string, nowMs: number, hooks: TxHooks = {}): Promise<AlertChange[]> {
  const ids = await guardedTx(db, hooks, async (trx) => {
    if (keys.length === 0) return [];
    const open = await trx.selectFrom('alerts').select('id').where('compound_id', '=', compoundId).where('key', 'in', keys).where('status', '!=', 'resolved')
      .orderBy('id').$if(isPostgres(db), (q) => q.forUpdate()).execute();
    const done: string[] = [];
    // Resolved meanwhile by someone else: nothing to push for that one.
    for (const a of open) if (await resolveInTx(trx, a.id, null, note, nowMs)) done.push(a.id);
    return done;
  });
  const out: AlertChange[] = [];
  for (const id of ids ?? []) out.push({ type: 'alert.update', alert: await mustLoadAlert(db, id) });
  return out;
}

export interface AlertListFilter {
  compoundIds: string[];
  statuses?: string[];
  before?: string;
  limit: number;
}

export async function listAlerts(db: Db, f: AlertListFilter): Promise<{ alerts: Alert[]; nextBefore: string | null }> {
  if (f.compoundIds.length === 0) return { alerts: [], nextBefore: null };
  const rows = await selectAlertsJoined(db)
    .where('alerts.compound_id', 'in', f.compoundIds)
    .$if(!!f.statuses?.length, (q) => q.where('alerts.status', 'in', f.statuses as AlertsTable['status'][]))
    .$if(!!f.before, (q) => q.where('alerts.created_at', '<', f.before!))
    .orderBy('alerts.created_at', 'desc').orderBy('alerts.id', 'desc').limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit).map(joinedAlertToApi);
  return { alerts: page, nextBefore: rows.length > f.limit ? page[page.length - 1]!.createdAt : null };
}
