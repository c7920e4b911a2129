/** Work order rows, history, comments, rating and the monthly report. */
import type { Kysely } from 'kysely';
import {
  newId, type CreateWorkOrderRequest, type TransitionWorkOrderRequest, type WorkOrder, type WorkOrderComment, type WorkOrderDetail,
  type WorkOrderReportRow, type WorkOrderStage,
} from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { WorkOrdersTable } from '../db/tables-ops.js';
import { HttpError, badRequest, conflict, notFound } from '../errors.js';
import type { AuthUser } from '../types.js';
import { iso } from '../alerts/clock.js';
import { denialError, dueHoursOf, moveDenied, moveFor, stepDueAtMs, subjectOf } from './flow.js';
import { flowForCompound } from '../governance/store.js';
import { closeByAppRating, openCallback } from '../callbacks/store.js';
import { chinaMonth } from '../reports/month.js';
import { containsText, nextBefore, storedTime } from '../db/list-filters.js';

type Db = Kysely<Database>;

export const workOrderToApi = (w: WorkOrdersTable, nowMs: number): WorkOrder => ({
  id: w.id, compoundId: w.compound_id, category: w.category as WorkOrder['category'], title: w.title, description: w.description,
  location: w.location, stage: w.stage, requestedBy: w.requested_by, assigneeId: w.assignee_id, incidentId: w.incident_id,
  photoIds: JSON.parse(w.photo_ids) as string[], createdAt: w.created_at, dueAt: w.due_at, dispatchedAt: w.dispatched_at,
  acceptedAt: w.accepted_at, supervisedAt: w.supervised_at, verifiedAt: w.verified_at, stepDueAt: w.stage === 'verified' ? null : w.step_due_at ?? null,
  // Open: breached once the due time passed; closed: as stored at close.
  slaBreached: w.stage === 'verified' ? w.sla_breached !== 0 : nowMs > Date.parse(w.due_at),
  rating: w.rating, ratingComment: w.rating_comment, updatedAt: w.updated_at,
});

export async function getWorkOrderRow(db: Db, id: string): Promise<WorkOrdersTable> {
  const w = await db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!w) throw notFound(`Work order ${id}`);
  return w;
}

async function assertPhotos(db: Db, compoundId: string, photoIds: string[]): Promise<void> {
  if (photoIds.length === 0) return;
  const found = await db.selectFrom('media').select('id').where('id', 'in', photoIds).where('compound_id', '=', compoundId).execute();
  const missing = photoIds.filter((p) => !found.some((f) => f.id === p));
  if (missing.length) throw badRequest(`photoIds: unknown photo ${missing.join(', ')} (upload it to /api/work-order-photos first)`);
}

export async function createWorkOrder(
  db: Db, req: CreateWorkOrderRequest & { incidentId?: string | null }, byUserId: string, nowMs: number,
): Promise<WorkOrder> {
  const photoIds = req.photoIds ?? [];
  await assertPhotos(db, req.compoundId, photoIds);
  const flow = await flowForCompound(db, req.compoundId);
  const row: WorkOrdersTable = {
    id: newId(), compound_id: req.compoundId, category: req.category, title: req.title, description: req.description ?? null,
    location: req.location ?? null, stage: 'requested', requested_by: byUserId, assignee_id: null, incident_id: req.incidentId ?? null,
    photo_ids: JSON.stringify(photoIds), created_at: iso(nowMs), due_at: iso(nowMs + dueHoursOf(req.category) * 3_600_000),
    dispatched_at: null, accepted_at: null, supervised_at: null, verified_at: null, sla_breached: 0, rating: null, rating_comment: null,
    rated_at: null, updated_at: iso(nowMs), step_due_at: iso(stepDueAtMs(flow, 'requested', req.category, nowMs)!),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('work_orders').values(row).execute();
    await trx.insertInto('work_order_history').values({
      id: newId(), work_order_id: row.id, from_stage: null, to_stage: 'requested', by_user_id: byUserId, note: null, at: row.created_at, photo_ids: JSON.stringify(photoIds),
    }).execute();
  });
  return workOrderToApi(row, nowMs);
}

const stampColumn: Record<Exclude<WorkOrderStage, 'requested'>, 'dispatched_at' | 'accepted_at' | 'supervised_at' | 'verified_at'> = {
  dispatched: 'dispatched_at', accepted: 'accepted_at', supervised: 'supervised_at', verified: 'verified_at',
};

/** A move on the order: checked against the company's flow, stamped, and put on the timeline with its step's due time. */
export async function transitionWorkOrder(db: Db, id: string, req: TransitionWorkOrderRequest, user: AuthUser, nowMs: number): Promise<{ workOrder: WorkOrder; closedStepAlertId: string | null }> {
  const w0 = await getWorkOrderRow(db, id);
  const flow = await flowForCompound(db, w0.compound_id);
  const photoIds = req.photoIds ?? [];
  await assertPhotos(db, w0.compound_id, photoIds);
  return db.transaction().execute(async (trx) => {
    const w = await getWorkOrderRow(trx, id);
    const denied = moveDenied(flow, subjectOf(w), moveFor[req.to], user);
    if (denied) throw denialError(denied);
    let assignee = w.assignee_id;
    if (req.to === 'dispatched') {
      if (!req.assigneeId) throw badRequest('assigneeId: say who does the work when dispatching (派单)');
      const member = await trx.selectFrom('user_compounds').innerJoin('users', 'users.id', 'user_compounds.user_id').select(['users.role'])
        .where('user_compounds.user_id', '=', req.assigneeId).where('user_compounds.compound_id', '=', w.compound_id).executeTakeFirst();
      if (!member || !(workerRoles as readonly string[]).includes(member.role)) throw badRequest(`assigneeId: ${req.assigneeId} is not property staff of compound ${w.compound_id}`);
      assignee = req.assigneeId;
    }
    const at = iso(nowMs);
    const stepDue = w.step_due_at ?? null;
    const nextDue = stepDueAtMs(flow, req.to, w.category, nowMs);
    const changed = await trx.updateTable('work_orders').set({
      stage: req.to, assignee_id: assignee, [stampColumn[req.to]]: at, updated_at: at,
      step_due_at: nextDue === null ? null : iso(nextDue), step_alert_id: null,
      ...(req.to === 'accepted' && { accepted_by: user.id }),
      ...(req.to === 'supervised' && { supervised_by: user.id }),
      ...(req.to === 'verified' && { sla_breached: nowMs > Date.parse(w.due_at) ? 1 : 0 }),
    }).where('id', '=', id).where('stage', '=', w.stage).executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw conflict('Somebody moved this work order at the same moment; reload and try again.');
    await trx.insertInto('work_order_history').values({
      id: newId(), work_order_id: id, from_stage: w.stage, to_stage: req.to, by_user_id: user.id, note: req.note ?? null, at,
      photo_ids: JSON.stringify(photoIds), due_at: stepDue, on_time: stepDue === null ? null : nowMs <= Date.parse(stepDue) ? 1 : 0,
    }).execute();
    if (req.to === 'verified') await openCallback(trx, w, nowMs);
    const alertId = w.step_alert_id && w.step_alert_id !== CLAIMED ? w.step_alert_id : null;
    return { workOrder: workOrderToApi(await getWorkOrderRow(trx, id), nowMs), closedStepAlertId: alertId };
  });
}

/** Property staff who may be dispatched work. */
/** The company's people a work order can be dispatched to (the transition checks it; the assignee list shows them). */
export const workerRoles = ['manager', 'guard', 'staff', 'installer'] as const;
/** step_alert_id while an instance raises the overdue alert (work-orders/overdue.ts). */
export const CLAIMED = 'claimed';

export async function rateWorkOrder(db: Db, id: string, rating: number, comment: string | null, user: AuthUser, nowMs: number): Promise<WorkOrder> {
  const w = await getWorkOrderRow(db, id);
  const mayRate = user.role === 'admin' || user.role === 'manager' || (user.role === 'resident' && w.requested_by === user.id);
  if (!mayRate) throw new HttpError(403, 'FORBIDDEN', 'Only the resident who asked for this work (or a manager recording a phone follow-up) can rate it.');
  if (w.stage !== 'verified') throw conflict('A work order can be rated once it is verified and closed (验单).');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('work_orders').set({ rating, rating_comment: comment, rated_at: iso(nowMs), updated_at: iso(nowMs) }).where('id', '=', id).execute();
    if (user.role === 'resident') await closeByAppRating(trx, id, rating, comment, user.id, nowMs);
  });
  return workOrderToApi(await getWorkOrderRow(db, id), nowMs);
}

export async function addComment(db: Db, id: string, authorId: string, text: string, photoIds: string[], nowMs: number): Promise<WorkOrderComment> {
  const w = await getWorkOrderRow(db, id);
  await assertPhotos(db, w.compound_id, photoIds);
  const row = { id: newId(), work_order_id: id, author_id: authorId, text, photo_ids: JSON.stringify(photoIds), created_at: iso(nowMs) };
  await db.insertInto('work_order_comments').values(row).execute();
  return { id: row.id, authorId, text, photoIds, createdAt: row.created_at };
}

export async function workOrderDetail(db: Db, id: string, nowMs: number): Promise<WorkOrderDetail> {
  const w = await getWorkOrderRow(db, id);
  const history = await db.selectFrom('work_order_history').leftJoin('users', 'users.id', 'work_order_history.by_user_id')
    .selectAll('work_order_history').select(['users.display_name', 'users.role'])
    .where('work_order_id', '=', id).orderBy('at').orderBy('work_order_history.id').execute();
  const comments = await db.selectFrom('work_order_comments').selectAll().where('work_order_id', '=', id).orderBy('created_at').execute();
  return {
    workOrder: workOrderToApi(w, nowMs),
    history: history.map((h) => ({
      fromStage: h.from_stage, toStage: h.to_stage, byUserId: h.by_user_id, note: h.note, at: h.at, byName: h.display_name ?? null, byRole: h.role ?? null,
      photoIds: JSON.parse(h.photo_ids ?? '[]') as string[], dueAt: h.due_at ?? null, onTime: h.on_time === null || h.on_time === undefined ? null : h.on_time === 1,
    })),
    comments: comments.map((c) => ({ id: c.id, authorId: c.author_id, text: c.text, photoIds: JSON.parse(c.photo_ids) as string[], createdAt: c.created_at })),
  };
}

export interface WorkOrderFilter {
  compoundIds: string[];
  stage?: WorkOrderStage;
  status?: 'open' | 'closed';
  category?: string;
  requestedBy?: string;
  assigneeId?: string;
  q?: string;
  from?: string;
  to?: string;
  before?: string;
  limit: number;
}

/** Newest first; `from`/`to` bound the creation time, `before` pages on it. */
export async function listWorkOrders(db: Db, f: WorkOrderFilter, nowMs: number): Promise<{ workOrders: WorkOrder[]; nextBefore: string | null }> {
  if (f.compoundIds.length === 0) return { workOrders: [], nextBefore: null };
  const rows = await db.selectFrom('work_orders').selectAll().where('compound_id', 'in', f.compoundIds)
    .$if(!!f.stage, (q) => q.where('stage', '=', f.stage!))
    .$if(f.status === 'open', (q) => q.where('stage', '!=', 'verified'))
    .$if(f.status === 'closed', (q) => q.where('stage', '=', 'verified'))
    .$if(!!f.category, (q) => q.where('category', '=', f.category!))
    .$if(!!f.requestedBy, (q) => q.where('requested_by', '=', f.requestedBy!))
    .$if(!!f.assigneeId, (q) => q.where('assignee_id', '=', f.assigneeId!))
    .$if(!!f.q, (q) => q.where((eb) => eb.or([containsText('title', f.q!), containsText('description', f.q!), containsText('location', f.q!)])))
    .$if(!!f.from, (q) => q.where('created_at', '>=', storedTime(f.from!)))
    .$if(!!f.to, (q) => q.where('created_at', '<', storedTime(f.to!)))
    .$if(!!f.before, (q) => q.where('created_at', '<', storedTime(f.before!)))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return { workOrders: rows.map((w) => workOrderToApi(w, nowMs)), nextBefore: nextBefore(rows, f.limit, (r) => r.created_at) };
}

/**
 * Per compound for one month (China time, reports/month.ts): created that month, closed (verified) that month, on time
 * (verified by dueAt), breached (closed late, or still open past due at month end / now), ratings.
 */
export async function monthlyReport(db: Db, compoundIds: string[], month: string, nowMs: number): Promise<WorkOrderReportRow[]> {
  const { from, to } = chinaMonth(month);
  const out: WorkOrderReportRow[] = [];
  for (const compoundId of compoundIds) {
    const created = await db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('compound_id', '=', compoundId).where('created_at', '>=', from).where('created_at', '<', to).executeTakeFirstOrThrow();
    const closed = await db.selectFrom('work_orders').select(['sla_breached', 'rating']).where('compound_id', '=', compoundId)
      .where('verified_at', '>=', from).where('verified_at', '<', to).execute();
    const openLate = await db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n')).where('compound_id', '=', compoundId)
      .where('created_at', '<', to).where('due_at', '<', to < iso(nowMs) ? to : iso(nowMs)).where((eb) => eb.or([eb('verified_at', 'is', null), eb('verified_at', '>=', to)]))
      .executeTakeFirstOrThrow();
    const onTime = closed.filter((c) => c.sla_breached === 0).length;
    const ratings = closed.map((c) => c.rating).filter((r): r is number => r !== null);
    out.push({
      compoundId, month, created: Number(created.n), closed: closed.length, closedOnTime: onTime,
      onTimeRate: closed.length ? onTime / closed.length : null,
      breached: closed.length - onTime + Number(openLate.n), ratings: ratings.length,
      avgSatisfaction: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 : null,
    });
  }
  return out;
}
