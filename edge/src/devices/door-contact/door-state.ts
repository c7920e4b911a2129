/** What the edge knows of a door contact (for `status` and health), from its events and heartbeats. */
import type { Event } from '@yardguard/firmware-config/wire';

export interface DoorContactState {
  fromEvent(e: Event): void;
  fromHeartbeat(s: Record<string, string | number | boolean>): void;
  snapshot(): Record<string, string | number | boolean>;
}

export function createDoorContactState(): DoorContactState {
  const s: Record<string, string | number | boolean> = { door: 'unknown', batteryLow: false, tamper: false };
  return {
    fromEvent(e) {
      if (e.type === 'door_contact.opened') s.door = 'open';
      else if (e.type === 'door_contact.closed') s.door = 'closed';
      else if (e.type === 'door_contact.state') {
        s.door = e.data.door;
        if (e.data.batteryPercent !== undefined) s.battery = e.data.batteryPercent;
      } else if (e.type === 'door_contact.battery_low') {
        s.batteryLow = true;
        if (e.data.percent !== undefined) s.battery = e.data.percent;
      } else if (e.type === 'door_contact.tamper') s.tamper = e.data.active;
    },
    fromHeartbeat(hb) {
      if (hb.door === 'open' || hb.door === 'closed') s.door = hb.door;
      if (typeof hb.battery === 'number') s.battery = hb.battery;
    },
    snapshot: () => ({ ...s }),
  };
}
