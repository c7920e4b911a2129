/**
 * Messages between cloud instances (scale-out): live pushes, gate-open results, cache busts.
 * A single instance uses the in-process bus; several share one through the MQTT broker or
 * PostgreSQL LISTEN/NOTIFY (implemented by the core).
 */
import { EventEmitter } from 'node:events';

export interface ClusterBus {
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns an unsubscribe function. Every instance (including the publisher) receives it. */
  subscribe(channel: string, handler: (message: unknown) => void): () => void;
  close(): Promise<void>;
}

export function createLocalBus(): ClusterBus {
  const ee = new EventEmitter();
  ee.setMaxListeners(0);
  return {
    async publish(channel, message) {
      ee.emit(channel, message);
    },
    subscribe(channel, handler) {
      ee.on(channel, handler);
      return () => ee.off(channel, handler);
    },
    async close() {
      ee.removeAllListeners();
    },
  };
}
