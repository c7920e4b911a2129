/** What a batch of events says about devices and the gateway (last seen, online, config applied). */
import { deviceKindOfEventType, type Event } from '@yardguard/firmware-config';
import type { DevicesTable } from '../db/tables-core.js';

export interface DeviceUpdate {
  devices: { deviceId: string; lastSeenAt: string; online?: boolean; kind?: DevicesTable['kind'] }[];
  gateway: { appliedConfigVersion?: number; agentVersion?: string };
}

const kindOfType = (type: string): DevicesTable['kind'] | undefined => deviceKindOfEventType(type);

/**
 * `all` (including duplicates) drives last-seen; only `fresh` events change states, so a
 * redelivered old batch cannot flip a device back to an old state.
 */
export function deviceStateFromEvents(gatewayId: string, all: Event[], fresh: Event[], receivedAt: string): DeviceUpdate {
  const byDevice = new Map<string, DeviceUpdate['devices'][number]>();
  const freshIds = new Set(fresh.map((e) => e.id));
  const gateway: DeviceUpdate['gateway'] = {};
  for (const e of all) {
    const d = byDevice.get(e.deviceId) ?? { deviceId: e.deviceId, lastSeenAt: receivedAt };
    if (e.deviceId === gatewayId) d.kind = 'gateway';
    else d.kind ??= kindOfType(e.type);
    if (freshIds.has(e.id)) {
      if (e.type === 'device.online') {
        d.online = true;
        d.kind = e.data.kind;
      } else if (e.type === 'device.offline') {
        d.online = false;
        d.kind = e.data.kind;
      } else if (e.type === 'gateway.config_applied') {
        gateway.appliedConfigVersion = Math.max(gateway.appliedConfigVersion ?? 0, e.data.configVersion);
      } else if (e.type === 'gateway.started') {
        gateway.agentVersion = e.data.agentVersion;
      } else if (e.deviceId !== gatewayId && d.online === undefined) {
        // Anything a device reports means it is there.
        d.online = true;
      }
    }
    byDevice.set(e.deviceId, d);
  }
  return { devices: [...byDevice.values()], gateway };
}
