/**
 * Presence of an MQTT device as its adapter sees it: retained availability / last will,
 * heartbeats, and silence longer than deviceTimeoutS. Changes go to ctx.setOnline (the core
 * emits device.online / device.offline). Before the first sign of life the state is unknown:
 * commands are tried, not refused.
 */
import type { DeviceContext } from './types.js';

export interface MqttPresence {
  readonly online: boolean | undefined;
  readonly lastSeenAt: Date | undefined;
  seen(): void;
  availability(online: boolean): void;
  /** From start: a device not heard from within deviceTimeoutS is offline (it may never have come back after a power cut). */
  watch(): void;
  stop(): void;
}

export function createMqttPresence(ctx: DeviceContext, onOffline: () => void): MqttPresence {
  let online: boolean | undefined;
  let lastSeenAt: Date | undefined;
  let silence: NodeJS.Timeout | undefined;
  const timeoutMs = ctx.site.gateway.deviceTimeoutS * 1000;

  const set = (next: boolean, reason?: 'last_will' | 'heartbeat_timeout') => {
    if (next === online) return;
    online = next;
    ctx.setOnline(next, reason);
    if (!next) onOffline();
  };
  const arm = () => {
    clearTimeout(silence);
    silence = setTimeout(() => set(false, 'heartbeat_timeout'), timeoutMs);
    silence.unref?.();
  };

  return {
    get online() {
      return online;
    },
    get lastSeenAt() {
      return lastSeenAt;
    },
    seen() {
      lastSeenAt = ctx.now();
      arm();
      set(true);
    },
    availability(up) {
      if (up) return this.seen();
      clearTimeout(silence);
      set(false, 'last_will');
    },
    watch() {
      if (online === undefined) arm();
    },
    stop() {
      clearTimeout(silence);
    },
  };
}
