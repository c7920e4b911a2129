/**
 * Household door contact on MQTT: the sensor (or its Zigbee/Wi-Fi bridge) publishes
 * door_contact.opened / closed / battery_low / tamper itself and its state in heartbeats; the core
 * decodes, checks and stores them before onEvent. Presence (availability, last will, silence past
 * deviceTimeoutS) is the device host's one presence model (health/presence.ts): this adapter does
 * not implement onAvailability. It takes no commands.
 */
import type { Event } from '@yardguard/firmware-config/wire';
import type { DeviceAdapter, DeviceContext } from '../types.js';
import { createDoorContactState } from './door-state.js';

export function createMqttDoorContact(cfg: { id: string }, ctx: DeviceContext): DeviceAdapter {
  const state = createDoorContactState();
  let lastSeenAt: Date | undefined;

  return {
    id: cfg.id,
    kind: 'door_contact',
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    execute: (action) => Promise.resolve({ status: 'error', code: 'UNSUPPORTED', message: `a door contact does not do ${action.action}` }),
    onHeartbeat(s) {
      lastSeenAt = ctx.now();
      if (s) state.fromHeartbeat(s);
    },
    onEvent(e: Event) {
      lastSeenAt = ctx.now();
      state.fromEvent(e);
    },
    status: () => ({ id: cfg.id, kind: 'door_contact', online: lastSeenAt !== undefined, ...(lastSeenAt ? { lastSeenAt } : {}), state: state.snapshot() }),
  };
}
