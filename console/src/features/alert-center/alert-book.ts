/**
 * The console's one copy of the alerts it knows: the open ones loaded at sign-in, whatever the
 * live stream says since, and resolved ones a page asked for. An external store (subscribe +
 * snapshot) so the global alert layer and the desk read the same map without loading twice.
 */
import type { Alert } from '../../api/types.js';
import { mergeAlerts, type AlertMap } from '../alerts/alert-store.js';

export type BookStatus = { loading: boolean; error: unknown };

export class AlertBook {
  private map: AlertMap = new Map();
  private status: BookStatus = { loading: true, error: null };
  private listeners = new Set<() => void>();
  private pending: Alert[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  readonly subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };
  readonly getAlerts = (): AlertMap => this.map;
  readonly getStatus = (): BookStatus => this.status;

  has(id: string): boolean {
    return this.map.has(id) || this.pending.some((p) => p.id === id);
  }

  merge(list: readonly Alert[]) {
    const next = mergeAlerts(this.map, list);
    if (next === this.map) return;
    this.map = next;
    this.emit();
  }

  /** A burst (a storm of door events) is merged once per 50 ms, not re-sorted per message. */
  mergeSoon(a: Alert) {
    this.pending.push(a);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const batch = this.pending;
      this.pending = [];
      this.merge(batch);
    }, 50);
  }

  setStatus(s: BookStatus) {
    this.status = s;
    this.emit();
  }

  dispose() {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.listeners.clear();
  }

  private emit() {
    for (const l of this.listeners) l();
  }
}
