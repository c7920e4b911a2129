/** Alerts by id, merged from the initial load and the live stream; most urgent first. */
import type { Alert, AlertSeverity } from '../../api/types.js';
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

const byCreatedDesc = (a: Alert, b: Alert) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1);

export function sortNewestFirst(alerts: Iterable<Alert>): Alert[] {
  return [...alerts].sort(byCreatedDesc);
}

export const severityRank: Record<AlertSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * The desk's order: what still needs a hand first (unresolved before resolved), then severity
 * (critical first), then newest first — a guard reads the top of the list and acts.
 */
export function sortForDesk(alerts: Iterable<Alert>): Alert[] {
  return [...alerts].sort((a, b) => {
    const ra = a.status === 'resolved' ? 1 : 0;
    const rb = b.status === 'resolved' ? 1 : 0;
    if (ra !== rb) return ra - rb;
    const s = (severityRank[a.severity] ?? 9) - (severityRank[b.severity] ?? 9);
    return s !== 0 ? s : byCreatedDesc(a, b);
  });
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

/** Alerts that make the console ring until someone acknowledges them. */
export const ringingSeverities: ReadonlySet<string> = new Set(['critical', 'high']);
