/**
 * The call list (回访): GET /api/callbacks (customer service, managers), POST /api/callbacks/:id
 * (one call: answered with satisfaction 1-5, or unreachable). Residents rate in the app through
 * POST /api/work-orders/:id/rating, which closes their callback.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { callback, callbackIdParams, callbackList, callbackListQuery, recordCallbackRequest } from '@yardguard/firmware-config';
import { currentUser } from '../auth/index.js';
import { compoundVia } from '../http/route-auth.js';
import { forbidden } from '../errors.js';
import type { AppContext } from '../context.js';
import { listCallbacks, recordCall } from './store.js';

const tags = ['callbacks'];

const viaCallback = compoundVia('callback', 'params', 'callbackId', async (db, id) =>
  (await db.selectFrom('callbacks').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);

export async function callbacksPlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, clock } = ctx;
  const r = api.withTypeProvider<ZodTypeProvider>();

  /** Managers, and the customer-service team (客服保障) of the property staff. */
  const callTeam = async (request: FastifyRequest) => {
    const user = currentUser(request);
    if (user.role === 'admin' || user.role === 'manager') return;
    if (user.role === 'staff') {
      const u = await db.selectFrom('users').select('team').where('id', '=', user.id).executeTakeFirst();
      if (u?.team === 'service') return;
    }
    throw forbidden('Callbacks (回访) are made by the customer-service team (客服保障) and managers.');
  };

  r.get('/api/callbacks', {
    schema: { tags, summary: 'The call list: callbacks after 验单, soonest due first', querystring: callbackListQuery, response: { 200: callbackList } },
    config: { auth: { roles: ['admin', 'manager', 'staff'], compound: 'scope' } }, preHandler: callTeam,
  }, async (request) => {
    const q = request.query;
    return { callbacks: await listCallbacks(db, { compoundIds: request.compoundScope!, status: q.status, limit: q.limit }) };
  });

  r.post('/api/callbacks/:callbackId', {
    schema: { tags, summary: 'Record one call: answered (satisfaction 1-5) or unreachable', params: callbackIdParams, body: recordCallbackRequest, response: { 200: callback } },
    config: { auth: { roles: ['admin', 'manager', 'staff'], compound: viaCallback } }, preHandler: callTeam,
  }, async (request) => {
    const user = currentUser(request);
    const done = await recordCall(db, request.params.callbackId, request.body, user.id, clock.now());
    // An answered call rated the order (if the resident had not): their page shows the stars.
    if (done.status === 'done') await ctx.workOrderChanged(done.workOrderId);
    return done;
  });
}
