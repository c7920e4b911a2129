/**
 * The demo's month (npm start): generated relative to now, so it reads as a believable month any
 * day: orders moved by their real actors, mostly on time, callbacks mostly satisfied, care and the
 * notice boards in place; seeding twice changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/seed-demo.js';
import { figuresFor } from '../../src/reports/store.js';
import { openTestDb } from './db.js';

describe('demo month', () => {
  it('a street, one company, two communities, a month of orders with callbacks, care and notices', async () => {
    const db = await openTestDb();
    const demo = await seedDemo(db);
    const compounds = [demo.compounds.small, demo.compounds.large];
    const org = await db.selectFrom('compounds').innerJoin('companies', 'companies.id', 'compounds.company_id')
      .select(['compounds.community', 'companies.street_id']).where('compounds.id', 'in', compounds).execute();
    expect(new Set(org.map((o) => o.street_id)).size).toBe(1);
    expect(new Set(org.map((o) => o.community)).size).toBe(2);
    const teams = await db.selectFrom('users').select('team').distinct().where('team', 'is not', null).execute();
    expect(teams.map((t) => t.team).sort()).toEqual(['cleaning', 'finance', 'repairs', 'security', 'service']);

    const orders = await db.selectFrom('work_orders').select(['id', 'stage', 'created_at']).execute();
    expect(orders.length).toBeGreaterThan(40);
    const spanDays = (Date.now() - Math.min(...orders.map((o) => Date.parse(o.created_at)))) / 86_400_000;
    expect(spanDays).toBeGreaterThan(28);
    expect(orders.some((o) => o.stage !== 'verified')).toBe(true);
    // Every move by its actor in the default flow.
    const moves = await db.selectFrom('work_order_history').innerJoin('users', 'users.id', 'work_order_history.by_user_id')
      .select(['work_order_history.to_stage', 'users.role']).execute();
    const rolesOf = (stage: string) => [...new Set(moves.filter((m) => m.to_stage === stage).map((m) => m.role))].sort();
    expect(rolesOf('dispatched')).toEqual(['grid_leader']);
    expect(rolesOf('supervised')).toEqual(['committee']);
    expect(rolesOf('verified')).toEqual(['community']);
    const verified = orders.filter((o) => o.stage === 'verified').length;
    expect(await db.selectFrom('callbacks').select('id').execute()).toHaveLength(verified);

    // The last 30 days read like the districts' figures: mostly on time, mostly satisfied.
    const now = new Date(Date.now() + 8 * 3_600_000);
    const month = now.toISOString().slice(0, 7);
    const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const [a, b] = [await figuresFor(db, compounds, month), await figuresFor(db, compounds, prev)];
    const closed = a.closed + b.closed;
    expect(closed).toBeGreaterThan(30);
    expect((a.closedOnTime + b.closedOnTime) / closed).toBeGreaterThan(0.8);
    const answered = a.callbacks.answered + b.callbacks.answered;
    expect((a.callbacks.satisfied + b.callbacks.satisfied) / answered).toBeGreaterThan(0.85);

    expect(await db.selectFrom('care_households').select(['label', 'last_activity_kind']).execute()).toEqual([{ label: '2号楼1单元101', last_activity_kind: 'check_in' }]);
    expect(await db.selectFrom('notice_versions').select('compound_id').execute()).toHaveLength(2);

    const counts = async () => [
      (await db.selectFrom('work_orders').select('id').execute()).length, (await db.selectFrom('callbacks').select('id').execute()).length,
      (await db.selectFrom('notice_versions').select('id').execute()).length, (await db.selectFrom('users').select('id').execute()).length,
    ];
    const before = await counts();
    await seedDemo(db);
    expect(await counts()).toEqual(before);
  });
});
