/** Compounds: GET/POST /api/compounds, GET/PATCH /api/compounds/:compoundId (one plugin). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiSlug, compound, compoundList, createCompoundRequest, updateCompoundRequest, type Compound } from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import { currentUser } from '../auth/index.js';
import { conflict, notFound } from '../errors.js';
import { nowIso } from '../db/time.js';
import type { CompoundsTable } from '../db/tables-core.js';
import { randomSlug } from '../ids.js';

export const toCompound = (r: CompoundsTable): Compound => ({
  id: r.id, name: r.name, address: r.address, district: r.district, households: r.households, createdAt: r.created_at,
});

export async function compoundsPlugin(api: FastifyInstance, { db }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get('/api/compounds', {
    schema: { tags: ['compounds'], summary: 'Compounds I may act in', response: { 200: compoundList } },
    config: { auth: { roles: 'any', compound: 'none' } },
  }, async (request) => {
    const user = currentUser(request);
    if (user.compoundIds.length === 0) return { compounds: [] };
    const rows = await db.selectFrom('compounds').selectAll().where('id', 'in', user.compoundIds).orderBy('name').execute();
    return { compounds: rows.map(toCompound) };
  });

  r.post('/api/compounds', {
    schema: { tags: ['compounds'], summary: 'Create a compound', body: createCompoundRequest, response: { 201: compound } },
    config: { auth: { roles: ['admin', 'manager', 'installer'], compound: 'none' } },
  }, async (request, reply) => {
    const user = currentUser(request);
    const b = request.body;
    const id = b.id ?? randomSlug('c');
    const row: CompoundsTable = {
      id, name: b.name, address: b.address ?? null, district: b.district ?? null, households: b.households ?? null, created_at: nowIso(),
    };
    const exists = await db.selectFrom('compounds').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) throw conflict(`A compound with id ${id} already exists.`);
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('compounds').values(row).execute();
      // The creator works in it from now on (admins reach every compound anyway).
      if (user.role !== 'admin') await tx.insertInto('user_compounds').values({ user_id: user.id, compound_id: id }).execute();
    });
    return reply.status(201).send(toCompound(row));
  });

  r.get('/api/compounds/:compoundId', {
    schema: { tags: ['compounds'], summary: 'One compound', params: z.object({ compoundId: apiSlug }), response: { 200: compound } },
    config: { auth: { roles: 'any', compound: 'param:compoundId' } },
  }, async (request) => {
    const row = await db.selectFrom('compounds').selectAll().where('id', '=', request.params.compoundId).executeTakeFirst();
    if (!row) throw notFound(`Compound ${request.params.compoundId}`);
    return toCompound(row);
  });

  r.patch('/api/compounds/:compoundId', {
    schema: { tags: ['compounds'], summary: 'Change a compound', params: z.object({ compoundId: apiSlug }), body: updateCompoundRequest, response: { 200: compound } },
    config: { auth: { roles: ['admin', 'manager'], compound: 'param:compoundId' } },
  }, async (request) => {
    const { compoundId } = request.params;
    const b = request.body;
    const set = {
      ...(b.name !== undefined ? { name: b.name } : {}), ...(b.address !== undefined ? { address: b.address } : {}),
      ...(b.district !== undefined ? { district: b.district } : {}), ...(b.households !== undefined ? { households: b.households } : {}),
    };
    if (Object.keys(set).length) await db.updateTable('compounds').set(set).where('id', '=', compoundId).execute();
    const row = await db.selectFrom('compounds').selectAll().where('id', '=', compoundId).executeTakeFirst();
    if (!row) throw notFound(`Compound ${compoundId}`);
    return toCompound(row);
  });
}
