import { afterAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/alerts/clock.js';
import { fireDueTimers } from '../../src/alerts/escalation.js';
import { defaultAlertPolicy, savePolicy } from '../../src/alerts/policy.js';
import type { AlertInput } from '../../src/alerts/sources.js';
import { acknowledgeAlert, listAlerts, raiseAlert, resolveAlert } from '../../src/alerts/store.js';
import { createPost, createRoster } from '../../src/shifts/store.js';
import { stopPostgres } from '../helpers/dialects.js';
import { openTestDb, opsDialects, seed } from './db.js';

afterAll(stopPostgres);

const start = '2026-03-02T00:00:00.000Z';

async function setup(url: string) {
  const db = await openTestDb(url);
  await seed(db);
  const clock = manualClock(start);
  // Two posts on duty around the clock: g1 at the gate, g2 on patrol (24 h shifts, one guard each).
  const gate = await createPost(db, 'c1', 'A门岗', clock.now());
  const patrol = await createPost(db, 'c1', 'B巡逻', clock.now());
  await createRoster(db, gate.id, { pattern: '24on48off', anchorAt: '2026-03-01T00:00:00.000Z', guardIds: ['g1'] }, clock.now());
  await createRoster(db, patrol.id, { pattern: '24on48off', anchorAt: '2026-03-01T00:00:00.000Z', guardIds: ['g2'] }, clock.now());
  const input = (over: Partial<AlertInput> = {}): AlertInput => ({
    compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gw1.gate-main', key: 'gw1:gate-main:door_forced', kind: 'door_forced',
    severity: 'critical', title: '东门被强行打开', source: 'edge', causeEventId: null, snapshotIds: [], atMs: clock.now(), ...over,
  });
  const tick = () => fireDueTimers(db, 'cloud-a', clock.now());
  return { db, clock, input, tick };
}

describe.each(opsDialects)('alert lifecycle ($name)', (d) => {
  it('routes to the guard on shift, escalates to the next guard, then the manager, and loops (bounded)', async () => {
    const { db, clock, input, tick } = await setup(await d.url());
    await savePolicy(db, 'c1', { ...defaultAlertPolicy, maxEscalations: 4 }, start);
    const created = await raiseAlert(db, input(), clock.now(), 'cloud-a');
    expect(created.type).toBe('alert.new');
    expect(created.alert.status).toBe('new');
    expect(created.page).toEqual({ reason: 'new', level: 0, targetUserId: 'g1' });
    expect(created.alert.incidentId).toBeTruthy();

    clock.advance(59_000);
    expect(await tick()).toEqual([]); // not yet due (critical: 60 s)
    const targets: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      clock.advance(60_000);
      for (const c of await tick()) targets.push(c.page!.targetUserId);
    }
    // chain = [g1, g2, m1]; levels 1..4 then stop
    expect(targets).toEqual(['g2', 'm1', 'g1', 'g2']);
    const pages = await db.selectFrom('alert_pages').select(['level', 'reason']).where('alert_id', '=', created.alert.id).orderBy('level').execute();
    expect(pages.map((p) => p.level)).toEqual([0, 1, 2, 3, 4]);
    expect(await db.selectFrom('alert_timers').selectAll().execute()).toEqual([]);
  });

  it('acknowledge stops escalation; not resolved in time re-triggers; resolve records who, when and the note', async () => {
    const { db, clock, input, tick } = await setup(await d.url());
    const { alert } = await raiseAlert(db, input(), clock.now(), 'cloud-a');
    clock.advance(10_000);
    const acked = await acknowledgeAlert(db, alert.id, 'g1', clock.now());
    expect(acked.alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'g1', acknowledgedAt: '2026-03-02T00:00:10.000Z' });
    clock.advance(120_000);
    expect(await tick()).toEqual([]); // acknowledged: no escalation
    clock.advance(defaultAlertPolicy.resolveTimeoutS.critical * 1000);
    const [re] = await tick();
    expect(re!.page).toMatchObject({ reason: 'retrigger', targetUserId: 'g1' });
    expect(re!.alert).toMatchObject({ status: 'new', retriggers: 1 });
    // after the re-trigger the chain escalates again when nobody acknowledges
    clock.advance(61_000);
    const [esc] = await tick();
    expect(esc!.page).toMatchObject({ reason: 'escalate', targetUserId: 'g2', level: 1 });
    await acknowledgeAlert(db, alert.id, 'm1', clock.now());
    const done = await resolveAlert(db, alert.id, 'm1', '误报：住户忘带门卡', clock.now());
    expect(done.alert).toMatchObject({ status: 'resolved', resolvedBy: 'm1', resolveNote: '误报：住户忘带门卡' });
    await expect(acknowledgeAlert(db, alert.id, 'g1', clock.now())).rejects.toThrow(/already resolved/);
    clock.advance(3_600_000);
    expect(await tick()).toEqual([]);
  });

  it('the same key inside the window folds (count, lastAt, no page); after resolve or outside the window it pages again', async () => {
    const { db, clock, input } = await setup(await d.url());
    const first = await raiseAlert(db, input(), clock.now(), 'cloud-a');
    clock.advance(30_000);
    const again = await raiseAlert(db, input({ atMs: clock.now(), snapshotIds: ['snap-1'] }), clock.now(), 'cloud-a');
    expect(again.type).toBe('alert.update');
    expect(again.page).toBeUndefined();
    expect(again.alert).toMatchObject({ id: first.alert.id, count: 2, lastAt: '2026-03-02T00:00:30.000Z', snapshotIds: ['snap-1'] });
    // another device: its own alert
    const other = await raiseAlert(db, input({ key: 'gw1:gate-north:door_forced', deviceId: 'gw1.gate-north' }), clock.now(), 'cloud-a');
    expect(other.alert.id).not.toBe(first.alert.id);
    // resolved, then the same key again inside the window: a new alert in the same incident
    await resolveAlert(db, first.alert.id, 'g1', null, clock.now());
    clock.advance(60_000);
    const third = await raiseAlert(db, input({ atMs: clock.now() }), clock.now(), 'cloud-a');
    expect(third.type).toBe('alert.new');
    expect(third.alert.incidentId).toBe(first.alert.incidentId);
    const inc = await db.selectFrom('incidents').selectAll().where('id', '=', first.alert.incidentId!).executeTakeFirstOrThrow();
    expect(inc.alert_count).toBe(2);
    // outside the window (11 min later): folds into nothing, new incident too
    await resolveAlert(db, third.alert.id, 'g1', null, clock.now());
    clock.advance(11 * 60_000);
    const fourth = await raiseAlert(db, input({ atMs: clock.now() }), clock.now(), 'cloud-a');
    expect(fourth.alert.incidentId).not.toBe(first.alert.incidentId);
    const list = await listAlerts(db, { compoundIds: ['c1'], statuses: ['resolved'], limit: 1 });
    expect(list.alerts).toHaveLength(1);
    expect(list.nextBefore).not.toBeNull();
    expect((await listAlerts(db, { compoundIds: ['c2'], limit: 10 })).alerts).toEqual([]);
  });

  it('with nobody on shift the manager is paged first', async () => {
    const db = await openTestDb(await d.url());
    await seed(db);
    const clock = manualClock(start);
    const r = await raiseAlert(db, {
      compoundId: 'c2', gatewayId: 'gw2', deviceId: null, key: 'gw2:gateway_offline', kind: 'gateway_offline', severity: 'high',
      title: '网关离线', source: 'cloud', causeEventId: null, snapshotIds: [], atMs: clock.now(),
    }, clock.now(), 'cloud-a');
    expect(r.page!.targetUserId).toBe('m2');
    expect(r.alert.assigneeName).toBe('m2师傅');
  });
});
