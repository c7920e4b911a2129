/**
 * GPIO behind a port: onoff on a Pi, a programmable fake in tests and simulations.
 * Pins are BCM numbers; the onoff implementation adds the gpiochip base (512 on Bookworm).
 */
export type Level = 0 | 1;
export type Edge = 'rising' | 'falling' | 'both';

export interface GpioPin {
  read(): Promise<Level>;
  write(value: Level): Promise<void>;
  /** Called on each edge with the new level. */
  watch(cb: (err: Error | null | undefined, value: Level) => void): void;
  unwatchAll(): void;
  release(): void;
}

export interface GpioPort {
  output(bcmPin: number, initial: Level): GpioPin;
  input(bcmPin: number, edge: Edge): GpioPin;
}
