/**
 * Which devices a rule acts on, from the site layout: the column standing nearest a gate
 * (alarmColumns[].near) and the cameras covering it (cameras[].covers).
 */
import type { AlertKind, SiteConfig } from '@yardguard/firmware-config/wire';
import type { RuleTrigger } from './types.js';

/**
 * The column whose `near` lists the device (for a camera: a gate it covers), else the first
 * column; a column is its own nearest.
 */
export function nearestColumn(site: SiteConfig, deviceId: string): string | undefined {
  if (site.alarmColumns.some((c) => c.id === deviceId)) return deviceId;
  const gates = site.cameras.find((c) => c.id === deviceId)?.covers ?? [deviceId];
  return (site.alarmColumns.find((c) => c.near.some((g) => gates.includes(g))) ?? site.alarmColumns[0])?.id;
}

/**
 * Cameras covering a device: for a gate, cameras whose `covers` lists it; for a column, the cameras
 * covering the gates it stands near; for a camera, the camera itself.
 */
export function coveringCameras(site: SiteConfig, deviceId: string): string[] {
  if (site.cameras.some((c) => c.id === deviceId)) return [deviceId];
  const column = site.alarmColumns.find((c) => c.id === deviceId);
  const gates = column ? column.near : [deviceId];
  return site.cameras.filter((c) => c.covers.some((g) => gates.includes(g))).map((c) => c.id);
}

export const alertKindOf: Record<RuleTrigger, AlertKind> = {
  'gate.forced_open': 'door_forced',
  'gate.held_open': 'door_held_open',
  'gate.tamper': 'tamper',
  'alarm.button_pressed': 'alarm_button',
  'alarm.tamper': 'tamper',
  'camera.offline': 'camera_offline',
  'camera.tamper': 'tamper',
  'device.offline': 'device_offline',
};
