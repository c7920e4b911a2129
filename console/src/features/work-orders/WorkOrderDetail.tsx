/**
 * One work order: fields, due time and SLA, assign / advance (验单 with the completion photo), history
 * and comments. Photos enlarge on tap. Live work-order messages refetch it (api/live-invalidate.ts).
 */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useAction } from '../../components/use-action.js';
import { nextStage } from '../../api/types.js';
import { useApi, useSession } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { useLiveInvalidation } from '../../api/live-invalidate.js';
import { SnapshotGallery } from '../../components/SnapshotGallery.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useDirectory } from '../../components/use-directory.js';
import { useCategories } from '../../components/use-categories.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { href } from '../../router.js';
import { isBreached } from './WorkOrderBoard.js';
import { canAdvance } from './permissions.js';
import { uploadPhoto } from './upload-photo.js';
import { PhotoPicker, usePickedPhotos } from './PhotoPicker.js';

const photoPath = (id: string) => `/api/work-order-photos/${encodeURIComponent(id)}`;

export default function WorkOrderDetail({ id }: { id: string }) {
  const upload = useApi();
  const api = useTypedApi();
  const cache = useQueryClient();
  const { session } = useSession();
  const { t, tx, lang } = useI18n();
  const dir = useDirectory();
  const cats = useCategories();
  const byId = { params: { path: { workOrderId: id } } };
  const detail = useQuery({ queryKey: queryKeys.workOrders.detail(id), queryFn: () => must(api.GET('/api/work-orders/{workOrderId}', byId)) });
  // Whoever may make 派单 (by default the grid leader, who cannot list the company's users) gets its choices here.
  const mayDispatch = detail.data?.workOrder.stage === 'requested' && detail.data.workOrder.mayMove === true;
  const assignees = useQuery({
    queryKey: queryKeys.workOrders.assignees(id),
    enabled: mayDispatch,
    queryFn: async () => (await must(api.GET('/api/work-orders/{workOrderId}/assignees', byId))).assignees,
  });
  useLiveInvalidation();
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  const [comment, setComment] = useState('');
  const picked = usePickedPhotos();
  const action = useAction();
  const { busy, error } = action;

  if (detail.isPending) return <Loading />;
  if (!detail.data) return <ErrorLine error={detail.error} onRetry={() => void detail.refetch()} />;
  const { workOrder: wo, history, comments } = detail.data;
  const completion = history.filter((h) => h.toStage === 'verified').flatMap((h) => h.photoIds);
  const to = session && canAdvance(wo) ? nextStage(wo.stage) : null;
  const breached = isBreached(wo, Date.now());

  // This page at once; the lists and the monthly table when they are next shown (the live message refetches them too).
  const refresh = () => {
    void cache.invalidateQueries({ queryKey: queryKeys.workOrders.detail(id) });
    void cache.invalidateQueries({ queryKey: queryKeys.workOrders.lists, refetchType: 'none' });
    void cache.invalidateQueries({ queryKey: queryKeys.workOrders.reports, refetchType: 'none' });
  };
  const run = (fn: () => Promise<void>) => action.run(fn, refresh);
  const advance = () =>
    run(async () => {
      if (!to) return;
      // 验单: the completion photos go up first, one after another (weak phone signal), then the move names them.
      const photoIds: string[] = [];
      if (to === 'verified') for (const p of picked.photos) photoIds.push(await uploadPhoto(upload, wo.compoundId, p));
      await must(api.POST('/api/work-orders/{workOrderId}/transition', {
        ...byId,
        body: { to, assigneeId: to === 'dispatched' ? assignee || undefined : undefined, note: note.trim() || undefined, photoIds: photoIds.length ? photoIds : undefined },
      }));
      setNote('');
      picked.clear();
    });
  const addComment = () =>
    run(async () => {
      await must(api.POST('/api/work-orders/{workOrderId}/comments', { ...byId, body: { text: comment.trim() } }));
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
          <SnapshotGallery items={wo.photoIds.map((p) => ({ path: photoPath(p) }))} alt={wo.title} testId="wo-photo" />
          {completion.length > 0 && (
            <>
              <h3>{t('wo.completionPhotos')}</h3>
              <SnapshotGallery items={completion.map((p) => ({ path: photoPath(p) }))} alt={t('wo.completionPhotos')} testId="wo-completion-photo" />
            </>
          )}
          {to && (
            <div className="row">
              {to === 'dispatched' && (
                <label>
                  {t('wo.assign')}
                  <select value={assignee} onChange={(e) => setAssignee(e.target.value)} data-testid="wo-assignee">
                    <option value="">{t('wo.pickAssignee')}</option>
                    {(assignees.data ?? []).map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.displayName}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                {t('wo.note')}
                <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
              </label>
              {to === 'verified' && (
                <div>
                  <PhotoPicker testId="wo-verify-photo" label={t('wo.completionPhotos')} {...picked.props} />
                  <p className="muted">{t('wo.completionPhotoHint')}</p>
                </div>
              )}
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
                <SnapshotGallery items={h.photoIds.map((p) => ({ path: photoPath(p) }))} alt={wo.title} testId="wo-history-photo" />
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
