// fixed-dates-ok: pure China-day arithmetic on given instants; nothing here compares them with the real clock.
/**
 * GET /api/overview: one call for 一屏观全域. Real app and SQLite (demo seed): the caller's
 * compounds only, alerts by severity, overdue orders, events since 00:00 China time, problem
 * compounds first.
 */
import { describe, expect, it } from 'vitest';
import { overviewResponse } from '@yardguard/firmware-config';
import { bearer, buildTestCloud } from '../helpers/cloud.js';
import { chinaDayStart, compareSummaries } from '../../src/overview/routes.js';

describe('overview', () => {
  it('China day start: midnight UTC+8, either side of UTC midnight', () => {
    // 2026-03-01 23:30 UTC is 07:30 on 2 March in Beijing: the day started at 1 March 16:00 UTC
    expect(new Date(chinaDayStart(Date.parse('2026-03-01T23:30:00Z'))).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    // 2026-03-01 15:59 UTC is 23:59 on 1 March in Beijing
    expect(new Date(chinaDayStart(Date.parse('2026-03-01T15:59:00Z'))).toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });

  it('one call: the caller\'s compounds with alerts, orders, events today; problems first', async () => {
    const cloud = await buildTestCloud();
    const { small, large } = cloud.demo.compounds;
    const now = Date.now();
    const iso = (ms: number) => new Date(now + ms).toISOString();
    const alert = (id: string, compoundId: string, severity: string, status: string) => ({
      id, compound_id: compoundId, gateway_id: null, device_id: null, key: `k-${id}`, kind: 'door_forced', severity, title: '门被强行打开', source: 'edge', status,
      count: 1, first_at: iso(-60_000), last_at: iso(-60_000), cause_event_id: null, snapshot_ids: '[]', incident_id: null, assignee_id: null, escalation_level: 0,
      retriggers: 0, acknowledged_by: null, acknowledged_at: null, resolved_by: null, resolved_at: null, resolve_note: null, created_at: iso(-60_000), updated_at: iso(-60_000),
    });
    const cols = Object.keys(alert('x', small, 'low', 'new'));
    const existing = await cloud.db.selectFrom('alerts').selectAll().limit(1).execute();
    // insert only the columns the table has (the schema may grow)
    const tableCols = existing[0] ? Object.keys(existing[0]) : cols;
    const pick = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => tableCols.includes(k)));
    for (const a of [alert('a1', large, 'critical', 'new'), alert('a2', large, 'high', 'acknowledged'), alert('a3', small, 'low', 'new'), alert('a4', small, 'critical', 'resolved')]) {
      await cloud.db.insertInto('alerts').values(pick(a) as never).execute();
    }
    const manager = await cloud.login('manager');
    const res = await cloud.app.inject({ method: 'GET', url: '/api/overview', headers: bearer(manager) });
    expect(res.statusCode, res.body).toBe(200);
    const body = overviewResponse.parse(res.json());
    expect(body.compounds.map((c) => c.compoundId).sort()).toEqual([small, large].sort());
    const l = body.compounds.find((c) => c.compoundId === large)!;
    const s = body.compounds.find((c) => c.compoundId === small)!;
    expect(l.openAlerts).toEqual({ critical: 1, high: 1, medium: 0, low: 0, unacknowledged: 1 });
    expect(s.openAlerts).toEqual({ critical: 0, high: 0, medium: 0, low: 1, unacknowledged: 1 });
    expect(l.problems[0]).toBe('critical_alert');
    expect(body.compounds[0]!.compoundId).toBe(large);
    expect(Date.parse(body.dayStartsAt)).toBe(chinaDayStart(Date.parse(body.at)));

    // a guard sees only their compound; a resident may not call it
    const guard = await cloud.login('guard1');
    const g = overviewResponse.parse((await cloud.app.inject({ method: 'GET', url: '/api/overview', headers: bearer(guard) })).json());
    expect(g.compounds.map((c) => c.compoundId)).toEqual([small]);
    const resident = await cloud.login('resident1');
    expect((await cloud.app.inject({ method: 'GET', url: '/api/overview', headers: bearer(resident) })).statusCode).toBe(403);
  });

  it('orders problem compounds: critical alert, then gateway offline, then overdue orders, then none', () => {
    const base = { gateways: [], devicesOnline: 0, devicesTotal: 0, openAlerts: { critical: 0, high: 0, medium: 0, low: 0, unacknowledged: 0 }, openOrders: 0, overdueOrders: 0, eventsToday: 0, onDuty: [] };
    const list = [
      { ...base, compoundId: 'a', name: '甲院', problems: [] },
      { ...base, compoundId: 'b', name: '乙院', problems: ['overdue_orders' as const] },
      { ...base, compoundId: 'c', name: '丙院', problems: ['gateway_offline' as const] },
      { ...base, compoundId: 'd', name: '丁院', problems: ['critical_alert' as const, 'gateway_offline' as const] },
    ];
    expect([...list].sort(compareSummaries).map((c) => c.compoundId)).toEqual(['d', 'c', 'b', 'a']);
  });
});
