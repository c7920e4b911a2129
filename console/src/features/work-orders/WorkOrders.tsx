/** Work orders: the stage board with monthly stats and a new-order form, or one order's detail. */
import { lazy, useCallback, useEffect, useState } from 'react';
import type { TransitionWorkOrderRequest, WorkOrder, WorkOrderList, WorkOrderStage } from '../../api/types.js';
import { useApi, useSession } from '../../api/session.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { usePaged } from '../../components/use-paged.js';
import { DayRangeInputs, PageFooter, SearchBox, rangeQuery, type DayRange } from '../../components/ListFilters.js';
import { ExportButtons } from '../export/ExportButtons.js';
import { exportOrders, type OrderQuery } from './export-orders.js';
import { useDirectory } from '../../components/use-directory.js';
import { useCategories } from '../../components/use-categories.js';
import { useI18n } from '../../i18n/i18n.js';
import { useRoute } from '../../router.js';
import { WorkOrderBoard } from './WorkOrderBoard.js';
import { WorkOrderStats } from './WorkOrderStats.js';
import { NewWorkOrder } from './NewWorkOrder.js';
import { canAdvance } from './permissions.js';

const WorkOrderDetail = lazy(() => import('./WorkOrderDetail.js'));
const PAGE = 200;

type Filters = { compoundId: string; status: '' | 'open' | 'closed'; category: string; q: string } & DayRange;

function workOrderQuery(f: Filters): OrderQuery {
  return { compoundId: f.compoundId || undefined, status: f.status || undefined, category: f.category || undefined, q: f.q || undefined, ...rangeQuery(f) };
}

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
  const { t, tx } = useI18n();
  const { session } = useSession();
  const dir = useDirectory();
  const cats = useCategories();
  const now = useNowEvery(30_000);
  const [f, setF] = useState<Filters>({ compoundId: '', status: '', category: '', q: '', fromDay: '', toDay: '' });
  const set = (p: Partial<Filters>) => setF((prev) => ({ ...prev, ...p }));
  const compound = f.compoundId;
  const query = workOrderQuery(f);
  const list = usePaged<WorkOrder>(async (a, before) => {
    const page = await a.get<WorkOrderList>('/api/work-orders', { ...query, before, limit: PAGE });
    return { items: page.workOrders, nextBefore: page.nextBefore ?? null };
  }, [JSON.stringify(query)]);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const orders = { data: list.items, setData: (u: (l: WorkOrder[]) => WorkOrder[]) => list.setItems(u) };
  const role = session?.user.role;
  const mayManage = role === 'admin' || role === 'manager';

  const onAdvance = useCallback(
    async (wo: WorkOrder, to: Exclude<WorkOrderStage, 'requested'>, assigneeId?: string) => {
      setError(null);
      setBusy((b) => new Set(b).add(wo.id));
      try {
        const body: TransitionWorkOrderRequest = { to, assigneeId };
        const updated = await api.post<WorkOrder>(`/api/work-orders/${encodeURIComponent(wo.id)}/transition`, body);
        orders.setData((l) => l.map((x) => (x.id === updated.id ? updated : x)));
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
        <ExportButtons build={() => exportOrders(api, query, { t, tx, compoundName: dir.compoundName, categoryName: cats.name, userName: dir.userName })} testId="wo-export" />
      </div>
      <div className="toolbar filters">
        <label>
          {t('wo.compound')}
          <select value={compound} onChange={(e) => set({ compoundId: e.target.value })} data-testid="wo-filter-compound">
            <option value="">{t('common.all')}</option>
            {dir.compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.status')}
          <select value={f.status} onChange={(e) => set({ status: e.target.value as Filters['status'] })} data-testid="wo-filter-status">
            <option value="">{t('common.all')}</option>
            <option value="open">{t('list.statusOpen')}</option>
            <option value="closed">{t('list.statusClosed')}</option>
          </select>
        </label>
        <label>
          {t('list.category')}
          <select value={f.category} onChange={(e) => set({ category: e.target.value })} data-testid="wo-filter-category">
            <option value="">{t('common.all')}</option>
            {cats.list.map((c) => (
              <option key={c.id} value={c.id}>{cats.name(c.id)}</option>
            ))}
          </select>
        </label>
        <SearchBox onSearch={(q) => set({ q })} testId="wo-search" />
        <DayRangeInputs value={f} onChange={(r) => set(r)} testId="wo" />
      </div>
      <ErrorLine error={error} />
      <ErrorLine error={list.error} onRetry={list.reload} />
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : (
        <WorkOrderBoard
          orders={orders.data}
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
      <PageFooter paged={list} />
      {mayManage && <WorkOrderStats compoundName={dir.compoundName} />}
      <Card title={t('wo.new')}>
        <NewWorkOrder
          compounds={dir.compounds}
          categories={cats.list}
          defaultCompound={compound}
          onCreated={(wo) => orders.setData((l) => [wo, ...l])}
        />
      </Card>
    </div>
  );
}
