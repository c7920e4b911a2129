/** Work orders: resident repair requests and staff orders, the five-stage flow, comments, photos, rating, report. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, apiSlug, createWorkOrderCommentRequest, createWorkOrderRequest, rateWorkOrderRequest, transitionWorkOrderRequest, uploadResponse,
  workOrder, workOrderCategories, workOrderCategoryList, workOrderComment, workOrderDetail, workOrderList, workOrderListQuery,
  workOrderReport, workOrderReportQuery, workOrderMoves, workOrderAssignees, type WorkOrder, type WorkOrderFlow,
} from '@yardguard/firmware-config';
import { flowForCompound } from '../governance/store.js';
import { closeStepAlert } from './overdue.js';
import { denialError, moveDenied, nextMove, requestDenied, subjectOf } from './flow.js';
import { currentUser } from '../auth/index.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import type { AuthUser } from '../types.js';
import type { AppContext } from '../context.js';
import { compoundVia } from '../http/route-auth.js';
import { acceptImages, sendMedia } from '../snapshots/media-http.js';
import {
  addComment, createWorkOrder, getWorkOrderRow, listWorkOrders, monthlyReport, rateWorkOrder, transitionWorkOrder, workerRoles, workOrderDetail as loadDetail,
} from './store.js';

const tags = ['work-orders'];

const viaWorkOrder = compoundVia('work order', 'params', 'workOrderId', async (db, id) =>
  (await db.selectFrom('work_orders').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);
const viaPhoto = compoundVia('photo', 'params', 'photoId', async (db, id) =>
  (await db.selectFrom('media').select('compound_id').where('id', '=', id).where('kind', '=', 'photo').executeTakeFirst())?.compound_id);

export async function workOrdersPlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, clock, media } = ctx;
  /** After each committed change: staff consoles and the resident who asked refetch (live stream, `change-push.ts`). */
  const changed = ctx.workOrderChanged;
  const r = api.withTypeProvider<ZodTypeProvider>();
  const byId = { params: z.object({ workOrderId: apiId }) };
  const member = { auth: { roles: 'any', compound: viaWorkOrder } } as const;

  /** The compound is checked by the route declaration; residents only reach their own requests. */
  const reachable = async (user: AuthUser, id: string) => {
    const w = await getWorkOrderRow(db, id);
    if (user.role === 'resident' && w.requested_by !== user.id) throw new HttpError(403, 'FORBIDDEN', 'Residents can see only the repair requests they made.');
    return w;
  };

  /** Mark the orders the user may move on (the console shows buttons only for those). */
  const withMayMove = async (user: AuthUser, wos: WorkOrder[]): Promise<WorkOrder[]> => {
    const flows = new Map<string, WorkOrderFlow>();
    const out: WorkOrder[] = [];
    for (const w of wos) {
      let flow = flows.get(w.compoundId);
      if (!flow) flows.set(w.compoundId, (flow = await flowForCompound(db, w.compoundId)));
      const move = nextMove(w.stage);
      const row = await getWorkOrderRow(db, w.id);
      out.push({ ...w, mayMove: !!move && !moveDenied(flow, subjectOf(row), move, user) });
    }
    return out;
  };

  r.get('/api/work-orders/categories', {
    schema: { tags, summary: 'Categories and their due times', response: { 200: workOrderCategoryList } }, config: { auth: { roles: 'any', compound: 'none' } },
  }, async () => ({ categories: workOrderCategories.map((c) => ({ ...c })) }));

  r.get('/api/work-orders/report', {
    schema: { tags, summary: 'On-time completion and satisfaction per compound for a month', querystring: workOrderReportQuery, response: { 200: workOrderReport } },
    config: { auth: { roles: ['admin', 'manager'], compound: 'scope' } },
  }, async (request) => ({ rows: await monthlyReport(db, request.compoundScope!, request.query.month, clock.now()) }));

  r.get('/api/work-orders', {
    schema: { tags, querystring: workOrderListQuery, response: { 200: workOrderList } }, config: { auth: { roles: 'any', compound: 'scope' } },
  }, async (request) => {
    const user = currentUser(request);
    const { assignee, ...q } = request.query;
    const page = await listWorkOrders(db, {
      ...q, compoundIds: request.compoundScope!, requestedBy: user.role === 'resident' ? user.id : undefined,
      assigneeId: assignee === 'me' ? user.id : undefined,
    }, clock.now());
    return { workOrders: await withMayMove(user, page.workOrders), nextBefore: page.nextBefore };
  });

  r.post('/api/work-orders', {
    schema: { tags, summary: 'A repair request (点单)', body: createWorkOrderRequest, response: { 201: workOrder } },
    // Who may order (点单) is the company's flow (governance/store.ts), checked here.
    config: { auth: { roles: 'any', compound: 'body:compoundId' } },
  }, async (request, reply) => {
    const user = currentUser(request);
    const denied = requestDenied(await flowForCompound(db, request.body.compoundId), user);
    if (denied) throw new HttpError(403, 'FORBIDDEN', denied.reason);
    const created = await createWorkOrder(db, request.body, user.id, clock.now());
    // Committed: the compound's staff and the resident's other phones show it (as every push below, after the change is stored).
    await changed(created.id);
    return reply.status(201).send(created);
  });

  r.get('/api/work-orders/:workOrderId', {
    schema: { tags, ...byId, response: { 200: workOrderDetail } }, config: member,
  }, async (request) => {
    const user = currentUser(request);
    await reachable(user, request.params.workOrderId);
    const detail = await loadDetail(db, request.params.workOrderId, clock.now());
    return { ...detail, workOrder: (await withMayMove(user, [detail.workOrder]))[0]! };
  });

  r.post('/api/work-orders/:workOrderId/transition', {
    schema: { tags, summary: '派单 / 接单 / 督单 / 验单', ...byId, body: transitionWorkOrderRequest, response: { 200: workOrder } },
    config: member,
  }, async (request) => {
    const user = currentUser(request);
    await reachable(user, request.params.workOrderId);
    // Who may make the move is the company's flow (work-orders/flow.ts), checked in the store.
    const moved = await transitionWorkOrder(db, request.params.workOrderId, request.body, user, clock.now());
    if (moved.closedStepAlertId) await ctx.apply(await closeStepAlert(db, moved.closedStepAlertId, user.id, clock.now()));
    await changed(moved.workOrder.id);
    return (await withMayMove(user, [moved.workOrder]))[0]!;
  });

  // The dispatcher is often the Party branch / grid (支部派单), who may not list the company's users: this
  // names only the people an order can go to, and only to whoever may dispatch this order now.
  r.get('/api/work-orders/:workOrderId/assignees', {
    schema: { tags, summary: 'Whom this order can be dispatched to (for whoever may dispatch it)', ...byId, response: { 200: workOrderAssignees } },
    config: member,
  }, async (request) => {
    const user = currentUser(request);
    const w = await reachable(user, request.params.workOrderId);
    const denied = moveDenied(await flowForCompound(db, w.compound_id), subjectOf(w), 'dispatch', user);
    if (denied) throw denialError(denied);
    const rows = await db.selectFrom('users').innerJoin('user_compounds', 'user_compounds.user_id', 'users.id')
      .select(['users.id', 'users.display_name', 'users.username', 'users.role'])
      .where('user_compounds.compound_id', '=', w.compound_id).where('users.disabled', '=', 0)
      .where('users.role', 'in', workerRoles).orderBy('users.username').execute();
    return { assignees: rows.map((u) => ({ id: u.id, displayName: u.display_name || u.username, role: u.role })) };
  });

  r.get('/api/work-orders/:workOrderId/moves', {
    schema: { tags, summary: 'The next move and whether I may make it (the console shows only my buttons)', ...byId, response: { 200: workOrderMoves } },
    config: member,
  }, async (request) => {
    const user = currentUser(request);
    const w = await reachable(user, request.params.workOrderId);
    const flow = await flowForCompound(db, w.compound_id);
    const move = nextMove(w.stage);
    if (!move) return { next: null, allowed: false, reason: null, roles: [] };
    const denied = moveDenied(flow, subjectOf(w), move, user);
    return { next: move, allowed: !denied, reason: denied?.reason ?? null, roles: flow.moves[move] };
  });

  r.post('/api/work-orders/:workOrderId/comments', {
    schema: { tags, ...byId, body: createWorkOrderCommentRequest, response: { 201: workOrderComment } }, config: member,
  }, async (request, reply) => {
    const user = currentUser(request);
    const w = await reachable(user, request.params.workOrderId);
    const comment = await addComment(db, request.params.workOrderId, user.id, request.body.text, request.body.photoIds ?? [], clock.now());
    await changed(w.id);
    return reply.status(201).send(comment);
  });

  r.post('/api/work-orders/:workOrderId/rating', {
    schema: { tags, summary: 'Satisfaction 1-5 after 验单', ...byId, body: rateWorkOrderRequest, response: { 200: workOrder } }, config: member,
  }, async (request) => {
    const user = currentUser(request);
    await reachable(user, request.params.workOrderId);
    const rated = await rateWorkOrder(db, request.params.workOrderId, request.body.rating, request.body.comment ?? null, user, clock.now());
    await changed(rated.id);
    return rated;
  });

  await api.register(async (sub) => {
    acceptImages(sub);
    sub.withTypeProvider<ZodTypeProvider>().post('/api/work-order-photos', {
      schema: { tags, summary: 'Upload a photo (raw image body)', querystring: z.object({ compoundId: apiSlug }), response: { 201: uploadResponse } },
      config: { auth: { roles: 'any', compound: 'query:compoundId' } },
    }, async (request, reply) => {
      const user = currentUser(request);
      if (!Buffer.isBuffer(request.body)) throw badRequest('body: send the image itself (content-type image/jpeg, image/png or image/webp)');
      const row = await media.save({
        compoundId: request.query.compoundId, kind: 'photo', uploadedBy: user.id,
        contentType: String(request.headers['content-type']).split(';')[0]!, data: request.body, takenAtMs: clock.now(),
      }, clock.now());
      return reply.status(201).send({ id: row.id, bytes: row.bytes });
    });
  });

  r.get('/api/work-order-photos/:photoId', {
    schema: { tags, params: z.object({ photoId: apiId }) }, config: { auth: { roles: 'any', compound: viaPhoto } },
  }, async (request, reply) => {
    const m = await media.get(request.params.photoId);
    if (!m || m.kind !== 'photo') throw notFound(`Photo ${request.params.photoId}`);
    return sendMedia(media, m, reply);
  });
}
