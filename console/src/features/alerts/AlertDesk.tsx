/** The guard's alert desk: initial load + live updates, compound/status filters, one-tap ack and resolve, a beep for high priority. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../api/client.js';
import { useApi } from '../../api/session.js';
import { useLiveMessages } from '../../api/use-live.js';
import type { Alert, AlertList, CompoundList } from '../../api/types.js';
import { ErrorLine, Loading } from '../../components/ui.js';
import { LiveBanner } from '../../components/LiveBanner.js';
import { useFetch } from '../../components/use-fetch.js';
import { useI18n } from '../../i18n/i18n.js';
import { activeStatuses, alertFromLive, mergeAlerts, sortNewestFirst, type AlertMap } from './alert-store.js';
import { AlertDeskView } from './AlertDeskView.js';
import { beep, unlockAudio } from './beep.js';

type StatusFilter = 'active' | 'new' | 'acknowledged' | 'resolved' | 'all';
const SOUND_KEY = 'yg.sound';
/** The desk keeps up to this many alerts; the API pages 500 at a time. */
const MAX_ALERTS = 5000;
const PAGE = 500;

/** Page backwards through /api/alerts (`before` = the previous page's nextBefore). */
export async function loadAlerts(api: ApiClient, status: string, max = MAX_ALERTS): Promise<Alert[]> {
  const out: Alert[] = [];
  let before: string | null = null;
  do {
    const page: AlertList = await api.get<AlertList>('/api/alerts', { status, limit: PAGE, before });
    out.push(...page.alerts);
    before = page.alerts.length === PAGE ? page.nextBefore : null;
  } while (before && out.length < max);
  return out;
}

function readSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

export default function AlertDesk() {
  const api = useApi();
  const { t, tx } = useI18n();
  const [alerts, setAlerts] = useState<AlertMap>(new Map());
  const alertsRef = useRef(alerts);
  alertsRef.current = alerts;
  const pendingRef = useRef<Alert[]>([]);
  const flushRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [compound, setCompound] = useState('');
  const [status, setStatus] = useState<StatusFilter>('active');
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<unknown>(null);
  const [sound, setSound] = useState(readSound);
  const wantResolved = status === 'resolved' || status === 'all';

  const loaded = useFetch(
    async (a) => {
      const list = await loadAlerts(a, 'new,acknowledged');
      setAlerts((prev) => mergeAlerts(prev, list));
      return list.length;
    },
    [],
  );
  // Resolved alerts only when asked for: a guard's desk is about what is still open.
  const resolved = useFetch(
    async (a) => {
      if (!wantResolved) return 0;
      const list = await loadAlerts(a, 'resolved', PAGE);
      setAlerts((prev) => mergeAlerts(prev, list));
      return list.length;
    },
    [wantResolved],
  );
  const compounds = useFetch(async (a) => (await a.get<CompoundList>('/api/compounds')).compounds, []);
  useLiveMessages((m) => {
    const got = alertFromLive(m);
    if (!got) return;
    const { alert, isNew } = got;
    if (sound && isNew && !alertsRef.current.has(alert.id) && !pendingRef.current.some((p) => p.id === alert.id) && (alert.severity === 'critical' || alert.severity === 'high')) {
      beep(alert.severity);
    }
    // A burst (a storm of door events) is merged once per 50 ms, not re-sorted per message.
    pendingRef.current.push(alert);
    if (!flushRef.current) {
      flushRef.current = setTimeout(() => {
        flushRef.current = null;
        const batch = pendingRef.current;
        pendingRef.current = [];
        setAlerts((prev) => mergeAlerts(prev, batch));
      }, 50);
    }
  });
  useEffect(() => () => void (flushRef.current && clearTimeout(flushRef.current)), []);

  const compoundNames = useMemo(() => new Map((compounds.data ?? []).map((c) => [c.id, c.name])), [compounds.data]);
  const sorted = useMemo(() => sortNewestFirst(alerts.values()), [alerts]);
  const visible = useMemo(
    () =>
      sorted.filter(
        (a) => (!compound || a.compoundId === compound) && (status === 'all' || (status === 'active' ? activeStatuses.has(a.status) : a.status === status)),
      ),
    [sorted, compound, status],
  );
  const compoundOptions = useMemo(() => {
    const ids = new Set<string>(compoundNames.keys());
    for (const a of sorted) ids.add(a.compoundId);
    return [...ids].map((id) => ({ id, name: compoundNames.get(id) ?? id }));
  }, [sorted, compoundNames]);

  const act = useCallback(
    async (id: string, action: 'ack' | 'resolve') => {
      setActionError(null);
      setBusy((b) => new Set(b).add(id));
      try {
        const updated = await api.post<Alert>(`/api/alerts/${encodeURIComponent(id)}/${action}`, {});
        setAlerts((prev) => mergeAlerts(prev, [updated]));
      } catch (e) {
        setActionError(e);
      } finally {
        setBusy((b) => {
          const n = new Set(b);
          n.delete(id);
          return n;
        });
      }
    },
    [api],
  );
  const onAck = useCallback((id: string) => void act(id, 'ack'), [act]);
  const onResolve = useCallback((id: string) => void act(id, 'resolve'), [act]);

  return (
    <div className="page alert-desk" onClick={unlockAudio}>
      <LiveBanner />
      <div className="toolbar">
        <h1>{t('alerts.title')}</h1>
        <span className="muted" data-testid="alert-count">
          {t('alerts.count', { n: visible.length })}
        </span>
        <label>
          {t('alerts.filterCompound')}
          <select value={compound} onChange={(e) => setCompound(e.target.value)} data-testid="alert-filter-compound">
            <option value="">{t('common.all')}</option>
            {compoundOptions.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.filterStatus')}
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} data-testid="alert-filter-status">
            <option value="active">{t('alerts.unresolved')}</option>
            <option value="new">{tx('alertStatus', 'new')}</option>
            <option value="acknowledged">{tx('alertStatus', 'acknowledged')}</option>
            <option value="resolved">{tx('alertStatus', 'resolved')}</option>
            <option value="all">{t('common.all')}</option>
          </select>
        </label>
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="alert-sound"
          aria-pressed={sound}
          onClick={() => {
            unlockAudio();
            const next = !sound;
            setSound(next);
            try {
              localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
            } catch {
              // not persisted in private mode
            }
          }}
        >
          {sound ? t('alerts.soundOn') : t('alerts.soundOff')}
        </button>
      </div>
      <ErrorLine error={actionError} />
      <ErrorLine error={loaded.error ?? resolved.error} onRetry={loaded.error ? loaded.reload : resolved.reload} />
      {loaded.loading && alerts.size === 0 ? (
        <Loading />
      ) : (
        <AlertDeskView alerts={visible} compoundNames={compoundNames} onAck={onAck} onResolve={onResolve} busy={busy} />
      )}
    </div>
  );
}
