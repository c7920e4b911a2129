/** Incident reads, notes, close, timeline, and the one-step work order. */
import type { Kysely } from 'kysely';
import {
  newId, type CreateWorkOrderFromIncidentRequest, type Incident, type IncidentDetail, type TimelineEntry, type WorkOrder,
} from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { IncidentsTable } from '../db/tables-ops.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { iso } from '../alerts/clock.js';
import { joinedAlertToApi, selectAlertsJoined } from '../alerts/store.js';
import { chinaLocalTime } from './local-time.js';
import { containsText, nextBefore, storedTime } from '../db/list-filters.js';
import { createWorkOrder, getWorkOrderRow } from '../work-orders/store.js';

type Db = Kysely<Database>;

/** Device events this close to the incident are shown on its timeline. */
const EVENT_MARGIN_MS = 10 * 60_000;

export const incidentToApi = (i: IncidentsTable): Incident => ({
  id: i.id, compoundId: i.compound_id, key: i.key, kind: i.kind, severity: i.severity, title: i.title, gatewayId: i.gateway_id,
  deviceId: i.device_id, status: i.status, alertCount: i.alert_count, openedAt: i.opened_at, lastAt: i.last_at, closedAt: i.closed_at,
  closedBy: i.closed_by, closeReason: i.close_reason, workOrderId: i.work_order_id,
});

export async function getIncidentRow(db: Db, id: string): Promise<IncidentsTable> {
  const i = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!i) throw notFound(`Incident ${id}`);
  return i;
}

export interface IncidentFilter {
  compoundIds: string[];
  statuses?: string[];
  severity?: Incident['severity'];
  q?: string;
  from?: string;
  to?: string;
  before?: string;
  limit: number;
}

/** Newest activity first; `from`/`to` bound the opening time, `before` pages on the last activity. */
export async function listIncidents(db: Db, f: IncidentFilter): Promise<{ incidents: Incident[]; nextBefore: string | null }> {
  if (f.compoundIds.length === 0) return { incidents: [], nextBefore: null };
  const rows = await db.selectFrom('incidents').selectAll().where('compound_id', 'in', f.compoundIds)
    .$if(!!f.statuses?.length, (q) => q.where('status', 'in', f.statuses as IncidentsTable['status'][]))
    .$if(!!f.severity, (q) => q.where('severity', '=', f.severity!))
    .$if(!!f.q, (q) => q.where((eb) => eb.or([containsText('title', f.q!), containsText('kind', f.q!), containsText('device_id', f.q!)])))
    .$if(!!f.from, (q) => q.where('opened_at', '>=', storedTime(f.from!)))
    .$if(!!f.to, (q) => q.where('opened_at', '<', storedTime(f.to!)))
    .$if(!!f.before, (q) => q.where('last_at', '<', storedTime(f.before!)))
    .orderBy('last_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return { incidents: rows.map(incidentToApi), nextBefore: nextBefore(rows, f.limit, (r) => r.last_at) };
}

const entry = (at: string, kind: TimelineEntry['kind'], text: string, more: Partial<TimelineEntry> = {}): TimelineEntry => ({
  at, kind, text, userId: null, alertId: null, eventId: null, eventType: null, snapshotId: null, ...more,
});

export async function incidentDetail(db: Db, id: string): Promise<IncidentDetail> {
  const inc = await getIncidentRow(db, id);
  const alertRows = await selectAlertsJoined(db).where('alerts.incident_id', '=', id).orderBy('alerts.created_at').execute();
  const alerts = alertRows.map(joinedAlertToApi);
  const alertIds = alerts.map((a) => a.id);
  const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [u.id, u.display_name]));
  const who = (uid: string | null) => (uid ? (names.get(uid) ?? uid) : '系统');
  const t: TimelineEntry[] = [];
  for (const a of alerts) {
    t.push(entry(a.firstAt, 'alert', `${a.title}${a.count > 1 ? `（共 ${a.count} 次，最近 ${chinaLocalTime(a.lastAt)}）` : ''}`, { alertId: a.id }));
    if (a.acknowledgedAt) t.push(entry(a.acknowledgedAt, 'acknowledged', `${who(a.acknowledgedBy)} 已确认`, { alertId: a.id, userId: a.acknowledgedBy }));
    if (a.resolvedAt) t.push(entry(a.resolvedAt, 'resolved', `${who(a.resolvedBy)} 已处理${a.resolveNote ? `：${a.resolveNote}` : ''}`, { alertId: a.id, userId: a.resolvedBy }));
  }
  if (alertIds.length) {
    const pages = await db.selectFrom('alert_pages').selectAll().where('alert_id', 'in', alertIds).orderBy('at').execute();
    const reasonZh = { new: '通知', escalate: '升级通知', retrigger: '再次提醒' } as const;
    for (const p of pages) t.push(entry(p.at, 'page', `${reasonZh[p.reason]} ${who(p.target_user_id)}`, { alertId: p.alert_id, userId: p.target_user_id }));
  }
  const notes = await db.selectFrom('incident_notes').selectAll().where('incident_id', '=', id).execute();
  for (const n of notes) t.push(entry(n.created_at, 'note', `${who(n.author_id)}：${n.text}`, { userId: n.author_id }));
  // Events of the same device (or gateway) around the incident.
  const from = iso(Date.parse(inc.opened_at) - EVENT_MARGIN_MS);
  const to = iso(Date.parse(inc.closed_at ?? inc.last_at) + EVENT_MARGIN_MS);
  if (inc.gateway_id) {
    const devicePart = inc.device_id?.startsWith(`${inc.gateway_id}.`) ? inc.device_id.slice(inc.gateway_id.length + 1) : null;
    const events = await db.selectFrom('events').select(['id', 'type', 'occurred_at', 'device_id']).where('gateway_id', '=', inc.gateway_id)
      .$if(devicePart !== null, (q) => q.where('device_id', '=', devicePart!))
      .where('occurred_at', '>=', from).where('occurred_at', '<=', to).orderBy('occurred_at').limit(200).execute();
    for (const e of events) t.push(entry(e.occurred_at, 'event', `${e.type}（${e.device_id}）`, { eventId: e.id, eventType: e.type }));
  }
  const snapIds = [...new Set(alerts.flatMap((a) => a.snapshotIds))];
  const snaps = await db.selectFrom('media').select(['id', 'taken_at', 'device_id']).where('kind', '=', 'snapshot').where('compound_id', '=', inc.compound_id)
    .where((eb) => {
      const near = eb.and([eb('taken_at', '>=', from), eb('taken_at', '<=', to), ...(inc.device_id ? [eb('device_id', '=', inc.device_id)] : [eb('gateway_id', '=', inc.gateway_id)])]);
      return snapIds.length ? eb.or([eb('id', 'in', snapIds), near]) : near;
    }).orderBy('taken_at').limit(50).execute();
  for (const s of snaps) t.push(entry(s.taken_at, 'snapshot', `抓拍 ${s.device_id ?? ''}`, { snapshotId: s.id }));
  if (inc.work_order_id) t.push(entry(inc.closed_at ?? inc.last_at, 'work_order', `已生成工单 ${inc.work_order_id}`));
  if (inc.closed_at) t.push(entry(inc.closed_at, 'closed', `${who(inc.closed_by)} 关闭：${inc.close_reason ?? ''}`, { userId: inc.closed_by }));
  t.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { incident: incidentToApi(inc), alerts, timeline: t };
}

export async function addIncidentNote(db: Db, id: string, authorId: string, text: string, nowMs: number): Promise<TimelineEntry> {
  await getIncidentRow(db, id);
  const row = { id: newId(), incident_id: id, author_id: authorId, text, created_at: iso(nowMs) };
  await db.insertInto('incident_notes').values(row).execute();
  return entry(row.created_at, 'note', text, { userId: authorId });
}

export async function closeIncident(db: Db, id: string, userId: string, reason: string, nowMs: number): Promise<Incident> {
  const res = await db.updateTable('incidents').set({ status: 'closed', closed_at: iso(nowMs), closed_by: userId, close_reason: reason })
    .where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    await getIncidentRow(db, id);
    throw conflict('This incident is already closed.');
  }
  return incidentToApi(await getIncidentRow(db, id));
}

/** One step: a work order linked to the incident, and the incident linked back. */
export async function workOrderFromIncident(db: Db, id: string, reqIn: CreateWorkOrderFromIncidentRequest, userId: string, nowMs: number): Promise<WorkOrder> {
  const req = reqIn ?? {};
  const inc = await getIncidentRow(db, id);
  if (inc.work_order_id) throw conflict(`This incident already has work order ${inc.work_order_id}.`);
  const wo = await createWorkOrder(db, {
    compoundId: inc.compound_id, category: req.category ?? 'security', title: req.title ?? inc.title,
    description: req.description ?? `由事件 ${inc.title}（${chinaLocalTime(inc.opened_at)}）生成`, location: inc.device_id ?? inc.gateway_id ?? undefined,
    incidentId: inc.id,
  }, userId, nowMs);
  const linked = await db.updateTable('incidents').set({ work_order_id: wo.id }).where('id', '=', id).where('work_order_id', 'is', null).executeTakeFirst();
  if (Number(linked.numUpdatedRows) !== 1) {
    await db.deleteFrom('work_order_history').where('work_order_id', '=', wo.id).execute();
    await db.deleteFrom('work_orders').where('id', '=', wo.id).execute();
    throw conflict('Another work order was created for this incident at the same moment.');
  }
  return wo;
}

/** Link an existing work order (same compound, not linked elsewhere) to the incident, both ways. */
export async function linkWorkOrder(db: Db, id: string, workOrderId: string): Promise<Incident> {
  return db.transaction().execute(async (trx) => {
    const inc = await getIncidentRow(trx, id);
    const wo = await getWorkOrderRow(trx, workOrderId);
    if (wo.compound_id !== inc.compound_id) throw badRequest('workOrderId: that work order belongs to another compound');
    if (inc.work_order_id && inc.work_order_id !== wo.id) throw conflict(`This incident already has work order ${inc.work_order_id}.`);
    if (wo.incident_id && wo.incident_id !== inc.id) throw conflict(`Work order ${wo.id} is already linked to incident ${wo.incident_id}.`);
    await trx.updateTable('incidents').set({ work_order_id: wo.id }).where('id', '=', id).execute();
    await trx.updateTable('work_orders').set({ incident_id: inc.id }).where('id', '=', wo.id).execute();
    return incidentToApi(await getIncidentRow(trx, id));
  });
}
