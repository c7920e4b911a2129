/**
 * The resident's own repair requests, kept current by the live stream: the cloud sends a
 * `work_order.update` addressed to this resident (and nobody else) when one of their orders changes,
 * and the list is refetched then (the answer also says which buttons this resident may use now).
 * While the stream is down, or absent, a slow fallback: every 60 s while the page is in front and once
 * when it comes back. When the stream comes back, one refetch covers what its resume cannot (the first
 * connection has no cursor).
 */
import { useCallback, useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { WorkOrder } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { useLiveMessages, useLiveState } from '../../api/use-live.js';
import { useWhileVisible } from '../../components/use-while-visible.js';

export const FALLBACK_MS = 60_000;
export const WORK_ORDER_UPDATE = 'work_order.update';

export function useMyRequests() {
  const api = useTypedApi();
  const cache = useQueryClient();
  const state = useLiveState();
  const live = state === 'online' || state === 'catching_up';
  const query = useQuery({
    queryKey: queryKeys.myRequests,
    queryFn: async (): Promise<WorkOrder[]> => (await must(api.GET('/api/work-orders', { params: { query: { limit: 50 } } }))).workOrders,
  });
  const refresh = useCallback(() => void cache.invalidateQueries({ queryKey: queryKeys.myRequests }), [cache]);
  useLiveMessages((m) => {
    if (m.type === WORK_ORDER_UPDATE) refresh();
  });
  const wasLive = useRef(live);
  useEffect(() => {
    if (live && !wasLive.current) refresh();
    wasLive.current = live;
  }, [live, refresh]);
  useWhileVisible(() => {
    if (!live) refresh();
  }, FALLBACK_MS);
  const update = useCallback((fn: (list: WorkOrder[]) => WorkOrder[]) => cache.setQueryData<WorkOrder[]>(queryKeys.myRequests, (l) => fn(l ?? [])), [cache]);
  return { list: query.data, error: query.error, reload: refresh, update, live };
}
