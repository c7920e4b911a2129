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

type Timeouts = Pick<AlertPolicy, 'ackTimeoutS' | 'resolveTimeoutS'> & Partial<Pick<AlertPolicy, 'maxEscalations'>>;

/** The cloud's defaults (cloud/src/alerts/policy.ts), used when the compound's policy cannot be read (guards get 403). */
export const fallbackTimeouts: Timeouts = {
  ackTimeoutS: { critical: 60, high: 120, medium: 300, low: 900 },
  resolveTimeoutS: { critical: 900, high: 1800, medium: 3600, low: 14_400 },
};

/**
 * When the cloud pages the next person (new: not acknowledged) or re-triggers (acknowledged: not
 * resolved). The cloud keeps the real timer and does not publish it, so this mirrors its rule: a new
 * alert's timer is armed at creation and re-armed at each escalation (every ackTimeout), so the next
 * one is due at createdAt + (level + 1) x ackTimeout. Folded repeats touch updatedAt but not the timer.
 * After a re-trigger the re-arm moment is the last update.
 */
export function escalationDeadline(a: Alert, policy: Timeouts = fallbackTimeouts): number | null {
  const sev: AlertSeverity = a.severity;
  if (a.status === 'new') {
    if (policy.maxEscalations !== undefined && a.escalationLevel >= policy.maxEscalations) return null;
    const ackMs = policy.ackTimeoutS[sev] * 1000;
    const armedAt = a.retriggers === 0 ? Date.parse(a.createdAt) + a.escalationLevel * ackMs : Date.parse(a.updatedAt);
    return armedAt + ackMs;
  }
  if (a.status === 'acknowledged' && a.acknowledgedAt) return Date.parse(a.acknowledgedAt) + policy.resolveTimeoutS[sev] * 1000;
  return null;
}

export const activeStatuses: ReadonlySet<string> = new Set(['new', 'acknowledged']);
