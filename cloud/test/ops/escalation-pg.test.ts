/** Exactly-once escalation across two instances sharing one PostgreSQL (FOR UPDATE SKIP LOCKED). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startPostgres, type PostgresServer } from '@yardguard/test/servers';
import { claimDue } from '../../src/alerts/claim.js';
import { iso, manualClock } from '../../src/alerts/clock.js';
import { fireDueTimers } from '../../src/alerts/escalation.js';
import { checkGateways } from '../../src/alerts/gateway-check.js';
import { raiseAlert } from '../../src/alerts/store.js';
import { openTestDb, seed } from './db.js';

let pg: PostgresServer;
beforeAll(async () => {
  pg = await startPostgres({ database: 'yg_ops_escalation' });
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

/** A fresh database on the shared server, seeded, opened by two pools (two instances). */
async function twoInstancesOn(database: string) {
  await sql.raw(`CREATE DATABASE ${database}`).execute(await openTestDb(pg.url));
  const url = pg.url.replace(/\/[^/]*$/, `/${database}`);
  const a = await openTestDb(url);
  const b = await openTestDb(url);
  await seed(a);
  return { a, b, clock: manualClock('2026-03-02T00:00:00.000Z') };
}

describe('escalation on PostgreSQL with two instances', () => {
  it('claims are disjoint and every due timer pages exactly once', async () => {
    const a = await openTestDb(pg.url);
    const b = await openTestDb(pg.url); // a second pool = a second instance
    await seed(a);
    const clock = manualClock('2026-03-02T00:00:00.000Z');
    const N = 120;
    for (let i = 0; i < N; i++) {
      await raiseAlert(a, {
        compoundId: 'c2', gatewayId: 'gw2', deviceId: `gw2.d${i}`, key: `gw2:d${i}:door_forced`, kind: 'door_forced', severity: 'critical',
        title: `告警 ${i}`, source: 'edge', causeEventId: null, snapshotIds: [], atMs: clock.now(),
      }, clock.now(), 'seed');
    }
    clock.advance(61_000);
    const now = iso(clock.now());

    // Raw claims from both instances at once, in small slices: no row may be claimed twice.
    const claimLoop = async (db: typeof a, me: string) => {
      const mine: string[] = [];
      for (;;) {
        const rows = await claimDue(db, { table: 'alert_timers', dueColumn: 'due_at', instanceId: me, nowIso: now, leaseExpiredBeforeIso: '1970-01-01T00:00:00.000Z', limit: 7 });
        if (rows.length === 0) return mine;
        mine.push(...rows.map((r) => r.id));
      }
    };
    const [ca, cb] = await Promise.all([claimLoop(a, 'A'), claimLoop(b, 'B')]);
    expect(ca.length + cb.length).toBe(N);
    expect(new Set([...ca, ...cb]).size).toBe(N);
    expect(ca.length).toBeGreaterThan(0);
    expect(cb.length).toBeGreaterThan(0);
    // release the claims, then let both instances fire concurrently
    await a.updateTable('alert_timers').set({ claimed_by: null, claimed_at: null }).execute();

    const fireLoop = async (db: typeof a, me: string) => {
      let fired = 0;
      for (;;) {
        const changes = await fireDueTimers(db, me, clock.now(), 9);
        if (changes.length === 0) return fired;
        fired += changes.length;
      }
    };
    const [fa, fb] = await Promise.all([fireLoop(a, 'A'), fireLoop(b, 'B')]);
    expect(fa + fb).toBe(N);
    const pages = await a.selectFrom('alert_pages').select(['alert_id', 'instance_id']).where('reason', '=', 'escalate').execute();
    expect(pages).toHaveLength(N);
    expect(new Set(pages.map((p) => p.alert_id)).size).toBe(N);
    const levels = await a.selectFrom('alerts').select('escalation_level').execute();
    expect(levels.every((l) => l.escalation_level === 1)).toBe(true);
    // the next timers are armed (one per alert), not due yet
    expect(await a.selectFrom('alert_timers').select('id').where('claimed_by', 'is', null).execute()).toHaveLength(N);
  });

  it('a gateway going silent raises one gateway_offline alert and recovery resolves it once, with both instances checking', async () => {
    const { a, b, clock } = await twoInstancesOn('yg_ops_gwcheck');
    for (let i = 0; i < 20; i++) {
      await a.insertInto('gateways').values({
        id: `gw${i}`, compound_id: 'c1', name: null, public_key: 'k', mqtt_username: `gw${i}`, mqtt_password_hash: 'x', enrolled_at: iso(clock.now()),
        last_ack_at: iso(clock.now()), last_acked_seq: 1, link_state: 'online', link_changed_at: null, config_version: 0, applied_config_version: 0,
        agent_version: null, hw_model: null,
      }).execute();
    }
    await Promise.all([checkGateways(a, clock.now(), 'A'), checkGateways(b, clock.now(), 'B')]);
    clock.advance(46_000);
    const raised = await Promise.all([checkGateways(a, clock.now(), 'A'), checkGateways(b, clock.now(), 'B'), checkGateways(a, clock.now(), 'A2')]);
    expect(raised.flat()).toHaveLength(20);
    expect(await a.selectFrom('alerts').select('id').where('kind', '=', 'gateway_offline').execute()).toHaveLength(20);
    await a.updateTable('gateways').set({ last_ack_at: iso(clock.now()) }).execute();
    const resolved = await Promise.all([checkGateways(a, clock.now(), 'A'), checkGateways(b, clock.now(), 'B')]);
    expect(resolved.flat()).toHaveLength(20);
    expect(await a.selectFrom('alerts').select('id').where('status', '=', 'resolved').execute()).toHaveLength(20);
  });
});

describe('folding on PostgreSQL with two instances', () => {
  it('the same key raised at once on both instances folds into one alert', async () => {
    const { a, b, clock } = await twoInstancesOn('yg_ops_fold');
    const input = {
      compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gw1.gate-main', key: 'gw1:gate-main:door_forced', kind: 'door_forced' as const,
      severity: 'critical' as const, title: '东门被强行打开', source: 'edge' as const, causeEventId: null, snapshotIds: [], atMs: clock.now(),
    };
    const changes = await Promise.all(Array.from({ length: 10 }, (_, i) => raiseAlert(i % 2 ? a : b, input, clock.now(), i % 2 ? 'A' : 'B')));
    expect(changes.filter((c) => c.type === 'alert.new')).toHaveLength(1);
    const rows = await a.selectFrom('alerts').select(['count']).execute();
    expect(rows).toEqual([{ count: 10 }]);
  });
});
