/** One incident: timeline, snapshots, its alerts; create a work order in one step, link one, add a note, close. */
import { useState } from 'react';
import { useAction } from '../../components/use-action.js';
import type { IncidentDetail as Detail, LinkWorkOrderRequest, WorkOrder, WorkOrderList } from '../../api/types.js';
import { useApi } from '../../api/session.js';
import { useLiveMessages } from '../../api/use-live.js';
import { AuthImage } from '../../components/AuthImage.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useFetch } from '../../components/use-fetch.js';
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
  const api = useApi();
  const { t, tx, lang } = useI18n();
  const dir = useDirectory();
  const cats = useCategories();
  const detail = useFetch(async (a) => a.get<Detail>(`/api/incidents/${encodeURIComponent(id)}`), [id]);
  const [category, setCategory] = useState('security');
  const [linkId, setLinkId] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  const { busy, error } = action;
  const compoundId = detail.data?.incident.compoundId;
  const openOrders = useFetch(
    async (a) => (compoundId ? (await a.get<WorkOrderList>('/api/work-orders', { compoundId, limit: 200 })).workOrders.filter((w) => w.stage !== 'verified') : []),
    [compoundId],
  );
  useLiveMessages((m) => {
    if ((m.type === 'incident.update' && m.incidentId === id) || m.alert?.incidentId === id) detail.reload();
  });

  if (detail.loading && !detail.data) return <Loading />;
  if (!detail.data) return <ErrorLine error={detail.error} onRetry={detail.reload} />;
  const { incident: inc, alerts, timeline } = detail.data;
  const snaps = snapshotIdsOf(detail.data);

  const run = (fn: () => Promise<void>) => action.run(fn, detail.reload);
  const createWo = () =>
    run(async () => {
      const wo = await api.post<WorkOrder>(`/api/incidents/${encodeURIComponent(inc.id)}/work-order`, { category });
      navigate(href('work-orders', wo.id));
    });
  const linkWo = () =>
    run(async () => {
      const body: LinkWorkOrderRequest = { workOrderId: linkId };
      await api.post(`/api/incidents/${encodeURIComponent(inc.id)}/link-work-order`, body);
    });
  const addNote = () => run(async () => (await api.post(`/api/incidents/${encodeURIComponent(inc.id)}/notes`, { text: note.trim() }), setNote('')));
  const close = () => run(async () => void (await api.post(`/api/incidents/${encodeURIComponent(inc.id)}/close`, { reason: reason.trim() })));

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
            <div className="snapshots">
              {snaps.map((s) => (
                <AuthImage key={s} path={`/api/snapshots/${encodeURIComponent(s)}`} alt={s} testId="snapshot" />
              ))}
            </div>
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
