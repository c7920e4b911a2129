/**
 * Monthly figures for a set of compounds (one compound, a company's, a street's). Month bounds in
 * China time (month.ts). Definitions (cloud/src/reports/README.md):
 * - cases: work orders created in the month; closed / closedOnTime: verified in the month, by the order's due time;
 * - steps: moves made in the month against each step's own due time (history.due_at / on_time);
 * - callbacks: of orders verified in the month; satisfied = 4 or 5; rate = satisfied / answered;
 * - alerts: raised in the month; response = raised -> acknowledged, resolution = raised -> resolved.
 */
import type { Kysely } from 'kysely';
import type { MonthlyReportRow, ReportScope } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import { chinaMonth, percent } from './month.js';

type Db = Kysely<Database>;
type Figures = Omit<MonthlyReportRow, 'scope' | 'id' | 'name' | 'month' | 'compoundIds' | 'headline'>;

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const avg = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length));
const secondsBetween = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 1000;

export async function figuresFor(db: Db, compoundIds: string[], month: string): Promise<Figures> {
  const { from, to, days } = chinaMonth(month);
  const none = compoundIds.length === 0;
  const ids = none ? ['\u0000'] : compoundIds;
  const created = await db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('compound_id', 'in', ids).where('created_at', '>=', from).where('created_at', '<', to).executeTakeFirstOrThrow();
  const closed = await db.selectFrom('work_orders').select(['id', 'sla_breached']).where('compound_id', 'in', ids)
    .where('verified_at', '>=', from).where('verified_at', '<', to).execute();
  const moves = await db.selectFrom('work_order_history').innerJoin('work_orders', 'work_orders.id', 'work_order_history.work_order_id')
    .select(['work_order_history.to_stage', 'work_order_history.on_time'])
    .where('work_orders.compound_id', 'in', ids).where('work_order_history.at', '>=', from).where('work_order_history.at', '<', to)
    .where('work_order_history.on_time', 'is not', null).execute();
  const step = (stage: string) => {
    const m = moves.filter((x) => x.to_stage === stage);
    const onTime = m.filter((x) => x.on_time === 1).length;
    return { moves: m.length, onTime, rate: rate(onTime, m.length) };
  };
  const callbacks = await db.selectFrom('callbacks').select(['status', 'satisfaction']).where('compound_id', 'in', ids)
    .where('verified_at', '>=', from).where('verified_at', '<', to).execute();
  const answered = callbacks.filter((c) => c.status === 'done' && c.satisfaction !== null);
  const satisfied = answered.filter((c) => c.satisfaction! >= 4).length;
  const alerts = await db.selectFrom('alerts').select(['created_at', 'acknowledged_at', 'resolved_at']).where('compound_id', 'in', ids)
    .where('created_at', '>=', from).where('created_at', '<', to).execute();
  const acked = alerts.filter((a) => a.acknowledged_at);
  const cases = Number(created.n);
  const closedOnTime = closed.filter((c) => c.sla_breached === 0).length;
  return {
    cases, casesPerDay: Math.round((cases / days) * 100) / 100, closed: closed.length, closedOnTime, onTimeRate: rate(closedOnTime, closed.length),
    steps: { dispatch: step('dispatched'), accept: step('accepted'), supervise: step('supervised'), verify: step('verified') },
    callbacks: {
      due: callbacks.length, answered: answered.length, satisfied, unreachable: callbacks.filter((c) => c.status === 'unreachable').length,
      satisfactionRate: rate(satisfied, answered.length),
    },
    alerts: {
      raised: alerts.length, acknowledged: acked.length,
      avgAckS: avg(acked.map((a) => secondsBetween(a.created_at, a.acknowledged_at!))),
      avgResolveS: avg(alerts.filter((a) => a.resolved_at).map((a) => secondsBetween(a.created_at, a.resolved_at!))),
    },
  };
}

export function headline(name: string, month: string, f: Figures): string {
  return `${name} ${month}：共 ${f.cases} 件（日均 ${f.casesPerDay} 件），按时率 ${percent(f.onTimeRate)}，回访满意率 ${percent(f.callbacks.satisfactionRate)}`;
}

export interface ReportSubject { scope: ReportScope; id: string; name: string; compoundIds: string[] }

/** The compounds, companies or streets the user sees (each limited to the user's compounds). */
export async function subjectsFor(db: Db, scope: ReportScope, userCompoundIds: string[], id?: string): Promise<ReportSubject[]> {
  if (userCompoundIds.length === 0) return [];
  const rows = await db.selectFrom('compounds').leftJoin('companies', 'companies.id', 'compounds.company_id')
    .leftJoin('streets', 'streets.id', 'companies.street_id')
    .select(['compounds.id', 'compounds.name', 'compounds.company_id', 'companies.name as company_name', 'companies.street_id', 'streets.name as street_name'])
    .where('compounds.id', 'in', userCompoundIds).orderBy('compounds.id').execute();
  const groups = new Map<string, ReportSubject>();
  for (const c of rows) {
    const key = scope === 'compound' ? c.id : scope === 'company' ? c.company_id : c.street_id;
    const name = scope === 'compound' ? c.name : scope === 'company' ? c.company_name : c.street_name;
    if (!key || (id && key !== id)) continue;
    const g = groups.get(key) ?? { scope, id: key, name: name ?? key, compoundIds: [] };
    g.compoundIds.push(c.id);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export async function monthlyRows(db: Db, subjects: ReportSubject[], month: string): Promise<MonthlyReportRow[]> {
  const out: MonthlyReportRow[] = [];
  for (const s of subjects) {
    const f = await figuresFor(db, s.compoundIds, month);
    out.push({ scope: s.scope, id: s.id, name: s.name, month, compoundIds: s.compoundIds, ...f, headline: headline(s.name, month, f) });
  }
  return out;
}
