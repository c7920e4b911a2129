/** /api/incidents: list, detail with timeline, notes, close, one-step work order. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, closeIncidentRequest, createIncidentNoteRequest, createWorkOrderFromIncidentRequest, incident, incidentDetail, incidentList, incidentListQuery, linkWorkOrderRequest,
  timelineEntry, workOrder,
} from '@yardguard/firmware-config';
import { currentUser } from '../auth/index.js';
import type { AppContext } from '../context.js';
import { compoundVia } from '../http/route-auth.js';
import { addIncidentNote, closeIncident, getIncidentRow, incidentDetail as loadDetail, linkWorkOrder, listIncidents, workOrderFromIncident } from './store.js';

const viaIncident = compoundVia('incident', 'params', 'incidentId', async (db, id) =>
  (await db.selectFrom('incidents').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);

export async function incidentsPlugin(api: FastifyInstance, { db, clock, incidentChanged, workOrderChanged }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['incidents'];
  const readers = { auth: { roles: ['admin', 'manager', 'guard', 'installer'], compound: viaIncident } } as const;
  const handlers = { auth: { roles: ['admin', 'manager', 'guard'], compound: viaIncident } } as const;
  const byId = { params: z.object({ incidentId: apiId }) };
  const changed = async (id: string) => incidentChanged((await getIncidentRow(db, id)).compound_id, id);

  r.get('/api/incidents', {
    schema: { tags, summary: 'Incidents of my compounds: filters, search, pages (newest activity first)', querystring: incidentListQuery, response: { 200: incidentList } },
    config: { auth: { roles: readers.auth.roles, compound: 'scope' } },
  }, async (request) => {
    const q = request.query;
    return listIncidents(db, { ...q, compoundIds: request.compoundScope!, statuses: q.status?.split(',') });
  });

  r.get('/api/incidents/:incidentId', { schema: { tags, ...byId, response: { 200: incidentDetail } }, config: readers }, async (request) => {
    return loadDetail(db, request.params.incidentId);
  });

  r.post('/api/incidents/:incidentId/notes', {
    schema: { tags, ...byId, body: createIncidentNoteRequest, response: { 201: timelineEntry } }, config: handlers,
  }, async (request, reply) => {
    const user = currentUser(request);
    const note = await addIncidentNote(db, request.params.incidentId, user.id, request.body.text, clock.now());
    await changed(request.params.incidentId);
    return reply.status(201).send(note);
  });

  r.post('/api/incidents/:incidentId/close', {
    schema: { tags, ...byId, body: closeIncidentRequest, response: { 200: incident } }, config: handlers,
  }, async (request) => {
    const user = currentUser(request);
    const closed = await closeIncident(db, request.params.incidentId, user.id, request.body.reason, clock.now());
    await changed(request.params.incidentId);
    return closed;
  });

  r.post('/api/incidents/:incidentId/work-order', {
    schema: { tags, summary: 'Create the linked work order in one step', ...byId, body: createWorkOrderFromIncidentRequest, response: { 201: workOrder } },
    config: handlers,
  }, async (request, reply) => {
    const user = currentUser(request);
    const wo = await workOrderFromIncident(db, request.params.incidentId, request.body, user.id, clock.now());
    await changed(request.params.incidentId);
    await workOrderChanged(wo.id);
    return reply.status(201).send(wo);
  });

  r.post('/api/incidents/:incidentId/link-work-order', {
    schema: { tags, summary: 'Link an existing work order (both ways)', ...byId, body: linkWorkOrderRequest, response: { 200: incident } },
    config: handlers,
  }, async (request) => {
    const linked = await linkWorkOrder(db, request.params.incidentId, request.body.workOrderId);
    await changed(request.params.incidentId);
    await workOrderChanged(request.body.workOrderId);
    return linked;
  });
}
