/** /api/alerts (list, get, ack, resolve) and /api/compounds/:compoundId/alert-policy. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alert, alertList, alertListQuery, alertPolicy, apiId, apiSlug, resolveAlertRequest } from '@yardguard/firmware-config';
import { assertCompound, compoundScope, currentUser, requireRole } from '../auth/index.js';
import type { OpsContext } from '../ops.js';
import { iso } from './clock.js';
import { loadPolicy, savePolicy } from './policy.js';
import { acknowledgeAlert, listAlerts, mustLoadAlert, resolveAlert } from './store.js';

export async function alertRoutes(app: FastifyInstance, ctx: OpsContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const readers = requireRole('admin', 'manager', 'guard', 'installer');
  const handlers = requireRole('admin', 'manager', 'guard');
  const byId = { params: z.object({ alertId: apiId }) };
  const tags = ['alerts'];

  r.get('/api/alerts', {
    schema: { tags, summary: 'Alerts of my compounds, newest first', querystring: alertListQuery, response: { 200: alertList } },
    onRequest: [app.authenticate, readers],
  }, async (request) => {
    const q = request.query;
    return listAlerts(db, { compoundIds: compoundScope(currentUser(request), q.compoundId), statuses: q.status?.split(','), before: q.before, limit: q.limit });
  });

  r.get('/api/alerts/:alertId', {
    schema: { tags, summary: 'One alert', ...byId, response: { 200: alert } },
    onRequest: [app.authenticate, readers],
  }, async (request) => {
    const a = await mustLoadAlert(db, request.params.alertId);
    assertCompound(currentUser(request), a.compoundId);
    return a;
  });

  r.post('/api/alerts/:alertId/ack', {
    schema: { tags, summary: 'Acknowledge (stops escalation; re-triggers if not resolved in time)', ...byId, response: { 200: alert } },
    onRequest: [app.authenticate, handlers],
  }, async (request) => {
    const user = currentUser(request);
    assertCompound(user, (await mustLoadAlert(db, request.params.alertId)).compoundId);
    const change = await acknowledgeAlert(db, request.params.alertId, user.id, clock.now());
    await ctx.apply([change]);
    return change.alert;
  });

  r.post('/api/alerts/:alertId/resolve', {
    schema: { tags, summary: 'Resolve with an optional note', ...byId, body: resolveAlertRequest, response: { 200: alert } },
    onRequest: [app.authenticate, handlers],
  }, async (request) => {
    const user = currentUser(request);
    assertCompound(user, (await mustLoadAlert(db, request.params.alertId)).compoundId);
    const change = await resolveAlert(db, request.params.alertId, user.id, request.body.note ?? null, clock.now());
    await ctx.apply([change]);
    return change.alert;
  });

  const policyRoute = { params: z.object({ compoundId: apiSlug }), response: { 200: alertPolicy } };
  r.get('/api/compounds/:compoundId/alert-policy', {
    schema: { tags, summary: 'Escalation timeouts, fold window', ...policyRoute },
    onRequest: [app.authenticate, requireRole('admin', 'manager')],
  }, async (request) => {
    assertCompound(currentUser(request), request.params.compoundId);
    return loadPolicy(db, request.params.compoundId);
  });

  r.put('/api/compounds/:compoundId/alert-policy', {
    schema: { tags, summary: 'Set the alert policy', ...policyRoute, body: alertPolicy },
    onRequest: [app.authenticate, requireRole('admin', 'manager')],
  }, async (request) => {
    assertCompound(currentUser(request), request.params.compoundId);
    await savePolicy(db, request.params.compoundId, request.body, iso(clock.now()));
    return request.body;
  });
}
