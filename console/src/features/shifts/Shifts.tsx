/** Shifts: on duty now, a week calendar per post, recurring patterns (rosters) and swaps. */
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Shift } from '../../api/types.js';
import { useSession } from '../../api/session.js';
import { must, useTypedApi, type TypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useDirectory } from '../../components/use-directory.js';
import { CompoundSelect, useCompoundChoice } from '../../components/CompoundSelect.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { addDays, hhmm, overlapsDay, startOfWeek } from './week.js';
import { NewPost, RosterForm } from './RosterForm.js';
import { HandoverNotes } from './HandoverNotes.js';
import { MyShifts } from './MyShifts.js';

export default function Shifts() {
  const { t } = useI18n();
  const dir = useDirectory();
  const [compoundId, setCompoundId] = useCompoundChoice(dir);
  return (
    <div className="page">
      <div className="toolbar">
        <h1>{t('shifts.title')}</h1>
        <CompoundSelect dir={dir} value={compoundId} onChange={setCompoundId} testId="shift-compound" />
      </div>
      {compoundId ? <CompoundShifts compoundId={compoundId} userName={dir.userName} /> : <Loading />}
    </div>
  );
}

/** Each post's shifts of the week and its rosters. */
async function loadWeeks(api: TypedApi, posts: readonly { id: string; name: string }[], from: string, to: string) {
  return Promise.all(
    posts.map(async (p) => {
      const path = { postId: p.id };
      const [sched, rosters] = await Promise.all([
        must(api.GET('/api/posts/{postId}/schedule', { params: { path, query: { from, to } } })),
        must(api.GET('/api/posts/{postId}/rosters', { params: { path } })),
      ]);
      return { post: p, shifts: sched.shifts, rosters: rosters.rosters };
    }),
  );
}

/** What a swap, a new roster or a new post makes stale in a compound's shift pages. */
export function useShiftsChanged(compoundId: string) {
  const cache = useQueryClient();
  return () => {
    for (const queryKey of [queryKeys.postWeeks(compoundId), queryKeys.onDuty(compoundId), queryKeys.posts(compoundId)]) void cache.invalidateQueries({ queryKey });
  };
}

function CompoundShifts({ compoundId, userName }: { compoundId: string; userName(id: string | null): string }) {
  const api = useTypedApi();
  const { session } = useSession();
  const { t, lang } = useI18n();
  const [week, setWeek] = useState(() => startOfWeek(new Date()));
  const mayManage = session?.user.role === 'admin' || session?.user.role === 'manager';
  const from = week.toISOString();
  const to = addDays(week, 7).toISOString();
  const path = { compoundId };
  const onDuty = useQuery({ queryKey: queryKeys.onDuty(compoundId), queryFn: () => must(api.GET('/api/compounds/{compoundId}/on-duty', { params: { path } })) });
  const posts = useQuery({
    queryKey: queryKeys.posts(compoundId),
    queryFn: async () => (await must(api.GET('/api/compounds/{compoundId}/posts', { params: { path } }))).posts,
  });
  const data = useQuery({
    queryKey: [...queryKeys.postWeeks(compoundId, from), posts.data?.map((p) => p.id)],
    queryFn: () => loadWeeks(api, posts.data ?? [], from, to),
    enabled: !!posts.data,
  });
  const changed = useShiftsChanged(compoundId);
  const swapShift = useMutation({
    mutationFn: ({ s, toGuardId }: { s: Shift; toGuardId: string }) =>
      must(api.POST('/api/posts/{postId}/swaps', { params: { path: { postId: s.postId } }, body: { rosterId: s.rosterId, shiftStartsAt: s.startsAt, toGuardId } })),
    onSuccess: changed,
  });

  // Guards cannot list users; the on-duty answer carries names, use them where we can.
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of onDuty.data?.guards ?? []) if (g.displayName) m.set(g.userId, g.displayName);
    return (id: string | null) => (id && m.get(id)) || userName(id);
  }, [onDuty.data, userName]);


  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const now = Date.now();
  return (
    <>
      {session?.user.role === 'guard' && data.data && (
        <MyShifts
          me={session.user.id}
          weeks={data.data}
          names={names}
          now={now}
          onSwapped={changed}
        />
      )}
      <Card title={t('shifts.onDutyNow')}>
        <ErrorLine error={onDuty.error} onRetry={() => void onDuty.refetch()} />
        <ul className="timeline" data-testid="on-duty">
          {(onDuty.data?.guards ?? []).map((g) => (
            <li key={`${g.postId}-${g.userId}`}>
              <strong>{g.displayName ?? g.userId}</strong> · {g.postName} · {hhmm(g.startsAt)}–{hhmm(g.endsAt)}
            </li>
          ))}
          {onDuty.data?.guards.length === 0 && <li className="muted">{t('overview.nobodyOnDuty')}</li>}
        </ul>
      </Card>
      <Card
        title={t('shifts.week', { date: week.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}
        actions={
          <div className="row">
            <button type="button" className="btn" onClick={() => setWeek((w) => addDays(w, -7))}>
              {t('shifts.prevWeek')}
            </button>
            <button type="button" className="btn" onClick={() => setWeek((w) => addDays(w, 7))}>
              {t('shifts.nextWeek')}
            </button>
          </div>
        }
      >
        <ErrorLine error={swapShift.error ?? posts.error ?? data.error} />
        {data.isPending && !posts.error ? <Loading /> : null}
        <div className="week" data-testid="shift-week">
          <div className="head">{t('shifts.post')}</div>
          {days.map((d) => (
            <div key={d.toISOString()} className="head">
              {d.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { weekday: 'short', month: 'numeric', day: 'numeric' })}
            </div>
          ))}
          {(data.data ?? []).map(({ post, shifts, rosters }) => {
            const guardIds = [...new Set(rosters.flatMap((r) => r.guardIds))];
            return [
              <div key={post.id} className="head">
                {post.name}
              </div>,
              ...days.map((d) => (
                <div key={`${post.id}-${d.toISOString()}`}>
                  {overlapsDay(shifts, d).map((s) => {
                    const current = Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt);
                    return (
                      <span key={s.startsAt} className={`shift-chip ${current ? 'now' : ''}`} data-testid="shift-chip" title={`${formatTime(s.startsAt, lang)} – ${formatTime(s.endsAt, lang)}`}>
                        {names(s.guardId)} {hhmm(s.startsAt)}
                        {s.swappedFrom && ' ⇄'}
                        {mayManage && Date.parse(s.endsAt) > now && guardIds.length > 1 && (
                          <select
                            value=""
                            onChange={(e) => e.target.value && swapShift.mutate({ s, toGuardId: e.target.value })}
                            aria-label={t('shifts.requestSwap')}
                            className="swap-select"
                          >
                            <option value="">⇄</option>
                            {guardIds
                              .filter((g) => g !== s.guardId)
                              .map((g) => (
                                <option key={g} value={g}>
                                  {names(g)}
                                </option>
                              ))}
                          </select>
                        )}
                      </span>
                    );
                  })}
                </div>
              )),
            ];
          })}
        </div>
      </Card>
      {(posts.data?.length ?? 0) > 0 && <HandoverNotes posts={posts.data!} />}
      <Card title={t('shifts.recurring')}>
        <ul className="timeline">
          {(data.data ?? []).flatMap(({ post, rosters }) =>
            rosters.map((r) => (
              <li key={r.id}>
                {post.name} · {t(`pattern.${r.pattern}`)} · {r.shiftHours}h · {r.guardIds.map((g) => names(g)).join(' → ')} · {formatTime(r.anchorAt, lang)}
              </li>
            )),
          )}
        </ul>
        {mayManage && <NewPost compoundId={compoundId} onCreated={changed} />}
        {mayManage && (posts.data?.length ?? 0) > 0 && <RosterForm posts={posts.data!} compoundId={compoundId} onCreated={changed} />}
      </Card>
    </>
  );
}
