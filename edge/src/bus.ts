/**
 * The typed in-process event bus (zigbee2mqtt style). Every listener is wrapped: a throwing or
 * rejecting listener is logged and the others still run, so one broken feature cannot crash the
 * agent. Listeners are keyed by owner so a feature's stop() removes all of its listeners.
 */
import type { Event } from '@yardguard/firmware-config/wire';
import type { Logger } from './log.js';

export interface BusEvents {
  /** A stamped event, durable in the outbox. */
  event: Event;
  /** A device's presence changed (after the device.online/offline event is durable). */
  presence: { deviceId: string; online: boolean; resync: boolean };
  /** The cloud link went up or down. */
  cloudLink: { state: 'up' | 'down' };
}

type Listener<K extends keyof BusEvents> = (payload: BusEvents[K]) => void | Promise<void>;

interface Entry {
  owner: string;
  fn: (payload: never) => void | Promise<void>;
}

export class EventBus {
  private readonly listeners = new Map<keyof BusEvents, Entry[]>();
  private failures = 0;

  constructor(private readonly log: Logger) {}

  on<K extends keyof BusEvents>(name: K, owner: string, fn: Listener<K>): void {
    const list = this.listeners.get(name) ?? [];
    list.push({ owner, fn: fn as Entry['fn'] });
    this.listeners.set(name, list);
  }

  /** Remove every listener of one owner (called from that feature's stop()). */
  off(owner: string): void {
    for (const [name, list] of this.listeners) {
      this.listeners.set(name, list.filter((e) => e.owner !== owner));
    }
  }

  emit<K extends keyof BusEvents>(name: K, payload: BusEvents[K]): void {
    const list = this.listeners.get(name);
    if (!list) return;
    for (const entry of list) {
      try {
        const r = (entry.fn as Listener<K>)(payload);
        if (r && typeof (r as Promise<void>).catch === 'function') {
          (r as Promise<void>).catch((err: unknown) => this.fail(name, entry.owner, err));
        }
      } catch (err) {
        this.fail(name, entry.owner, err);
      }
    }
  }

  /** Listener failures since start (for health and tests). */
  get listenerFailures(): number {
    return this.failures;
  }

  private fail(name: string, owner: string, err: unknown): void {
    this.failures++;
    this.log.error({ err, bus: name, owner }, 'bus listener failed (other listeners unaffected)');
  }
}
