/**
 * Companies and their work-order flow. GET /api/companies (what the user's compounds belong to),
 * PUT/DELETE /api/companies/:companyId/flow (admin, or a manager of every compound of the company).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { companyIdParams, companyList, okResponse, putWorkOrderFlowRequest } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { currentUser } from '../auth/index.js';
import type { AppContext } from '../context.js';
import { forbidden } from '../errors.js';
import type { AuthUser } from '../types.js';
import { companyCompounds, listCompanies, setCompanyFlow } from './store.js';

const tags = ['governance'];

async function assertRunsCompany(db: Kysely<Database>, user: AuthUser, companyId: string): Promise<void> {
  const compounds = await companyCompounds(db, companyId);
  if (user.role === 'admin') return;
  if (compounds.length === 0 || compounds.some((c) => !user.compoundIds.includes(c))) {
    throw forbidden(`Only a manager of every compound of company ${companyId} (or an administrator) can change its work-order flow.`);
  }
}

export async function governancePlugin(api: FastifyInstance, { db }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get('/api/companies', {
    schema: { tags, summary: 'Companies and streets of my compounds, with each work-order flow', response: { 200: companyList } },
    config: { auth: { roles: 'any', compound: 'none' } },
  }, async (request) => listCompanies(db, currentUser(request).compoundIds));

  r.put('/api/companies/:companyId/flow', {
    schema: { tags, summary: 'Who may make each move, and each step\'s due hours', params: companyIdParams, body: putWorkOrderFlowRequest, response: { 200: okResponse } },
    // The company spans compounds: the handler checks the caller runs every one of them.
    config: { auth: { roles: ['admin', 'manager'], compound: 'handler' } },
  }, async (request) => {
    await assertRunsCompany(db, currentUser(request), request.params.companyId);
    await setCompanyFlow(db, request.params.companyId, request.body);
    return { ok: true as const };
  });

  r.delete('/api/companies/:companyId/flow', {
    schema: { tags, summary: 'Back to the default flow', params: companyIdParams, response: { 200: okResponse } },
    config: { auth: { roles: ['admin', 'manager'], compound: 'handler' } },
  }, async (request) => {
    await assertRunsCompany(db, currentUser(request), request.params.companyId);
    await setCompanyFlow(db, request.params.companyId, null);
    return { ok: true as const };
  });
}
