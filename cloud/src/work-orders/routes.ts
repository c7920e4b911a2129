/** Work orders: resident repair requests and staff orders, the five-stage flow, comments, photos, rating, report. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, apiSlug, createWorkOrderCommentRequest, createWorkOrderRequest, rateWorkOrderRequest, transitionWorkOrderRequest, uploadResponse,
  workOrder, workOrderCategories, workOrderCategoryList, workOrderComment, workOrderDetail, workOrderList, workOrderListQuery,
  workOrderReport, workOrderReportQuery,
} from '@yardguard/firmware-config';
import { currentUser } from '../auth/index.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import type { AuthUser } from '../types.js';
import type { AppContext } from '../context.js';
import { compoundVia } from '../http/route-auth.js';
import { acceptImages, sendMedia } from '../snapshots/media-http.js';
import {
  addComment, createWorkOrder, getWorkOrderRow, listWorkOrders, monthlyReport, rateWorkOrder, transitionWorkOrder, workOrderDetail as loadDetail,
} from './store.js';

const tags = ['work-orders'];

const viaWorkOrder = compoundVia('work order', 'params', 'workOrderId', async (db, id) =>
  (await db.selectFrom('work_orders').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);
const viaPhoto = compoundVia('photo', 'params', 'photoId', async (db, id) =>
  (await db.selectFrom('media').select('compound_id').where('id', '=', id).where('kind', '=', 'photo').executeTakeFirst())?.compound_id);

export async function workOrdersPlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, clock, media } = ctx;
  const r = api.withTypeProvider<ZodTypeProvider>();
  const byId = { params: z.object({ workOrderId: apiId }) };
  const member = { auth: { roles: 'any', compound: viaWorkOrder } } as const;

  /** The compound is checked by the route declaration; residents only reach their own requests. */
  const reachable = async (user: AuthUser, id: string) => {
    const w = await getWorkOrderRow(db, id);
    if (user.role === 'resident' && w.requested_by !== user.id) throw new HttpError(403, 'FORBIDDEN', 'Residents can see only the repair requests they made.');
    return w;
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
    const q = request.query;
    return {
      workOrders: await listWorkOrders(db, {
        compoundIds: request.compoundScope!, stage: q.stage, requestedBy: user.role === 'resident' ? user.id : undefined, limit: q.limit,
      }, clock.now()),
    };
  });

  r.post('/api/work-orders', {
    schema: { tags, summary: 'A repair request (点单)', body: createWorkOrderRequest, response: { 201: workOrder } },
    config: { auth: { roles: ['admin', 'manager', 'guard', 'resident'], compound: 'body:compoundId' } },
  }, async (request, reply) => {
    const user = currentUser(request);
    return reply.status(201).send(await createWorkOrder(db, request.body, user.id, clock.now()));
  });

  r.get('/api/work-orders/:workOrderId', {
    schema: { tags, ...byId, response: { 200: workOrderDetail } }, config: member,
  }, async (request) => {
    await reachable(currentUser(request), request.params.workOrderId);
    return loadDetail(db, request.params.workOrderId, clock.now());
  });

  r.post('/api/work-orders/:workOrderId/transition', {
    schema: { tags, summary: '派单 / 接单 / 督单 / 验单', ...byId, body: transitionWorkOrderRequest, response: { 200: workOrder } },
    config: member,
  }, async (request) => {
    const user = currentUser(request);
    await reachable(user, request.params.workOrderId);
    return transitionWorkOrder(db, request.params.workOrderId, request.body, user, clock.now());
  });

  r.post('/api/work-orders/:workOrderId/comments', {
    schema: { tags, ...byId, body: createWorkOrderCommentRequest, response: { 201: workOrderComment } }, config: member,
  }, async (request, reply) => {
    const user = currentUser(request);
    await reachable(user, request.params.workOrderId);
    return reply.status(201).send(await addComment(db, request.params.workOrderId, user.id, request.body.text, request.body.photoIds ?? [], clock.now()));
  });

  r.post('/api/work-orders/:workOrderId/rating', {
    schema: { tags, summary: 'Satisfaction 1-5 after 验单', ...byId, body: rateWorkOrderRequest, response: { 200: workOrder } }, config: member,
  }, async (request) => {
    const user = currentUser(request);
    await reachable(user, request.params.workOrderId);
    return rateWorkOrder(db, request.params.workOrderId, request.body.rating, request.body.comment ?? null, user, clock.now());
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
