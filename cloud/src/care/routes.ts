/**
 * Care for residents living alone. Enrol (with consent) / list / withdraw: managers, grid leaders,
 * community officers (guards and the street office read). The resident: GET /api/care/me and the
 * daily 平安 check-in POST /api/care/check-in.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiId, apiSlug, careHousehold, careHouseholdList, careMe, enrollCareRequest } from '@yardguard/firmware-config';
import { assertCompound, compoundScope, currentUser, requireRole } from '../auth/index.js';
import type { OpsContext } from '../ops.js';
import { checkIn, chinaDate, enroll, householdOf, listHouseholds, loadHousehold, withdraw } from './store.js';
import { resolveAlert } from '../alerts/store.js';

const tags = ['care'];
const carers = ['admin', 'manager', 'grid_leader', 'community'] as const;

export async function careRoutes(app: FastifyInstance, ctx: OpsContext): Promise<void> {
  const { db, clock } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/care/households', {
    schema: { tags, summary: 'Enrol a household (opt-in, consent recorded)', body: enrollCareRequest, response: { 201: careHousehold } },
    onRequest: [app.authenticate, requireRole(...carers)],
  }, async (request, reply) => {
    const user = currentUser(request);
    assertCompound(user, request.body.compoundId);
    return reply.status(201).send(await enroll(db, request.body, user.id, clock.now()));
  });

  r.get('/api/care/households', {
    schema: { tags, summary: 'Enrolled households with their contacts and last activity', querystring: z.object({ compoundId: apiSlug.optional() }), response: { 200: careHouseholdList } },
    onRequest: [app.authenticate, requireRole(...carers, 'guard', 'street')],
  }, async (request) => ({ households: await listHouseholds(db, compoundScope(currentUser(request), request.query.compoundId)) }));

  r.post('/api/care/households/:householdId/withdraw', {
    schema: { tags, summary: 'Consent withdrawn: stop watching', params: z.object({ householdId: apiId }), response: { 200: careHousehold } },
    onRequest: [app.authenticate, requireRole(...carers)],
  }, async (request) => {
    const h = await loadHousehold(db, request.params.householdId);
    assertCompound(currentUser(request), h.compoundId);
    return withdraw(db, h.id);
  });

  r.get('/api/care/me', {
    schema: { tags, summary: 'My enrolment (residents)', response: { 200: careMe } },
    onRequest: [app.authenticate, requireRole('resident')],
  }, async (request) => {
    const h = await householdOf(db, currentUser(request).id);
    return { household: h, checkedInToday: !!h && h.lastCheckInOn === chinaDate(clock.now()) };
  });

  r.post('/api/care/check-in', {
    schema: { tags, summary: '平安: I am fine today', response: { 200: careMe } },
    onRequest: [app.authenticate, requireRole('resident')],
  }, async (request) => {
    const { household, openAlertId } = await checkIn(db, currentUser(request).id, clock.now());
    if (openAlertId) {
      const a = await db.selectFrom('alerts').select('status').where('id', '=', openAlertId).executeTakeFirst();
      if (a && a.status !== 'resolved') await ctx.apply([await resolveAlert(db, openAlertId, currentUser(request).id, '本人已报平安', clock.now())]);
    }
    return { household, checkedInToday: true };
  });
}
