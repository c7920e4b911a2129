/**
 * The lists a manager searches: incidents, work orders and the gate-open audit filter, search and
 * page on the server, the same on SQLite and PostgreSQL, and never reach past the caller's compounds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '@yardguard/firmware-config';
import { dialects, stopPostgres } from '../helpers/dialects.js';
import { bearer, buildTestCloud, type TestCloud } from '../helpers/cloud.js';

afterAll(stopPostgres);

const HOUR = 3_600_000;
// Rows are stamped relative to the moment the test runs: one per hour going back.
const base = Date.now();
const at = (hoursAgo: number) => new Date(base - hoursAgo * HOUR).toISOString();

async function get<T>(cloud: TestCloud, token: string, url: string): Promise<T> {
  const res = await cloud.app.inject({ method: 'GET', url, headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

async function seedIncidents(cloud: TestCloud): Promise<void> {
  const { small, large } = cloud.demo.compounds;
  const rows = [
    { title: '东门被强行打开', kind: 'door_forced', compound: small, hours: 1, status: 'open' as const, severity: 'critical' as const },
    { title: '北门长时间未关', kind: 'door_held', compound: small, hours: 2, status: 'closed' as const, severity: 'medium' as const },
    { title: '一键报警 (100%_test)', kind: 'panic', compound: small, hours: 3, status: 'open' as const, severity: 'critical' as const },
    { title: '东门被强行打开', kind: 'door_forced', compound: large, hours: 4, status: 'open' as const, severity: 'critical' as const },
    { title: '网关离线', kind: 'gateway_offline', compound: small, hours: 30, status: 'open' as const, severity: 'high' as const },
  ];
  for (const r of rows) {
    await cloud.db.insertInto('incidents').values({
      id: newId(), compound_id: r.compound, key: newId(), kind: r.kind, severity: r.severity, title: r.title, gateway_id: null, device_id: 'gate-east',
      status: r.status, alert_count: 1, opened_at: at(r.hours), last_at: at(r.hours), closed_at: null, closed_by: null, close_reason: null, work_order_id: null,
    }).execute();
  }
}

describe.each(dialects)('filtered, paged lists ($name)', (d) => {
  it('incidents: status, severity, search (wildcards taken literally), time range, pages without repeats', async () => {
    const cloud = await buildTestCloud(await d.config());
    await seedIncidents(cloud);
    const guard = await cloud.login('guard1'); // small compound only
    type L = { incidents: { title: string; status: string; compoundId: string }[]; nextBefore: string | null };
    const all = await get<L>(cloud, guard, '/api/incidents');
    expect(all.incidents.map((i) => i.compoundId).every((c) => c === cloud.demo.compounds.small)).toBe(true);
    expect(all.incidents).toHaveLength(4);
    expect(all.nextBefore).toBeNull();

    const search = await get<L>(cloud, guard, `/api/incidents?q=${encodeURIComponent('东门')}`);
    expect(search.incidents.map((i) => i.title)).toEqual(['东门被强行打开']);
    expect((await get<L>(cloud, guard, '/api/incidents?q=DOOR_held')).incidents.map((i) => i.title)).toEqual(['北门长时间未关']);
    // % and _ are text, not wildcards.
    expect((await get<L>(cloud, guard, `/api/incidents?q=${encodeURIComponent('%_')}`)).incidents.map((i) => i.title)).toEqual(['一键报警 (100%_test)']);
    expect((await get<L>(cloud, guard, `/api/incidents?q=${encodeURIComponent('a%b')}`)).incidents).toEqual([]);

    expect((await get<L>(cloud, guard, '/api/incidents?status=closed')).incidents.map((i) => i.title)).toEqual(['北门长时间未关']);
    expect((await get<L>(cloud, guard, '/api/incidents?severity=high')).incidents.map((i) => i.title)).toEqual(['网关离线']);
    // A range given in China time (+08:00) is the same instant as the stored UTC time.
    const from = new Date(base - 24 * HOUR + 8 * HOUR).toISOString().replace('Z', '+08:00');
    const recent = await get<L>(cloud, guard, `/api/incidents?from=${encodeURIComponent(from)}`);
    expect(recent.incidents.map((i) => i.title)).not.toContain('网关离线');
    expect(recent.incidents).toHaveLength(3);

    const page1 = await get<L>(cloud, guard, '/api/incidents?limit=3');
    expect(page1.incidents).toHaveLength(3);
    expect(page1.nextBefore).not.toBeNull();
    const page2 = await get<L>(cloud, guard, `/api/incidents?limit=3&before=${encodeURIComponent(page1.nextBefore!)}`);
    expect(page2.incidents.map((i) => i.title)).toEqual(['网关离线']);
    expect(page2.nextBefore).toBeNull();

    const bad = await cloud.app.inject({ method: 'GET', url: '/api/incidents?from=yesterday', headers: bearer(guard) });
    expect(bad.statusCode).toBe(400);
  });

  it('work orders: open/closed, category, search, creation range, pages; residents still see only their own', async () => {
    const cloud = await buildTestCloud(await d.config());
    const { small } = cloud.demo.compounds;
    const rows = [
      { title: '3号楼下水道堵了', category: 'blocked_drain', stage: 'requested' as const, hours: 1, location: '3号楼', by: 'elder1' },
      { title: '楼道灯不亮', category: 'lighting', stage: 'verified' as const, hours: 2, location: '5号楼2单元', by: 'elder2' },
      { title: '飞线充电', category: 'fire_risk', stage: 'accepted' as const, hours: 50, location: '3号楼北侧', by: 'elder1' },
    ];
    for (const r of rows) {
      await cloud.db.insertInto('work_orders').values({
        id: newId(), compound_id: small, category: r.category, title: r.title, description: null, location: r.location, stage: r.stage,
        requested_by: cloud.demo.users[r.by]!, assignee_id: null, incident_id: null, photo_ids: '[]', created_at: at(r.hours), due_at: at(r.hours - 24),
        dispatched_at: null, accepted_at: null, supervised_at: null, verified_at: r.stage === 'verified' ? at(r.hours - 1) : null, sla_breached: 0,
        rating: null, rating_comment: null, rated_at: null, updated_at: at(r.hours),
      }).execute();
    }
    const manager = await cloud.login('manager');
    type L = { workOrders: { title: string }[]; nextBefore: string | null };
    const titles = async (q: string, token = manager) => (await get<L>(cloud, token, `/api/work-orders?compoundId=${small}&${q}`)).workOrders.map((w) => w.title);
    expect(await titles('status=open')).toEqual(['3号楼下水道堵了', '飞线充电']);
    expect(await titles('status=closed')).toEqual(['楼道灯不亮']);
    expect(await titles('category=fire_risk')).toEqual(['飞线充电']);
    expect(await titles(`q=${encodeURIComponent('3号楼')}`)).toEqual(['3号楼下水道堵了', '飞线充电']);
    expect(await titles(`from=${encodeURIComponent(at(24))}`)).toEqual(['3号楼下水道堵了', '楼道灯不亮']);
    const p1 = await get<L>(cloud, manager, `/api/work-orders?compoundId=${small}&limit=2`);
    expect(p1.workOrders.map((w) => w.title)).toEqual(['3号楼下水道堵了', '楼道灯不亮']);
    expect(await titles(`limit=2&before=${encodeURIComponent(p1.nextBefore!)}`)).toEqual(['飞线充电']);
    const elder = await cloud.login('elder2');
    expect(await titles('', elder)).toEqual(['楼道灯不亮']);
  });

  it('gate-open audit: by gate, user, result and time; paged; a manager never sees another compound', async () => {
    const cloud = await buildTestCloud(await d.config());
    const { small, large } = cloud.demo.compounds;
    const gate = `${cloud.demo.gateways.small}.gate-main`;
    const opens = [
      { gate, user: 'resident1', result: 'ok' as const, hours: 1, compound: small },
      { gate, user: 'guard1', result: 'timeout' as const, hours: 2, compound: small },
      { gate: `${cloud.demo.gateways.small}.gate-side`, user: 'guard1', result: 'ok' as const, hours: 3, compound: small },
      { gate: `${cloud.demo.gateways.large}.gate-north`, user: 'guard2', result: 'ok' as const, hours: 4, compound: large },
    ];
    for (const o of opens) {
      await cloud.db.insertInto('gate_open_audit').values({
        id: newId(), command_id: newId(), compound_id: o.compound, gate_id: o.gate, user_id: cloud.demo.users[o.user]!, username: o.user,
        visitor_pass_id: null, requested_at: at(o.hours), result: o.result, error_code: o.result === 'ok' ? null : 'GATE_TIMEOUT', latency_ms: 120,
      }).execute();
    }
    type L = { opens: { username: string; gateId: string; result: string }[]; nextBefore: string | null };
    const guard = await cloud.login('guard1');
    const mine = await get<L>(cloud, guard, '/api/gate-opens');
    expect(mine.opens.map((o) => o.username)).toEqual(['resident1', 'guard1', 'guard1']);
    const admin = await cloud.login('admin');
    expect((await get<L>(cloud, admin, '/api/gate-opens')).opens).toHaveLength(4);
    expect((await get<L>(cloud, admin, `/api/gate-opens?gateId=${encodeURIComponent(gate)}`)).opens.map((o) => o.username)).toEqual(['resident1', 'guard1']);
    expect((await get<L>(cloud, admin, `/api/gate-opens?userId=${cloud.demo.users.guard1}&result=ok`)).opens.map((o) => o.gateId)).toEqual([`${cloud.demo.gateways.small}.gate-side`]);
    expect((await get<L>(cloud, admin, `/api/gate-opens?from=${encodeURIComponent(at(2.5))}&to=${encodeURIComponent(at(1.5))}`)).opens.map((o) => o.result)).toEqual(['timeout']);
    const p1 = await get<L>(cloud, admin, '/api/gate-opens?limit=3');
    expect(p1.nextBefore).not.toBeNull();
    expect((await get<L>(cloud, admin, `/api/gate-opens?limit=3&before=${encodeURIComponent(p1.nextBefore!)}`)).opens.map((o) => o.username)).toEqual(['guard2']);
    const other = await cloud.app.inject({ method: 'GET', url: `/api/gate-opens?compoundId=${large}`, headers: bearer(guard) });
    expect(other.statusCode).toBe(403);
  });
});
