/**
 * The device registry: one factory per kind (and per driver for gates and columns). The table is
 * `satisfies` the full set of kinds and drivers from the contract, so a new kind or driver in
 * firmware-config without an adapter here fails the typecheck.
 */
import type { AlarmColumnConfig, CameraConfig, DeviceKind, GateConfig, SiteConfig } from '@yardguard/firmware-config';
import { createGpioColumn } from './alarm-column/gpio-column.js';
import { createMqttColumn } from './alarm-column/mqtt-column.js';
import { createCamera } from './camera/camera.js';
import type { CredentialResolver } from './camera/credentials.js';
import { createGpioGate } from './gate/gpio-gate.js';
import { createMqttGate } from './gate/mqtt-gate.js';
import type { DeviceAdapter, DeviceContext } from './types.js';

export interface AdapterOptions {
  /** Camera logins by credentialsRef (the gateway's secrets file). */
  credentials?: CredentialResolver;
}

type Factory<C> = (config: C, ctx: DeviceContext, opts: AdapterOptions) => DeviceAdapter;
type ByDriver<C extends { driver: string }> = { [D in C['driver']]: Factory<Extract<C, { driver: D }>> };

/** What each kind needs: a new kind in the contract maps to `never` here until it has an adapter. */
type KindFactories = {
  [K in DeviceKind]: K extends 'gate'
    ? ByDriver<GateConfig>
    : K extends 'camera'
      ? Factory<CameraConfig>
      : K extends 'alarm_column'
        ? ByDriver<AlarmColumnConfig>
        : never;
};

export const adapterFactories = {
  gate: {
    gpio: (cfg, ctx) => createGpioGate(cfg, ctx),
    mqtt: (cfg, ctx) => createMqttGate(cfg, ctx),
  },
  camera: (cfg, ctx, opts) => createCamera(cfg, ctx, opts.credentials ? { credentials: opts.credentials } : {}),
  alarm_column: {
    gpio: (cfg, ctx) => createGpioColumn(cfg, ctx),
    mqtt: (cfg, ctx) => createMqttColumn(cfg, ctx),
  },
} satisfies Record<DeviceKind, unknown> & KindFactories;

/** One adapter per configured device, in config order (gates, cameras, columns). */
export function createAdapters(
  site: SiteConfig,
  ctx: (deviceId: string, kind: DeviceKind) => DeviceContext,
  opts: AdapterOptions = {},
): DeviceAdapter[] {
  const f: KindFactories = adapterFactories;
  return [
    ...site.gates.map((g) => (g.driver === 'gpio' ? f.gate.gpio(g, ctx(g.id, 'gate'), opts) : f.gate.mqtt(g, ctx(g.id, 'gate'), opts))),
    ...site.cameras.map((c) => f.camera(c, ctx(c.id, 'camera'), opts)),
    ...site.alarmColumns.map((a) =>
      a.driver === 'gpio' ? f.alarm_column.gpio(a, ctx(a.id, 'alarm_column'), opts) : f.alarm_column.mqtt(a, ctx(a.id, 'alarm_column'), opts),
    ),
  ];
}
