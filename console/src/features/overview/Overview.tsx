/**
 * 一屏观全域: every compound at a glance from ONE cloud call (`GET /api/overview`), compounds with
 * problems first (critical alert, gateway offline, overdue orders, devices offline), updated live
 * (alert messages, and every 15 s for gateway liveness, which changes without a message). A wall
 * mode (`#/overview?wall=1`) for the control-room screen: full screen, dark, large type.
 */
import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CompoundSummary } from '../../api/types.js';
import { useLiveMessages } from '../../api/use-live.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { ErrorLine, Loading, StateBadge } from '../../components/ui.js';
import { LiveBanner } from '../../components/LiveBanner.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { href, navigate, useRoute } from '../../router.js';

const REFRESH_MS = 15_000;
/** Live alerts change the counts: one refetch per burst. */
const LIVE_DEBOUNCE_MS = 1500;

export default function Overview() {
  const { t, tx, lang } = useI18n();
  const route = useRoute();
  const wall = route.query.get('wall') === '1';
  const api = useTypedApi();
  const cache = useQueryClient();
  const data = useQuery({ queryKey: queryKeys.overview, queryFn: () => must(api.GET('/api/overview')), refetchInterval: REFRESH_MS });
  const reload = () => void data.refetch();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveMessages((m) => {
    if (!(m.type.startsWith('alert.') || m.type.startsWith('incident.')) || pending.current) return;
    // A burst of alerts marks the summary stale once; the cache refetches it while the page shows it.
    pending.current = setTimeout(() => {
      pending.current = null;
      void cache.invalidateQueries({ queryKey: queryKeys.overview });
    }, LIVE_DEBOUNCE_MS);
  });
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);

  // Wall mode: the whole page dark and large; full screen on request (browsers need a gesture).
  useEffect(() => {
    document.documentElement.classList.toggle('wall', wall);
    return () => document.documentElement.classList.remove('wall');
  }, [wall]);
  const enterWall = () => {
    navigate('/overview?wall=1');
    void document.documentElement.requestFullscreen?.().catch(() => {});
  };
  const leaveWall = () => {
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => {});
    navigate('/overview');
  };

  const compounds = data.data?.compounds ?? [];
  const withProblems = compounds.filter((c) => c.problems.length > 0).length;
  return (
    <div className={`page overview ${wall ? 'wall-screen' : ''}`} data-testid="overview" data-wall={wall}>
      <LiveBanner />
      <div className="toolbar">
        <h1>{t('overview.title')}</h1>
        <span className="muted">{t('overview.compounds', { n: compounds.length })}</span>
        <span className={withProblems ? 'breach-tag' : 'ok'} data-testid="overview-problems">
          {withProblems ? t('overview.withProblems', { n: withProblems }) : t('overview.allWell')}
        </span>
        {data.data && <span className="muted">{t('overview.updated', { time: formatTime(data.data.at, lang) })}</span>}
        {wall ? (
          <button type="button" className="btn" onClick={leaveWall} data-testid="wall-exit">
            {t('overview.wallExit')}
          </button>
        ) : (
          <button type="button" className="btn" onClick={enterWall} data-testid="wall-enter">
            {t('overview.wall')}
          </button>
        )}
      </div>
      <ErrorLine error={data.error} onRetry={reload} />
      {data.isPending ? <Loading /> : null}
      <div className="grid" data-testid="overview-grid">
        {compounds.map((c) => (
          <CompoundCard key={c.compoundId} c={c} t={t} tx={tx} />
        ))}
      </div>
    </div>
  );
}

function CompoundCard({ c, t, tx }: { c: CompoundSummary; t: ReturnType<typeof useI18n>['t']; tx: ReturnType<typeof useI18n>['tx'] }) {
  const open = c.openAlerts.critical + c.openAlerts.high + c.openAlerts.medium + c.openAlerts.low;
  const live = c.gateways.filter((g) => !g.revoked);
  return (
    <a
      className={`card compound-card ${c.problems.length ? `problem problem-${c.problems[0]}` : ''} ${c.openAlerts.critical ? 'has-critical' : ''}`}
      href={href('compounds', c.compoundId)}
      data-testid="compound-card"
      data-compound-id={c.compoundId}
      data-problems={c.problems.join(' ')}
    >
      <h2>{c.name}</h2>
      {c.problems.length > 0 && (
        <p className="problems" data-testid="compound-problems">
          {c.problems.map((p) => (
            <span key={p} className="badge state-offline">
              {tx('problem', p)}
            </span>
          ))}
        </p>
      )}
      <dl className="kv">
        <dt>{t('overview.gateway')}</dt>
        <dd>
          {live.length === 0 ? (
            <StateBadge state="pending" />
          ) : (
            live.map((g) => (
              <span key={g.id} title={g.name ?? g.id}>
                <StateBadge state={g.alive ? 'online' : 'offline'} />{' '}
              </span>
            ))
          )}
        </dd>
        <dt>{t('overview.devices')}</dt>
        <dd className={c.devicesOnline < c.devicesTotal ? 'breach-tag' : ''}>{t('overview.devicesOnline', { online: c.devicesOnline, total: c.devicesTotal })}</dd>
        <dt>{t('overview.openAlerts')}</dt>
        <dd data-testid="compound-open-alerts" className={c.openAlerts.critical || c.openAlerts.high ? 'breach-tag' : ''}>
          {open}
          {c.openAlerts.critical > 0 && ` · ${tx('severity', 'critical')} ${c.openAlerts.critical}`}
          {c.openAlerts.unacknowledged > 0 && ` · ${t('overview.unacked', { n: c.openAlerts.unacknowledged })}`}
        </dd>
        <dt>{t('overview.orders')}</dt>
        <dd className={c.overdueOrders ? 'breach-tag' : ''} data-testid="compound-orders">
          {t('overview.ordersOpen', { n: c.openOrders })}
          {c.overdueOrders > 0 && ` · ${t('overview.ordersOverdue', { n: c.overdueOrders })}`}
        </dd>
        <dt>{t('overview.eventsToday')}</dt>
        <dd>{c.eventsToday}</dd>
        <dt>{t('overview.onDuty')}</dt>
        <dd>{c.onDuty.length ? c.onDuty.map((g) => `${g.displayName ?? '—'}（${g.postName}）`).join('、') : t('overview.nobodyOnDuty')}</dd>
      </dl>
    </a>
  );
}
