/**
 * A guard's own coming shifts, each with a swap request (换班): hand it to another guard of the
 * same roster, with a reason. The cloud records the swap and the calendar shows the new guard.
 */
import { useState } from 'react';
import type { Roster, Shift } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { useAction } from '../../components/use-action.js';
import { Card, ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

export interface PostWeek {
  post: { id: string; name: string };
  shifts: readonly Shift[];
  rosters: readonly Roster[];
}

export function MyShifts({ me, weeks, names, now, onSwapped }: { me: string; weeks: readonly PostWeek[]; names(id: string | null): string; now: number; onSwapped(): void }) {
  const { t } = useI18n();
  const mine = weeks.flatMap(({ post, shifts, rosters }) =>
    shifts
      .filter((s) => s.guardId === me && Date.parse(s.endsAt) > now)
      .map((s) => ({ post, shift: s, others: rosters.find((r) => r.id === s.rosterId)?.guardIds.filter((g) => g !== me) ?? [] })),
  );
  return (
    <Card title={t('myShifts.title')}>
      {mine.length === 0 ? (
        <p className="muted">{t('myShifts.none')}</p>
      ) : (
        <ul className="timeline" data-testid="my-shifts">
          {mine.map((m) => (
            <MyShift key={`${m.shift.rosterId}-${m.shift.startsAt}`} {...m} names={names} onSwapped={onSwapped} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function MyShift({ post, shift, others, names, onSwapped }: { post: PostWeek['post']; shift: Shift; others: readonly string[]; names(id: string | null): string; onSwapped(): void }) {
  const api = useTypedApi();
  const { t, lang } = useI18n();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState(others[0] ?? '');
  const [reason, setReason] = useState('');
  const swap = () =>
    action.run(async () => {
      await must(api.POST('/api/posts/{postId}/swaps', { params: { path: { postId: post.id } }, body: { rosterId: shift.rosterId, shiftStartsAt: shift.startsAt, toGuardId: to, reason: reason.trim() || undefined } }));
      setOpen(false);
    }, onSwapped);
  return (
    <li data-testid="my-shift" data-starts-at={shift.startsAt}>
      <strong>{post.name}</strong> · {formatTime(shift.startsAt, lang)} – {formatTime(shift.endsAt, lang)}
      {others.length > 0 && !open && (
        <button type="button" className="btn btn-small" onClick={() => setOpen(true)} data-testid="swap-open">
          {t('myShifts.swap')}
        </button>
      )}
      {open && (
        <div className="row">
          <label>
            {t('myShifts.to')}
            <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="swap-to">
              {others.map((g) => (
                <option key={g} value={g}>
                  {names(g)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('myShifts.reason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} data-testid="swap-reason" />
          </label>
          <button type="button" className="btn btn-primary" disabled={action.busy || !to} onClick={() => void swap()} data-testid="swap-submit">
            {t('common.submit')}
          </button>
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      <ErrorLine error={action.error} />
    </li>
  );
}
