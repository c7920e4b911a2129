/** 一屏观全域: every compound with gateway and device state, open alerts, today's events and who is on duty. */
import { useMemo, useRef } from 'react';
import type { AlertList, DeviceList, EventList, GatewayList, OnDutyResponse } from '../../api/types.js';
import { useLiveMessages } from '../../api/use-live.js';
import { ErrorLine, Loading, StateBadge } from '../../components/ui.js';
import { LiveBanner } from '../../components/LiveBanner.js';
import { useFetch } from '../../components/use-fetch.js';
import { useInterval } from '../../components/use-interval.js';
import { useDirectory } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatAgo } from '../../format.js';
import { href } from '../../router.js';

/** Today's events are counted from the event list, up to this many per compound. */
const EVENTS_CAP = 1000;

/** Promise.all with at most `limit` calls in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function startOfToday(now = new Date()): string {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

export default function Overview() {
  const { t } = useI18n();
  const dir = useDirectory();
  const ids = dir.compounds.map((c) => c.id).join(',');
  const gateways = useFetch(async (a) => (await a.get<GatewayList>('/api/gateways')).gateways, []);
  const devices = useFetch(async (a) => (await a.get<DeviceList>('/api/devices')).devices, []);
  const alerts = useFetch(async (a) => (await a.get<AlertList>('/api/alerts', { status: 'new,acknowledged', limit: 500 })).alerts, []);
  const perCompound = useFetch(
    async (a) => {
      const since = startOfToday();
      // A few compounds at a time: a company can have hundreds.
      const rows = await mapLimit(dir.compounds, 4, async (c) => {
          const [ev, duty] = await Promise.all([
            a.get<EventList>('/api/events', { compoundId: c.id, limit: EVENTS_CAP }).catch(() => ({ events: [] })),
            a.get<OnDutyResponse>(`/api/compounds/${encodeURIComponent(c.id)}/on-duty`).catch(() => ({ at: '', guards: [] })),
          ]);
          const today = ev.events.filter((e) => e.occurredAt >= since).length;
          return [c.id, { eventsToday: today, capped: ev.events.length >= EVENTS_CAP && today === ev.events.length, onDuty: duty.guards }] as const;
      });
      return new Map(rows);
    },
    [ids],
  );

  // Gateway liveness is measured by acks: it changes without a live message.
  useInterval(() => (gateways.reload(), devices.reload()), 15_000);
  // Live alerts change the open counts: refetch at most every few seconds.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveMessages((m) => {
    if (!m.type.startsWith('alert.') || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      alerts.reload();
      gateways.reload();
    }, 2000);
  });

  const now = Date.now();
  const cards = useMemo(
    () =>
      dir.compounds.map((c) => {
        const gws = (gateways.data ?? []).filter((g) => g.compoundId === c.id);
        const devs = (devices.data ?? []).filter((d) => d.compoundId === c.id && d.kind !== 'gateway');
        const open = (alerts.data ?? []).filter((a) => a.compoundId === c.id);
        return {
          c,
          gws,
          devsOnline: devs.filter((d) => d.online).length,
          devsTotal: devs.length,
          open: open.length,
          critical: open.filter((a) => a.severity === 'critical' || a.severity === 'high').length,
          extra: perCompound.data?.get(c.id),
        };
      }),
    [dir.compounds, gateways.data, devices.data, alerts.data, perCompound.data],
  );

  return (
    <div className="page">
      <LiveBanner />
      <div className="toolbar">
        <h1>{t('overview.title')}</h1>
        <span className="muted">{t('overview.compounds', { n: dir.compounds.length })}</span>
      </div>
      <ErrorLine error={gateways.error ?? devices.error ?? alerts.error} onRetry={() => (gateways.reload(), devices.reload(), alerts.reload())} />
      {dir.compounds.length === 0 && gateways.loading ? <Loading /> : null}
      <div className="grid" data-testid="overview-grid">
        {cards.map(({ c, gws, devsOnline, devsTotal, open, critical, extra }) => (
          <a key={c.id} className={`card compound-card ${critical ? 'has-critical' : ''}`} href={href('compounds', c.id)} data-testid="compound-card" data-compound-id={c.id}>
            <h2>{c.name}</h2>
            <dl className="kv">
              <dt>{t('overview.gateway')}</dt>
              <dd>
                {gws.length === 0 ? (
                  <StateBadge state="pending" />
                ) : (
                  gws.map((g) => (
                    <span key={g.id} title={g.name ?? g.id}>
                      <StateBadge state={g.alive ? 'online' : 'offline'} /> <span className="muted">{formatAgo(g.lastAckAt ?? undefined, now, t)}</span>{' '}
                    </span>
                  ))
                )}
              </dd>
              <dt>{t('overview.devices')}</dt>
              <dd className={devsOnline < devsTotal ? 'breach-tag' : ''}>{t('overview.devicesOnline', { online: devsOnline, total: devsTotal })}</dd>
              <dt>{t('overview.openAlerts')}</dt>
              <dd data-testid="compound-open-alerts" className={critical ? 'breach-tag' : ''}>
                {open}
              </dd>
              <dt>{t('overview.eventsToday')}</dt>
              <dd>{extra ? `${extra.eventsToday}${extra.capped ? '+' : ''}` : '…'}</dd>
              <dt>{t('overview.onDuty')}</dt>
              <dd>{extra ? (extra.onDuty.length ? extra.onDuty.map((g) => `${g.displayName ?? g.userId}（${g.postName}）`).join('、') : t('overview.nobodyOnDuty')) : '…'}</dd>
            </dl>
          </a>
        ))}
      </div>
    </div>
  );
}
