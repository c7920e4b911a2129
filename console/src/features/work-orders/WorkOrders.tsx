/** Work orders: the stage board with monthly stats and a new-order form, or one order's detail. */
import { lazy, useCallback, useEffect, useState } from 'react';
import type { TransitionWorkOrderRequest, WorkOrder, WorkOrderList, WorkOrderStage } from '../../api/types.js';
import { useApi, useSession } from '../../api/session.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useFetch } from '../../components/use-fetch.js';
import { useDirectory } from '../../components/use-directory.js';
import { useCategories } from '../../components/use-categories.js';
import { useI18n } from '../../i18n/i18n.js';
import { useRoute } from '../../router.js';
import { WorkOrderBoard } from './WorkOrderBoard.js';
import { WorkOrderStats } from './WorkOrderStats.js';
import { NewWorkOrder } from './NewWorkOrder.js';
import { canAdvance } from './permissions.js';

const WorkOrderDetail = lazy(() => import('./WorkOrderDetail.js'));

export function useNowEvery(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export default function WorkOrders() {
  const route = useRoute();
  const id = route.path[0] === 'work-orders' ? route.path[1] : undefined;
  return id ? <WorkOrderDetail id={id} /> : <WorkOrderBoardPage />;
}

export function WorkOrderBoardPage() {
  const api = useApi();
  const { t } = useI18n();
  const { session } = useSession();
  const dir = useDirectory();
  const cats = useCategories();
  const now = useNowEvery(30_000);
  const [compound, setCompound] = useState('');
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const orders = useFetch(async (a) => (await a.get<WorkOrderList>('/api/work-orders', { compoundId: compound || undefined, limit: 500 })).workOrders, [compound]);
  const role = session?.user.role;
  const mayManage = role === 'admin' || role === 'manager';

  const onAdvance = useCallback(
    async (wo: WorkOrder, to: Exclude<WorkOrderStage, 'requested'>, assigneeId?: string) => {
      setError(null);
      setBusy((b) => new Set(b).add(wo.id));
      try {
        const body: TransitionWorkOrderRequest = { to, assigneeId };
        const updated = await api.post<WorkOrder>(`/api/work-orders/${encodeURIComponent(wo.id)}/transition`, body);
        orders.setData((list) => list?.map((x) => (x.id === updated.id ? updated : x)));
      } catch (e) {
        setError(e);
      } finally {
        setBusy((b) => {
          const n = new Set(b);
          n.delete(wo.id);
          return n;
        });
      }
    },
    [api, orders],
  );

  const assignees = dir.users.filter((u) => !u.disabled && u.role !== 'resident' && (!compound || u.compoundIds.includes(compound) || u.role === 'admin'));
  return (
    <div className="page">
      <div className="toolbar">
        <h1>{t('wo.title')}</h1>
        <label>
          {t('wo.compound')}
          <select value={compound} onChange={(e) => setCompound(e.target.value)} data-testid="wo-filter-compound">
            <option value="">{t('common.all')}</option>
            {dir.compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorLine error={error} />
      <ErrorLine error={orders.error} onRetry={orders.reload} />
      {orders.loading && !orders.data ? (
        <Loading />
      ) : (
        <WorkOrderBoard
          orders={orders.data ?? []}
          now={now}
          assignees={assignees}
          compoundName={dir.compoundName}
          categoryName={cats.name}
          userName={dir.userName}
          onAdvance={(wo, to, a) => void onAdvance(wo, to, a)}
          canAdvance={(wo) => !!session && canAdvance(wo)}
          busy={busy}
        />
      )}
      {mayManage && <WorkOrderStats compoundName={dir.compoundName} />}
      <Card title={t('wo.new')}>
        <NewWorkOrder
          compounds={dir.compounds}
          categories={cats.list}
          defaultCompound={compound}
          onCreated={(wo) => orders.setData((list) => [wo, ...(list ?? [])])}
        />
      </Card>
    </div>
  );
}
