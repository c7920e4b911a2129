/** Work-order categories with their Chinese and English names, from the cloud (GET /api/work-orders/categories). */
import { useCallback } from 'react';
import type { WorkOrderCategoryList } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { useFetch } from './use-fetch.js';

export function useCategories() {
  const { lang } = useI18n();
  const cats = useFetch(async (a) => (await a.get<WorkOrderCategoryList>('/api/work-orders/categories')).categories, []);
  const list = cats.data ?? [];
  const name = useCallback(
    (id: string) => {
      const c = (cats.data ?? []).find((x) => x.id === id);
      return c ? (lang === 'zh' ? c.zh : c.en) : id;
    },
    [cats.data, lang],
  );
  return { list, name };
}
