/**
 * The alert carries the cloud's own deadline (`nextEscalationAt` = the pending timer's due time),
 * the edge's snapshot follow-up merges without counting a repeat, and the one-step work order
 * names the incident's time in China local time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { newId, type Alert, type WorkOrder } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import { fireDueTimers } from '../../src/alerts/escalation.js';
import { defaultAlertPolicy, savePolicy } from '../../src/alerts/policy.js';
import type { AlertInput } from '../../src/alerts/sources.js';
import { acknowledgeAlert, listAlerts, loadAlert, raiseAlert, resolveAlert } from '../../src/alerts/store.js';
import { incidentDetail } from '../../src/incidents/store.js';
import { chinaLocalTime } from '../../src/incidents/local-time.js';
import { stopPostgres } from '../helpers/dialects.js';
import { buildOpsApp, event } from './app.js';
import { openTestDb, opsDialects, seed } from './db.js';

afterAll(stopPostgres);

const start = '2026-03-02T00:00:00.000Z';
const at = (ms: number) => new Date(ms).toISOString();

async function setup(url: string) {
  const db = await openTestDb(url);
  await seed(db);
  const clock = manualClock(start);
  const input = (over: Partial<AlertInput> = {}): AlertInput => ({
    compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gw1.gate-main', key: 'gw1:gate-main:door_forced', kind: 'door_forced',
    severity: 'critical', title: '东门被强行打开', source: 'edge', causeEventId: 'ev-forced-1', snapshotIds: [], atMs: clock.now(), ...over,
  });
  return { db, clock, input, tick: () => fireDueTimers(db, 'cloud-a', clock.now()) };
}

describe.each(opsDialects)('alert deadline and follow-ups ($name)', (d) => {
  it('nextEscalationAt follows the stored timer: policy, escalation, acknowledge (re-trigger), resolve (null)', async () => {
    const { db, clock, input, tick } = await setup(await d.url());
    // A non-default policy: the field must come from the timer, not from defaults.
    await savePolicy(db, 'c1', { ...defaultAlertPolicy, ackTimeoutS: { ...defaultAlertPolicy.ackTimeoutS, critical: 45 }, resolveTimeoutS: { ...defaultAlertPolicy.resolveTimeoutS, critical: 700 } }, start);
    const t0 = clock.now();
    const created = await raiseAlert(db, input(), t0, 'cloud-a');
    expect(created.alert.nextEscalationAt).toBe(at(t0 + 45_000));

    clock.advance(46_000);
    const [esc] = await tick();
    expect(esc!.page).toMatchObject({ reason: 'escalate', level: 1 });
    expect(esc!.alert.nextEscalationAt).toBe(at(clock.now() + 45_000));
    expect((await loadAlert(db, created.alert.id))!.nextEscalationAt).toBe(at(clock.now() + 45_000));

    clock.advance(5_000);
    const acked = await acknowledgeAlert(db, created.alert.id, 'g1', clock.now());
    expect(acked.alert.nextEscalationAt).toBe(at(clock.now() + 700_000));
    const [listed] = (await listAlerts(db, { compoundIds: ['c1'], limit: 10 })).alerts;
    expect(listed!.nextEscalationAt).toBe(at(clock.now() + 700_000));
    const detail = await incidentDetail(db, created.alert.incidentId!);
    expect(detail.alerts[0]!.nextEscalationAt).toBe(at(clock.now() + 700_000));

    const done = await resolveAlert(db, created.alert.id, 'g1', null, clock.now());
    expect(done.alert.nextEscalationAt).toBeNull();
  });

  it('nextEscalationAt is null once maxEscalations pages have gone out', async () => {
    const { db, clock, input, tick } = await setup(await d.url());
    await savePolicy(db, 'c1', { ...defaultAlertPolicy, maxEscalations: 1 }, start);
    const created = await raiseAlert(db, input(), clock.now(), 'cloud-a');
    clock.advance(61_000);
    const [esc] = await tick();
    expect(esc!.alert).toMatchObject({ id: created.alert.id, escalationLevel: 1, nextEscalationAt: null });
  });

  it('a follow-up with the same causeEventId merges snapshots without counting or paging; a real repeat still counts', async () => {
    const { db, clock, input } = await setup(await d.url());
    const first = await raiseAlert(db, input(), clock.now(), 'cloud-a');
    clock.advance(4_000);
    const follow = await raiseAlert(db, input({ atMs: clock.now(), snapshotIds: ['gw1.snap-1', 'gw1.snap-2'] }), clock.now(), 'cloud-a');
    expect(follow.type).toBe('alert.update');
    expect(follow.page).toBeUndefined();
    expect(follow.alert).toMatchObject({ id: first.alert.id, count: 1, lastAt: first.alert.lastAt, snapshotIds: ['gw1.snap-1', 'gw1.snap-2'] });
    // the same follow-up delivered twice (at-least-once) changes nothing
    const dup = await raiseAlert(db, input({ atMs: clock.now(), snapshotIds: ['gw1.snap-2'] }), clock.now(), 'cloud-a');
    expect(dup.alert).toMatchObject({ count: 1, snapshotIds: ['gw1.snap-1', 'gw1.snap-2'] });
    const pages = await db.selectFrom('alert_pages').select('reason').where('alert_id', '=', first.alert.id).execute();
    expect(pages.map((p) => p.reason)).toEqual(['new']);
    // another forced opening (another cause) is a repeat
    clock.advance(30_000);
    const repeat = await raiseAlert(db, input({ atMs: clock.now(), causeEventId: 'ev-forced-2' }), clock.now(), 'cloud-a');
    expect(repeat.alert).toMatchObject({ count: 2, lastAt: at(clock.now()) });
  });
  it('a follow-up for a repeat (its cause is not the first cause of the alert) merges too, found among the stored events', async () => {
    const { db, clock, input } = await setup(await d.url());
    let seq = 0;
    // As ingest does: the event is stored (data = JSON text), then raised.
    const stored = async (causeEventId: string, snapshotIds: string[] = []): Promise<AlertInput> => {
      const id = newId();
      const data = { key: 'gate-main:door_forced', kind: 'door_forced', severity: 'critical', title: '东门被强行打开', causeEventId, ...(snapshotIds.length ? { snapshotIds } : {}) };
      await db.insertInto('events').values({
        id, compound_id: 'c1', gateway_id: 'gw1', device_id: 'gate-main', seq: ++seq, type: 'alert.raised', occurred_at: at(clock.now()), received_at: at(clock.now()), data: JSON.stringify(data),
      }).execute();
      return input({ atMs: clock.now(), causeEventId, eventId: id, snapshotIds: snapshotIds.map((x) => `gw1.${x}`) });
    };
    const [c1, c2, c3] = [newId(), newId(), newId()];
    const first = await raiseAlert(db, await stored(c1), clock.now(), 'cloud-a');
    clock.advance(20_000);
    const repeat = await raiseAlert(db, await stored(c2), clock.now(), 'cloud-a');
    expect(repeat.alert).toMatchObject({ id: first.alert.id, count: 2 });
    clock.advance(3_000);
    const follow = await raiseAlert(db, await stored(c2, ['snap-9']), clock.now(), 'cloud-a');
    expect(follow.alert).toMatchObject({ id: first.alert.id, count: 2, lastAt: repeat.alert.lastAt, snapshotIds: ['gw1.snap-9'] });
    // a third, new cause is a repeat again
    clock.advance(3_000);
    expect((await raiseAlert(db, await stored(c3), clock.now(), 'cloud-a')).alert.count).toBe(3);
    const pages = await db.selectFrom('alert_pages').select('reason').where('alert_id', '=', first.alert.id).execute();
    expect(pages).toHaveLength(1);
  });
});

describe.each(opsDialects)('one-step work order text ($name)', (d) => {
  it('the description names the incident time in China local time, not raw UTC', async () => {
    const db = await openTestDb(await d.url());
    await seed(db);
    const clock = manualClock('2026-11-24T17:31:47.400Z');
    const { app, ops, as } = await buildOpsApp(db, { clock });
    await ops.onEventsCommitted([event('alert.raised', { key: 'gate-main:forced', kind: 'door_forced', severity: 'critical', title: '东门被强行打开' }, { occurredAt: '2026-11-24T17:31:47.400Z' })]);
    const [a] = ((await app.inject({ url: '/api/alerts', headers: await as('g1') })).json() as { alerts: Alert[] }).alerts;
    const res = await app.inject({ method: 'POST', url: `/api/incidents/${a!.incidentId}/work-order`, headers: await as('g1'), payload: { category: 'gate_fault' } });
    expect(res.statusCode).toBe(201);
    const w = res.json() as WorkOrder;
    expect(w.description).toContain('2026-11-25 01:31');
    expect(w.description).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('chinaLocalTime formats Asia/Shanghai YYYY-MM-DD HH:mm and leaves junk as it is', () => {
    expect(chinaLocalTime('2026-11-24T17:31:47.400Z')).toBe('2026-11-25 01:31');
    expect(chinaLocalTime('2026-12-31T16:00:00.000Z')).toBe('2027-01-01 00:00');
    expect(chinaLocalTime('2026-03-02T00:05:00.000Z')).toBe('2026-03-02 08:05');
    expect(chinaLocalTime('not a time')).toBe('not a time');
  });
});
