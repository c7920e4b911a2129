/**
 * Care for residents living alone. Enrol (with consent) / list / withdraw: managers, grid leaders,
 * community officers (guards and the street office read). The resident: GET /api/care/me and the
 * daily 平安 check-in POST /api/care/check-in.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiId, apiSlug, careHousehold, careHouseholdList, careMe, enrollCareRequest } from '@yardguard/firmware-config';
import { currentUser } from '../auth/index.js';
import { compoundVia } from '../http/route-auth.js';
import type { AppContext } from '../context.js';
import { checkIn, chinaDate, enroll, householdOf, listHouseholds, loadHousehold, withdraw } from './store.js';
import { resolveAlert } from '../alerts/store.js';
import { CARE_ROLES } from './privacy.js';

const tags = ['care'];
const carers = CARE_ROLES;

const viaHousehold = compoundVia('care household', 'params', 'householdId', async (db, id) =>
  (await db.selectFrom('care_households').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);

export async function carePlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, clock } = ctx;
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.post('/api/care/households', {
    schema: { tags, summary: 'Enrol a household (opt-in, consent recorded)', body: enrollCareRequest, response: { 201: careHousehold } },
    config: { auth: { roles: carers, compound: 'body:compoundId' } },
  }, async (request, reply) => {
    const user = currentUser(request);
    return reply.status(201).send(await enroll(db, request.body, user.id, clock.now()));
  });

  r.get('/api/care/households', {
    schema: { tags, summary: 'Enrolled households with their contacts and last activity', querystring: z.object({ compoundId: apiSlug.optional() }), response: { 200: careHouseholdList } },
    config: { auth: { roles: [...carers, 'guard', 'street'], compound: 'scope' } },
  }, async (request) => ({ households: await listHouseholds(db, request.compoundScope!) }));

  r.post('/api/care/households/:householdId/withdraw', {
    schema: { tags, summary: 'Consent withdrawn: stop watching', params: z.object({ householdId: apiId }), response: { 200: careHousehold } },
    config: { auth: { roles: carers, compound: viaHousehold } },
  }, async (request) => {
    const h = await loadHousehold(db, request.params.householdId);
    return withdraw(db, h.id);
  });

  r.get('/api/care/me', {
    schema: { tags, summary: 'My enrolment (residents)', response: { 200: careMe } },
    config: { auth: { roles: ['resident'], compound: 'none' } },
  }, async (request) => {
    const h = await householdOf(db, currentUser(request).id);
    return { household: h, checkedInToday: !!h && h.lastCheckInOn === chinaDate(clock.now()) };
  });

  r.post('/api/care/check-in', {
    schema: { tags, summary: '平安: I am fine today', response: { 200: careMe } },
    config: { auth: { roles: ['resident'], compound: 'none' } },
  }, async (request) => {
    const { household, openAlertId } = await checkIn(db, currentUser(request).id, clock.now());
    if (openAlertId) {
      const a = await db.selectFrom('alerts').select('status').where('id', '=', openAlertId).executeTakeFirst();
      if (a && a.status !== 'resolved') await ctx.apply([await resolveAlert(db, openAlertId, currentUser(request).id, '本人已报平安', clock.now())]);
    }
    return { household, checkedInToday: true };
  });
}
