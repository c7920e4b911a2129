/**
 * A GPIO input that reports only settled levels: contacts and buttons bounce for a few ms, and
 * a door that "opens" three times in 5 ms must be one door_opened. After each edge the level is
 * re-read once the line has been quiet for debounceMs; unchanged = no report.
 */
import type { GpioPin, Level } from '../hw/gpio-port.js';

export interface DebouncedInput {
  /** The last settled level. */
  readonly level: Level;
  stop(): void;
}

export function watchDebounced(
  pin: GpioPin,
  initial: Level,
  debounceMs: number,
  onChange: (level: Level) => void,
  onError: (err: Error) => void,
): DebouncedInput {
  let level = initial;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const settle = (value: Level) => {
    if (stopped || value === level) return;
    level = value;
    onChange(value);
  };
  pin.watch((err, value) => {
    if (err) return onError(err);
    if (debounceMs === 0) return settle(value);
    clearTimeout(timer);
    timer = setTimeout(() => {
      pin.read().then(settle, onError);
    }, debounceMs);
  });
  return {
    get level() {
      return level;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      pin.unwatchAll();
    },
  };
}
