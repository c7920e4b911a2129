/**
 * GET /api/overview — 一屏观全域 fed by one call: for every compound of the caller, gateway
 * liveness (by acks), devices online, unresolved alerts by severity, open and overdue work orders,
 * events since midnight China time and who is on duty; compounds with problems first.
 * One Fastify plugin; registered with one line in http/api.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { overviewResponse, type CompoundProblem, type CompoundSummary } from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import { currentUser } from '../auth/index.js';
import { toGateway } from '../gateways/routes.js';
import { onDuty } from '../shifts/store.js';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 00:00 in China (UTC+8, no daylight saving) of the day `now` falls in, as a UTC instant. */
export function chinaDayStart(now: number): number {
  const local = now + CHINA_OFFSET_MS;
  return local - (local % 86_400_000) - CHINA_OFFSET_MS;
}

const problemOrder: readonly CompoundProblem[] = ['critical_alert', 'gateway_offline', 'overdue_orders', 'devices_offline'];

/** Worst problem first, then more of them, then the name (zh collation). */
export function compareSummaries(a: CompoundSummary, b: CompoundSummary): number {
  const rank = (s: CompoundSummary) => (s.problems.length ? problemOrder.indexOf(s.problems[0]!) : problemOrder.length);
  return rank(a) - rank(b) || b.problems.length - a.problems.length || a.name.localeCompare(b.name, 'zh-CN');
}

export async function overviewPlugin(api: FastifyInstance, { db, config }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get('/api/overview', {
    schema: { tags: ['compounds'], summary: 'Every compound of mine at a glance, problems first', response: { 200: overviewResponse } },
    config: { auth: { roles: ['admin', 'manager', 'guard', 'installer'], compound: 'scope' } },
  }, async (request) => {
    const ids = currentUser(request).compoundIds;
    const now = Date.now();
    const dayStart = chinaDayStart(now);
    if (ids.length === 0) return { at: new Date(now).toISOString(), dayStartsAt: new Date(dayStart).toISOString(), compounds: [] };
    const nowIso = new Date(now).toISOString();
    const [compounds, gateways, devices, alerts, orders, events] = await Promise.all([
      db.selectFrom('compounds').select(['id', 'name']).where('id', 'in', ids).execute(),
      db.selectFrom('gateways').selectAll().where('compound_id', 'in', ids).execute(),
      db.selectFrom('devices').select(['compound_id', 'online']).where('compound_id', 'in', ids).where('kind', '!=', 'gateway').execute(),
      db.selectFrom('alerts').select(['compound_id', 'severity', 'status']).select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('compound_id', 'in', ids).where('status', 'in', ['new', 'acknowledged']).groupBy(['compound_id', 'severity', 'status']).execute(),
      db.selectFrom('work_orders').select(['compound_id', 'due_at']).where('compound_id', 'in', ids).where('stage', '!=', 'verified').execute(),
      db.selectFrom('events').select('compound_id').select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('compound_id', 'in', ids).where('occurred_at', '>=', new Date(dayStart).toISOString()).groupBy('compound_id').execute(),
    ]);
    const duty = new Map(await Promise.all(compounds.map(async (c) => [c.id, await onDuty(db, c.id, now)] as const)));
    const summaries = compounds.map((c): CompoundSummary => {
      const gws = gateways.filter((g) => g.compound_id === c.id).map((g) => toGateway(g, config.livenessWindowS, now));
      const devs = devices.filter((d) => d.compound_id === c.id);
      const open = { critical: 0, high: 0, medium: 0, low: 0, unacknowledged: 0 };
      for (const a of alerts.filter((x) => x.compound_id === c.id)) {
        const n = Number(a.n);
        open[a.severity] += n;
        if (a.status === 'new') open.unacknowledged += n;
      }
      const wo = orders.filter((o) => o.compound_id === c.id);
      const overdue = wo.filter((o) => o.due_at < nowIso).length;
      const online = devs.filter((d) => d.online === 1 || (d.online as unknown) === true).length;
      const offlineDevices = devs.filter((d) => d.online === 0 || (d.online as unknown) === false).length;
      const liveGateways = gws.filter((g) => !g.revokedAt);
      const problems: CompoundProblem[] = [];
      if (open.critical > 0) problems.push('critical_alert');
      if (liveGateways.length > 0 && liveGateways.some((g) => !g.alive)) problems.push('gateway_offline');
      if (overdue > 0) problems.push('overdue_orders');
      if (offlineDevices > 0) problems.push('devices_offline');
      return {
        compoundId: c.id, name: c.name,
        gateways: gws.map((g) => ({ id: g.id, name: g.name, alive: g.alive, revoked: Boolean(g.revokedAt), ackAgeS: g.ackAgeS })),
        devicesOnline: online, devicesTotal: devs.length, openAlerts: open, openOrders: wo.length, overdueOrders: overdue,
        eventsToday: Number(events.find((e) => e.compound_id === c.id)?.n ?? 0),
        onDuty: (duty.get(c.id) ?? []).map((g) => ({ displayName: g.displayName, postName: g.postName })),
        problems,
      };
    });
    return { at: nowIso, dayStartsAt: new Date(dayStart).toISOString(), compounds: summaries.sort(compareSummaries) };
  });
}
