/**
 * Care for residents living alone, end to end through the operations API, the stored events and
 * the ops tick, on a manual clock: no activity for the window raises exactly one care alert (to
 * the grid leader, then the guard on duty, with the contacts), activity resolves it; a card swipe,
 * an app gate open or the 平安 check-in in time raises none.
 */
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { newId, type CareHousehold, type CareMe } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import type { Database } from '../../src/db/database.js';
import { createPost, createRoster } from '../../src/shifts/store.js';
import { openTestDb, seed } from './db.js';
import { buildOpsApp } from './app.js';

const H = 3_600_000;
const contacts = [{ name: '李娟', relation: '女儿', phone: '13900001111' }];

async function setup() {
  const db = await openTestDb();
  await seed(db);
  const clock = manualClock('2026-03-02T00:00:00.000Z'); // 08:00 in China
  const ops = await buildOpsApp(db, { clock });
  const post = await createPost(db, 'c1', '大门岗', clock.now());
  await createRoster(db, post.id, { pattern: '24on48off', anchorAt: '2026-03-01T16:00:00.000Z', guardIds: ['g1'] }, clock.now());
  const enrol = async (who: string, body: object) => {
    const res = await ops.app.inject({ method: 'POST', url: '/api/care/households', headers: await ops.as(who), payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as CareHousehold;
  };
  const careAlerts = () => db.selectFrom('alerts').selectAll().where('kind', '=', 'care_no_activity').orderBy('created_at').execute();
  return { db, clock, ops, enrol, careAlerts };
}

/** A card swipe as ingest stores it. */
async function swipe(db: Kysely<Database>, compoundId: string, credentialRef: string, atMs: number): Promise<void> {
  const at = new Date(atMs).toISOString();
  await db.insertInto('events').values({
    id: newId(), compound_id: compoundId, gateway_id: `gw-${compoundId}`, device_id: 'gate-main', seq: Math.floor(atMs / 1000), type: 'gate.access_granted',
    occurred_at: at, received_at: at, data: JSON.stringify({ method: 'card', credentialRef }),
  }).execute();
}

describe('care for residents living alone', () => {
  it('no activity for 24 h raises exactly one alert to the grid leader with the contacts; it escalates to the guard; a swipe resolves it', async () => {
    const { db, clock, ops, enrol, careAlerts } = await setup();
    // Consent is required, and only carers enrol.
    expect((await ops.app.inject({ method: 'POST', url: '/api/care/households', headers: await ops.as('g1'), payload: {} })).statusCode).toBe(403);
    const body = { compoundId: 'c1', label: '3号楼2单元401', residentId: 'r1', credentialRefs: ['card:7e1c'], windowHours: 24, contacts, consent: { by: '本人', note: '签署知情同意书' } };
    expect((await ops.app.inject({ method: 'POST', url: '/api/care/households', headers: await ops.as('gl1'), payload: { ...body, consent: undefined } })).statusCode).toBe(400);
    const h = await enrol('gl1', body);
    expect(h).toMatchObject({ consentBy: '本人', consentRecordedBy: 'gl1', consentAt: '2026-03-02T00:00:00.000Z', lastActivityKind: 'enrolled' });

    // Somebody else's card does not count.
    await swipe(db, 'c1', 'card:ffff', clock.now() + 10 * H);
    clock.advance(24 * H - 1000);
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(0);
    clock.advance(2000);
    await ops.ops.tick();
    await ops.ops.tick();
    const [alert, ...more] = await careAlerts();
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({ status: 'new', assignee_id: 'gl1', severity: 'high', compound_id: 'c1' });
    expect(alert!.title).toContain('3号楼2单元401');
    expect(alert!.title).toContain('女儿李娟 13900001111');
    // Not acknowledged within the high-severity ack timeout (120 s): the guard on duty is paged.
    clock.advance(121_000);
    await ops.ops.tick();
    expect(await db.selectFrom('alert_pages').select(['target_user_id', 'reason']).where('alert_id', '=', alert!.id).orderBy('level').execute())
      .toEqual([{ target_user_id: 'gl1', reason: 'new' }, { target_user_id: 'g1', reason: 'escalate' }]);
    const list = (await ops.app.inject({ url: '/api/care/households?compoundId=c1', headers: await ops.as('g1') })).json() as { households: CareHousehold[] };
    expect(list.households[0]).toMatchObject({ alertId: alert!.id, contacts });

    // Her own card at the gate: she is fine; the alert resolves and no new one comes.
    await swipe(db, 'c1', 'card:7e1c', clock.now());
    clock.advance(1000);
    await ops.ops.tick();
    expect((await careAlerts()).map((a) => a.status)).toEqual(['resolved']);
    clock.advance(23 * H);
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(1);
  });

  it('a card swipe or an app gate open in time raises none; the window counts from the last one', async () => {
    const { db, clock, ops, enrol, careAlerts } = await setup();
    await enrol('m1', { compoundId: 'c1', label: '5号楼1单元101', residentId: 'r1', credentialRefs: ['card:7e1c'], contacts, consent: { by: '女儿李娟', note: '电话同意，已录音' } });
    await swipe(db, 'c1', 'card:7e1c', clock.now() + 20 * H);
    clock.advance(24 * H + 1000);
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(0);
    // An app gate open at +40 h moves the window again.
    await db.insertInto('gate_open_audit').values({
      id: newId(), command_id: newId(), compound_id: 'c1', gate_id: 'gw-c1.gate-main', user_id: 'r1', username: 'r1', visitor_pass_id: null,
      requested_at: new Date(clock.now() + 16 * H).toISOString(), result: 'ok', error_code: null, latency_ms: 420,
    }).execute();
    clock.advance(40 * H - 1000); // +64 h: 24 h after the app open is +64 h
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(0);
    clock.advance(2000);
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(1);
    const kinds = await db.selectFrom('care_activity').select('kind').orderBy('at').execute();
    expect(kinds.map((k) => k.kind)).toEqual(['card', 'app']);
  });

  it('the daily 平安 check-in by 10:00: in time raises none; missed raises one; checking in resolves it', async () => {
    const { clock, ops, enrol, careAlerts } = await setup();
    await enrol('co1', { compoundId: 'c1', label: '3号楼2单元401', residentId: 'r1', windowHours: 48, checkInBy: '10:00', contacts, consent: { by: '本人', note: '签署知情同意书' } });
    const me = async () => (await ops.app.inject({ url: '/api/care/me', headers: await ops.as('r1') })).json() as CareMe;
    expect(await me()).toMatchObject({ checkedInToday: false, household: { label: '3号楼2单元401' } });
    clock.set('2026-03-02T01:30:00.000Z'); // 09:30 China time
    expect((await ops.app.inject({ method: 'POST', url: '/api/care/check-in', headers: await ops.as('r1') })).json()).toMatchObject({ checkedInToday: true });
    clock.set('2026-03-02T02:01:00.000Z'); // 10:01
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(0);
    clock.set('2026-03-03T01:59:00.000Z'); // next day 09:59: not yet
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(0);
    clock.set('2026-03-03T02:00:00.000Z'); // 10:00, no check-in today
    await ops.ops.tick();
    await ops.ops.tick();
    const alerts = await careAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toContain('10:00 前未报平安');
    clock.set('2026-03-03T02:20:00.000Z');
    await ops.app.inject({ method: 'POST', url: '/api/care/check-in', headers: await ops.as('r1') });
    expect((await careAlerts()).map((a) => [a.status, a.resolve_note])).toEqual([['resolved', '本人已报平安']]);
    await ops.ops.tick();
    expect(await careAlerts()).toHaveLength(1);
    expect((await ops.app.inject({ method: 'POST', url: '/api/care/check-in', headers: await ops.as('r2') })).statusCode).toBe(404);
  });
});
