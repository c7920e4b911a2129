/**
 * The guard's alert desk: the alert center's alerts sorted by severity then time, filters by
 * compound, severity and status, one-tap and bulk acknowledge, resolve with a note, and the
 * screen kept awake while the desk is open.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import type { Alert, AlertSeverity } from '../../api/types.js';
import { useCompounds, useDevices } from '../../components/use-directory.js';
import { ErrorLine, Loading } from '../../components/ui.js';
import { LiveBanner } from '../../components/LiveBanner.js';
import { useWakeLock } from '../../components/use-wake-lock.js';
import { useI18n } from '../../i18n/i18n.js';
import { gateOpenRoles } from '../../nav.js';
import { activeStatuses, sortForDesk } from './alert-store.js';
import { AlertDeskView } from './AlertDeskView.js';
import { AlertCenterProvider, useAlertBookStatus, useAlertCenter, useAlerts, useAudioState } from '../alert-center/AlertCenter.js';

type StatusFilter = 'active' | 'new' | 'acknowledged' | 'resolved' | 'all';
const severities: readonly AlertSeverity[] = ['critical', 'high', 'medium', 'low'];
const RESOLVED_PAGE = 500;
/** Acknowledgements sent at once when acknowledging many. */
const BULK_PARALLEL = 4;

/** The desk inside the alert center (the shell provides one; standalone renders get their own). */
export default function AlertDeskPage() {
  return useAlertCenter() ? <AlertDesk /> : (
    <AlertCenterProvider>
      <AlertDesk />
    </AlertCenterProvider>
  );
}

function AlertDesk() {
  const typed = useTypedApi();
  const { session } = useSession();
  const center = useAlertCenter()!;
  const { t, tx } = useI18n();
  const alerts = useAlerts();
  const book = useAlertBookStatus();
  const audio = useAudioState();
  const wake = useWakeLock(true);
  const [compound, setCompound] = useState('');
  const [severity, setSeverity] = useState<'' | AlertSeverity>('');
  const [status, setStatus] = useState<StatusFilter>('active');
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<unknown>(null);
  const canAct = gateOpenRoles.includes(session!.user.role);
  const wantResolved = status === 'resolved' || status === 'all';

  // Resolved alerts only when asked for: a guard's desk is about what is still open.
  // Loaded once per session into the cache; later changes come through the alert center's live merge.
  const resolved = useQuery({
    queryKey: queryKeys.resolvedAlerts,
    enabled: wantResolved,
    queryFn: async () => (await must(typed.GET('/api/alerts', { params: { query: { status: 'resolved', limit: RESOLVED_PAGE } } }))).alerts,
  });
  useEffect(() => {
    if (resolved.data) center.book.merge(resolved.data);
  }, [resolved.data, center.book]);
  const compounds = useCompounds();
  // Names and quick-action targets; a desk without them still works (ids, no quick actions).
  const devices = useDevices();

  const compoundNames = useMemo(() => new Map((compounds.data ?? []).map((c) => [c.id, c.name])), [compounds.data]);
  const sorted = useMemo(() => sortForDesk(alerts.values()), [alerts]);
  const visible = useMemo(
    () =>
      sorted.filter(
        (a) =>
          (!compound || a.compoundId === compound) &&
          (!severity || a.severity === severity) &&
          (status === 'all' || (status === 'active' ? activeStatuses.has(a.status) : a.status === status)),
      ),
    [sorted, compound, severity, status],
  );
  const compoundOptions = useMemo(() => {
    const ids = new Set<string>(compoundNames.keys());
    for (const a of sorted) ids.add(a.compoundId);
    return [...ids].map((id) => ({ id, name: compoundNames.get(id) ?? id }));
  }, [sorted, compoundNames]);
  const selectable = useMemo(() => visible.filter((a) => a.status === 'new'), [visible]);
  const chosen = selectable.filter((a) => selected.has(a.id));

  const mark = (ids: readonly string[], on: boolean) =>
    setBusy((b) => {
      const n = new Set(b);
      for (const id of ids) if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  // Both answer with the alert as it now is.
  const ack = useCallback((alertId: string) => must(typed.POST('/api/alerts/{alertId}/ack', { params: { path: { alertId } } })), [typed]);
  const resolve = useCallback(
    (alertId: string, note: string) => must(typed.POST('/api/alerts/{alertId}/resolve', { params: { path: { alertId } }, body: { note } })),
    [typed],
  );
  const act = useCallback(
    async (id: string, send: () => Promise<Alert>) => {
      setActionError(null);
      mark([id], true);
      try {
        center.book.merge([await send()]);
      } catch (e) {
        setActionError(e);
      } finally {
        mark([id], false);
      }
    },
    [center.book],
  );
  const onAck = useCallback((id: string) => void act(id, () => ack(id)), [act, ack]);
  const onResolve = useCallback((id: string, note: string) => void act(id, () => resolve(id, note)), [act, resolve]);
  const onSelect = useCallback(
    (id: string, on: boolean) =>
      setSelected((s) => {
        const n = new Set(s);
        if (on) n.add(id);
        else n.delete(id);
        return n;
      }),
    [],
  );

  async function ackMany(list: readonly Alert[]) {
    setActionError(null);
    const ids = list.map((a) => a.id);
    mark(ids, true);
    const failures: unknown[] = [];
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        try {
          center.book.merge([await ack(id)]);
        } catch (e) {
          failures.push(e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BULK_PARALLEL, ids.length) }, worker));
    mark(ids, false);
    setSelected(new Set());
    if (failures.length) setActionError(failures[0]);
  }

  return (
    <div className="page alert-desk">
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
          {t('alerts.filterSeverity')}
          <select value={severity} onChange={(e) => setSeverity(e.target.value as '' | AlertSeverity)} data-testid="alert-filter-severity">
            <option value="">{t('common.all')}</option>
            {severities.map((s) => (
              <option key={s} value={s}>
                {tx('severity', s)}
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
          aria-pressed={center.sound}
          data-audio={audio}
          onClick={() => center.setSound(!center.sound)}
        >
          {!center.sound ? t('alerts.soundOff') : audio === 'blocked' ? t('alerts.soundBlocked') : t('alerts.soundOn')}
        </button>
        <span className="muted small" data-testid="wake-lock" data-state={wake}>
          {wake === 'on' ? t('alerts.awake') : ''}
        </span>
      </div>
      {canAct && selectable.length > 0 && (
        <div className="toolbar bulk-bar">
          <label className="check">
            <input
              type="checkbox"
              checked={chosen.length === selectable.length}
              onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((a) => a.id)) : new Set())}
              data-testid="alert-select-all"
            />
            {t('alerts.selectAll', { n: selectable.length })}
          </label>
          <button type="button" className="btn btn-primary" disabled={chosen.length === 0} onClick={() => void ackMany(chosen)} data-testid="alert-ack-selected">
            {t('alerts.ackSelected', { n: chosen.length })}
          </button>
        </div>
      )}
      <ErrorLine error={actionError} />
      <ErrorLine error={book.error ?? resolved.error} onRetry={book.error ? center.reload : () => void resolved.refetch()} />
      {book.loading && alerts.size === 0 ? (
        <Loading />
      ) : (
        <AlertDeskView
          alerts={visible}
          compoundNames={compoundNames}
          devices={devices.data}
          canAct={canAct}
          onAck={onAck}
          onResolve={onResolve}
          busy={busy}
          selected={selected}
          onSelect={onSelect}
        />
      )}
    </div>
  );
}
