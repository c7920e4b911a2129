/** Demo organisation: one street, one street-run company running both demo compounds, two communities. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { nowIso } from '../db/time.js';
import { placeCompound, upsertCompany, upsertStreet } from './store.js';

export const DEMO_STREET = { id: 'dongdajie', name: '管城回族区东大街街道' };
export const DEMO_COMPANY = { id: 'ddj-red-property', name: '东大街街道红色物业服务中心' };

export async function seedGovernanceDemo(db: Kysely<Database>, compounds: { small: string; large: string }): Promise<void> {
  await upsertStreet(db, DEMO_STREET.id, DEMO_STREET.name, nowIso());
  await upsertCompany(db, { ...DEMO_COMPANY, streetId: DEMO_STREET.id }, nowIso());
  await placeCompound(db, compounds.small, DEMO_COMPANY.id, '和兴社区');
  await placeCompound(db, compounds.large, DEMO_COMPANY.id, '建设路社区');
}
