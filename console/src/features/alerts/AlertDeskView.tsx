/** The guard's alert list: pure view over a list of alerts (the data lives in AlertDesk). */
import { memo, useEffect, useState } from 'react';
import type { Alert } from '../../api/types.js';
import { escalationDeadline } from './alert-store.js';
import { useI18n } from '../../i18n/i18n.js';
import { VirtualList } from '../../components/VirtualList.js';
import { formatCountdown, formatTime } from '../../format.js';
import { href } from '../../router.js';

export const ALERT_ROW_HEIGHT = 92;
/** On phones the buttons go under the text: taller rows. Must match the CSS media query. */
export const ALERT_ROW_HEIGHT_PHONE = 140;
const PHONE_QUERY = '(max-width: 640px)';

function useRowHeight(): number {
  const [phone, setPhone] = useState(() => typeof window.matchMedia === 'function' && window.matchMedia(PHONE_QUERY).matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia(PHONE_QUERY);
    const on = () => setPhone(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return phone ? ALERT_ROW_HEIGHT_PHONE : ALERT_ROW_HEIGHT;
}

export interface AlertDeskViewProps {
  alerts: readonly Alert[];
  compoundNames: ReadonlyMap<string, string>;
  onAck(id: string): void;
  onResolve(id: string): void;
  busy?: ReadonlySet<string>;
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

interface RowProps {
  alert: Alert;
  compoundName: string;
  now: number;
  busy: boolean;
  onAck(id: string): void;
  onResolve(id: string): void;
}

const AlertRow = memo(function AlertRow({ alert: a, compoundName, now, busy, onAck, onResolve }: RowProps) {
  const { t, tx, lang } = useI18n();
  const deadline = escalationDeadline(a);
  const escalateIn = deadline === null ? null : deadline - now;
  const unresolved = a.status !== 'resolved';
  return (
    <article
      className={`alert-row sev-${a.severity} status-${a.status}`}
      data-testid="alert-row"
      data-alert-id={a.id}
      data-status={a.status}
      data-severity={a.severity}
    >
      <div className="alert-main">
        <span className="alert-kind">
          <span className={`sev-pill sev-${a.severity}`}>{tx('severity', a.severity)}</span> {tx('alertKind', a.kind)}
        </span>
        <strong className="alert-title">{a.title || tx('alertKind', a.kind)}</strong>
        <span className="alert-meta">
          {compoundName} · {formatTime(a.lastAt, lang)}
          {a.count > 1 && ` ×${a.count}`} · {tx('alertStatus', String(a.status))}
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
        </span>
      </div>
      <div className="alert-actions">
        {a.status === 'new' && (
          <button type="button" className="btn btn-primary" data-testid="alert-ack" disabled={busy} onClick={() => onAck(a.id)}>
            {t('alerts.ack')}
          </button>
        )}
        {unresolved && (
          <button type="button" className="btn" data-testid="alert-resolve" disabled={busy} onClick={() => onResolve(a.id)}>
            {t('alerts.resolve')}
          </button>
        )}
      </div>
    </article>
  );
});

export function AlertDeskView({ alerts, compoundNames, onAck, onResolve, busy }: AlertDeskViewProps) {
  const { t } = useI18n();
  const now = useNow();
  const rowHeight = useRowHeight();
  if (alerts.length === 0) return <p className="muted empty">{t('alerts.empty')}</p>;
  return (
    <VirtualList
      items={alerts}
      rowHeight={rowHeight}
      getKey={(a) => a.id}
      testId="alert-list"
      className="alert-list"
      renderRow={(a) => (
        <AlertRow
          alert={a}
          compoundName={compoundNames.get(a.compoundId) ?? a.compoundId}
          now={now}
          busy={busy?.has(a.id) ?? false}
          onAck={onAck}
          onResolve={onResolve}
        />
      )}
    />
  );
}
