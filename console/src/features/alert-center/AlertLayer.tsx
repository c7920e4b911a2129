/**
 * The global alert layer under the header, on every page: how many alerts wait for an
 * acknowledgement and the latest one (a tap opens the desk), the truth about the alarm sound
 * ("blocked by the browser, tap to enable" after a reload), and the one-time offer of system
 * notifications with the reason for asking.
 */
import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { countOpen, useAlertCenter, useAlerts, useAudioState } from './AlertCenter.js';

export function AlertLayer({ onDesk }: { onDesk: boolean }) {
  const center = useAlertCenter();
  const alerts = useAlerts();
  const audio = useAudioState();
  const { t, tx } = useI18n();
  if (!center) return null;
  const { unacked, unresolved, latest } = countOpen(alerts);
  const soundBlocked = center.sound && audio === 'blocked';
  return (
    <div className="alert-layer" data-testid="alert-layer" data-unacked={unacked} data-unresolved={unresolved}>
      {unacked > 0 && !onDesk && latest && (
        <a className={`alert-banner sev-${latest.severity}`} href={href('alerts')} data-testid="alert-banner" role="alert">
          <strong>{t('alertLayer.unacked', { n: unacked })}</strong>
          <span className="alert-banner-latest">
            {tx('severity', latest.severity)} · {latest.title || tx('alertKind', latest.kind)}
          </span>
          <span className="alert-banner-go">{t('alertLayer.open')}</span>
        </a>
      )}
      {soundBlocked && (
        <button type="button" className="layer-line warn" data-testid="audio-state" data-state="blocked" onClick={() => void center.alarm.unlock()}>
          {t('alertLayer.audioBlocked')}
        </button>
      )}
      {center.offerNotify && (
        <div className="layer-line" data-testid="notify-offer">
          <span>{t('alertLayer.notifyWhy')}</span>
          <button type="button" className="btn btn-small btn-primary" data-testid="notify-allow" onClick={center.askNotify}>
            {t('alertLayer.notifyAllow')}
          </button>
          <button type="button" className="btn btn-small" data-testid="notify-later" onClick={center.declineNotify}>
            {t('alertLayer.notifyLater')}
          </button>
        </div>
      )}
    </div>
  );
}
