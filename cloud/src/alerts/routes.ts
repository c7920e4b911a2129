/** /api/alerts (list, get, ack, resolve) and /api/compounds/:compoundId/alert-policy. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alert, alertList, alertListQuery, alertPolicy, apiId, apiSlug, resolveAlertRequest } from '@yardguard/firmware-config';
import { currentUser } from '../auth/index.js';
import type { AppContext } from '../context.js';
import { compoundVia } from '../http/route-auth.js';
import { iso } from './clock.js';
import { loadPolicy, savePolicy } from './policy.js';
import { acknowledgeAlert, listAlerts, mustLoadAlert, resolveAlert } from './store.js';

const viaAlert = compoundVia('alert', 'params', 'alertId', async (db, id) =>
  (await db.selectFrom('alerts').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);

export async function alertsPlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const readers = ['admin', 'manager', 'guard', 'installer'] as const;
  const handlers = ['admin', 'manager', 'guard'] as const;
  const managers = { auth: { roles: ['admin', 'manager'], compound: 'param:compoundId' } } as const;
  const byId = { params: z.object({ alertId: apiId }) };
  const tags = ['alerts'];

  r.get('/api/alerts', {
    schema: { tags, summary: 'Alerts of my compounds, newest first', querystring: alertListQuery, response: { 200: alertList } },
    config: { auth: { roles: readers, compound: 'scope' } },
  }, async (request) => {
    const q = request.query;
    return listAlerts(db, { compoundIds: request.compoundScope!, statuses: q.status?.split(','), before: q.before, limit: q.limit });
  });

  r.get('/api/alerts/:alertId', {
    schema: { tags, summary: 'One alert', ...byId, response: { 200: alert } },
    config: { auth: { roles: readers, compound: viaAlert } },
  }, async (request) => mustLoadAlert(db, request.params.alertId));

  r.post('/api/alerts/:alertId/ack', {
    schema: { tags, summary: 'Acknowledge (stops escalation; re-triggers if not resolved in time)', ...byId, response: { 200: alert } },
    config: { auth: { roles: handlers, compound: viaAlert } },
  }, async (request) => {
    const user = currentUser(request);
    const change = await acknowledgeAlert(db, request.params.alertId, user.id, clock.now());
    await ctx.apply([change]);
    return change.alert;
  });

  r.post('/api/alerts/:alertId/resolve', {
    schema: { tags, summary: 'Resolve with an optional note', ...byId, body: resolveAlertRequest, response: { 200: alert } },
    config: { auth: { roles: handlers, compound: viaAlert } },
  }, async (request) => {
    const user = currentUser(request);
    const change = await resolveAlert(db, request.params.alertId, user.id, request.body.note ?? null, clock.now());
    await ctx.apply([change]);
    return change.alert;
  });

  const policyRoute = { params: z.object({ compoundId: apiSlug }), response: { 200: alertPolicy } };
  r.get('/api/compounds/:compoundId/alert-policy', {
    schema: { tags, summary: 'Escalation timeouts, fold window', ...policyRoute },
    config: managers,
  }, async (request) => {
    return loadPolicy(db, request.params.compoundId);
  });

  r.put('/api/compounds/:compoundId/alert-policy', {
    schema: { tags, summary: 'Set the alert policy', ...policyRoute, body: alertPolicy },
    config: managers,
  }, async (request) => {
    await savePolicy(db, request.params.compoundId, request.body, iso(clock.now()));
    return request.body;
  });
}
