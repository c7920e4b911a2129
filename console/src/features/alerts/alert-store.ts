/** Alerts by id, merged from the initial load and the live stream; newest first. */
import { toAlert } from '../../api/normalize.js';
import type { AlertView } from '../../api/types.js';
import type { LiveMessage } from '../../api/live.js';

export type AlertMap = ReadonlyMap<string, AlertView>;

export function mergeAlerts(prev: AlertMap, incoming: readonly AlertView[]): AlertMap {
  if (incoming.length === 0) return prev;
  const next = new Map(prev);
  for (const a of incoming) {
    if (!a.id) continue;
    const old = next.get(a.id);
    // A partial update (e.g. {id, status}) keeps what we already knew.
    const base = old ?? { ...toAlert({ id: a.id }), raisedAt: new Date().toISOString() };
    next.set(a.id, { ...base, ...definedOnly(a) });
  }
  return next;
}

function definedOnly(a: AlertView): Partial<AlertView> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined && v !== '') out[k] = v;
  return out as Partial<AlertView>;
}

export function sortNewestFirst(alerts: Iterable<AlertView>): AlertView[] {
  return [...alerts].sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : a.id < b.id ? 1 : -1));
}

/** Alerts carried by a live message: `{type:'alert.*', data|alert: {...}}` or a list in `alerts`. */
export function alertsFromLive(m: LiveMessage): { alerts: AlertView[]; isNew: boolean } {
  if (!/^alerts?[._]/.test(m.type) && m.type !== 'alert') return { alerts: [], isNew: false };
  const payload = m.alert ?? m.data ?? m.payload;
  const list = Array.isArray(payload) ? payload : Array.isArray(m.alerts) ? m.alerts : payload ? [payload] : [];
  const alerts = list.map(toAlert).filter((a) => a.id);
  // Partial updates must not default fields they do not carry, so re-read the raw keys.
  const partial = list.map((raw, i) => {
    const a = alerts[i];
    if (!a || !raw || typeof raw !== 'object') return a;
    const r = raw as Record<string, unknown>;
    return {
      ...a,
      severity: 'severity' in r ? a.severity : undefined,
      kind: 'kind' in r ? a.kind : undefined,
      raisedAt: ['raisedAt', 'raised_at', 'createdAt', 'created_at', 'occurredAt'].some((k) => k in r) ? a.raisedAt : undefined,
      status: ['status', 'state'].some((k) => k in r) ? a.status : statusFromType(m.type),
    } as unknown as AlertView;
  });
  const isNew = /raised|created|new|opened/.test(m.type);
  return { alerts: partial.filter((a): a is AlertView => !!a), isNew };
}

function statusFromType(type: string): string | undefined {
  if (/ack/.test(type)) return 'acknowledged';
  if (/resolv/.test(type)) return 'resolved';
  if (/escalat/.test(type)) return 'escalated';
  return undefined;
}

export const activeStatuses = new Set(['open', 'acknowledged', 'escalated']);
