/**
 * Every device kind, one module each. This list is the only place a kind is registered in the
 * contract: deviceKinds, the event union, eventTypesByDeviceKind, the site config's device lists
 * and their cross-checks, listDevices and the API's kind enum are derived from it. (The edge's
 * adapter registry is typed against it, so a kind here without an adapter fails the typecheck.)
 */
import { z } from 'zod';
import type { MqttCredentials } from '../config/fields.js';
import type { DeviceIssue, SiteLookup } from './define.js';
import type { CommandActionName } from '../contract/messages/commands.js';
import { alarmColumnKind } from './alarm-column.js';
import { cameraKind } from './camera.js';
import { doorContactKind } from './door-contact.js';
import { gateKind } from './gate.js';

export const deviceKindModules = [gateKind, cameraKind, alarmColumnKind, doorContactKind] as const;

type Module = (typeof deviceKindModules)[number];
export type DeviceKind = Module['kind'];
export const deviceKinds = deviceKindModules.map((m) => m.kind) as [DeviceKind, ...DeviceKind[]];
export const deviceKind = z.enum(deviceKinds);

export type DeviceKindModule<K extends DeviceKind = DeviceKind> = Extract<Module, { kind: K }>;
export type DeviceConfigOf<K extends DeviceKind> = z.output<DeviceKindModule<K>['config']>;
export type DeviceSiteKey = Module['siteKey'];

export const deviceKindModule = <K extends DeviceKind>(kind: K): DeviceKindModule<K> =>
  deviceKindModules.find((m) => m.kind === kind) as DeviceKindModule<K>;

/** The site config's device lists, one per kind: `gates: z.array(gateConfig).default([])`, ... */
export type DeviceListsShape = { [M in Module as M['siteKey']]: z.ZodDefault<z.ZodArray<M['config']>> };
export function deviceListsShape(): DeviceListsShape {
  return Object.fromEntries(deviceKindModules.map((m) => [m.siteKey, z.array(m.config as z.ZodType).default([])])) as unknown as DeviceListsShape;
}
export type DeviceLists = { [M in Module as M['siteKey']]: z.output<M['config']>[] };

/** One configured device with its kind: narrow on `kind` to get the kind's config type. */
export type KindedDevice = { [K in DeviceKind]: { kind: K; siteKey: DeviceKindModule<K>['siteKey']; index: number; config: DeviceConfigOf<K> } }[DeviceKind];

/** Every configured device, kind by kind in registry order, then in config order. */
export function siteDevices(lists: DeviceLists): KindedDevice[] {
  const out: KindedDevice[] = [];
  for (const m of deviceKindModules) {
    // A config stored before a kind existed has no list for it (JSON read back without validation).
    ((lists[m.siteKey] as { id: string }[] | undefined) ?? []).forEach((config, index) => out.push({ kind: m.kind, siteKey: m.siteKey, index, config } as KindedDevice));
  }
  return out;
}

// The kind-specific hooks, called through the module of a device's own kind.
type Hooks = {
  mqtt?(d: unknown): MqttCredentials | undefined;
  pins?(d: unknown): readonly { path: (string | number)[]; pin: number | undefined }[];
  check?(d: unknown, issue: DeviceIssue, site: SiteLookup): void;
};
const hooksOf = (kind: DeviceKind): Hooks => deviceKindModule(kind) as unknown as Hooks;

/** The device's broker login, when it speaks MQTT. */
export const mqttLoginOf = (d: KindedDevice): MqttCredentials | undefined => hooksOf(d.kind).mqtt?.(d.config);

/** The GPIO pins a device uses (empty for MQTT and network devices). */
export const gpioPinsOf = (d: KindedDevice): { path: (string | number)[]; pin: number }[] =>
  (hooksOf(d.kind).pins?.(d.config) ?? []).filter((p): p is { path: (string | number)[]; pin: number } => p.pin !== undefined);

/** The kind's own cross-checks for one device (references, contradictions between fields). */
export const checkDevice = (d: KindedDevice, issue: DeviceIssue, site: SiteLookup): void => hooksOf(d.kind).check?.(d.config, issue, site);

/** Every device that logs in to the compound's broker, with its login. */
export function mqttDevicesOf(lists: DeviceLists): { device: KindedDevice; login: MqttCredentials }[] {
  return siteDevices(lists).flatMap((device) => {
    const login = mqttLoginOf(device);
    return login ? [{ device, login }] : [];
  });
}

/** Does any device of the site drive GPIO pins (so the agent needs the GPIO port)? */
export const usesGpio = (lists: DeviceLists): boolean => siteDevices(lists).some((d) => gpioPinsOf(d).length > 0);

/** The kinds that carry out an action (the cloud refuses a command to a device of another kind). */
export const kindsTakingAction = (action: CommandActionName): DeviceKind[] =>
  deviceKindModules.filter((m) => (m.actions as readonly string[]).includes(action)).map((m) => m.kind);

export type { DeviceIssue, DeviceKindDef, SiteLookup } from './define.js';
export { defineDeviceKind } from './define.js';
export { alarmColumnKind, cameraKind, doorContactKind, gateKind };
export * from './gate.js';
export * from './camera.js';
export * from './alarm-column.js';
export * from './door-contact.js';
