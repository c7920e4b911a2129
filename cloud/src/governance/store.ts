/** Streets, companies and each company's work-order flow (null = the default flow). */
import type { Kysely } from 'kysely';
import { defaultWorkOrderFlow, workOrderFlow, type Company, type Street, type WorkOrderFlow } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { notFound } from '../errors.js';

type Db = Kysely<Database>;

function parseFlow(text: string | null): WorkOrderFlow | null {
  if (!text) return null;
  const parsed = workOrderFlow.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** The flow in force for a compound: its company's, else the default. */
export async function flowForCompound(db: Db, compoundId: string): Promise<WorkOrderFlow> {
  const row = await db.selectFrom('compounds').leftJoin('companies', 'companies.id', 'compounds.company_id')
    .select('companies.flow').where('compounds.id', '=', compoundId).executeTakeFirst();
  return parseFlow(row?.flow ?? null) ?? defaultWorkOrderFlow;
}

export async function listCompanies(db: Db, compoundIds: string[]): Promise<{ companies: Company[]; streets: Street[] }> {
  if (compoundIds.length === 0) return { companies: [], streets: [] };
  const compounds = await db.selectFrom('compounds').select(['id', 'company_id']).where('company_id', 'is not', null).execute();
  const visible = new Set(compounds.filter((c) => compoundIds.includes(c.id)).map((c) => c.company_id!));
  if (visible.size === 0) return { companies: [], streets: [] };
  const rows = await db.selectFrom('companies').selectAll().where('id', 'in', [...visible]).orderBy('id').execute();
  const streetIds = [...new Set(rows.map((r) => r.street_id).filter((s): s is string => !!s))];
  const streets = streetIds.length ? await db.selectFrom('streets').select(['id', 'name']).where('id', 'in', streetIds).orderBy('id').execute() : [];
  return {
    companies: rows.map((r) => {
      const flow = parseFlow(r.flow);
      return {
        id: r.id, name: r.name, streetId: r.street_id, flow: flow ?? defaultWorkOrderFlow, flowIsDefault: !flow,
        compoundIds: compounds.filter((c) => c.company_id === r.id).map((c) => c.id).sort(),
      };
    }),
    streets,
  };
}

export async function companyCompounds(db: Db, companyId: string): Promise<string[]> {
  const c = await db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
  if (!c) throw notFound(`Company ${companyId}`);
  return (await db.selectFrom('compounds').select('id').where('company_id', '=', companyId).orderBy('id').execute()).map((r) => r.id);
}

export async function setCompanyFlow(db: Db, companyId: string, flow: WorkOrderFlow | null): Promise<void> {
  await db.updateTable('companies').set({ flow: flow ? JSON.stringify(flow) : null }).where('id', '=', companyId).execute();
}

/** Seed and admin helper: a street, a company in it, and compounds placed under it. */
export async function upsertStreet(db: Db, id: string, name: string, nowIso: string): Promise<void> {
  const has = await db.selectFrom('streets').select('id').where('id', '=', id).executeTakeFirst();
  if (!has) await db.insertInto('streets').values({ id, name, created_at: nowIso }).execute();
}

export async function upsertCompany(db: Db, c: { id: string; name: string; streetId: string | null }, nowIso: string): Promise<void> {
  const has = await db.selectFrom('companies').select('id').where('id', '=', c.id).executeTakeFirst();
  if (!has) await db.insertInto('companies').values({ id: c.id, name: c.name, street_id: c.streetId, flow: null, created_at: nowIso }).execute();
}

export async function placeCompound(db: Db, compoundId: string, companyId: string, community: string | null): Promise<void> {
  await db.updateTable('compounds').set({ company_id: companyId, community }).where('id', '=', compoundId).execute();
}
