/**
 * GpioPort on onoff 6 (sysfs). onoff is an optional dependency and is imported lazily, so the
 * agent starts on machines without it (a laptop, CI) as long as no GPIO device is configured.
 * Pins are BCM numbers; the gpiochip base is added here (see gpio-chip-base.ts).
 */
import type { Edge, GpioPin, GpioPort, Level } from './gpio-port.js';
import { resolveGpioBase } from './gpio-chip-base.js';

/** The part of onoff's Gpio class we use (typed here so onoff stays optional at compile time too). */
interface OnoffGpio {
  read(): Promise<Level>;
  write(value: Level): Promise<void>;
  watch(cb: (err: Error | null | undefined, value: Level) => void): void;
  unwatchAll(): void;
  unexport(): void;
}
interface OnoffModule {
  Gpio: {
    new (gpio: number, direction: 'in' | 'out' | 'high' | 'low', edge?: Edge | 'none', options?: { reconfigureDirection?: boolean }): OnoffGpio;
    accessible: boolean;
  };
}

export interface OnoffGpioOptions {
  /** Defaults to /sys/class/gpio; tests pass a temp dir. */
  sysfsRoot?: string;
  /** Override the detected chip base. */
  base?: number;
  /** Injected in tests; defaults to `import('onoff')`. */
  loadOnoff?: () => Promise<OnoffModule>;
}

export class GpioUnavailableError extends Error {
  override readonly name = 'GpioUnavailableError';
}

export async function createOnoffGpio(opts: OnoffGpioOptions = {}): Promise<GpioPort & { base: number }> {
  let mod: OnoffModule;
  try {
    mod = opts.loadOnoff ? await opts.loadOnoff() : ((await import('onoff' as string)) as OnoffModule);
  } catch (e) {
    throw new GpioUnavailableError(`onoff is not installed (${(e as Error).message}); install it on the Pi or remove GPIO devices from the site config`);
  }
  if (!mod.Gpio.accessible) {
    throw new GpioUnavailableError('GPIO is not accessible here (no /sys/class/gpio or no permission: add the user to the gpio group)');
  }
  const base = opts.base ?? resolveGpioBase(opts.sysfsRoot).base;
  // Outputs are not unexported on release: the line keeps driving the idle level the adapter
  // wrote last (a released line could float and click an active-low relay, opening a gate).
  const wrap = (g: OnoffGpio, unexportOnRelease: boolean): GpioPin => ({
    read: () => g.read(),
    write: (v) => g.write(v),
    watch: (cb) => g.watch(cb),
    unwatchAll: () => g.unwatchAll(),
    release: () => {
      g.unwatchAll();
      if (unexportOnRelease) g.unexport();
    },
  });
  return {
    base,
    // 'high'/'low' as direction sets the initial level atomically with the export: no glitch on the relay.
    output: (bcmPin, initial) => wrap(new mod.Gpio(base + bcmPin, initial === 1 ? 'high' : 'low', 'none', { reconfigureDirection: false }), false),
    input: (bcmPin, edge) => wrap(new mod.Gpio(base + bcmPin, 'in', edge), true),
  };
}
