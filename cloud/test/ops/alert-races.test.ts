/**
 * Alert state changes racing each other on PostgreSQL (READ COMMITTED, several instances). Each race
 * is played deterministically: a second connection holds the competing change open at the point
 * where the race matters, then commits. SQLite has one writer, so these interleavings cannot occur there.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { startPostgres, type PostgresServer } from '@yardguard/test/servers';
import { iso, manualClock } from '../../src/alerts/clock.js';
import { fireDueTimers } from '../../src/alerts/escalation.js';
import { acknowledgeAlert, raiseAlert } from '../../src/alerts/store.js';
import type { AlertInput } from '../../src/alerts/sources.js';
import { openTestDb, seed } from './db.js';

let server: PostgresServer | undefined;
beforeAll(async () => {
  if (!process.env.YG_TEST_SKIP_POSTGRES) server = await startPostgres({ database: 'yg_ops_races' });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

let n = 0;
async function fresh() {
  const database = `races_${++n}`;
  await sql.raw(`CREATE DATABASE ${database}`).execute(await openTestDb(server!.url));
  const url = server!.url.replace(/\/[^/]*$/, `/${database}`);
  const db = await openTestDb(url);
  await seed(db);
  // The competing instance, with a transaction we hold open.
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  onTestFinished(() => other.end());
  const clock = manualClock('2026-03-02T00:00:00.000Z');
  const input = (): AlertInput => ({
    compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gw1.gate-main', key: 'gw1.gate-main:forced', kind: 'door_forced', severity: 'critical',
    title: '东门被强行打开', source: 'edge', causeEventId: null, snapshotIds: [], atMs: clock.now(),
  });
  return { db, other, clock, input };
}

/** Resolves once `promise` is blocked on a lock (it has not settled after a while), so the interleaving is the one we mean. */
const stillPending = async (promise: Promise<unknown>, ms = 500): Promise<boolean> =>
  Promise.race([promise.then(() => false, () => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);

describe.skipIf(!!process.env.YG_TEST_SKIP_POSTGRES)('alert races on PostgreSQL', () => {
  it('an acknowledgement racing a resolve cannot reopen the alert or re-arm its timer', async () => {
    const { db, other, clock, input } = await fresh();
    const { alert } = await raiseAlert(db, input(), clock.now(), 'a');
    await other.query('BEGIN');
    await other.query(`UPDATE alerts SET status = 'resolved', resolved_by = 'g2', resolved_at = $2 WHERE id = $1`, [alert.id, iso(clock.now())]);
    await other.query('DELETE FROM alert_timers WHERE alert_id = $1', [alert.id]);
    const ack = acknowledgeAlert(db, alert.id, 'g1', clock.now());
    ack.catch(() => undefined);
    expect(await stillPending(ack)).toBe(true);
    await other.query('COMMIT');
    await expect(ack).rejects.toThrow(/already resolved/);
    const row = await db.selectFrom('alerts').select(['status', 'acknowledged_by']).where('id', '=', alert.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'resolved', acknowledged_by: null });
    expect(await db.selectFrom('alert_timers').select('id').where('alert_id', '=', alert.id).execute()).toEqual([]);
  });

  it('a repeat folding into an alert being resolved raises a new alert instead of vanishing', async () => {
    const { db, other, clock, input } = await fresh();
    const first = await raiseAlert(db, input(), clock.now(), 'a');
    clock.advance(5000);
    await other.query('BEGIN');
    await other.query(`UPDATE alerts SET status = 'resolved', resolved_at = $2 WHERE id = $1`, [first.alert.id, iso(clock.now())]);
    const repeat = raiseAlert(db, input(), clock.now(), 'a');
    repeat.catch(() => undefined);
    expect(await stillPending(repeat)).toBe(true);
    await other.query('COMMIT');
    const change = await repeat;
    expect(change.type).toBe('alert.new');
    expect(change.alert.id).not.toBe(first.alert.id);
    expect(change.alert).toMatchObject({ status: 'new', count: 1 });
    const rows = await db.selectFrom('alerts').select(['id', 'status', 'count']).orderBy('created_at').orderBy('status').execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['new', 'resolved']);
    expect(rows.find((r) => r.id === first.alert.id)?.count).toBe(1);
  });

  it('an escalation timer firing while an acknowledgement holds the alert: no deadlock, no escalation of the acknowledged alert', async () => {
    const { db, other, clock, input } = await fresh();
    const { alert } = await raiseAlert(db, input(), clock.now(), 'a');
    clock.advance(3_600_000); // the escalation timer is due
    // The ack, as acknowledgeAlert runs it: the alert row first ...
    await other.query('BEGIN');
    await other.query(`UPDATE alerts SET status = 'acknowledged', acknowledged_by = 'g1', acknowledged_at = $2 WHERE id = $1 AND status = 'new'`, [alert.id, iso(clock.now())]);
    const fire = fireDueTimers(db, 'a', clock.now());
    fire.catch(() => undefined);
    expect(await stillPending(fire)).toBe(true);
    // ... then its timers (re-armed as a retrigger). A timer fired in the other lock order would deadlock here.
    await other.query('DELETE FROM alert_timers WHERE alert_id = $1', [alert.id]);
    await other.query(`INSERT INTO alert_timers (id, alert_id, purpose, due_at) VALUES ('t-retrigger', $1, 'retrigger', $2)`, [alert.id, iso(clock.now() + 600_000)]);
    await other.query('COMMIT');
    expect(await fire).toEqual([]);
    const row = await db.selectFrom('alerts').select(['status', 'escalation_level']).where('id', '=', alert.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'acknowledged', escalation_level: 0 });
    expect(await db.selectFrom('alert_timers').select(['id', 'purpose']).where('alert_id', '=', alert.id).execute()).toEqual([{ id: 't-retrigger', purpose: 'retrigger' }]);
    expect(await db.selectFrom('alert_pages').select('reason').where('alert_id', '=', alert.id).execute()).toEqual([{ reason: 'new' }]);
  });
});
