/**
 * A gate controller that decides card / QR / face access itself (like the Hikvision / ZKTeco
 * controllers on compound gates) and reports over MQTT. Programmable: swipeCard, forceDoor,
 * closeDoor; remote opens release the lock and (walkThrough) someone walks through.
 */
import type { DeviceCommand } from '@yardguard/firmware-config/wire';
import { MqttDeviceSim, type MqttDeviceSimOptions, type SimReply } from './mqtt-device-sim.js';

export interface MqttGateSimOptions extends MqttDeviceSimOptions {
  /** After a grant the door opens after this many ms and closes again after closeAfterMs (0 = stays shut). */
  walkThroughMs?: number;
  closeAfterMs?: number;
}

export class MqttGateSim extends MqttDeviceSim {
  door: 'open' | 'closed' = 'closed';
  locked = true;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly gateOpts: MqttGateSimOptions) {
    super(gateOpts);
  }

  protected state() {
    return { door: this.door, locked: this.locked };
  }

  protected async onConnected(): Promise<void> {
    await this.publishEvent({ type: 'gate.state', data: { door: this.door, locked: this.locked } });
  }

  /** A card (or QR pass, or face) at the reader: a known one opens the gate, an unknown one is refused. */
  async swipeCard(result: 'ok' | 'denied', credentialRef = 'card-7f3a9c', method: 'card' | 'qr' | 'face' = 'card'): Promise<void> {
    if (result === 'denied') {
      await this.publishEvent({ type: 'gate.access_denied', data: { method, reason: 'unknown_credential', credentialRef } });
      return;
    }
    await this.publishEvent({ type: 'gate.access_granted', data: { method, credentialRef } });
    this.walkThrough();
  }

  /** The door is pushed open with no grant: the controller reports opened + forced. */
  async forceDoor(): Promise<void> {
    this.door = 'open';
    await this.publishEvent({ type: 'gate.door_opened', data: {} });
    await this.publishEvent({ type: 'gate.forced_open', data: {} });
  }

  async closeDoor(openForS?: number): Promise<void> {
    if (this.door === 'closed') return;
    this.door = 'closed';
    await this.publishEvent({ type: 'gate.door_closed', data: openForS === undefined ? {} : { openForS } });
  }

  protected async handle(cmd: DeviceCommand): Promise<SimReply> {
    switch (cmd.action) {
      case 'gate.open':
        this.walkThrough();
        return { status: 'ok', outcome: 'opened' };
      case 'gate.hold_open':
        this.locked = false;
        this.later(() => {
          this.locked = true;
        }, cmd.params.durationS * 1000);
        return { status: 'ok', outcome: 'held_open' };
      case 'gate.lock':
        this.locked = true;
        return { status: 'ok', outcome: 'locked' };
      default:
        return { status: 'error', code: 'UNSUPPORTED', message: `a gate does not do ${cmd.action}` };
    }
  }

  override async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await super.stop();
  }

  private walkThrough(): void {
    const openMs = this.gateOpts.walkThroughMs ?? 300;
    const closeMs = this.gateOpts.closeAfterMs ?? 2000;
    if (openMs <= 0) return;
    this.later(() => {
      if (this.door === 'open') return;
      this.door = 'open';
      void this.publishEvent({ type: 'gate.door_opened', data: {} }).catch(() => undefined);
      if (closeMs > 0) this.later(() => void this.closeDoor(closeMs / 1000).catch(() => undefined), closeMs);
    }, openMs);
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}
