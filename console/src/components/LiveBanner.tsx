/** Shows clearly when the live stream is offline or replaying what was missed. */
import { useLiveState } from '../api/use-live.js';
import { useI18n } from '../i18n/i18n.js';

export function LiveBanner() {
  const state = useLiveState();
  const { t } = useI18n();
  if (!state) return null;
  const text = state === 'online' ? t('live.online') : state === 'offline' ? t('live.offline') : state === 'catching_up' ? t('live.catchingUp') : t('live.connecting');
  return (
    <div className={`live-banner live-${state}`} data-testid="live-state" data-state={state} role={state === 'online' ? undefined : 'status'}>
      {text}
    </div>
  );
}
