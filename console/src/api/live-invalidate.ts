/**
 * Which cached queries a live message makes stale. Only those are invalidated (TanStack refetches
 * the ones on screen and marks the others stale), so an incident update does not reload work orders
 * and an alert storm does not reload every page.
 */
import { useEffect, useRef } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { LiveMessage } from './live.js';
import { queryKeys } from './queries.js';
import { useLiveMessages } from './use-live.js';

export function staleKeys(m: LiveMessage): QueryKey[] {
  switch (m.type) {
    case 'incident.update':
      return [queryKeys.incidents.lists, ...(m.incidentId ? [queryKeys.incidents.detail(m.incidentId)] : [])];
    case 'alert.new':
      // A new alert opens an incident or adds to one.
      return [queryKeys.incidents.lists, ...(m.alert?.incidentId ? [queryKeys.incidents.detail(m.alert.incidentId)] : [])];
    case 'alert.update':
      // The incident page lists its alerts with their status; the list's counts do not move.
      return m.alert?.incidentId ? [queryKeys.incidents.detail(m.alert.incidentId)] : [];
    case 'work_order.update':
      return [queryKeys.workOrders.lists, queryKeys.workOrders.reports, ...(m.workOrderId ? [queryKeys.workOrders.detail(m.workOrderId)] : [])];
    default:
      return [];
  }
}

/** A burst of messages (an alert storm, a replay after reconnecting) refetches each query once. */
const BATCH_MS = 250;

/** Invalidate what live messages make stale; mount once per page that shows such queries. */
export function useLiveInvalidation() {
  const cache = useQueryClient();
  const pending = useRef(new Map<string, QueryKey>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveMessages((m) => {
    const keys = staleKeys(m);
    if (keys.length === 0) return;
    for (const k of keys) pending.current.set(JSON.stringify(k), k);
    timer.current ??= setTimeout(() => {
      timer.current = null;
      const due = [...pending.current.values()];
      pending.current.clear();
      for (const queryKey of due) void cache.invalidateQueries({ queryKey });
    }, BATCH_MS);
  });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
}
