/** The work orders the filters match (every page, up to EXPORT_MAX) as a table to download. */
import type { ApiClient } from '../../api/client.js';
import type { WorkOrder, WorkOrderList } from '../../api/types.js';
import type { Translate } from '../../i18n/i18n.js';
import { chinaDate, chinaDateTime } from '../../format.js';
import type { ExportTable } from '../export/table.js';

const EXPORT_MAX = 5000;

export interface OrderQuery {
  compoundId?: string;
  status?: 'open' | 'closed';
  category?: string;
  q?: string;
  from?: string;
  to?: string;
}

interface Names {
  t: Translate;
  tx(prefix: string, value: string): string;
  compoundName(id: string): string;
  categoryName(id: string): string;
  userName(id: string | null): string;
}

export async function exportOrders(api: ApiClient, query: OrderQuery, n: Names): Promise<ExportTable> {
  const rows: WorkOrder[] = [];
  let before: string | undefined;
  do {
    const page = await api.get<WorkOrderList>('/api/work-orders', { ...query, before, limit: 500 });
    rows.push(...page.workOrders);
    before = page.nextBefore ?? undefined;
  } while (before && rows.length < EXPORT_MAX);
  const { t } = n;
  return {
    name: `${t('wo.title')}-${chinaDate()}`,
    columns: [t('col.time'), t('col.compound'), t('col.category'), t('col.title'), t('col.location'), t('col.stage'), t('col.assignee'), t('col.due'), t('col.breached'), t('col.rating'), t('col.ratingComment')],
    rows: rows.map((w) => [
      chinaDateTime(w.createdAt), n.compoundName(w.compoundId), n.categoryName(w.category), w.title, w.location ?? '', n.tx('woStage', w.stage),
      w.assigneeId ? n.userName(w.assigneeId) : '', chinaDateTime(w.dueAt), w.slaBreached ? t('common.yes') : t('common.no'), w.rating, w.ratingComment ?? '',
    ]),
  };
}
