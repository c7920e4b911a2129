/**
 * The daily 平安 button for residents enrolled in care (独居老人关爱): one big press says "I am fine
 * today"; a missed check-in (or no activity for the window) alerts the grid leader.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

export function CareCheckIn() {
  const api = useTypedApi();
  const cache = useQueryClient();
  const { t } = useI18n();
  const me = useQuery({ queryKey: queryKeys.careMe, queryFn: () => must(api.GET('/api/care/me')) });
  // The answer is the new state (checked in today): no second request.
  const checkIn = useMutation({ mutationFn: () => must(api.POST('/api/care/check-in')), onSuccess: (now) => cache.setQueryData(queryKeys.careMe, now) });
  if (!me.data?.household) return null;
  const done = me.data.checkedInToday;
  return (
    <section className="care-checkin" data-testid="care-checkin">
      <button type="button" className={`btn btn-primary care-button ${done ? 'done' : ''}`} data-testid="care-checkin-button" disabled={checkIn.isPending}
        onClick={() => checkIn.mutate()}>
        {done ? t('care.doneToday') : t('care.checkIn')}
      </button>
      <p className="muted">{t('care.hint')}</p>
      <ErrorLine error={checkIn.error} />
    </section>
  );
}
