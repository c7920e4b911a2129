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
  workOrderCategories: ['work-order-categories'] as const,
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
    assignees: (id: string) => ['work-orders', 'assignees', id] as const,
    reports: ['work-orders', 'report'] as const,
    report: (month: string) => ['work-orders', 'report', month] as const,
  },
  resolvedAlerts: ['alerts', 'resolved'] as const,
  compound: (id: string) => ['compound', id] as const,
  /** What one compound page shows besides the compound: gateways, gates, snapshots, events. */
  compoundPart: (id: string, part: 'gateways' | 'gates' | 'snapshots') => ['compound', id, part] as const,
  events: (compoundId: string, filter: object) => ['compound', compoundId, 'events', filter] as const,
  // Installer page.
  gateways: (compoundId: string) => ['gateways', compoundId] as const,
  gatewayConfig: (gatewayId: string) => ['gateway-config', gatewayId] as const,
  enrollmentCodes: (compoundId: string) => ['enrollment-codes', compoundId] as const,
  deadLetters: (gatewayId: string) => ['dead-letters', gatewayId] as const,
  // Manage (channels, policy, gate audit).
  notifyChannels: (compoundId: string) => ['notify-channels', compoundId] as const,
  notifications: (compoundId: string) => ['notifications', compoundId] as const,
  alertPolicy: (compoundId: string) => ['alert-policy', compoundId] as const,
  gates: (compoundId: string) => ['gates', compoundId] as const,
  gateOpens: (filters: object) => ['gate-opens', filters] as const,
  // Guards' and installers' assigned work orders (under 'work-orders': what changes work orders invalidates them;
  // not 'mine', which is a resident's own requests).
  myWorkOrders: ['work-orders', 'assigned'] as const,
  reports: (month: string, scope: string) => ['reports', month, scope] as const,
  callbacks: ['callbacks'] as const,
  // Shifts.
  onDuty: (compoundId: string) => ['on-duty', compoundId] as const,
  posts: (compoundId: string) => ['posts', compoundId] as const,
  /** A week of every post of a compound (schedule + rosters); swaps and new rosters invalidate it. */
  postWeeks: (compoundId: string, from?: string) => (from ? (['post-weeks', compoundId, from] as const) : (['post-weeks', compoundId] as const)),
  handoverNotes: (postId: string) => ['handover-notes', postId] as const,
  // Notice board, resident page, updates.
  notice: (compoundId: string) => ['notice', compoundId] as const,
  visitorPasses: ['visitor-passes'] as const,
  careMe: ['care-me'] as const,
  releases: ['releases'] as const,
  rollouts: ['rollouts'] as const,
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
