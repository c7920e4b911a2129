/**
 * "My orders" for guards and installers: the work orders assigned to me, to accept (接单) and
 * to report on (a progress note with photos), each opening its full page. Live: the list is marked
 * stale when the stream says an incident changed, and refetched every minute (work orders have no
 * live message yet).
 */
import { lazy, Suspense, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WorkOrder } from '../../api/types.js';
import { useApi } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { useLiveMessages } from '../../api/use-live.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useCategories } from '../../components/use-categories.js';
import { useDirectory } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';
import { href, useRoute } from '../../router.js';
import { uploadPhoto } from '../work-orders/upload-photo.js';

const WorkOrderDetail = lazy(() => import('../work-orders/WorkOrderDetail.js'));
const MAX_PHOTOS = 9;
const REFRESH_MS = 60_000;

/** To accept first, then in progress; finished orders last. */
const stageOrder: Record<WorkOrder['stage'], number> = { dispatched: 0, accepted: 1, supervised: 2, requested: 3, verified: 4 };

export default function MyOrders() {
  const route = useRoute();
  const id = route.path[1];
  if (id) {
    return (
      <div className="page">
        <a href={href('my-orders')}>← {useI18n().t('nav.myOrders')}</a>
        <Suspense fallback={<Loading />}>
          <WorkOrderDetail id={id} />
        </Suspense>
      </div>
    );
  }
  return <MyOrderList />;
}

function MyOrderList() {
  const { t } = useI18n();
  const cats = useCategories();
  const dir = useDirectory();
  const api = useTypedApi();
  const cache = useQueryClient();
  const list = useQuery({
    queryKey: queryKeys.myWorkOrders,
    queryFn: async () => (await must(api.GET('/api/work-orders', { params: { query: { assignee: 'me', limit: 500 } } }))).workOrders,
    refetchInterval: REFRESH_MS,
  });
  // An incident's change often moves its work order (dispatch, close).
  useLiveMessages((m) => m.type === 'incident.update' && void cache.invalidateQueries({ queryKey: queryKeys.myWorkOrders }));
  const mine = useMemo(
    // The cloud sends only mine (assignee=me); open ones first.
    () => [...(list.data ?? [])].sort((a, b) => stageOrder[a.stage] - stageOrder[b.stage] || (a.dueAt < b.dueAt ? -1 : 1)),
    [list.data],
  );
  return (
    <div className="page my-orders" data-testid="my-orders">
      <div className="toolbar">
        <h1>{t('nav.myOrders')}</h1>
        <span className="muted" data-testid="my-orders-count">
          {t('myOrders.count', { n: mine.filter((w) => w.stage !== 'verified').length })}
        </span>
      </div>
      <ErrorLine error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? <Loading /> : mine.length === 0 ? <p className="muted empty">{t('myOrders.empty')}</p> : mine.map((w) => <MyOrderCard key={w.id} wo={w} where={`${dir.compoundName(w.compoundId)} · ${cats.name(w.category)}`} />)}
    </div>
  );
}

/** A write to one of my orders; the work-order lists (this one and the desk's) are stale after it. */
function useOrderWrite<A>(write: (arg: A) => Promise<unknown>, after?: () => void) {
  const cache = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => {
      after?.();
      void cache.invalidateQueries({ queryKey: ['work-orders'] });
    },
  });
}

function MyOrderCard({ wo, where }: { wo: WorkOrder; where: string }) {
  const api = useTypedApi();
  const upload = useApi();
  const { t, tx, lang } = useI18n();
  const [reporting, setReporting] = useState(false);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const overdue = wo.stage !== 'verified' && Date.parse(wo.dueAt) < Date.now();

  const path = { workOrderId: wo.id };
  const accept = useOrderWrite(() => must(api.POST('/api/work-orders/{workOrderId}/transition', { params: { path }, body: { to: 'accepted' } })));
  const comment = useOrderWrite(
    async () => {
      const photoIds: string[] = [];
      for (const f of files) photoIds.push(await uploadPhoto(upload, wo.compoundId, f));
      await must(api.POST('/api/work-orders/{workOrderId}/comments', { params: { path }, body: { text: text.trim(), photoIds } }));
    },
    () => {
      setText('');
      setFiles([]);
      setReporting(false);
    },
  );
  const busy = accept.isPending || comment.isPending;
  const report = (e: FormEvent) => {
    e.preventDefault();
    comment.mutate(undefined);
  };

  return (
    <Card
      title={
        <a href={href('my-orders', wo.id)} data-testid="my-order-link">
          {wo.title}
        </a>
      }
      actions={<span className={`badge stage-${wo.stage}`}>{tx('woStage', wo.stage)}</span>}
    >
      <div className="my-order" data-testid="my-order" data-wo-id={wo.id} data-stage={wo.stage}>
        <p className="muted">
          {where}
          {wo.location && ` · ${wo.location}`}
        </p>
        <p className={overdue ? 'breach-tag' : 'muted'}>
          {t('myOrders.due', { time: formatTime(wo.dueAt, lang) })}
          {overdue && ` · ${t('myOrders.overdue')}`}
        </p>
        <ErrorLine error={accept.error ?? comment.error} />
        <div className="row">
          {wo.stage === 'dispatched' && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => accept.mutate(undefined)} data-testid="my-order-accept">
              {t('myOrders.accept')}
            </button>
          )}
          {wo.stage !== 'verified' && !reporting && (
            <button type="button" className="btn" onClick={() => setReporting(true)} data-testid="my-order-report">
              {t('myOrders.report')}
            </button>
          )}
        </div>
        {reporting && (
          <form className="form" onSubmit={report} data-testid="my-order-report-form">
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={2000} required placeholder={t('myOrders.reportPlaceholder')} data-testid="my-order-report-text" />
            <input type="file" accept="image/*" multiple onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, MAX_PHOTOS))} data-testid="my-order-report-photo" />
            <span className="row">
              <button type="submit" className="btn btn-primary" disabled={busy || !text.trim()} data-testid="my-order-report-submit">
                {t('common.submit')}
              </button>
              <button type="button" className="btn" onClick={() => setReporting(false)}>
                {t('common.cancel')}
              </button>
            </span>
          </form>
        )}
      </div>
    </Card>
  );
}
