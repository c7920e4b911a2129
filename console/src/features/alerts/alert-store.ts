/** Alerts by id, merged from the initial load and the live stream; newest first. */
import type { Alert, AlertPolicy, AlertSeverity } from '../../api/types.js';
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

type Timeouts = Pick<AlertPolicy, 'ackTimeoutS' | 'resolveTimeoutS'>;

/**
 * Used when the compound's policy cannot be read (guards may not read it). Critical 60 s is the
 * cloud's documented default; the others are our assumption until the cloud publishes its defaults.
 */
export const fallbackTimeouts: Timeouts = {
  ackTimeoutS: { critical: 60, high: 120, medium: 300, low: 900 },
  resolveTimeoutS: { critical: 900, high: 1800, medium: 3600, low: 14_400 },
};

/**
 * When the cloud pages the next person (new: not acknowledged) or re-triggers (acknowledged: not
 * resolved). The cloud keeps the real timer; this is the guard's view of it.
 */
export function escalationDeadline(a: Alert, policy: Timeouts = fallbackTimeouts): number | null {
  const sev: AlertSeverity = a.severity;
  if (a.status === 'new') return Date.parse(a.updatedAt) + policy.ackTimeoutS[sev] * 1000;
  if (a.status === 'acknowledged' && a.acknowledgedAt) return Date.parse(a.acknowledgedAt) + policy.resolveTimeoutS[sev] * 1000;
  return null;
}

export const activeStatuses: ReadonlySet<string> = new Set(['new', 'acknowledged']);
