/** The guard's alert desk: initial load + live updates, compound/status filters, one-tap ack and resolve, a beep for high priority. */
import { useCallback, useMemo, useRef, useState } from 'react';
import { listOf } from '../../api/client.js';
import { toAlert, toCompound } from '../../api/normalize.js';
import { useApi } from '../../api/session.js';
import { useLiveMessages } from '../../api/use-live.js';
import type { AlertView } from '../../api/types.js';
import { ErrorLine, Loading } from '../../components/ui.js';
import { LiveBanner } from '../../components/LiveBanner.js';
import { useFetch } from '../../components/use-fetch.js';
import { useI18n } from '../../i18n/i18n.js';
import { activeStatuses, alertsFromLive, mergeAlerts, sortNewestFirst, type AlertMap } from './alert-store.js';
import { AlertDeskView } from './AlertDeskView.js';
import { beep, unlockAudio } from './beep.js';

type StatusFilter = 'active' | 'open' | 'acknowledged' | 'resolved' | 'all';
const SOUND_KEY = 'yg.sound';

export default function AlertDesk() {
  const api = useApi();
  const { t, tx } = useI18n();
  const [alerts, setAlerts] = useState<AlertMap>(new Map());
  const alertsRef = useRef(alerts);
  alertsRef.current = alerts;
  const [compound, setCompound] = useState('');
  const [status, setStatus] = useState<StatusFilter>('active');
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<unknown>(null);
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) !== 'off');

  const loaded = useFetch(async (a) => {
    const body = await a.get<unknown>('/api/alerts', { limit: 5000 });
    const list = listOf<unknown>(body, 'alerts').map(toAlert);
    setAlerts((prev) => mergeAlerts(prev, list));
    return list.length;
  }, []);
  const compounds = useFetch(async (a) => listOf<unknown>(await a.get('/api/compounds'), 'compounds').map(toCompound), []);

  useLiveMessages((m) => {
    const { alerts: incoming, isNew } = alertsFromLive(m);
    if (incoming.length === 0) return;
    if (sound && isNew) {
      const known = alertsRef.current;
      const loud = incoming.find((a) => !known.has(a.id) && (a.severity === 'critical' || a.severity === 'high'));
      if (loud) beep(loud.severity as 'critical' | 'high');
    }
    setAlerts((prev) => mergeAlerts(prev, incoming));
  });

  const compoundNames = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of compounds.data ?? []) m.set(c.id, c.name);
    return m;
  }, [compounds.data]);

  const sorted = useMemo(() => sortNewestFirst(alerts.values()), [alerts]);
  const visible = useMemo(
    () =>
      sorted.filter(
        (a) =>
          (!compound || a.compoundId === compound) &&
          (status === 'all' || (status === 'active' ? activeStatuses.has(String(a.status)) : a.status === status)),
      ),
    [sorted, compound, status],
  );
  const compoundOptions = useMemo(() => {
    const ids = new Set<string>(compoundNames.keys());
    for (const a of sorted) ids.add(a.compoundId);
    return [...ids].filter(Boolean).map((id) => ({ id, name: compoundNames.get(id) ?? id }));
  }, [sorted, compoundNames]);

  const act = useCallback(
    async (id: string, action: 'ack' | 'resolve') => {
      setActionError(null);
      setBusy((b) => new Set(b).add(id));
      try {
        const body = await api.post<unknown>(`/api/alerts/${encodeURIComponent(id)}/${action}`, {});
        const fromServer = body && typeof body === 'object' && 'id' in body ? toAlert((body as { alert?: unknown }).alert ?? body) : null;
        const nextStatus = action === 'ack' ? 'acknowledged' : 'resolved';
        setAlerts((prev) => mergeAlerts(prev, [{ ...(fromServer ?? (prev.get(id) as AlertView)), status: fromServer?.status ?? nextStatus }]));
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
            <option value="active">{tx('alertStatus', 'open')}</option>
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
            setSound((s) => {
              localStorage.setItem(SOUND_KEY, s ? 'off' : 'on');
              return !s;
            });
          }}
        >
          {sound ? t('alerts.soundOn') : t('alerts.soundOff')}
        </button>
      </div>
      <ErrorLine error={actionError} />
      <ErrorLine error={loaded.error} onRetry={loaded.reload} />
      {loaded.loading && alerts.size === 0 ? (
        <Loading />
      ) : (
        <AlertDeskView alerts={visible} compoundNames={compoundNames} onAck={onAck} onResolve={onResolve} busy={busy} />
      )}
    </div>
  );
}
