/**
 * Care for residents living alone with a household door contact (门磁), on a manual clock: the
 * door's opens and closes stored by ingest are activity for the consented household only; no door
 * activity for the window raises the care alert, door activity resolves it. Only the care roles see
 * the door's events.
 */
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { newId, type CareHousehold } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import type { Database } from '../../src/db/database.js';
import { openTestDb, seed } from './db.js';
import { buildOpsApp } from './app.js';

const H = 3_600_000;
const contacts = [{ name: '李娟', relation: '女儿', phone: '13900001111' }];
const GW = 'gw-c1';

async function setup() {
  const db = await openTestDb();
  await seed(db);
  const clock = manualClock('2026-03-02T00:00:00.000Z'); // fixed-dates-ok: the manual clock is the only clock the code reads
  const ops = await buildOpsApp(db, { clock });
  // The gateway's site config registered these devices (config-store registerDevices).
  await db.insertInto('gateways').values({
    id: GW, compound_id: 'c1', name: null, public_key: 'x', mqtt_username: GW, mqtt_password_hash: 'x', enrolled_at: new Date(clock.now()).toISOString(),
  } as never).execute();
  for (const [id, kind] of [['door-401', 'door_contact'], ['door-402', 'door_contact'], ['gate-main', 'gate']] as const) {
    await db.insertInto('devices').values({ id: `${GW}.${id}`, compound_id: 'c1', gateway_id: GW, device_id: id, kind, name: id, last_seen_at: null, online: null }).execute();
  }
  const body = { compoundId: 'c1', label: '3号楼2单元401', residentId: 'r1', doorContactIds: ['door-401'], windowHours: 24, contacts, consent: { by: '本人', note: '签署知情同意书（含门磁）' } };
  const careAlerts = () => db.selectFrom('alerts').selectAll().where('kind', '=', 'care_no_activity').orderBy('created_at').execute();
  return { db, clock, ops, body, careAlerts };
}

/** A door contact event as ingest stores it. */
async function door(db: Kysely<Database>, deviceId: string, type: string, atMs: number, data: object = {}): Promise<void> {
  const at = new Date(atMs).toISOString();
  await db.insertInto('events').values({
    id: newId(), compound_id: 'c1', gateway_id: GW, device_id: deviceId, seq: Math.floor(atMs / 1000), type, occurred_at: at, received_at: at, data: JSON.stringify(data),
  }).execute();
}

describe('care with a household door contact', () => {
  it('enrolment names only door contacts of the compound, each serving one household', async () => {
    const { db, clock, ops, body } = await setup();
    const post = async (who: string, payload: object) => ops.app.inject({ method: 'POST', url: '/api/care/households', headers: await ops.as(who), payload });
    const notDoor = await post('gl1', { ...body, doorContactIds: ['gate-main'] });
    expect(notDoor.statusCode).toBe(400);
    expect(notDoor.body).toContain('gate-main is a gate, not a door contact');
    expect((await post('gl1', { ...body, doorContactIds: ['door-999'] })).statusCode).toBe(400);
    const ok = await post('gl1', body);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ doorContactIds: ['door-401'], lastActivityKind: 'enrolled' });
    // Another household of the compound cannot claim the same door.
    await db.insertInto('users').values({ id: 'r3', username: 'r3', display_name: '王大爷', role: 'resident', password_hash: 'x', lease_ends_on: null, disabled: 0, created_at: new Date(clock.now()).toISOString() }).execute();
    await db.insertInto('user_compounds').values({ user_id: 'r3', compound_id: 'c1' }).execute();
    const clash = await post('m1', { ...body, residentId: 'r3', label: '3号楼2单元402' });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('door-401 already serves the household 3号楼2单元401');
    expect((await post('m1', { ...body, residentId: 'r3', label: '3号楼2单元402', doorContactIds: ['door-402'] })).statusCode).toBe(201);
  });

  it('door opens in time raise no alert; a neighbour\'s door, a resync or a battery report do not count; silence raises one, the door resolves it', async () => {
    const { db, clock, ops, body, careAlerts } = await setup();
    expect((await ops.app.inject({ method: 'POST', url: '/api/care/households', headers: await ops.as('gl1'), payload: body })).statusCode).toBe(201);

    // +20 h: she goes out (open, close): the window now runs to +44 h 6 s.
    const t0 = clock.now();
    await door(db, 'door-401', 'door_contact.opened', clock.now() + 20 * H);
    await door(db, 'door-401', 'door_contact.closed', clock.now() + 20 * H + 6000, { openForS: 6 });
    clock.advance(24 * H + 1000);
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(0);
    const h1 = (await ops.app.inject({ url: '/api/care/households?compoundId=c1', headers: await ops.as('gl1') })).json() as { households: CareHousehold[] };
    expect(h1.households[0]).toMatchObject({ lastActivityKind: 'door', lastActivityAt: new Date(t0 + 20 * H + 6000).toISOString() });

    // Not activity: the neighbour's contact, her contact's resync and battery report.
    await door(db, 'door-402', 'door_contact.opened', clock.now() + H);
    await door(db, 'door-401', 'door_contact.state', clock.now() + 2 * H, { door: 'closed', batteryPercent: 9 });
    await door(db, 'door-401', 'door_contact.battery_low', clock.now() + 3 * H, { percent: 8 });
    clock.set(new Date(t0 + 44 * H + 5000).toISOString()); // 1 s before 24 h after her last door move
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(0);
    // Her contact went offline meanwhile (a flat battery): the alert says so.
    await db.updateTable('devices').set({ online: 0 }).where('id', '=', `${GW}.door-401`).execute();
    clock.set(new Date(t0 + 44 * H + 7000).toISOString());
    await ops.ops.tick();
    await ops.ops.tick();
    const [alert, ...more] = await careAlerts();
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({ status: 'new', assignee_id: 'gl1', compound_id: 'c1' });
    expect(alert!.title).toContain('3号楼2单元401');
    expect(alert!.title).toContain('门磁 door-401 离线');

    // Ten minutes later her door opens: she is fine; the alert resolves.
    clock.advance(600_000);
    await door(db, 'door-401', 'door_contact.opened', clock.now());
    clock.advance(1000);
    await ops.ops.tick();
    expect((await careAlerts()).map((a) => [a.status, a.resolve_note])).toEqual([['resolved', '已有活动（刷卡、开门、门磁或报平安）']]);
    const kinds = await db.selectFrom('care_activity').select('kind').orderBy('at').execute();
    expect(kinds.map((k) => k.kind)).toEqual(['door', 'door', 'door']);
  });

  it('after consent is withdrawn the door is not watched: no alert, no activity recorded', async () => {
    const { db, clock, ops, body, careAlerts } = await setup();
    const h = (await ops.app.inject({ method: 'POST', url: '/api/care/households', headers: await ops.as('gl1'), payload: body })).json() as CareHousehold;
    expect((await ops.app.inject({ method: 'POST', url: `/api/care/households/${h.id}/withdraw`, headers: await ops.as('gl1') })).statusCode).toBe(200);
    await door(db, 'door-401', 'door_contact.opened', clock.now() + H);
    clock.advance(48 * H);
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(0);
    expect(await db.selectFrom('care_activity').selectAll().execute()).toEqual([]);
  });

  it('the door\'s events are visible to the care roles only', async () => {
    const { db, clock, ops } = await setup();
    await door(db, 'door-401', 'door_contact.opened', clock.now() - 1000);
    await door(db, 'gate-main', 'gate.door_opened', clock.now() - 500);
    const types = async (who: string) => ((await ops.app.inject({ url: '/api/events?compoundId=c1', headers: await ops.as(who) })).json() as { events: { type: string }[] }).events.map((e) => e.type).sort();
    expect(await types('m1')).toEqual(['door_contact.opened', 'gate.door_opened']);
    expect(await types('g1')).toEqual(['gate.door_opened']);
    expect(await types('i1')).toEqual(['gate.door_opened']);
  });
});
