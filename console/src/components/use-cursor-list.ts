/**
 * A list the cloud pages newest first with a `before` cursor, in the query cache (useInfiniteQuery):
 * the key holds the filters, `more()` fetches the next page, and a live invalidation refetches the
 * pages already shown (the reader is not pulled back to the first page). Rows are de-duplicated by
 * id: an item that moved up (newer activity) between two page fetches is shown once.
 */
import { useMemo } from 'react';
import { useInfiniteQuery, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';

export interface CursorPage<T> {
  items: T[];
  nextBefore: string | null;
}

export interface CursorList<T> {
  items: T[];
  hasMore: boolean;
  loading: boolean;
  error: Error | null;
  more(): void;
  reload(): void;
  /** Put the cloud's answer to an action in place at once (the live message refetches later). */
  replace(item: T): void;
  prepend(item: T): void;
}

export function useCursorList<T extends { id: string }>(queryKey: QueryKey, load: (before: string | undefined) => Promise<CursorPage<T>>): CursorList<T> {
  const cache = useQueryClient();
  const q = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => load(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = useMemo(() => {
    const seen = new Set<string>();
    const out: T[] = [];
    for (const page of q.data?.pages ?? []) {
      for (const it of page.items) {
        if (seen.has(it.id)) continue;
        seen.add(it.id);
        out.push(it);
      }
    }
    return out;
  }, [q.data]);
  return {
    items,
    hasMore: q.hasNextPage,
    loading: q.isFetching,
    error: q.error,
    more: () => void (q.hasNextPage && !q.isFetchingNextPage && q.fetchNextPage()),
    reload: () => void q.refetch(),
    replace: (item) =>
      cache.setQueryData<InfiniteData<CursorPage<T>, string | undefined>>(queryKey, (d) =>
        d && { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map((x) => (x.id === item.id ? item : x)) })) }),
    prepend: (item) =>
      cache.setQueryData<InfiniteData<CursorPage<T>, string | undefined>>(queryKey, (d) =>
        d && { ...d, pages: d.pages.map((p, i) => (i === 0 ? { ...p, items: [item, ...p.items] } : p)) }),
  };
}
