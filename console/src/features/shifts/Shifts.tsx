/** Shifts: on duty now, a week calendar per post, recurring patterns (rosters) and swaps. */
import { useMemo, useState } from 'react';
import type { OnDutyResponse, PostList, RosterList, ScheduleResponse, Shift } from '../../api/types.js';
import { useApi, useSession } from '../../api/session.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useFetch } from '../../components/use-fetch.js';
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

function CompoundShifts({ compoundId, userName }: { compoundId: string; userName(id: string | null): string }) {
  const api = useApi();
  const { session } = useSession();
  const { t, lang } = useI18n();
  const [week, setWeek] = useState(() => startOfWeek(new Date()));
  const [error, setError] = useState<unknown>(null);
  const mayManage = session?.user.role === 'admin' || session?.user.role === 'manager';
  const from = week.toISOString();
  const to = addDays(week, 7).toISOString();
  const onDuty = useFetch(async (a) => a.get<OnDutyResponse>(`/api/compounds/${encodeURIComponent(compoundId)}/on-duty`), [compoundId]);
  const posts = useFetch(async (a) => (await a.get<PostList>(`/api/compounds/${encodeURIComponent(compoundId)}/posts`)).posts, [compoundId]);
  const data = useFetch(
    async (a) => {
      const list = posts.data ?? [];
      const rows = await Promise.all(
        list.map(async (p) => {
          const [sched, rosters] = await Promise.all([
            a.get<ScheduleResponse>(`/api/posts/${encodeURIComponent(p.id)}/schedule`, { from, to }),
            a.get<RosterList>(`/api/posts/${encodeURIComponent(p.id)}/rosters`),
          ]);
          return { post: p, shifts: sched.shifts, rosters: rosters.rosters };
        }),
      );
      return rows;
    },
    [posts.data, from, to],
  );

  // Guards cannot list users; the on-duty answer carries names, use them where we can.
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of onDuty.data?.guards ?? []) if (g.displayName) m.set(g.userId, g.displayName);
    return (id: string | null) => (id && m.get(id)) || userName(id);
  }, [onDuty.data, userName]);

  async function swap(s: Shift, toGuardId: string) {
    setError(null);
    try {
      await api.post(`/api/posts/${encodeURIComponent(s.postId)}/swaps`, { rosterId: s.rosterId, shiftStartsAt: s.startsAt, toGuardId });
      data.reload();
      onDuty.reload();
    } catch (e) {
      setError(e);
    }
  }

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
          onSwapped={() => {
            data.reload();
            onDuty.reload();
          }}
        />
      )}
      <Card title={t('shifts.onDutyNow')}>
        <ErrorLine error={onDuty.error} onRetry={onDuty.reload} />
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
        <ErrorLine error={error ?? posts.error ?? data.error} />
        {data.loading && !data.data ? <Loading /> : null}
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
                            onChange={(e) => e.target.value && void swap(s, e.target.value)}
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
        {mayManage && <NewPost compoundId={compoundId} onCreated={posts.reload} />}
        {mayManage && (posts.data?.length ?? 0) > 0 && <RosterForm posts={posts.data!} compoundId={compoundId} onCreated={data.reload} />}
      </Card>
    </>
  );
}
