/**
 * Device presence: the one model on the edge. MQTT devices are observed by the core (retained
 * availability, last will, disconnects, and any message as a sign of life, with a heartbeat
 * timeout); other devices report through their adapter (ctx.setOnline: GPIO, ONVIF probes).
 * Adapters read it (ctx.presence) and hear its changes (onPresence); none keeps its own.
 *
 * Restarts are not events: the first time a device is seen after the agent starts, its
 * device.online carries resync: true, so rules and the cloud treat it as a state report. A device
 * that never comes back within deviceTimeoutS of the agent's start is reported offline: while the
 * compound is guarded, a silent device is an alarm.
 */
import { listDevices, type DeviceKind, type EventBody, type SiteConfig } from '@yardguard/firmware-config/wire';
import type { Db } from '../state/db.js';
import { storageFaults } from '../state/storage-faults.js';
import type { EventBus } from '../bus.js';
import type { Logger } from '../log.js';

export type OfflineReason = 'last_will' | 'heartbeat_timeout' | 'probe_failed' | 'disconnected';

interface DeviceState {
  kind: DeviceKind;
  online: boolean | undefined;
  /** For the timeout: the last sign of life, or the agent's start when there was none yet. */
  lastSeen: number;
  /** A real sighting (for `status`). */
  seenAt?: number;
  /** Heartbeat timeout applies (MQTT devices: the broker sees them). */
  watched: boolean;
}

export interface PresenceOptions {
  site: SiteConfig;
  db: Db;
  bus: EventBus;
  log: Logger;
  /** Record device.online / device.offline for a device (durable, then on the bus). */
  emit: (deviceId: string, body: EventBody) => Promise<unknown>;
  mqttDeviceIds: string[];
  /** Wall clock (ms) for the last-seen times `status` shows. */
  now?: () => number;
  /** Monotonic clock (ms) for the heartbeat timeout: an NTP step must not mark devices offline. */
  monoMs?: () => number;
  /** Override site.gateway.deviceTimeoutS (ms). */
  timeoutMs?: number;
  /** Called on every change, synchronously (before the event is stored): adapters fail waiting commands at once. */
  onChange?: (deviceId: string, online: boolean) => void;
}

export class Presence {
  private devices = new Map<string, DeviceState>();
  private timeoutMs: number;
  private readonly now: () => number;
  private readonly mono: () => number;
  private readonly upsert;

  constructor(private readonly opts: PresenceOptions) {
    this.now = opts.now ?? Date.now;
    this.mono = opts.monoMs ?? this.now;
    this.timeoutMs = opts.timeoutMs ?? opts.site.gateway.deviceTimeoutS * 1000;
    this.upsert = opts.db.prepare<[string, string, number | null, number | null, number]>(
      `INSERT INTO devices (id, kind, online, last_seen, changed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, online = excluded.online, last_seen = excluded.last_seen, changed_at = excluded.changed_at`,
    );
    this.reload(opts.site, opts.mqttDeviceIds);
  }

  /** Take a new device list (start-up, config push); known devices keep their state. */
  reload(site: SiteConfig, mqttDeviceIds: string[]): void {
    const mqtt = new Set(mqttDeviceIds);
    const next = new Map<string, DeviceState>();
    const start = this.mono();
    for (const d of listDevices(site)) {
      const prev = this.devices.get(d.id);
      next.set(d.id, prev ? { ...prev, kind: d.kind, watched: mqtt.has(d.id) } : { kind: d.kind, online: undefined, lastSeen: start, watched: mqtt.has(d.id) });
    }
    this.devices = next;
    this.timeoutMs = this.opts.timeoutMs ?? site.gateway.deviceTimeoutS * 1000;
    const db = this.opts.db;
    // The table is a copy for `status`; presence itself lives in memory and survives a full disk.
    storageFaults(db).guard('presence', () => db.transaction(() => {
      db.prepare('DELETE FROM devices').run();
      const changedAt = this.now();
      for (const [id, s] of next) this.upsert.run(id, s.kind, s.online === undefined ? null : Number(s.online), s.seenAt ?? null, changedAt);
    })(), undefined);
  }

  /** Any sign of life from a device (message, heartbeat, connect). */
  seen(deviceId: string): void {
    const s = this.devices.get(deviceId);
    if (!s) return;
    s.lastSeen = this.mono();
    s.seenAt = this.now();
    if (s.online !== true) this.set(deviceId, true);
  }

  set(deviceId: string, online: boolean, reason: OfflineReason = 'disconnected'): void {
    const s = this.devices.get(deviceId);
    if (!s || s.online === online) return;
    const resync = s.online === undefined;
    s.online = online;
    if (online) {
      s.lastSeen = this.mono();
      s.seenAt = this.now();
    }
    storageFaults(this.opts.db).guard('presence', () => this.upsert.run(deviceId, s.kind, Number(online), s.seenAt ?? null, this.now()), undefined);
    const body: EventBody = online
      ? { type: 'device.online', data: { kind: s.kind, ...(resync ? { resync: true } : {}) } }
      : { type: 'device.offline', data: { kind: s.kind, reason } };
    this.opts.log.info({ deviceId, online, reason: online ? undefined : reason, resync }, online ? 'device online' : 'device offline');
    try {
      this.opts.onChange?.(deviceId, online);
    } catch (err) {
      this.opts.log.error({ err, deviceId }, 'presence listener failed (ignored)');
    }
    this.opts.emit(deviceId, body).then(
      () => this.opts.bus.emit('presence', { deviceId, online, resync }),
      (err: unknown) => this.opts.log.error({ err, deviceId }, 'presence event not stored'),
    );
  }

  /** Heartbeat timeouts for watched devices (called on a timer). */
  check(): void {
    const now = this.mono();
    for (const [id, s] of this.devices) {
      if (!s.watched || s.online === false) continue;
      if (now - s.lastSeen > this.timeoutMs) this.set(id, false, 'heartbeat_timeout');
    }
  }

  counts(): { online: number; total: number } {
    let online = 0;
    for (const s of this.devices.values()) if (s.online) online++;
    return { online, total: this.devices.size };
  }

  isOnline(deviceId: string): boolean | undefined {
    return this.devices.get(deviceId)?.online;
  }

  /** What an adapter sees of its device: online (undefined before the first sign) and when it was last seen. */
  of(deviceId: string): { online: boolean | undefined; lastSeenAt?: Date } {
    const s = this.devices.get(deviceId);
    return { online: s?.online, ...(s?.seenAt !== undefined ? { lastSeenAt: new Date(s.seenAt) } : {}) };
  }

  /** Write last-seen times for `status` (called on the health timer, not per heartbeat). */
  persistLastSeen(): void {
    const db = this.opts.db;
    const stmt = db.prepare<[number, string]>('UPDATE devices SET last_seen = ? WHERE id = ?');
    storageFaults(db).guard('presence', () => db.transaction(() => {
      for (const [id, s] of this.devices) if (s.seenAt !== undefined) stmt.run(s.seenAt, id);
    })(), undefined);
  }
}
