/**
 * The physical side of GPIO devices, on a FakeGpio: a door with a reed contact that someone walks
 * through when the relay releases the lock, an exit button, and a column's alarm button and siren.
 */
import { resolveRelay, type AlarmColumnConfig, type GpioGateConfig } from '@yardguard/firmware-config/wire';
import type { FakeGpio } from '../hw/fake-gpio.js';
import { invert, levelOf } from '../hw/levels.js';

export interface GpioGateSimOptions {
  /** After the relay releases the lock the door opens after this many ms (0 = nobody walks through). */
  walkThroughMs?: number;
  closeAfterMs?: number;
}

export class GpioGateSim {
  readonly driver = 'gpio' as const;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly openLevel;

  constructor(private readonly gpio: FakeGpio, private readonly cfg: GpioGateConfig, opts: GpioGateSimOptions = {}) {
    this.openLevel = levelOf(cfg.doorOpenLevel);
    if (cfg.doorContactPin !== undefined) gpio.setInput(cfg.doorContactPin, invert(this.openLevel));
    if (cfg.exitButtonPin !== undefined) gpio.setInput(cfg.exitButtonPin, invert(levelOf(cfg.exitButtonLevel)));
    const relay = resolveRelay(cfg);
    const walk = opts.walkThroughMs ?? 300;
    const close = opts.closeAfterMs ?? 2000;
    gpio.onWrite((pin, level) => {
      if (pin !== relay.pin || level !== levelOf(relay.activeLevel) || walk <= 0) return;
      this.later(() => {
        this.setDoor(true);
        if (close > 0) this.later(() => this.setDoor(false), close);
      }, walk);
    });
  }

  get id(): string {
    return this.cfg.id;
  }

  get door(): 'open' | 'closed' | 'unknown' {
    if (this.cfg.doorContactPin === undefined) return 'unknown';
    return this.gpio.level(this.cfg.doorContactPin) === this.openLevel ? 'open' : 'closed';
  }

  /** Someone pushes the door open without a grant. */
  forceDoor(): Promise<void> {
    this.setDoor(true);
    return Promise.resolve();
  }

  closeDoor(): Promise<void> {
    this.setDoor(false);
    return Promise.resolve();
  }

  pressExit(): Promise<void> {
    if (this.cfg.exitButtonPin === undefined) return Promise.reject(new Error(`${this.id} has no exit button`));
    return this.gpio.press(this.cfg.exitButtonPin);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  private setDoor(open: boolean): void {
    if (this.cfg.doorContactPin === undefined) return;
    this.gpio.setInput(this.cfg.doorContactPin, open ? this.openLevel : invert(this.openLevel));
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}

export class GpioColumnSim {
  readonly driver = 'gpio' as const;

  constructor(private readonly gpio: FakeGpio, private readonly cfg: Extract<AlarmColumnConfig, { driver: 'gpio' }>) {
    gpio.setInput(cfg.buttonPin, invert(levelOf(cfg.buttonLevel)));
  }

  get id(): string {
    return this.cfg.id;
  }

  get sirenOn(): boolean {
    return this.gpio.level(this.cfg.sirenPin) === levelOf(this.cfg.sirenActiveLevel);
  }

  pressAlarm(): Promise<void> {
    return this.gpio.press(this.cfg.buttonPin);
  }
}
