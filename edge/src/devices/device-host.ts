/**
 * The device host: builds the adapters for the site in force and runs them, routes what the
 * local broker decoded from each device (events, heartbeats, availability, command results) to
 * its adapter and to presence, owns the linkage rules (fed right after each commit), caps each
 * device's event rate, and executes device commands. A config push swaps the adapters with the
 * rules in force still running: a command issued during the swap waits for the new adapters.
 *
 * Presence: one model (health/presence.ts). For MQTT devices the host feeds it what the broker
 * sees (availability, last will, disconnects, any message as a sign of life); other adapters
 * report through ctx.setOnline. Adapters read it (ctx.presence) and hear changes (onPresence).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { listDevices, newId, type CommandAction, type DeviceEventPayload, type DeviceKind, type Event, type EventBody, type SiteConfig } from '@yardguard/firmware-config/wire';
import type { DeviceUplink } from '../broker/local-broker.js';
import type { DeviceLogins } from '../broker/device-auth.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../bus.js';
import type { Logger } from '../log.js';
import type { Db } from '../state/db.js';
import type { GpioPort } from '../hw/gpio-port.js';
import type { OnvifPort } from '../hw/onvif-port.js';
import { Presence } from '../health/presence.js';
import { DeviceRateCap } from '../events/device-rate-cap.js';
import type { EventRecorder } from '../events/event-recorder.js';
import type { CommandOutcome, DeviceAdapter, DeviceContext, LocalPublisher } from './types.js';

export type AdaptersFactory = (site: SiteConfig, ctx: (deviceId: string, kind: DeviceKind) => DeviceContext) => DeviceAdapter[];
/** The seam to rules/engine.ts (createRulesEngine), stated structurally so the host builds alone. */
export interface RulesEngineOptions {
  site: SiteConfig;
  log: Logger;
  execute(deviceId: string, action: CommandAction): Promise<CommandOutcome>;
  raiseAlert(body: Extract<EventBody, { type: 'alert.raised' }>, deviceId: string): Promise<Event>;
  now(): Date;
  monoMs(): number;
}
export interface RulesEngine {
  onEvent(e: Event): void;
  stop(): void;
}
export type RulesFactory = (opts: RulesEngineOptions) => RulesEngine;

export interface DeviceHostOptions {
  site: SiteConfig;
  dataDir: string;
  db: Db;
  bus: EventBus;
  log: Logger;
  clock: Clock;
  recorder: EventRecorder;
  logins: DeviceLogins;
  /** Publishing on the local broker (edge -> device commands). */
  local: LocalPublisher;
  gpio: GpioPort;
  onvif: OnvifPort;
  adapters?: AdaptersFactory;
  rules?: RulesFactory;
  /** Override site.gateway.deviceTimeoutS (ms), for tests. */
  deviceTimeoutMs?: number;
}

export class DeviceHost {
  private siteInForce: SiteConfig;
  private adapters = new Map<string, DeviceAdapter>();
  private rules: RulesEngine | undefined;
  /** Set while a config push replaces the adapters: device commands wait for the new ones. */
  private swapping: Promise<void> | undefined;
  readonly presence: Presence;
  readonly rateCap: DeviceRateCap;
  readonly uplink: DeviceUplink;

  constructor(private readonly opts: DeviceHostOptions) {
    this.siteInForce = opts.site;
    this.presence = new Presence({
      site: opts.site,
      db: opts.db,
      bus: opts.bus,
      log: opts.log.child({ mod: 'presence' }),
      emit: (deviceId, body) => opts.recorder.emit(deviceId, body),
      mqttDeviceIds: opts.logins.mqttDevices().map((d) => d.deviceId),
      timeoutMs: opts.deviceTimeoutMs,
      now: () => opts.clock.wallMs(),
      monoMs: () => opts.clock.monoMs(),
      onChange: (deviceId, online) => this.adapters.get(deviceId)?.onPresence?.(online),
    });
    const out = opts.site.gateway.outbox;
    this.rateCap = new DeviceRateCap({ perS: out.devicePerS, burst: out.deviceBurst, monoMs: () => opts.clock.monoMs() });
    this.uplink = this.createUplink();
  }

  get site(): SiteConfig {
    return this.siteInForce;
  }

  /** The rules see each stored event right after its commit (before the fsync). */
  onCommitted(e: Event): void {
    this.rules?.onEvent(e);
  }

  async start(): Promise<void> {
    await this.startAdapters();
    this.rules = this.buildRules();
  }

  async stop(): Promise<void> {
    this.rules?.stop();
    this.rules = undefined;
    await this.stopAdapters();
  }

  /** Replace the site: adapters restarted, rules swapped last (the old ones run meanwhile). */
  async swap(next: SiteConfig): Promise<void> {
    let swapped!: () => void;
    this.swapping = new Promise<void>((resolve) => (swapped = resolve));
    try {
      await this.stopAdapters();
      this.siteInForce = next;
      this.opts.logins.load(next);
      this.rateCap.setLimits(next.gateway.outbox.devicePerS, next.gateway.outbox.deviceBurst);
      this.presence.reload(next, this.opts.logins.mqttDevices().map((d) => d.deviceId));
      await this.startAdapters();
      const old = this.rules;
      this.rules = this.buildRules();
      old?.stop();
    } finally {
      this.swapping = undefined;
      swapped();
    }
  }

  async execute(deviceId: string, action: CommandAction, commandId: string, expiresAt?: Date): Promise<CommandOutcome> {
    if (this.swapping) await this.swapping;
    const adapter = this.adapters.get(deviceId);
    if (!adapter) return { status: 'error', code: 'DEVICE_UNKNOWN', message: `no device "${deviceId}" on gateway ${this.siteInForce.gateway.id}` };
    return adapter.execute(action, { commandId, expiresAt });
  }

  devices(): { id: string; kind: DeviceKind; online: boolean | undefined }[] {
    const s = this.siteInForce;
    return listDevices(s).map((d) => ({ id: d.id, kind: d.kind, online: this.presence.isOnline(d.id) }));
  }

  private async startAdapters(): Promise<void> {
    const list = this.opts.adapters ? this.opts.adapters(this.siteInForce, (id, kind) => this.contextFor(id, kind)) : [];
    this.adapters = new Map(list.map((a) => [a.id, a]));
    for (const a of list) {
      try {
        await a.start();
      } catch (err) {
        // One broken device must not keep the others (and the alarm path) down.
        this.opts.log.error({ err, deviceId: a.id }, 'device adapter failed to start');
      }
    }
  }

  private async stopAdapters(): Promise<void> {
    for (const a of [...this.adapters.values()].reverse()) {
      await a.stop().catch((err: unknown) => this.opts.log.error({ err, deviceId: a.id }, 'device adapter failed to stop'));
    }
    this.adapters.clear();
  }

  private buildRules(): RulesEngine | undefined {
    return this.opts.rules?.({
      site: this.siteInForce,
      log: this.opts.log.child({ mod: 'rules' }),
      now: () => this.opts.clock.wall(),
      monoMs: () => this.opts.clock.monoMs(),
      execute: (deviceId, action) => this.execute(deviceId, action, `rule-${newId()}`),
      raiseAlert: (body, deviceId) => this.opts.recorder.emit(deviceId, body),
    });
  }

  private contextFor(deviceId: string, kind: DeviceKind): DeviceContext {
    const dir = join(this.opts.dataDir, 'devices', deviceId);
    mkdirSync(dir, { recursive: true });
    return {
      log: this.opts.log.child({ mod: 'device', deviceId, kind }),
      site: this.siteInForce,
      emit: (body, o) => this.opts.recorder.emit(deviceId, body, o),
      setOnline: (online, reason) => this.presence.set(deviceId, online, reason ?? 'disconnected'),
      presence: () => this.presence.of(deviceId),
      gpio: this.opts.gpio,
      onvif: this.opts.onvif,
      local: this.opts.local,
      dataDir: dir,
      now: () => this.opts.clock.wall(),
      monoMs: () => this.opts.clock.monoMs(),
    };
  }

  private createUplink(): DeviceUplink {
    return {
      onEvent: (device, p: DeviceEventPayload, done) => {
        this.presence.seen(device.deviceId);
        if (!this.rateCap.take(device.deviceId)) {
          const o = this.siteInForce.gateway.outbox;
          return done(new Error(`${device.deviceId} is over its event rate cap (${o.devicePerS}/s, burst ${o.deviceBurst})`));
        }
        const body = { type: p.type, data: p.data } as EventBody;
        const occurredAt = p.occurredAt ? canonicalIso(p.occurredAt) : this.opts.clock.wall().toISOString();
        this.opts.recorder.appendCb(device.deviceId, body, p.id, occurredAt, (err, r) => {
          if (r?.status === 'stored') {
            try {
              this.adapters.get(device.deviceId)?.onEvent?.(r.event);
            } catch (e) {
              // Stored and durable: the device gets its PUBACK anyway (a resend would only be absorbed).
              this.opts.log.error({ err: e, deviceId: device.deviceId }, 'device adapter failed on its event (ignored)');
            }
          }
          // Dropped at the disk cap or on a full disk: not stored, so no PUBACK (the device resends later).
          if (!err && r?.status === 'dropped') return done(new Error(`${r.reason === 'disk_full' ? 'disk full' : 'outbox full (disk cap)'}: ${p.type} not stored`));
          done(err);
        });
      },
      onHeartbeat: (device, hb) => {
        this.presence.seen(device.deviceId);
        this.adapters.get(device.deviceId)?.onHeartbeat?.(hb.state);
      },
      onAvailability: (device, state, viaLastWill) => {
        if (state === 'online') this.presence.seen(device.deviceId);
        else this.presence.set(device.deviceId, false, viaLastWill ? 'last_will' : 'disconnected');
      },
      onCommandResult: (device, result) => {
        this.presence.seen(device.deviceId);
        this.adapters.get(device.deviceId)?.onCommandResult?.(result);
      },
      onDisconnect: (device) => {
        // A will (if any) has already been handled (aedes authorizes it before clientDisconnect);
        // a device gone without one is offline too.
        this.presence.set(device.deviceId, false, 'disconnected');
      },
    };
  }
}

/** Already `toISOString()` form (what devices send): skip a Date parse + format per event. */
const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The device's timestamp in the outbox's one form (UTC, milliseconds), as `new Date(s).toISOString()`. */
export function canonicalIso(s: string): string {
  // The contract's schema has checked the calendar (no Feb 30), so a canonical string maps to itself.
  return CANONICAL_ISO.test(s) ? s : new Date(s).toISOString();
}
