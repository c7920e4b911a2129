/** One incident: timeline, snapshots, its alerts; create a work order in one step, link one, add a note, close. */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useAction } from '../../components/use-action.js';
import type { IncidentDetail as Detail } from '../../api/types.js';
import type { WorkOrderCategoryId } from '@yardguard/firmware-config';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { useLiveInvalidation } from '../../api/live-invalidate.js';
import { SnapshotGallery } from '../../components/SnapshotGallery.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useDirectory } from '../../components/use-directory.js';
import { useCategories } from '../../components/use-categories.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { href, navigate } from '../../router.js';

/** Snapshot ids from the timeline and the alerts, newest first, without repeats. */
export function snapshotIdsOf(d: Detail): string[] {
  const ids = [...d.timeline.filter((e) => e.snapshotId).map((e) => e.snapshotId!).reverse(), ...d.alerts.flatMap((a) => a.snapshotIds)];
  return [...new Set(ids)];
}

export default function IncidentDetail({ id }: { id: string }) {
  const api = useTypedApi();
  const cache = useQueryClient();
  const { t, tx, lang } = useI18n();
  const dir = useDirectory();
  const cats = useCategories();
  const byId = { params: { path: { incidentId: id } } };
  const detail = useQuery({ queryKey: queryKeys.incidents.detail(id), queryFn: () => must(api.GET('/api/incidents/{incidentId}', byId)) });
  const [category, setCategory] = useState('security');
  const [linkId, setLinkId] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  const { busy, error } = action;
  const compoundId = detail.data?.incident.compoundId ?? '';
  // The open orders of the same compound, to link one (the list query; live work-order messages refresh it).
  const orderQuery = { compoundId, status: 'open' as const, limit: 200 };
  const openOrders = useQuery({
    queryKey: queryKeys.workOrders.list(orderQuery),
    enabled: !!compoundId,
    queryFn: async () => (await must(api.GET('/api/work-orders', { params: { query: orderQuery } }))).workOrders.filter((w) => w.stage !== 'verified'),
  });
  // Messages about this incident, its alerts and work orders refetch what they change.
  useLiveInvalidation();

  if (detail.isPending) return <Loading />;
  if (!detail.data) return <ErrorLine error={detail.error} onRetry={() => void detail.refetch()} />;
  const { incident: inc, alerts, timeline } = detail.data;
  const snaps = snapshotIdsOf(detail.data);

  const refresh = () => void cache.invalidateQueries({ queryKey: queryKeys.incidents.detail(id) });
  const run = (fn: () => Promise<void>) => action.run(fn, refresh);
  const createWo = () =>
    run(async () => {
      const wo = await must(api.POST('/api/incidents/{incidentId}/work-order', { ...byId, body: { category: category as WorkOrderCategoryId } }));
      navigate(href('work-orders', wo.id));
    });
  const linkWo = () => run(async () => void (await must(api.POST('/api/incidents/{incidentId}/link-work-order', { ...byId, body: { workOrderId: linkId } }))));
  const addNote = () => run(async () => (await must(api.POST('/api/incidents/{incidentId}/notes', { ...byId, body: { text: note.trim() } })), setNote('')));
  const close = () => run(async () => void (await must(api.POST('/api/incidents/{incidentId}/close', { ...byId, body: { reason: reason.trim() } }))));

  return (
    <div className="page" data-testid="incident-detail" data-incident-id={inc.id} data-status={inc.status}>
      <a href={href('incidents')}>← {t('common.back')}</a>
      <h1>
        <span className={`sev-pill sev-${inc.severity}`}>{tx('severity', inc.severity)}</span> {inc.title}
      </h1>
      <p className="muted">
        {dir.compoundName(inc.compoundId)} · {formatTime(inc.openedAt, lang)} · {tx('incidentStatus', inc.status)} · {t('incidents.alerts', { n: inc.alertCount })}
      </p>
      <ErrorLine error={error} />
      <div className="detail-grid">
        <div className="page">
          <Card title={t('incidents.snapshots')}>
            {snaps.length === 0 && <p className="muted">{t('common.none')}</p>}
            <SnapshotGallery items={snaps.map((s) => ({ path: `/api/snapshots/${encodeURIComponent(s)}` }))} alt={inc.title} />
          </Card>
          <Card title={t('incidents.timeline')}>
            <ol className="timeline" data-testid="incident-timeline">
              {timeline.map((e, i) => (
                <li key={i}>
                  <span className="muted">{formatTime(e.at, lang)}</span> {e.text}
                </li>
              ))}
            </ol>
            <div className="row">
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} aria-label={t('incidents.note')} placeholder={t('incidents.note')} />
              <button type="button" className="btn" disabled={busy || !note.trim()} onClick={() => void addNote()}>
                {t('common.submit')}
              </button>
            </div>
          </Card>
        </div>
        <div className="page">
          <Card title={t('wo.title')}>
            {inc.workOrderId ? (
              <p>
                <a href={href('work-orders', inc.workOrderId)} data-testid="incident-work-order">
                  {t('incidents.linkedWo')}
                </a>
              </p>
            ) : (
              <div className="form">
                <label>
                  {t('wo.category')}
                  <select value={category} onChange={(e) => setCategory(e.target.value)}>
                    {cats.list.length === 0 && <option value="security">{t('wo.categorySecurity')}</option>}
                    {cats.list.map((c) => (
                      <option key={c.id} value={c.id}>
                        {lang === 'zh' ? c.zh : c.en}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void createWo()} data-testid="create-work-order">
                  {t('incidents.createWo')}
                </button>
                {(openOrders.data?.length ?? 0) > 0 && (
                  <div className="row">
                    <select value={linkId} onChange={(e) => setLinkId(e.target.value)} aria-label={t('incidents.linkWo')} data-testid="link-work-order-select">
                      <option value="">{t('incidents.linkWo')}</option>
                      {openOrders.data!.map((w) => (
                        <option key={w.id} value={w.id}>
                          {w.title}
                        </option>
                      ))}
                    </select>
                    <button type="button" className="btn" disabled={busy || !linkId} onClick={() => void linkWo()} data-testid="link-work-order">
                      {t('incidents.link')}
                    </button>
                  </div>
                )}
              </div>
            )}
          </Card>
          <Card title={t('nav.alerts')}>
            <ul className="timeline">
              {alerts.map((a) => (
                <li key={a.id}>
                  {a.title} · {tx('alertStatus', a.status)} · ×{a.count}
                </li>
              ))}
            </ul>
          </Card>
          {inc.status === 'open' && (
            <Card title={t('incidents.close')}>
              <div className="row">
                <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} aria-label={t('incidents.closeReason')} placeholder={t('incidents.closeReason')} />
                <button type="button" className="btn" disabled={busy || !reason.trim()} onClick={() => void close()} data-testid="incident-close">
                  {t('incidents.close')}
                </button>
              </div>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
