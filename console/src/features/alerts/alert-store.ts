/** Alerts by id, merged from the initial load and the live stream; newest first. */
import type { Alert } from '../../api/types.js';
import type { LiveMessage } from '../../api/live.js';

export type AlertMap = ReadonlyMap<string, Alert>;

/** Later `updatedAt` wins, so a replayed old message never overwrites a newer state. */
export function mergeAlerts(prev: AlertMap, incoming: readonly Alert[]): AlertMap {
  if (incoming.length === 0) return prev;
  const next = new Map(prev);
  for (const a of incoming) {
    const old = next.get(a.id);
    if (!old || old.updatedAt <= a.updatedAt) next.set(a.id, a);
  }
  return next;
}

export function sortNewestFirst(alerts: Iterable<Alert>): Alert[] {
  return [...alerts].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}

/** The alert a live message carries (`alert.new` / `alert.update`), if any. */
export function alertFromLive(m: LiveMessage): { alert: Alert; isNew: boolean } | null {
  if (!m.type.startsWith('alert.') || !m.alert) return null;
  return { alert: m.alert, isNew: m.type === 'alert.new' };
}

/**
 * When the cloud pages the next person (new: not acknowledged) or re-triggers (acknowledged: not
 * resolved): the due time of the alert's pending timer, as the cloud stores it (`nextEscalationAt`).
 * The cloud's timer is the only truth (policy per compound, escalations, re-triggers), so nothing
 * is recomputed here; null when no timer is pending.
 */
export function escalationDeadline(a: Alert): number | null {
  if (a.status === 'resolved' || !a.nextEscalationAt) return null;
  const due = Date.parse(a.nextEscalationAt);
  return Number.isNaN(due) ? null : due;
}

export const activeStatuses: ReadonlySet<string> = new Set(['new', 'acknowledged']);
