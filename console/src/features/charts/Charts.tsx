/** Charts with a time-range picker: events per hour, alarms per day, gate opens by method, device uptime. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Alert, AlertList, StoredEvent } from '../../api/types.js';
import { must, useTypedApi, type TypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useDirectory } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';
import { BarChart } from './BarChart.js';
import { alarmsPerDay, deviceUptime, eventsPerHour, gateOpensByMethod, rangeMs, type Range } from './series.js';
import { loadCloudCharts, type ChartSet } from './cloud-series.js';

const MAX_EVENTS = 5000;

async function eventsSince(api: TypedApi, compoundId: string, since: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let before: string | undefined;
  for (;;) {
    const page = (await must(api.GET('/api/events', { params: { query: { compoundId: compoundId || undefined, before, limit: 1000 } } }))).events;
    out.push(...page.filter((e) => e.occurredAt >= since));
    const last = page[page.length - 1];
    if (page.length < 1000 || !last || last.occurredAt < since || out.length >= MAX_EVENTS) return out;
    before = last.occurredAt;
  }
}

async function alertsSince(api: TypedApi, compoundId: string, since: string): Promise<Alert[]> {
  const out: Alert[] = [];
  let before: string | null = null;
  do {
    const page: AlertList = await must(api.GET('/api/alerts', { params: { query: { compoundId: compoundId || undefined, before: before ?? undefined, limit: 500 } } }));
    out.push(...page.alerts.filter((a) => a.createdAt >= since));
    const last = page.alerts[page.alerts.length - 1];
    before = page.alerts.length === 500 && last && last.createdAt >= since ? page.nextBefore : null;
  } while (before && out.length < MAX_EVENTS);
  return out;
}

export default function Charts() {
  const { t, tx } = useI18n();
  const dir = useDirectory();
  const [range, setRange] = useState<Range>('24h');
  const [picked, setPicked] = useState<string | null>(null);
  // One compound by default (the cloud's charts are per compound); '' = all, from the event list.
  const compound = picked ?? dir.compounds[0]?.id ?? '';
  const api = useTypedApi();
  const data = useQuery({
    queryKey: queryKeys.charts(compound, range),
    enabled: picked !== null || dir.compounds.length > 0,
    queryFn: async (): Promise<ChartSet & { source: 'cloud' | 'events'; names: Map<string, string> }> => {
      const now = Date.now();
      const from = new Date(now - rangeMs[range]).toISOString();
      const to = new Date(now).toISOString();
      // Devices by name, not id: the uptime chart is read by managers, not installers.
      const names = must(api.GET('/api/devices', { params: { query: { compoundId: compound || undefined } } })).then(
        (l) => new Map(l.devices.map((dv) => [dv.id, dv.name ?? dv.deviceId])),
        () => new Map<string, string>(),
      );
      const cloud = compound ? await loadCloudCharts(api, compound, from, to, range) : null;
      if (cloud) return { ...cloud, source: 'cloud', names: await names };
      const since = new Date(now - Math.max(rangeMs[range], rangeMs['7d'])).toISOString();
      const [events, alerts] = await Promise.all([eventsSince(api, compound, from), alertsSince(api, compound, since)]);
      return {
        source: 'events',
        names: await names,
        events: eventsPerHour(events, range, now),
        alarms: alarmsPerDay(alerts, range, now),
        methods: gateOpensByMethod(events),
        uptime: deviceUptime(events, range, now),
      };
    },
  });
  const d = data.data;
  const eventsTitle = range === '24h' ? t('charts.eventsPerHour') : t('charts.eventsPerDay');
  return (
    <div className="page">
      <div className="toolbar">
        <h1>{t('charts.title')}</h1>
        <div className="row" role="group" aria-label={t('charts.range')} data-testid="chart-range">
          {(['24h', '7d', '30d'] as const).map((r) => (
            <button key={r} type="button" className={`btn ${r === range ? 'btn-primary' : ''}`} aria-pressed={r === range} onClick={() => setRange(r)}>
              {t(`charts.range${r}`)}
            </button>
          ))}
        </div>
        <select value={compound} onChange={(e) => setPicked(e.target.value)} aria-label={t('wo.compound')} data-testid="chart-compound">
          {dir.compounds.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
          <option value="">{t('common.all')}</option>
        </select>
        {d && (
          <span className="muted" data-testid="chart-source" data-source={d.source}>
            {d.source === 'cloud' ? t('charts.fromSeries') : t('charts.fromEvents')}
          </span>
        )}
      </div>
      <ErrorLine error={data.error} onRetry={() => void data.refetch()} />
      {data.isPending || !d ? (
        <Loading />
      ) : (
        <div className="grid">
          <Card title={eventsTitle}>
            <BarChart bars={d.events} title={eventsTitle} labelHeader={range === '24h' ? t('charts.colHour') : t('charts.colDay')} testId="chart-events" labelEvery={range === '30d' ? 5 : range === '24h' ? 3 : 1} />
          </Card>
          <Card title={t('charts.alarmsPerDay')}>
            <BarChart bars={d.alarms} title={t('charts.alarmsPerDay')} labelHeader={t('charts.colDay')} testId="chart-alarms" labelEvery={range === '30d' ? 5 : 1} />
          </Card>
          <Card title={t('charts.gateOpensByMethod')}>
            <BarChart bars={d.methods.map((m) => ({ label: tx('method', m.method), value: m.value }))} title={t('charts.gateOpensByMethod')} labelHeader={t('charts.colMethod')} testId="chart-methods" />
          </Card>
          <Card title={t('charts.deviceUptime')}>
            <BarChart
              bars={d.uptime.slice(0, 20).map((u) => ({ label: d.names.get(u.deviceId) ?? u.deviceId.split('.').pop() ?? u.deviceId, value: u.pct }))}
              title={t('charts.deviceUptime')}
              labelHeader={t('charts.colDevice')}
              unit="%"
              testId="chart-uptime"
            />
          </Card>
        </div>
      )}
    </div>
  );
}
