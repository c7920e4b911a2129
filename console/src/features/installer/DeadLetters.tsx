/**
 * A gateway's dead letters: events the cloud once rejected, kept on the Pi (count, oldest, the
 * cloud's reasons, from the gateway's last health report). 重新发送 asks the gateway, by a signed
 * command, to queue them again once the cause is fixed; the answer says how many went back.
 */
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

/** The gateway reports its health again right after a re-send: ask for the count once more then. */
const REPORT_AGAIN_MS = 2000;

export function DeadLetters({ gatewayId, gatewayName }: { gatewayId: string; gatewayName: string }) {
  const { t, lang } = useI18n();
  const api = useTypedApi();
  const cache = useQueryClient();
  const params = { path: { gatewayId } };
  const key = queryKeys.deadLetters(gatewayId);
  const dl = useQuery({ queryKey: key, queryFn: () => must(api.GET('/api/gateways/{gatewayId}/dead-letters', { params })) });
  const resend = useMutation({
    mutationFn: () => must(api.POST('/api/gateways/{gatewayId}/dead-letters/resend', { params })),
    onSettled: () => void cache.invalidateQueries({ queryKey: key }),
  });
  const result = resend.data ?? null;
  useEffect(() => {
    if (!resend.isSuccess) return;
    const id = setTimeout(() => void cache.invalidateQueries({ queryKey: key }), REPORT_AGAIN_MS);
    return () => clearTimeout(id);
  }, [resend.isSuccess, resend.data, cache, gatewayId]);
  const d = dl.data;
  const askResend = () => {
    if (d && window.confirm(t('deadLetters.confirm', { n: d.count, name: gatewayName }))) resend.mutate();
  };

  if (!d) return <ErrorLine error={dl.error} onRetry={() => void dl.refetch()} />;
  // Offline: say what to do here, not the generic "gate cannot be opened" of GATEWAY_OFFLINE.
  const offline = resend.error instanceof ApiError && resend.error.code === 'GATEWAY_OFFLINE';
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
        <button type="button" className="btn btn-small" disabled={resend.isPending || d.count === 0} onClick={askResend} data-testid="dead-letters-resend">
          {t('deadLetters.resend')}
        </button>
      )}
      {resend.isPending && <span className="muted"> {t('deadLetters.sending')}</span>}
      {result && (
        <p className="ok" data-testid="dead-letters-result">
          {t('deadLetters.resent', { resent: result.resent, remaining: result.remaining })}
        </p>
      )}
      {offline ? <p className="error" role="alert">{t('deadLetters.offline')}</p> : <ErrorLine error={resend.error} />}
    </div>
  );
}
