/**
 * GET /api/reports/monthly (JSON) and /api/reports/monthly.csv: per compound, company or street,
 * for the management and the governance side (not guards, installers or residents).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { monthlyReport, monthlyReportQuery } from '@yardguard/firmware-config';
import { currentUser } from '../auth/index.js';
import { forbidden } from '../errors.js';
import type { AppContext } from '../context.js';
import { reportCsv } from './csv.js';
import { monthlyRows, subjectsFor } from './store.js';

const tags = ['reports'];
const readers = ['admin', 'manager', 'staff', 'grid_leader', 'committee', 'community', 'street'] as const;

// A report spans the compounds of a company or street: the handler limits it to the caller's compounds.
const auth = { auth: { roles: readers, compound: 'handler' } } as const;

export async function reportsPlugin(api: FastifyInstance, { db }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const rows = async (user: ReturnType<typeof currentUser>, q: { scope: 'compound' | 'company' | 'street'; id?: string; month: string }) => {
    const subjects = await subjectsFor(db, q.scope, user.compoundIds, q.id);
    if (q.id && subjects.length === 0) throw forbidden(`You have no compound in ${q.scope} ${q.id}.`);
    return monthlyRows(db, subjects, q.month);
  };

  r.get('/api/reports/monthly', {
    schema: { tags, summary: 'Monthly report: cases, on-time per step, callback satisfaction, alerts', querystring: monthlyReportQuery, response: { 200: monthlyReport } },
    config: auth,
  }, async (request) => ({ rows: await rows(currentUser(request), request.query) }));

  r.get('/api/reports/monthly.csv', {
    schema: { tags, summary: 'The same as CSV (UTF-8 with BOM)', querystring: monthlyReportQuery },
    config: auth,
  }, async (request, reply) => {
    const q = request.query;
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="report-${q.scope}-${q.id ?? 'all'}-${q.month}.csv"`)
      .send(reportCsv(await rows(currentUser(request), q)));
  });
}
