/** One work order: fields, due time and SLA, assign / advance, history and comments. */
import { useState } from 'react';
import { useAction } from '../../components/use-action.js';
import { nextStage, type WorkOrder, type WorkOrderDetail as Detail } from '../../api/types.js';
import { useApi, useSession } from '../../api/session.js';
import { AuthImage } from '../../components/AuthImage.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useFetch } from '../../components/use-fetch.js';
import { useDirectory } from '../../components/use-directory.js';
import { useCategories } from '../../components/use-categories.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { href } from '../../router.js';
import { isBreached } from './WorkOrderBoard.js';
import { canAdvance } from './permissions.js';

export default function WorkOrderDetail({ id }: { id: string }) {
  const api = useApi();
  const { session } = useSession();
  const { t, tx, lang } = useI18n();
  const dir = useDirectory();
  const cats = useCategories();
  const detail = useFetch(async (a) => a.get<Detail>(`/api/work-orders/${encodeURIComponent(id)}`), [id]);
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  const [comment, setComment] = useState('');
  const action = useAction();
  const { busy, error } = action;

  if (detail.loading && !detail.data) return <Loading />;
  if (!detail.data) return <ErrorLine error={detail.error} onRetry={detail.reload} />;
  const { workOrder: wo, history, comments } = detail.data;
  const to = session && canAdvance(wo) ? nextStage(wo.stage) : null;
  const breached = isBreached(wo, Date.now());
  const role = session?.user.role;
  const mayManage = role === 'admin' || role === 'manager';

  const run = (fn: () => Promise<void>) => action.run(fn, detail.reload);
  const advance = () =>
    run(async () => {
      await api.post<WorkOrder>(`/api/work-orders/${encodeURIComponent(wo.id)}/transition`, {
        to,
        assigneeId: to === 'dispatched' ? assignee || undefined : undefined,
        note: note.trim() || undefined,
      });
      setNote('');
    });
  const addComment = () =>
    run(async () => {
      await api.post(`/api/work-orders/${encodeURIComponent(wo.id)}/comments`, { text: comment.trim() });
      setComment('');
    });

  return (
    <div className="page" data-testid="wo-detail" data-wo-id={wo.id} data-stage={wo.stage}>
      <a href={href('work-orders')}>← {t('common.back')}</a>
      <h1>{wo.title}</h1>
      <div className="detail-grid">
        <Card>
          <dl className="kv">
            <dt>{t('wo.compound')}</dt>
            <dd>{dir.compoundName(wo.compoundId)}</dd>
            <dt>{t('wo.category')}</dt>
            <dd>{cats.name(wo.category)}</dd>
            <dt>{t('incidents.status')}</dt>
            <dd data-testid="wo-stage">{tx('woStage', wo.stage)}</dd>
            <dt>{t('wo.assignee')}</dt>
            <dd>{dir.userName(wo.assigneeId)}</dd>
            <dt>{t('wo.due')}</dt>
            <dd>
              {formatTime(wo.dueAt, lang)} {breached && <span className="breach-tag">{t('wo.overdue')}</span>}
            </dd>
            {wo.location && (
              <>
                <dt>{t('wo.location')}</dt>
                <dd>{wo.location}</dd>
              </>
            )}
            {wo.description && (
              <>
                <dt>{t('wo.description')}</dt>
                <dd>{wo.description}</dd>
              </>
            )}
            {wo.incidentId && (
              <>
                <dt>{t('incidents.title')}</dt>
                <dd>
                  <a href={href('incidents', wo.incidentId)}>{wo.incidentId}</a>
                </dd>
              </>
            )}
            {wo.rating !== null && (
              <>
                <dt>{t('wo.rating')}</dt>
                <dd>
                  {'★'.repeat(wo.rating)} {wo.ratingComment}
                </dd>
              </>
            )}
          </dl>
          {wo.photoIds.length > 0 && (
            <div className="snapshots">
              {wo.photoIds.map((p) => (
                <AuthImage key={p} path={`/api/work-order-photos/${encodeURIComponent(p)}`} alt={wo.title} />
              ))}
            </div>
          )}
          {to && (
            <div className="row">
              {to === 'dispatched' && mayManage && (
                <label>
                  {t('wo.assign')}
                  <select value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="wo-assignee">
                    <option value="">{t('wo.pickAssignee')}</option>
                    {dir.users
                      .filter((u) => ['manager', 'guard', 'staff', 'installer'].includes(u.role) && !u.disabled)
                      .map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.displayName || u.username}
                        </option>
                      ))}
                  </select>
                </label>
              )}
              <label>
                {t('wo.note')}
                <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
              </label>
              <button type="button" className="btn btn-primary" data-testid="wo-advance" disabled={busy || (to === 'dispatched' && !assignee)} onClick={() => void advance()}>
                {t('wo.advance', { stage: tx('woStage', to) })}
              </button>
            </div>
          )}
          <ErrorLine error={error} />
        </Card>
        <Card title={t('wo.history')}>
          <ol className="timeline" data-testid="wo-history">
            {history.map((h, i) => (
              <li key={i} data-on-time={h.onTime === null ? undefined : String(h.onTime)}>
                <span className="muted">{formatTime(h.at, lang)}</span> {h.fromStage ? `${tx('woStage', h.fromStage)} → ` : ''}
                {tx('woStage', h.toStage)} · {h.byName ?? dir.userName(h.byUserId)}
                {h.byRole && ` (${tx('role', h.byRole)})`}
                {h.note && ` · ${h.note}`}
                {h.onTime === false && h.dueAt && <span className="breach-tag">{t('wo.lateStep', { due: formatTime(h.dueAt, lang) })}</span>}
                {h.photoIds.map((p) => (
                  <AuthImage key={p} path={`/api/work-order-photos/${encodeURIComponent(p)}`} alt={wo.title} />
                ))}
              </li>
            ))}
          </ol>
          <h3>{t('wo.comments')}</h3>
          <ul className="timeline">
            {comments.map((c) => (
              <li key={c.id}>
                <span className="muted">{formatTime(c.createdAt, lang)}</span> {dir.userName(c.authorId)}: {c.text}
              </li>
            ))}
          </ul>
          <div className="row">
            <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} aria-label={t('wo.comments')} />
            <button type="button" className="btn" disabled={busy || !comment.trim()} onClick={() => void addComment()}>
              {t('common.submit')}
            </button>
          </div>
        </Card>
      </div>
    </div>
  );
}
