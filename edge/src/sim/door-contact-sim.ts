/**
 * Household door contacts (门磁) for care of residents living alone.
 * - DoorContactSim: a battery contact sensor on MQTT (behind its bridge): publishes
 *   door_contact.opened / closed as the door moves, battery_low and tamper, its door and battery in
 *   heartbeats, and a door_contact.state resync after every (re)connect. It takes no commands.
 * - GpioDoorContactSim: a wired reed switch played on the FakeGpio the edge reads.
 */
import type { DeviceCommand, DoorContactConfig } from '@yardguard/firmware-config/wire';
import type { FakeGpio } from '../hw/fake-gpio.js';
import { invert, levelOf } from '../hw/levels.js';
import { MqttDeviceSim, type MqttDeviceSimOptions, type SimReply } from './mqtt-device-sim.js';

export class DoorContactSim extends MqttDeviceSim {
  readonly driver = 'mqtt' as const;
  door: 'open' | 'closed' = 'closed';
  battery: number;
  private openedAt = 0;

  constructor(opts: MqttDeviceSimOptions & { battery?: number }) {
    super(opts);
    this.battery = opts.battery ?? 90;
  }

  protected state() {
    return { door: this.door, battery: this.battery };
  }

  protected async onConnected(): Promise<void> {
    await this.publishEvent({ type: 'door_contact.state', data: { door: this.door, batteryPercent: this.battery } });
  }

  async open(): Promise<void> {
    if (this.door === 'open') return;
    this.door = 'open';
    this.openedAt = Date.now();
    await this.publishEvent({ type: 'door_contact.opened', data: {} });
  }

  async close(): Promise<void> {
    if (this.door === 'closed') return;
    this.door = 'closed';
    await this.publishEvent({ type: 'door_contact.closed', data: { openForS: Math.round((Date.now() - this.openedAt) / 100) / 10 } });
  }

  /** The resident goes out (or comes back): open, a few seconds, closed. */
  async passThrough(openMs = 50): Promise<void> {
    await this.open();
    await new Promise((r) => setTimeout(r, openMs));
    await this.close();
  }

  async batteryLow(percent = 8): Promise<void> {
    this.battery = percent;
    await this.publishEvent({ type: 'door_contact.battery_low', data: { percent } });
  }

  async tamper(active = true): Promise<void> {
    await this.publishEvent({ type: 'door_contact.tamper', data: { active, ...(active ? { detail: 'cover removed' } : {}) } });
  }

  protected handle(cmd: DeviceCommand): Promise<SimReply> {
    return Promise.resolve({ status: 'error', code: 'UNSUPPORTED', message: `a door contact does not do ${cmd.action}` });
  }
}

export class GpioDoorContactSim {
  readonly driver = 'gpio' as const;

  constructor(private readonly gpio: FakeGpio, private readonly cfg: Extract<DoorContactConfig, { driver: 'gpio' }>) {
    gpio.setInput(cfg.pin, invert(levelOf(cfg.openLevel)));
  }

  get id(): string {
    return this.cfg.id;
  }

  get door(): 'open' | 'closed' {
    return this.gpio.level(this.cfg.pin) === levelOf(this.cfg.openLevel) ? 'open' : 'closed';
  }

  open(): Promise<void> {
    this.gpio.setInput(this.cfg.pin, levelOf(this.cfg.openLevel));
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.gpio.setInput(this.cfg.pin, invert(levelOf(this.cfg.openLevel)));
    return Promise.resolve();
  }

  /** Open, held past the debounce, closed. */
  async passThrough(openMs = 200): Promise<void> {
    await this.open();
    await new Promise((r) => setTimeout(r, Math.max(openMs, this.cfg.debounceMs * 3)));
    await this.close();
  }
}
