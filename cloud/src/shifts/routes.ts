/** Posts, rosters, schedule, swaps, on-duty, handover notes. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, apiSlug, apiTime, createHandoverNoteRequest, createPostRequest, createRosterRequest, createSwapRequest, handoverNote, handoverNoteList,
  okResponse, onDutyResponse, pageQuery, post, postList, roster, rosterList, scheduleQuery, scheduleResponse, shiftSwap,
} from '@yardguard/firmware-config';
import { assertCompound, currentUser } from '../auth/index.js';
import { badRequest } from '../errors.js';
import type { AppContext } from '../context.js';
import { compoundVia, type CompoundSource } from '../http/route-auth.js';
import type { Role } from '../types.js';
import { iso } from '../alerts/clock.js';
import {
  addHandoverNote, createPost, createRoster, createSwap, deleteRoster, getRoster, listHandoverNotes, listPosts, listRosters, onDuty, schedule,
} from './store.js';

const viaPost = compoundVia('post', 'params', 'postId', async (db, id) =>
  (await db.selectFrom('posts').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);
const viaRoster = compoundVia('roster', 'params', 'rosterId', async (db, id) =>
  (await db.selectFrom('rosters').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);

export async function shiftsPlugin(api: FastifyInstance, { db, clock }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const staffRoles: Role[] = ['admin', 'manager', 'guard'];
  const managerRoles: Role[] = ['admin', 'manager'];
  const auth = (roles: Role[], compound: CompoundSource) => ({ auth: { roles, compound } });
  const tags = ['shifts'];
  const compoundParams = z.object({ compoundId: apiSlug });
  const postParams = z.object({ postId: apiId });

  r.get('/api/compounds/:compoundId/posts', { schema: { tags, params: compoundParams, response: { 200: postList } }, config: auth(staffRoles, 'param:compoundId') }, async (request) => {
    return { posts: await listPosts(db, request.params.compoundId) };
  });

  r.post('/api/compounds/:compoundId/posts', {
    schema: { tags, params: compoundParams, body: createPostRequest, response: { 201: post } }, config: auth(managerRoles, 'param:compoundId'),
  }, async (request, reply) => {
    return reply.status(201).send(await createPost(db, request.params.compoundId, request.body.name, clock.now()));
  });

  r.get('/api/posts/:postId/rosters', { schema: { tags, params: postParams, response: { 200: rosterList } }, config: auth(staffRoles, viaPost) }, async (request) => {
    return { rosters: await listRosters(db, request.params.postId) };
  });

  r.post('/api/posts/:postId/rosters', {
    schema: { tags, summary: 'Add a rotation (24on48off, day_night_12h, custom)', params: postParams, body: createRosterRequest, response: { 201: roster } },
    config: auth(managerRoles, viaPost),
  }, async (request, reply) => {
    return reply.status(201).send(await createRoster(db, request.params.postId, request.body, clock.now()));
  });

  r.delete('/api/rosters/:rosterId', {
    schema: { tags, params: z.object({ rosterId: apiId }), response: { 200: okResponse } }, config: auth(managerRoles, viaRoster),
  }, async (request) => {
    await deleteRoster(db, request.params.rosterId);
    return { ok: true as const };
  });

  r.get('/api/posts/:postId/schedule', {
    schema: { tags, params: postParams, querystring: scheduleQuery, response: { 200: scheduleResponse } }, config: auth(staffRoles, viaPost),
  }, async (request) => {
    const from = Date.parse(request.query.from);
    const to = Date.parse(request.query.to);
    if (to <= from) throw badRequest('to: must be after from');
    return { shifts: await schedule(db, request.params.postId, from, to) };
  });

  r.post('/api/posts/:postId/swaps', {
    schema: { tags, summary: 'Hand a shift to another guard', params: postParams, body: createSwapRequest, response: { 201: shiftSwap } }, config: auth(staffRoles, viaPost),
  }, async (request, reply) => {
    const user = currentUser(request);
    const rosterRow = await getRoster(db, request.body.rosterId);
    if (rosterRow.post_id !== request.params.postId) throw badRequest('rosterId: that roster belongs to another post');
    assertCompound(user, rosterRow.compound_id);
    const swap = await createSwap(db, request.body, { id: user.id, isManager: user.role !== 'guard' }, clock.now());
    return reply.status(201).send(swap);
  });

  r.get('/api/compounds/:compoundId/on-duty', {
    schema: { tags, summary: 'Guards on duty now (or at ?at=)', params: compoundParams, querystring: z.object({ at: apiTime.optional() }), response: { 200: onDutyResponse } },
    config: auth(staffRoles, 'param:compoundId'),
  }, async (request) => {
    const at = request.query.at ? Date.parse(request.query.at) : clock.now();
    return { at: iso(at), guards: await onDuty(db, request.params.compoundId, at) };
  });

  r.get('/api/posts/:postId/handover-notes', {
    schema: { tags, params: postParams, querystring: pageQuery, response: { 200: handoverNoteList } }, config: auth(staffRoles, viaPost),
  }, async (request) => {
    return { notes: await listHandoverNotes(db, request.params.postId, request.query.limit) };
  });

  r.post('/api/posts/:postId/handover-notes', {
    schema: { tags, params: postParams, body: createHandoverNoteRequest, response: { 201: handoverNote } }, config: auth(staffRoles, viaPost),
  }, async (request, reply) => {
    const user = currentUser(request);
    return reply.status(201).send(await addHandoverNote(db, request.params.postId, user.id, request.body.text, clock.now()));
  });
}
