/**
 * Charts from the cloud's time series (GET /api/compounds/:id/charts/*, InfluxDB behind it), turned
 * into bars. Returns null when the cloud has no time series (`enabled: false`, 404, 503): the page
 * then computes the same charts from the event list (series.ts).
 */
import { must, type TypedApi } from '../../api/typed.js';
import type { EventsPerHourChart, GateOpensChart } from '../../api/types.js';
import type { Bar } from './BarChart.js';
import { chinaDayLabel, chinaHourLabel, type Range } from './series.js';

export interface ChartSet {
  events: Bar[];
  alarms: Bar[];
  methods: { method: string; value: number }[];
  uptime: { deviceId: string; pct: number }[];
}

const hourLabel = (iso: string) => chinaHourLabel(Date.parse(iso));
const dayLabel = (iso: string) => chinaDayLabel(Date.parse(iso));

/** Hourly buckets folded into days for the 7 and 30 day ranges. */
export function eventsBars(chart: EventsPerHourChart, range: Range): Bar[] {
  if (range === '24h') return chart.buckets.map((b) => ({ label: hourLabel(b.time), value: b.count }));
  const days = new Map<string, number>();
  for (const b of chart.buckets) days.set(dayLabel(b.time), (days.get(dayLabel(b.time)) ?? 0) + b.count);
  return [...days].map(([label, value]) => ({ label, value }));
}

export function methodTotals(chart: GateOpensChart): { method: string; value: number }[] {
  const m = new Map<string, number>();
  for (const s of chart.stats) if (s.result === 'ok') m.set(s.method, (m.get(s.method) ?? 0) + s.count);
  return [...m].sort((a, b) => b[1] - a[1]).map(([method, value]) => ({ method, value }));
}

export async function loadCloudCharts(api: TypedApi, compoundId: string, from: string, to: string, range: Range): Promise<ChartSet | null> {
  const path = { compoundId };
  const params = { path, query: { from, to } };
  // The alarm chart always shows at least a week of days.
  const alarmFrom = range === '24h' ? new Date(Date.parse(to) - 7 * 86_400_000).toISOString() : from;
  try {
    const [events, alarms, opens, uptime] = await Promise.all([
      must(api.GET('/api/compounds/{compoundId}/charts/events-per-hour', { params })),
      must(api.GET('/api/compounds/{compoundId}/charts/alarms-per-day', { params: { path, query: { from: alarmFrom, to } } })),
      must(api.GET('/api/compounds/{compoundId}/charts/gate-opens', { params })),
      must(api.GET('/api/compounds/{compoundId}/charts/device-uptime', { params })),
    ]);
    if (!events.enabled) return null;
    return {
      events: eventsBars(events, range),
      alarms: alarms.days.map((d) => ({ label: dayLabel(d.time), value: d.alerts })),
      methods: methodTotals(opens),
      uptime: uptime.devices.map((d) => ({ deviceId: d.deviceId, pct: Math.round(d.uptimeRatio * 1000) / 10 })).sort((a, b) => a.pct - b.pct),
    };
  } catch {
    return null;
  }
}
