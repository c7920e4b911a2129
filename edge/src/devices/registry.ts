/**
 * The device registry: one adapter factory per kind, each exported by the kind's folder
 * (`devices/<kind>/index.ts`, dispatching on `driver` where the kind has several). The table's type
 * is derived from the contract's kind list (firmware-config `kinds/`), so a kind declared there
 * without a line here fails the typecheck, and each factory must accept exactly its kind's config.
 */
import { siteDevices, type DeviceConfigOf, type DeviceKind, type SiteConfig } from '@yardguard/firmware-config/wire';
import { createAlarmColumn } from './alarm-column/index.js';
import { createCamera, type CredentialResolver } from './camera/index.js';
import { createDoorContact } from './door-contact/index.js';
import { createGate } from './gate/index.js';
import type { DeviceAdapter, DeviceContext } from './types.js';

export interface AdapterOptions {
  /** Camera logins by credentialsRef (the gateway's secrets file). */
  credentials?: CredentialResolver;
}

export type KindAdapterFactory<K extends DeviceKind> = (config: DeviceConfigOf<K>, ctx: DeviceContext, opts: AdapterOptions) => DeviceAdapter;

export const adapterFactories: { readonly [K in DeviceKind]: KindAdapterFactory<K> } = {
  gate: (cfg, ctx) => createGate(cfg, ctx),
  camera: (cfg, ctx, opts) => createCamera(cfg, ctx, opts.credentials ? { credentials: opts.credentials } : {}),
  alarm_column: (cfg, ctx) => createAlarmColumn(cfg, ctx),
  door_contact: (cfg, ctx) => createDoorContact(cfg, ctx),
};

/** One adapter per configured device, kind by kind in the contract's order, then in config order. */
export function createAdapters(
  site: SiteConfig,
  ctx: (deviceId: string, kind: DeviceKind) => DeviceContext,
  opts: AdapterOptions = {},
): DeviceAdapter[] {
  return siteDevices(site).map((d) => {
    // d.kind and d.config are correlated (KindedDevice), which TypeScript cannot follow through an index.
    const create = adapterFactories[d.kind] as KindAdapterFactory<typeof d.kind> as (c: typeof d.config, x: DeviceContext, o: AdapterOptions) => DeviceAdapter;
    return create(d.config, ctx(d.config.id, d.kind), opts);
  });
}
