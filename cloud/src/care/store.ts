/** Care households: enrolment with consent, the resident's own view, the 平安 check-in. */
import type { Kysely } from 'kysely';
import { newId, type CareContact, type CareHousehold, type EnrollCareRequest } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { CareHouseholdsTable } from '../db/tables-governance.js';
import { iso } from '../alerts/clock.js';
import { badRequest, conflict, notFound } from '../errors.js';

type Db = Kysely<Database>;

/** YYYY-MM-DD and HH:mm in China time (UTC+8 all year). */
export const chinaDate = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
export const chinaClock = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);

export const householdToApi = (h: CareHouseholdsTable, residentName: string | null): CareHousehold => ({
  id: h.id, compoundId: h.compound_id, label: h.label, residentId: h.resident_id, residentName: residentName ?? h.resident_id,
  credentialRefs: JSON.parse(h.credential_refs) as string[], doorContactIds: JSON.parse(h.door_contact_ids) as string[], windowHours: h.window_hours, checkInBy: h.check_in_by,
  contacts: JSON.parse(h.contacts) as CareContact[], consentBy: h.consent_by, consentNote: h.consent_note, consentAt: h.consent_at,
  consentRecordedBy: h.consent_recorded_by, enabled: h.enabled === 1, lastActivityAt: h.last_activity_at, lastActivityKind: h.last_activity_kind,
  lastCheckInOn: h.last_check_in_on, alertId: h.alert_id,
});

const selectHouseholds = (db: Db) => db.selectFrom('care_households').leftJoin('users', 'users.id', 'care_households.resident_id')
  .selectAll('care_households').select('users.display_name');

export async function loadHousehold(db: Db, id: string): Promise<CareHousehold> {
  const h = await selectHouseholds(db).where('care_households.id', '=', id).executeTakeFirst();
  if (!h) throw notFound(`Care household ${id}`);
  return householdToApi(h, h.display_name);
}

export async function listHouseholds(db: Db, compoundIds: string[]): Promise<CareHousehold[]> {
  if (compoundIds.length === 0) return [];
  const rows = await selectHouseholds(db).where('care_households.compound_id', 'in', compoundIds).orderBy('care_households.label').execute();
  return rows.map((h) => householdToApi(h, h.display_name));
}

export async function householdOf(db: Db, residentId: string): Promise<CareHousehold | null> {
  const h = await selectHouseholds(db).where('care_households.resident_id', '=', residentId).where('care_households.enabled', '=', 1).executeTakeFirst();
  return h ? householdToApi(h, h.display_name) : null;
}

/** Opt-in: recorded consent, the resident of that compound; the window starts now. */
export async function enroll(db: Db, req: EnrollCareRequest & { contacts: CareContact[] }, byUserId: string, nowMs: number): Promise<CareHousehold> {
  const resident = await db.selectFrom('users').innerJoin('user_compounds', 'user_compounds.user_id', 'users.id').select('users.role')
    .where('users.id', '=', req.residentId).where('user_compounds.compound_id', '=', req.compoundId).executeTakeFirst();
  if (!resident || resident.role !== 'resident') throw badRequest(`residentId: ${req.residentId} is not a resident of compound ${req.compoundId}`);
  const taken = await db.selectFrom('care_households').select('id').where('resident_id', '=', req.residentId).executeTakeFirst();
  if (taken) throw conflict('This resident is already enrolled; change or withdraw the existing enrolment.');
  const doorContactIds = [...new Set(req.doorContactIds ?? [])];
  await checkDoorContacts(db, req.compoundId, doorContactIds);
  const id = newId();
  const at = iso(nowMs);
  await db.insertInto('care_households').values({
    id, compound_id: req.compoundId, label: req.label, resident_id: req.residentId, credential_refs: JSON.stringify(req.credentialRefs ?? []), door_contact_ids: JSON.stringify(doorContactIds),
    window_hours: req.windowHours ?? 24, check_in_by: req.checkInBy ?? null, contacts: JSON.stringify(req.contacts), consent_by: req.consent.by,
    consent_note: req.consent.note, consent_at: at, consent_recorded_by: byUserId, enabled: 1, last_activity_at: at, last_activity_kind: 'enrolled',
    last_check_in_on: null, alerted_for: null, alert_id: null, created_at: at,
  }).execute();
  return loadHousehold(db, id);
}

/**
 * Door contacts named at enrolment: door_contact devices of this compound (as its gateway's site
 * config registered them), each serving one enrolled household: a neighbour's door must not count.
 */
async function checkDoorContacts(db: Db, compoundId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const devices = await db.selectFrom('devices').select(['device_id', 'kind']).where('compound_id', '=', compoundId).where('device_id', 'in', ids).execute();
  for (const id of ids) {
    const d = devices.find((x) => x.device_id === id);
    if (!d) throw badRequest(`doorContactIds: no device ${id} in compound ${compoundId}; add it to the gateway's site config (doorContacts) first.`);
    if (d.kind !== 'door_contact') throw badRequest(`doorContactIds: ${id} is a ${d.kind}, not a door contact.`);
  }
  const enrolled = await db.selectFrom('care_households').select(['label', 'door_contact_ids']).where('compound_id', '=', compoundId).where('enabled', '=', 1).execute();
  for (const h of enrolled) {
    const clash = (JSON.parse(h.door_contact_ids) as string[]).find((x) => ids.includes(x));
    if (clash) throw conflict(`Door contact ${clash} already serves the household ${h.label}.`);
  }
}

/** Consent withdrawn: no more watching (the row stays as the record of consent). */
export async function withdraw(db: Db, id: string): Promise<CareHousehold> {
  await db.updateTable('care_households').set({ enabled: 0 }).where('id', '=', id).execute();
  return loadHousehold(db, id);
}

/** The resident pressed 平安. Returns the household's open alert (to resolve), if any. */
export async function checkIn(db: Db, residentId: string, nowMs: number): Promise<{ household: CareHousehold; openAlertId: string | null }> {
  const h = await householdOf(db, residentId);
  if (!h) throw notFound('Your care enrolment');
  const at = iso(nowMs);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('care_activity').values({ id: newId(), household_id: h.id, kind: 'check_in', source_id: null, at }).execute();
    await trx.updateTable('care_households').set({ last_activity_at: at, last_activity_kind: 'check_in', last_check_in_on: chinaDate(nowMs), alert_id: null })
      .where('id', '=', h.id).execute();
  });
  return { household: await loadHousehold(db, h.id), openAlertId: h.alertId };
}
