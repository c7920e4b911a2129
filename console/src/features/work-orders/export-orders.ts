/** The work orders the filters match (every page, up to EXPORT_MAX) as a table to download. */
import type { WorkOrder } from '../../api/types.js';
import { must, type TypedApi } from '../../api/typed.js';
import type { paths } from '../../api/schema.js';
import type { Translate } from '../../i18n/i18n.js';
import { chinaDate, chinaDateTime } from '../../format.js';
import type { ExportTable } from '../export/table.js';

const EXPORT_MAX = 5000;

/** The list filters (the cloud's query, without the cursor and page size). */
export type OrderQuery = Omit<NonNullable<paths['/api/work-orders']['get']['parameters']['query']>, 'before' | 'limit'>;

/** One page of the work orders a query matches, newest first. */
export async function orderPage(api: TypedApi, query: OrderQuery, before: string | undefined, limit: number) {
  const page = await must(api.GET('/api/work-orders', { params: { query: { ...query, before, limit } } }));
  return { items: page.workOrders, nextBefore: page.nextBefore ?? null };
}

interface Names {
  t: Translate;
  tx(prefix: string, value: string): string;
  compoundName(id: string): string;
  categoryName(id: string): string;
  userName(id: string | null): string;
}

export async function exportOrders(api: TypedApi, query: OrderQuery, n: Names): Promise<ExportTable> {
  const rows: WorkOrder[] = [];
  let before: string | undefined;
  do {
    const page = await orderPage(api, query, before, 500);
    rows.push(...page.items);
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
