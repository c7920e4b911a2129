/** Work orders: the stage board with monthly stats and a new-order form, or one order's detail. */
import { lazy, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { WorkOrder, WorkOrderStage } from '../../api/types.js';
import { useSession } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { useLiveInvalidation } from '../../api/live-invalidate.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useCursorList } from '../../components/use-cursor-list.js';
import { DayRangeInputs, PageFooter, SearchBox, rangeQuery, type DayRange } from '../../components/ListFilters.js';
import { ExportButtons } from '../export/ExportButtons.js';
import { exportOrders, orderPage, type OrderQuery } from './export-orders.js';
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
  return { compoundId: f.compoundId || undefined, status: f.status || undefined, category: (f.category || undefined) as OrderQuery['category'], q: f.q || undefined, ...rangeQuery(f) };
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
  const api = useTypedApi();
  const cache = useQueryClient();
  const { t, tx } = useI18n();
  const { session } = useSession();
  const dir = useDirectory();
  const cats = useCategories();
  const now = useNowEvery(30_000);
  const [f, setF] = useState<Filters>({ compoundId: '', status: '', category: '', q: '', fromDay: '', toDay: '' });
  const set = (p: Partial<Filters>) => setF((prev) => ({ ...prev, ...p }));
  const compound = f.compoundId;
  const query = workOrderQuery(f);
  const list = useCursorList<WorkOrder>(queryKeys.workOrders.list(query), (before) => orderPage(api, query, before, PAGE));
  // Work-order messages refetch the pages shown and the monthly table (api/live-invalidate.ts).
  useLiveInvalidation();
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  /** Other filters' lists and this order's page are stale now; they refetch when shown (this list moves the card at once). */
  const markStale = (id: string) => {
    void cache.invalidateQueries({ queryKey: queryKeys.workOrders.lists, refetchType: 'none' });
    void cache.invalidateQueries({ queryKey: queryKeys.workOrders.detail(id), refetchType: 'none' });
  };
  const role = session?.user.role;
  const mayManage = role === 'admin' || role === 'manager';

  const onAdvance = async (wo: WorkOrder, to: Exclude<WorkOrderStage, 'requested'>, assigneeId?: string) => {
    setError(null);
    setBusy((b) => new Set(b).add(wo.id));
    try {
      const updated = await must(api.POST('/api/work-orders/{workOrderId}/transition', { params: { path: { workOrderId: wo.id } }, body: { to, assigneeId } }));
      markStale(updated.id);
      list.replace(updated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy((b) => {
        const n = new Set(b);
        n.delete(wo.id);
        return n;
      });
    }
  };

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
          orders={list.items}
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
          onCreated={(wo) => (markStale(wo.id), list.prepend(wo))}
        />
      </Card>
    </div>
  );
}
