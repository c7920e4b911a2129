/**
 * A street-office viewer (街道) is assigned to one or more compounds like everyone else; they see
 * every compound of every company in the streets of those compounds, and change nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export async function streetScope(db: Kysely<Database>, assigned: string[]): Promise<{ streetIds: string[]; compoundIds: string[] }> {
  if (assigned.length === 0) return { streetIds: [], compoundIds: [] };
  const streets = await db.selectFrom('compounds').innerJoin('companies', 'companies.id', 'compounds.company_id')
    .select('companies.street_id').distinct().where('compounds.id', 'in', assigned).where('companies.street_id', 'is not', null).execute();
  const streetIds = streets.map((s) => s.street_id!).sort();
  const inStreets = streetIds.length === 0 ? [] : await db.selectFrom('compounds').innerJoin('companies', 'companies.id', 'compounds.company_id')
    .select('compounds.id').where('companies.street_id', 'in', streetIds).execute();
  return { streetIds, compoundIds: [...new Set([...assigned, ...inStreets.map((c) => c.id)])].sort() };
}

/** Street viewers only read: any other method is refused before the route runs (sign-out and own password aside). */
export function streetMayNot(method: string, url: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  return !url.startsWith('/api/auth/');
}
