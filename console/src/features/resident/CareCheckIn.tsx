/**
 * The daily 平安 button for residents enrolled in care (独居老人关爱): one big press says "I am fine
 * today"; a missed check-in (or no activity for the window) alerts the grid leader.
 */
import type { CareMe } from '../../api/types.js';
import { useApi } from '../../api/session.js';
import { useFetch } from '../../components/use-fetch.js';
import { useAction } from '../../components/use-action.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

export function CareCheckIn() {
  const api = useApi();
  const { t } = useI18n();
  const me = useFetch(async (a) => a.get<CareMe>('/api/care/me'), []);
  const action = useAction();
  if (!me.data?.household) return null;
  const done = me.data.checkedInToday;
  return (
    <section className="care-checkin" data-testid="care-checkin">
      <button type="button" className={`btn btn-primary care-button ${done ? 'done' : ''}`} data-testid="care-checkin-button" disabled={action.busy}
        onClick={() => void action.run(async () => {
          await api.post<CareMe>('/api/care/check-in', {});
        }, me.reload)}>
        {done ? t('care.doneToday') : t('care.checkIn')}
      </button>
      <p className="muted">{t('care.hint')}</p>
      <ErrorLine error={action.error} />
    </section>
  );
}
