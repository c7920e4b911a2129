/**
 * The event recorder: stamps an event (id, compound, gateway, device, time), appends it to the
 * outbox, and fans it out in the right order:
 * - `onCommitted` (the linkage rules) right after the commit, before the fsync: the siren must not
 *   wait for a slow disk, and a redelivered id is already absorbed (no second siren);
 * - after the fsync: the bus `event`, then `onStored` (the forwarder may send it now), then the
 *   caller's `done` (the device's PUBACK).
 */
import { newId, SCHEMA_VERSION, type Event, type EventBody } from '@yardguard/firmware-config/wire';
import type { EventBus } from '../bus.js';
import type { Logger } from '../log.js';
import type { AppendDone, AppendResult, Outbox } from '../uplink/outbox.js';

export interface EventRecorderOptions {
  outbox: Outbox;
  bus: EventBus;
  log: Logger;
  /** The compound and gateway in force (a config push may change the site, not these ids). */
  identity: () => { compoundId: string; gatewayId: string };
  /** Wall clock for occurredAt. */
  wall: () => Date;
  /** Right after the commit (stored events only): the rules. */
  onCommitted: (e: Event) => void;
  /** After the fsync (stored events only): the forwarder. */
  onStored: () => void;
}

export class EventRecorder {
  constructor(private readonly opts: EventRecorderOptions) {}

  /** Stamp and queue; `done` runs after the group's fsync (no promise per event: the broker's hot path). */
  appendCb(deviceId: string, body: EventBody, id: string | undefined, occurredAt: string, done: AppendDone): void {
    const { compoundId, gatewayId } = this.opts.identity();
    const env = { v: SCHEMA_VERSION, id: id ?? newId(), compoundId, gatewayId, deviceId, occurredAt };
    this.opts.outbox.appendCb(env, body, (err, r) => this.afterSync(deviceId, body, err, r, done), this.committed);
  }

  append(deviceId: string, body: EventBody, opts: { id?: string; occurredAt?: Date } = {}): Promise<AppendResult> {
    return new Promise((resolve, reject) =>
      this.appendCb(deviceId, body, opts.id, (opts.occurredAt ?? this.opts.wall()).toISOString(), (err, r) => (err ? reject(err) : resolve(r!))),
    );
  }

  /** Record an event: resolves once durable (rejects when it was not stored). */
  async emit(deviceId: string, body: EventBody, opts?: { id?: string; occurredAt?: Date }): Promise<Event> {
    return (await this.append(deviceId, body, opts)).event;
  }

  private readonly committed = (r: AppendResult): void => {
    if (r.status === 'stored') this.opts.onCommitted(r.event);
  };

  private afterSync(deviceId: string, body: EventBody, err: Error | null, r: AppendResult | undefined, done: AppendDone): void {
    if (r?.status === 'stored') {
      this.opts.bus.emit('event', r.event);
      this.opts.onStored();
    } else if (r?.status === 'dropped') {
      this.opts.log.warn({ deviceId, type: body.type, reason: r.reason }, 'event not stored (outbox full or disk full)');
    }
    done(err, r);
  }
}
