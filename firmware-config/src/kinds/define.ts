/**
 * The shape of a device kind: one module per kind in this folder declares everything the contract
 * knows about it (name, site-config key and schema, events, the commands it takes, its MQTT login
 * and GPIO pins for the site-wide checks). Events, the site config, `listDevices`, the API's kind
 * enum and the edge's adapter registry are all derived from the list in `kinds/index.ts`.
 */
import type { z } from 'zod';
import type { EventSchema } from '../contract/messages/event-schema.js';
import type { MqttCredentials } from '../config/fields.js';
import type { CommandActionName } from '../contract/messages/commands.js';

/** One example `data` per event type of the kind. */
export type EventExamples<E extends readonly EventSchema[]> = { [S in E[number] as z.output<S>['type']]: z.input<S>['data'] };

/** Report a problem at a path relative to the device (`['covers', 0]`). */
export type DeviceIssue = (path: (string | number)[], message: string) => void;

/** What a kind's cross-checks may ask about the rest of the site. */
export interface SiteLookup {
  /** Ids of the configured devices of a kind. */
  idsOf(kind: string): ReadonlySet<string>;
}

export interface DeviceKindDef<
  K extends string,
  S extends string,
  C extends z.ZodType<{ id: string; name: string }>,
  E extends readonly EventSchema[],
> {
  /** The kind's name on the wire (`device.online.data.kind`, the cloud's devices.kind). */
  kind: K;
  /** Key of the kind's device list in the site config (`gates`, `doorContacts`). */
  siteKey: S;
  /** One device's config (a discriminated union on `driver` when the kind has several). */
  config: C;
  /** The events a device of this kind may report (the edge refuses the rest). */
  events: E;
  /** One valid example body per event (contract tests round-trip each; simulators and docs use them). */
  examples: EventExamples<E>;
  /** Command actions a device of this kind carries out. */
  actions: readonly CommandActionName[];
  /** The device's broker login, when it speaks MQTT (logins are unique site-wide). */
  mqtt?(d: z.output<C>): MqttCredentials | undefined;
  /** GPIO pins the device uses, with their path in the device's config (each pin has one job). */
  pins?(d: z.output<C>): readonly { path: (string | number)[]; pin: number | undefined }[];
  /** Kind-specific checks: references to other devices, contradictions between fields. */
  check?(d: z.output<C>, issue: DeviceIssue, site: SiteLookup): void;
}

export function defineDeviceKind<
  const K extends string,
  const S extends string,
  C extends z.ZodType<{ id: string; name: string }>,
  const E extends readonly EventSchema[],
>(def: DeviceKindDef<K, S, C, E>): DeviceKindDef<K, S, C, E> {
  return def;
}
