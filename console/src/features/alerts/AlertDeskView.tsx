/**
 * The guard's alert list: a pure view over alerts (the data lives in the alert center). Each card
 * has what a guard needs to decide: the snapshot (tap to enlarge), device and compound by name,
 * China time, the escalation countdown, one-tap actions where the role allows, acknowledge, and
 * resolve with a short note. Rows are measured, so a card may grow (snapshot, resolve form).
 */
import { memo, useEffect, useMemo, useState } from 'react';
import type { Alert, Device } from '../../api/types.js';
import { escalationDeadline } from './alert-store.js';
import { useI18n } from '../../i18n/i18n.js';
import { VirtualList } from '../../components/VirtualList.js';
import { AuthImage } from '../../components/AuthImage.js';
import { Lightbox } from '../../components/Lightbox.js';
import { formatCountdown, formatTime } from '../../format.js';
import { href } from '../../router.js';
import { QuickActions, quickTargets } from './QuickActions.js';

/** Expected card height before measuring (phone cards are taller: buttons under the text). */
export const ALERT_ROW_ESTIMATE = 120;

export interface AlertDeskViewProps {
  alerts: readonly Alert[];
  compoundNames: ReadonlyMap<string, string>;
  onAck(id: string): void;
  onResolve(id: string, note: string): void;
  busy?: ReadonlySet<string>;
  /** Devices by id (names, and the targets of quick actions). */
  devices?: readonly Device[];
  /** The role may acknowledge/resolve and use quick actions (admin, manager, guard). */
  canAct?: boolean;
  selected?: ReadonlySet<string>;
  onSelect?(id: string, on: boolean): void;
}

/** One clock for all visible rows: a countdown re-renders twenty rows a second, not five thousand. */
function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(id);
  }, [periodMs]);
  return now;
}

/** Short notes a guard taps instead of typing. */
const quickNotes = ['alertCard.noteFalse', 'alertCard.noteHandled', 'alertCard.notePolice'] as const;

interface RowProps {
  alert: Alert;
  compoundName: string;
  deviceName: string | null;
  devices: readonly Device[];
  now: number;
  busy: boolean;
  canAct: boolean;
  selected: boolean;
  onAck(id: string): void;
  onResolve(id: string, note: string): void;
  onSelect?(id: string, on: boolean): void;
}

const AlertRow = memo(function AlertRow({ alert: a, compoundName, deviceName, devices, now, busy, canAct, selected, onAck, onResolve, onSelect }: RowProps) {
  const { t, tx, lang } = useI18n();
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const [enlarged, setEnlarged] = useState<number | null>(null);
  const [extraSnaps, setExtraSnaps] = useState<string[]>([]);
  const deadline = escalationDeadline(a);
  const escalateIn = deadline === null ? null : deadline - now;
  const unresolved = a.status !== 'resolved';
  const snaps = [...extraSnaps.filter((s) => !a.snapshotIds.includes(s)), ...a.snapshotIds].map((id) => `/api/snapshots/${encodeURIComponent(id)}`);
  const when = formatTime(a.lastAt, lang);
  const caption = `${deviceName ?? a.deviceId ?? ''} · ${when}`;
  return (
    <article
      className={`alert-row sev-${a.severity} status-${a.status}`}
      data-testid="alert-row"
      data-alert-id={a.id}
      data-status={a.status}
      data-severity={a.severity}
    >
      {canAct && onSelect && a.status === 'new' && (
        <input type="checkbox" className="alert-select" checked={selected} onChange={(e) => onSelect(a.id, e.target.checked)} aria-label={t('alertCard.select')} data-testid="alert-select" />
      )}
      {snaps.length > 0 && (
        <button type="button" className="alert-thumb" onClick={() => setEnlarged(0)} aria-label={t('alertCard.enlarge')} data-testid="alert-snapshot">
          <AuthImage path={snaps[0]!} alt={caption} />
          {snaps.length > 1 && <span className="thumb-count">{snaps.length}</span>}
        </button>
      )}
      <div className="alert-main">
        <span className="alert-kind">
          <span className={`sev-pill sev-${a.severity}`}>{tx('severity', a.severity)}</span> {tx('alertKind', a.kind)} · {tx('alertStatus', String(a.status))}
        </span>
        <strong className="alert-title">{a.title || tx('alertKind', a.kind)}</strong>
        <span className="alert-where" data-testid="alert-where">
          {compoundName}
          {deviceName && ` · ${deviceName}`}
        </span>
        <span className="alert-meta">
          <time dateTime={a.lastAt} data-testid="alert-time">
            {when}
          </time>
          {a.count > 1 && ` ×${a.count}`}
          {a.assigneeName && ` · ${a.assigneeName}`}
          {escalateIn !== null && (
            <span className={`countdown ${escalateIn <= 60_000 ? 'urgent' : ''}`} data-testid="alert-countdown">
              {' · '}
              {escalateIn > 0 ? t('alerts.escalatesIn', { time: formatCountdown(escalateIn) }) : t('alerts.escalated')}
            </span>
          )}
          {a.escalationLevel > 0 && ` · ${t('alerts.level', { n: a.escalationLevel })}`}
          {a.incidentId && (
            <>
              {' · '}
              <a href={href('incidents', a.incidentId)}>{t('alerts.openIncident')}</a>
            </>
          )}
          {a.resolveNote && ` · ${t('alertCard.note')}: ${a.resolveNote}`}
        </span>
        {canAct && unresolved && <QuickActions targets={quickTargets(a.deviceId, a.gatewayId, devices)} onSnapshot={(id) => setExtraSnaps((s) => [id, ...s])} />}
        {resolving && (
          <form
            className="resolve-form"
            data-testid="alert-resolve-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!note.trim()) return;
              onResolve(a.id, note.trim());
            }}
          >
            <span className="row">
              {quickNotes.map((k) => (
                <button key={k} type="button" className="btn btn-small" onClick={() => setNote(t(k))}>
                  {t(k)}
                </button>
              ))}
            </span>
            <textarea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('alertCard.notePlaceholder')}
              maxLength={500}
              rows={2}
              required
              data-testid="alert-resolve-note"
              aria-label={t('alertCard.note')}
            />
            <span className="row">
              <button type="submit" className="btn btn-primary btn-small" disabled={busy || !note.trim()} data-testid="alert-resolve-confirm">
                {t('alerts.resolve')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setResolving(false)}>
                {t('common.cancel')}
              </button>
            </span>
          </form>
        )}
      </div>
      {canAct && (
        <div className="alert-actions">
          {a.status === 'new' && (
            <button type="button" className="btn btn-primary" data-testid="alert-ack" disabled={busy} onClick={() => onAck(a.id)}>
              {t('alerts.ack')}
            </button>
          )}
          {unresolved && !resolving && (
            <button type="button" className="btn" data-testid="alert-resolve" disabled={busy} onClick={() => setResolving(true)}>
              {t('alerts.resolve')}
            </button>
          )}
        </div>
      )}
      {enlarged !== null && <Lightbox paths={snaps} start={enlarged} caption={caption} onClose={() => setEnlarged(null)} />}
    </article>
  );
});

const noDevices: readonly Device[] = [];

export function AlertDeskView({ alerts, compoundNames, onAck, onResolve, busy, devices = noDevices, canAct = true, selected, onSelect }: AlertDeskViewProps) {
  const { t } = useI18n();
  const now = useNow();
  const names = useMemo(() => new Map(devices.map((d) => [d.id, d.name ?? d.deviceId])), [devices]);
  if (alerts.length === 0) return <p className="muted empty">{t('alerts.empty')}</p>;
  return (
    <VirtualList
      items={alerts}
      estimateHeight={ALERT_ROW_ESTIMATE}
      getKey={(a) => a.id}
      testId="alert-list"
      className="alert-list"
      renderRow={(a) => (
        <AlertRow
          alert={a}
          compoundName={compoundNames.get(a.compoundId) ?? a.compoundId}
          deviceName={a.deviceId ? (names.get(a.deviceId) ?? null) : null}
          devices={devices}
          now={now}
          busy={busy?.has(a.id) ?? false}
          canAct={canAct}
          selected={selected?.has(a.id) ?? false}
          onAck={onAck}
          onResolve={onResolve}
          onSelect={onSelect}
        />
      )}
    />
  );
}
