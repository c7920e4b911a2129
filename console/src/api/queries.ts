/**
 * The query cache (TanStack Query): one per session. Pages share what they load (the compound list
 * is fetched once, not once per page), and live messages invalidate the queries they make stale
 * instead of every page refetching everything on every message.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.js';

/** Query keys in one place, so a live message invalidates exactly what it changes. */
export const queryKeys = {
  compounds: ['compounds'] as const,
  users: ['users'] as const,
  overview: ['overview'] as const,
  /** A resident's own repair requests (invalidated by their `work_order.update` live messages). */
  myRequests: ['work-orders', 'mine'] as const,
  devices: (compoundId: string) => ['devices', compoundId] as const,
  charts: (compoundId: string, range: string) => ['charts', compoundId, range] as const,
  /** Prefixes first: invalidating `incidents.lists` refetches every filtered list, not the details. */
  incidents: {
    all: ['incidents'] as const,
    lists: ['incidents', 'list'] as const,
    list: (query: object) => ['incidents', 'list', query] as const,
    detail: (id: string) => ['incidents', 'detail', id] as const,
  },
  workOrders: {
    all: ['work-orders'] as const,
    lists: ['work-orders', 'list'] as const,
    list: (query: object) => ['work-orders', 'list', query] as const,
    detail: (id: string) => ['work-orders', 'detail', id] as const,
    reports: ['work-orders', 'report'] as const,
    report: (month: string) => ['work-orders', 'report', month] as const,
  },
  resolvedAlerts: ['alerts', 'resolved'] as const,
  compound: (id: string) => ['compound', id] as const,
  /** What one compound page shows besides the compound: gateways, gates, snapshots, events. */
  compoundPart: (id: string, part: 'gateways' | 'gates' | 'snapshots') => ['compound', id, part] as const,
  events: (compoundId: string, filter: object) => ['compound', compoundId, 'events', filter] as const,
};

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live messages and explicit invalidation keep data fresh; a focus refetch would double them.
        refetchOnWindowFocus: false,
        staleTime: 10_000,
        // A refusal or a missing object will not change by asking again; a network blip may.
        retry: (n, e) => n < 2 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
      },
    },
  });
}
