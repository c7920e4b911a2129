/**
 * Callbacks and the monthly report against a fixture whose figures were computed by hand. Every
 * time comes from the test's manual clock; the month is March 2026 in China time, so orders made
 * on 2026-02-28T16:30Z (00:30 on 1 March in Shanghai) count, and 2026-03-31T16:30Z (1 April) does not.
 *
 * The fixture (step due: 派单 2 h, 接单 4 h, 督单 the category's hours, 验单 48 h):
 *   c1 A rubbish      created 02-28T16:30Z  all steps on time, closed on time      callback 5 by phone
 *   c1 B drain        created 03-10T00:00Z  派单 late, 督单 late, closed late      callback 3 by phone
 *   c1 F rubbish      created 02-28T15:30Z (February)  派单 at 02-28T16:45Z (March, on time)
 *   c1 G parking      created 03-20T00:00Z  all on time                            callback unreachable x3
 *   c1 H rubbish      created 03-25T00:00Z  all on time                            callback 4 by phone
 *   c2 C roof leak    created 03-15T02:00Z  验单 late (step), closed on time       resident rates 4 in the app
 *   c2 D rubbish      created 03-31T15:00Z (March)  派单 at 03-31T16:10Z (April)
 *   c2 E rubbish      created 03-31T16:30Z (April)
 * Alerts: c1 03-05 ack 60 s resolve 600 s; c1 03-06 ack 120 s; c2 02-28T15:59Z (February); c2 03-31T15:59:59Z not acked.
 */
import { describe, expect, it } from 'vitest';
import type { Callback, MonthlyReportRow, WorkOrder } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import { acknowledgeAlert, raiseAlert, resolveAlert } from '../../src/alerts/store.js';
import { placeCompound, upsertCompany, upsertStreet } from '../../src/governance/store.js';
import { openTestDb, seed } from './db.js';
import { buildOpsApp } from './app.js';

const H = 3_600_000;

async function fixture() {
  const db = await openTestDb();
  await seed(db);
  const t0 = '2026-02-01T00:00:00.000Z';
  for (const [id, role] of [['gl2', 'grid_leader'], ['cm2', 'committee'], ['co2', 'community']] as const) {
    await db.insertInto('users').values({ id, username: id, display_name: `${id}主任`, role, password_hash: 'x', lease_ends_on: null, disabled: 0, created_at: t0 }).execute();
    await db.insertInto('user_compounds').values({ user_id: id, compound_id: 'c2' }).execute();
  }
  // s1 is customer service (客服保障) for both compounds of the company.
  await db.updateTable('users').set({ team: 'service', phone: '13838001005' }).where('id', '=', 's1').execute();
  await db.insertInto('user_compounds').values({ user_id: 's1', compound_id: 'c2' }).execute();
  await db.updateTable('users').set({ phone: '13903710001' }).where('id', '=', 'r1').execute();
  await upsertStreet(db, 'ddj', '东大街街道', t0);
  await upsertCompany(db, { id: 'east', name: '东区红色物业', streetId: 'ddj' }, t0);
  await placeCompound(db, 'c1', 'east', '和兴社区');
  await placeCompound(db, 'c2', 'east', '建设路社区');
  const clock = manualClock(t0);
  const ops = await buildOpsApp(db, { clock });
  const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await ops.app.inject({ method, url, headers: await ops.as(who), ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${who} ${method} ${url} -> ${res.statusCode} ${res.body}`);
    return res.json() as unknown;
  };
  const at = (iso: string, plusH = 0) => clock.set(new Date(Date.parse(iso) + plusH * H).toISOString());
  const people = { c1: { resident: 'r1', grid: 'gl1', worker: 's1', committee: 'cm1', community: 'co1' }, c2: { resident: 'r2', grid: 'gl2', worker: 'x1', committee: 'cm2', community: 'co2' } };
  /** An order created at `created`, each move made `h` hours after creation (undefined: not made). */
  const order = async (compound: 'c1' | 'c2', category: string, created: string, h: { dispatch?: number; accept?: number; supervise?: number; verify?: number }) => {
    const p = people[compound];
    at(created);
    const w = await call(p.resident, 'POST', '/api/work-orders', { compoundId: compound, category, title: `${category} ${created}` }) as WorkOrder;
    const steps = [['dispatched', h.dispatch, p.grid, { assigneeId: p.worker }], ['accepted', h.accept, p.worker, {}], ['supervised', h.supervise, p.committee, {}], ['verified', h.verify, p.community, {}]] as const;
    for (const [to, after, who, extra] of steps) {
      if (after === undefined) break;
      at(created, after);
      await call(who, 'POST', `/api/work-orders/${w.id}/transition`, { to, ...extra });
    }
    return w;
  };
  const A = await order('c1', 'rubbish', '2026-02-28T16:30:00.000Z', { dispatch: 1, accept: 2, supervise: 10, verify: 12 });
  const B = await order('c1', 'blocked_drain', '2026-03-10T00:00:00.000Z', { dispatch: 3, accept: 4, supervise: 30, verify: 31 });
  await order('c1', 'rubbish', '2026-02-28T15:30:00.000Z', { dispatch: 1.25 });
  const G = await order('c1', 'parking', '2026-03-20T00:00:00.000Z', { dispatch: 1, accept: 3, supervise: 5, verify: 6 });
  const Hh = await order('c1', 'rubbish', '2026-03-25T00:00:00.000Z', { dispatch: 1, accept: 2, supervise: 3, verify: 4 });
  const C = await order('c2', 'roof_leak', '2026-03-15T02:00:00.000Z', { dispatch: 1, accept: 3, supervise: 20, verify: 70 });
  await order('c2', 'rubbish', '2026-03-31T15:00:00.000Z', { dispatch: 70 / 60 });
  await order('c2', 'rubbish', '2026-03-31T16:30:00.000Z', {});

  at('2026-04-01T02:00:00.000Z');
  const list = (await call('s1', 'GET', '/api/callbacks?status=pending') as { callbacks: Callback[] }).callbacks;
  const cb = (w: WorkOrder) => list.find((c) => c.workOrderId === w.id)!;
  await call('s1', 'POST', `/api/callbacks/${cb(A).id}`, { outcome: 'answered', satisfaction: 5, result: '很满意' });
  await call('s1', 'POST', `/api/callbacks/${cb(B).id}`, { outcome: 'answered', satisfaction: 3, result: '拖得有点久' });
  for (let i = 0; i < 3; i++) await call('s1', 'POST', `/api/callbacks/${cb(G).id}`, { outcome: 'unreachable' });
  await call('m1', 'POST', `/api/callbacks/${cb(Hh).id}`, { outcome: 'answered', satisfaction: 4 });
  await call('r2', 'POST', `/api/work-orders/${C.id}/rating`, { rating: 4, comment: '修好了' });

  const alert = async (compoundId: string, key: string, iso: string, ackS?: number, resolveS?: number) => {
    at(iso);
    const a = (await raiseAlert(db, { compoundId, gatewayId: null, deviceId: null, key, kind: 'door_forced', severity: 'critical', title: '门被强行打开', source: 'cloud', causeEventId: null, snapshotIds: [], atMs: clock.now() }, clock.now(), 'test')).alert;
    if (ackS !== undefined) await acknowledgeAlert(db, a.id, 'g1', clock.now() + ackS * 1000);
    if (resolveS !== undefined) await resolveAlert(db, a.id, 'g1', null, clock.now() + resolveS * 1000);
  };
  await alert('c1', 'k1', '2026-03-05T00:00:00.000Z', 60, 600);
  await alert('c1', 'k2', '2026-03-06T00:00:00.000Z', 120);
  await alert('c2', 'k3', '2026-02-28T15:59:00.000Z');
  await alert('c2', 'k4', '2026-03-31T15:59:59.000Z');
  return { db, ops, call, list };
}

const step = (moves: number, onTime: number) => ({ moves, onTime, rate: moves ? onTime / moves : null });

describe('callbacks and the monthly report (March 2026, China time)', () => {
  it('the call list, one call each, and the figures per compound, company and street', async () => {
    const { ops, call, list } = await fixture();
    // The call list: 5 orders verified, soonest due first, with the resident's phone.
    expect(list).toHaveLength(5);
    expect(list[0]).toMatchObject({ residentId: 'r1', phone: '13903710001', status: 'pending', workOrderTitle: expect.stringContaining('rubbish') });
    expect((await ops.app.inject({ url: '/api/callbacks', headers: await ops.as('g1') })).statusCode).toBe(403);
    const after = (await call('s1', 'GET', '/api/callbacks') as { callbacks: Callback[] }).callbacks;
    expect(after.map((c) => [c.status, c.channel, c.satisfaction]).sort()).toEqual([
      ['done', 'app', 4], ['done', 'phone', 3], ['done', 'phone', 4], ['done', 'phone', 5], ['unreachable', null, null],
    ].sort());

    const report = async (q: string, who = 'm1') => (await call(who, 'GET', `/api/reports/monthly?month=2026-03&${q}`) as { rows: MonthlyReportRow[] }).rows;
    const [c1] = await report('scope=compound&id=c1');
    expect(c1).toMatchObject({
      cases: 4, closed: 4, closedOnTime: 3, onTimeRate: 0.75, casesPerDay: 0.13,
      steps: { dispatch: step(5, 4), accept: step(4, 4), supervise: step(4, 3), verify: step(4, 4) },
      callbacks: { due: 4, answered: 3, satisfied: 2, unreachable: 1, satisfactionRate: 2 / 3 },
      alerts: { raised: 2, acknowledged: 2, avgAckS: 90, avgResolveS: 600 },
    });
    const [c2] = await report('scope=compound&id=c2', 'm2');
    expect(c2).toMatchObject({
      cases: 2, closed: 1, closedOnTime: 1, onTimeRate: 1,
      steps: { dispatch: step(1, 1), accept: step(1, 1), supervise: step(1, 1), verify: step(1, 0) },
      callbacks: { due: 1, answered: 1, satisfied: 1, unreachable: 0, satisfactionRate: 1 },
      alerts: { raised: 1, acknowledged: 0, avgAckS: null, avgResolveS: null },
    });
    const company = {
      cases: 6, casesPerDay: 0.19, closed: 5, closedOnTime: 4, onTimeRate: 0.8,
      steps: { dispatch: step(6, 5), accept: step(5, 5), supervise: step(5, 4), verify: step(5, 4) },
      callbacks: { due: 5, answered: 4, satisfied: 3, unreachable: 1, satisfactionRate: 0.75 },
      alerts: { raised: 3, acknowledged: 2, avgAckS: 90, avgResolveS: 600 },
    };
    // The admin sees the whole company; the street office the whole street (it is assigned c1 only).
    const [east] = await report('scope=company&id=east', 'a1');
    expect(east).toMatchObject({ ...company, name: '东区红色物业', compoundIds: ['c1', 'c2'], headline: '东区红色物业 2026-03：共 6 件（日均 0.19 件），按时率 80%，回访满意率 75%' });
    const [street] = await report('scope=street', 'st1');
    expect(street).toMatchObject({ ...company, scope: 'street', id: 'ddj', name: '东大街街道', compoundIds: ['c1', 'c2'] });
    // A community officer sees their own compounds only, even in a company report.
    expect((await report('scope=company', 'co1')).map((r) => [r.id, r.compoundIds, r.cases])).toEqual([['east', ['c1'], 4]]);
    expect((await ops.app.inject({ url: '/api/reports/monthly?month=2026-03', headers: await ops.as('g1') })).statusCode).toBe(403);
    // The month before: A was created in March (China time), not February.
    const feb = (await call('m1', 'GET', '/api/reports/monthly?month=2026-02&scope=compound&id=c1') as { rows: MonthlyReportRow[] }).rows[0]!;
    expect(feb).toMatchObject({ cases: 1, closed: 0, steps: { dispatch: step(0, 0) } });

    const csv = await ops.app.inject({ url: '/api/reports/monthly.csv?month=2026-03&scope=company&id=east', headers: await ops.as('a1') });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('满意率 satisfaction');
    expect(lines[1]).toBe('company,east,东区红色物业,2026-03,6,0.19,5,4,0.8,0.8333,1,0.8,0.8,5,4,3,0.75,3,2,90,600');
  });
});
