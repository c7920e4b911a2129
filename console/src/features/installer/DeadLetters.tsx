/**
 * A gateway's dead letters: events the cloud once rejected, kept on the Pi (count, oldest, the
 * cloud's reasons, from the gateway's last health report). 重新发送 asks the gateway, by a signed
 * command, to queue them again once the cause is fixed; the answer says how many went back.
 */
import { useState } from 'react';
import type { GatewayDeadLetters, ResendDeadLettersResponse } from '../../api/types.js';
import { ApiError } from '../../api/client.js';
import { useApi } from '../../api/session.js';
import { useAction } from '../../components/use-action.js';
import { ErrorLine } from '../../components/ui.js';
import { useFetch } from '../../components/use-fetch.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

export function DeadLetters({ gatewayId, gatewayName }: { gatewayId: string; gatewayName: string }) {
  const { t, lang } = useI18n();
  const api = useApi();
  const action = useAction();
  const g = encodeURIComponent(gatewayId);
  const dl = useFetch((a) => a.get<GatewayDeadLetters>(`/api/gateways/${g}/dead-letters`), [g]);
  const [result, setResult] = useState<ResendDeadLettersResponse | null>(null);
  const d = dl.data;

  const resend = () => {
    if (!d || !window.confirm(t('deadLetters.confirm', { n: d.count, name: gatewayName }))) return;
    setResult(null);
    return action.run(async () => {
      setResult(await api.post<ResendDeadLettersResponse>(`/api/gateways/${g}/dead-letters/resend`, {}));
      // The gateway reports its health again right after a re-send.
      setTimeout(dl.reload, 2000);
    }, dl.reload);
  };

  if (!d) return <ErrorLine error={dl.error} onRetry={dl.reload} />;
  // Offline: say what to do here, not the generic "gate cannot be opened" of GATEWAY_OFFLINE.
  const offline = action.error instanceof ApiError && action.error.code === 'GATEWAY_OFFLINE';
  return (
    <div className="dead-letters" data-testid="dead-letters" data-count={d.count}>
      {d.count === 0 ? (
        <span className="muted">{t('deadLetters.none')}</span>
      ) : (
        <>
          <strong className="breach-tag">{t('deadLetters.count', { n: d.count })}</strong>
          <span className="muted"> · {t('deadLetters.oldest', { time: formatTime(d.oldestAt, lang) })}</span>
          <ul className="timeline" data-testid="dead-letter-reasons">
            {d.reasons.map((r) => (
              <li key={r.reason}>
                {r.reason} × {r.count}
              </li>
            ))}
          </ul>
          <p className="muted">{t('deadLetters.hint', { time: formatTime(d.reportedAt, lang) })}</p>
        </>
      )}
      {(d.count > 0 || result) && (
        <button type="button" className="btn btn-small" disabled={action.busy || d.count === 0} onClick={() => void resend()} data-testid="dead-letters-resend">
          {t('deadLetters.resend')}
        </button>
      )}
      {action.busy && <span className="muted"> {t('deadLetters.sending')}</span>}
      {result && (
        <p className="ok" data-testid="dead-letters-result">
          {t('deadLetters.resent', { resent: result.resent, remaining: result.remaining })}
        </p>
      )}
      {offline ? <p className="error" role="alert">{t('deadLetters.offline')}</p> : <ErrorLine error={action.error} />}
    </div>
  );
}
