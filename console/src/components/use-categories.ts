/** Work-order categories with their Chinese and English names, from the cloud (GET /api/work-orders/categories), cached once per session. */
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { WorkOrderCategoryList } from '../api/types.js';
import { queryKeys } from '../api/queries.js';
import { must, useTypedApi } from '../api/typed.js';
import { useI18n } from '../i18n/i18n.js';

export function useCategories() {
  const { lang } = useI18n();
  const api = useTypedApi();
  const cats = useQuery({
    queryKey: queryKeys.workOrderCategories,
    queryFn: async (): Promise<WorkOrderCategoryList['categories']> => (await must(api.GET('/api/work-orders/categories'))).categories,
    staleTime: Infinity,
  });
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
