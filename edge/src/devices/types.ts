/**
 * The one extension point for device kinds. A kind = a config schema in firmware-config + a
 * folder here (devices/<kind>/) whose factory builds a DeviceAdapter. The edge core (edge.ts)
 * owns the broker, the outbox and the command path; adapters own their device's protocol.
 */
import type { Logger } from 'pino';
import type {
  CommandAction,
  CommandErrorCode,
  DeviceKind,
  Event,
  EventBody,
  SiteConfig,
} from '@yardguard/firmware-config/wire';
import type { GpioPort } from '../hw/gpio-port.js';
import type { OnvifPort } from '../hw/onvif-port.js';

/** What a command did. `error` results carry a code the cloud shows to the user. */
export type CommandOutcome =
  | { status: 'ok'; outcome: string; data?: Record<string, unknown> }
  | { status: 'error'; code: CommandErrorCode; message: string };

export interface DeviceStatus {
  id: string;
  kind: DeviceKind;
  online: boolean;
  lastSeenAt?: Date;
  /** Free-form current state for `status` and health, e.g. { door: 'closed' }. */
  state: Record<string, string | number | boolean>;
}

/** Publishing to the local broker on a device's behalf (edge -> device commands). */
export interface LocalPublisher {
  publish(topic: string, payload: string, opts?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
}

export interface DeviceContext {
  log: Logger;
  site: SiteConfig;
  /**
   * Record an event from this device. Resolves once it is durable in the outbox and has been
   * passed to the rules. Stamps id, seq, compound, gateway and device.
   */
  emit(body: EventBody, opts?: { id?: string; occurredAt?: Date }): Promise<Event>;
  /**
   * Presence for devices the core cannot observe itself (GPIO, ONVIF probes): the core emits
   * device.online / device.offline and keeps the count for health. MQTT devices need not call it:
   * the core sees their availability, last will, disconnects and messages.
   */
  setOnline(online: boolean, reason?: 'last_will' | 'heartbeat_timeout' | 'probe_failed' | 'disconnected'): void;
  /** This device as the core's one presence model sees it (online is undefined before the first sign of life). */
  presence(): { online: boolean | undefined; lastSeenAt?: Date };
  gpio: GpioPort;
  onvif: OnvifPort;
  local: LocalPublisher;
  /** Where this device keeps files (snapshots); the core caps the total size. */
  dataDir: string;
  /** Wall time, for stamps. */
  now(): Date;
  /** Monotonic ms, for durations (debounce, held-open, pulse windows): immune to NTP steps. */
  monoMs(): number;
}

export interface DeviceAdapter {
  readonly id: string;
  readonly kind: DeviceKind;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Carry out a verified command addressed to this device. */
  execute(action: CommandAction, meta: { commandId: string; expiresAt?: Date }): Promise<CommandOutcome>;
  /**
   * For MQTT-speaking devices: the core routes this device's uplink messages here after auth,
   * ACL, size and schema checks (event payloads are already decoded and stamped by the core).
   */
  onHeartbeat?(state: Record<string, string | number | boolean> | undefined): void;
  /**
   * The core's presence model saw this device come or go (availability, last will, disconnect,
   * silence past deviceTimeoutS, or the adapter's own setOnline): e.g. fail commands waiting on it.
   */
  onPresence?(online: boolean): void;
  onCommandResult?(payload: unknown): void;
  onEvent?(event: Event): void;
  status(): DeviceStatus;
}

export type AdapterFactory<C> = (config: C, ctx: DeviceContext) => DeviceAdapter;
