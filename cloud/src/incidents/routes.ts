/** /api/incidents: list, detail with timeline, notes, close, one-step work order. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, apiSlug, closeIncidentRequest, createIncidentNoteRequest, createWorkOrderFromIncidentRequest, incident, incidentDetail, incidentList, linkWorkOrderRequest,
  timelineEntry, workOrder,
} from '@yardguard/firmware-config';
import { assertCompound, compoundScope, currentUser, requireRole } from '../auth/index.js';
import type { OpsContext } from '../ops.js';
import { addIncidentNote, closeIncident, getIncidentRow, incidentDetail as loadDetail, linkWorkOrder, listIncidents, workOrderFromIncident } from './store.js';

export async function incidentRoutes(app: FastifyInstance, { db, clock, incidentChanged }: OpsContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['incidents'];
  const readers = [app.authenticate, requireRole('admin', 'manager', 'guard', 'installer')];
  const handlers = [app.authenticate, requireRole('admin', 'manager', 'guard')];
  const byId = { params: z.object({ incidentId: apiId }) };
  const changed = async (id: string) => incidentChanged((await getIncidentRow(db, id)).compound_id, id);
  const inScope = async (request: Parameters<typeof currentUser>[0], id: string) => {
    const user = currentUser(request);
    assertCompound(user, (await getIncidentRow(db, id)).compound_id);
    return user;
  };

  r.get('/api/incidents', {
    schema: {
      tags, querystring: z.object({
        compoundId: apiSlug.optional(), status: z.string().regex(/^(open|closed)(,(open|closed))?$/, 'use open, closed').optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }), response: { 200: incidentList },
    },
    onRequest: readers,
  }, async (request) => ({
    incidents: await listIncidents(db, { compoundIds: compoundScope(currentUser(request), request.query.compoundId), statuses: request.query.status?.split(','), limit: request.query.limit }),
  }));

  r.get('/api/incidents/:incidentId', { schema: { tags, ...byId, response: { 200: incidentDetail } }, onRequest: readers }, async (request) => {
    await inScope(request, request.params.incidentId);
    return loadDetail(db, request.params.incidentId);
  });

  r.post('/api/incidents/:incidentId/notes', {
    schema: { tags, ...byId, body: createIncidentNoteRequest, response: { 201: timelineEntry } }, onRequest: handlers,
  }, async (request, reply) => {
    const user = await inScope(request, request.params.incidentId);
    const note = await addIncidentNote(db, request.params.incidentId, user.id, request.body.text, clock.now());
    await changed(request.params.incidentId);
    return reply.status(201).send(note);
  });

  r.post('/api/incidents/:incidentId/close', {
    schema: { tags, ...byId, body: closeIncidentRequest, response: { 200: incident } }, onRequest: handlers,
  }, async (request) => {
    const user = await inScope(request, request.params.incidentId);
    const closed = await closeIncident(db, request.params.incidentId, user.id, request.body.reason, clock.now());
    await changed(request.params.incidentId);
    return closed;
  });

  r.post('/api/incidents/:incidentId/work-order', {
    schema: { tags, summary: 'Create the linked work order in one step', ...byId, body: createWorkOrderFromIncidentRequest, response: { 201: workOrder } },
    onRequest: handlers,
  }, async (request, reply) => {
    const user = await inScope(request, request.params.incidentId);
    const wo = await workOrderFromIncident(db, request.params.incidentId, request.body, user.id, clock.now());
    await changed(request.params.incidentId);
    return reply.status(201).send(wo);
  });

  r.post('/api/incidents/:incidentId/link-work-order', {
    schema: { tags, summary: 'Link an existing work order (both ways)', ...byId, body: linkWorkOrderRequest, response: { 200: incident } },
    onRequest: handlers,
  }, async (request) => {
    await inScope(request, request.params.incidentId);
    const linked = await linkWorkOrder(db, request.params.incidentId, request.body.workOrderId);
    await changed(request.params.incidentId);
    return linked;
  });
}
