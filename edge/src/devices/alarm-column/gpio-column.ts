/**
 * Alarm column on GPIO: a debounced one-key button input and a siren relay that sounds for
 * durationS. A button held down at start is a resync (logged), not an alarm.
 */
import type { AlarmColumnConfig } from '@yardguard/firmware-config/wire';
import type { GpioPin, Level } from '../../hw/gpio-port.js';
import { invert, levelOf } from '../../hw/levels.js';
import { watchDebounced, type DebouncedInput } from '../debounced-input.js';
import type { DeviceAdapter, DeviceContext } from '../types.js';
import { createSirenTracker } from './siren-tracker.js';

const BUTTON_DEBOUNCE_MS = 50;

export function createGpioColumn(cfg: Extract<AlarmColumnConfig, { driver: 'gpio' }>, ctx: DeviceContext): DeviceAdapter {
  const log = ctx.log.child({ mod: 'gpio-column', deviceId: cfg.id });
  const sirenOn = levelOf(cfg.sirenActiveLevel);
  const pressed = levelOf(cfg.buttonLevel);
  let relay: GpioPin | undefined;
  let button: { pin: GpioPin; input: DebouncedInput } | undefined;
  let lastSeenAt: Date | undefined;

  const writeSiren = (on: boolean) => relay?.write(on ? sirenOn : invert(sirenOn)) ?? Promise.reject(new Error('column not started'));
  const siren = createSirenTracker(ctx, cfg.id, () => {
    writeSiren(false).catch((err: unknown) => log.error({ err }, 'siren relay release failed'));
  });

  function onButton(level: Level): void {
    lastSeenAt = ctx.now();
    if (level !== pressed) return;
    ctx.emit({ type: 'alarm.button_pressed', data: {} }).catch((err: unknown) => log.error({ err }, 'could not record button press'));
  }

  return {
    id: cfg.id,
    kind: 'alarm_column',
    async start() {
      relay = ctx.gpio.output(cfg.sirenPin, invert(sirenOn));
      await writeSiren(false); // a siren left sounding by a crashed run stops here
      const pin = ctx.gpio.input(cfg.buttonPin, 'both');
      const initial = await pin.read();
      if (initial === pressed) log.warn('alarm button reads pressed at start (stuck or wiring): not an alarm');
      button = { pin, input: watchDebounced(pin, initial, BUTTON_DEBOUNCE_MS, onButton, (err) => log.error({ err }, 'button read failed')) };
      lastSeenAt = ctx.now();
      ctx.setOnline(true);
    },
    async stop() {
      siren.stop();
      button?.input.stop();
      button?.pin.release();
      if (relay) {
        await writeSiren(false).catch(() => undefined);
        relay.release();
      }
    },
    async execute(action) {
      try {
        if (action.action === 'siren.start') {
          await writeSiren(true);
          siren.started(action.params.pattern, action.params.durationS);
          return { status: 'ok', outcome: 'siren_started' };
        }
        if (action.action === 'siren.stop') {
          await writeSiren(false);
          siren.stopped('command');
          return { status: 'ok', outcome: 'siren_stopped' };
        }
      } catch (err) {
        return { status: 'error', code: 'DEVICE_OFFLINE', message: `siren relay failed: ${(err as Error).message}` };
      }
      return { status: 'error', code: 'UNSUPPORTED', message: `an alarm column does not do ${action.action}` };
    },
    status: () => ({
      id: cfg.id,
      kind: 'alarm_column',
      online: relay !== undefined,
      ...(lastSeenAt ? { lastSeenAt } : {}),
      state: { siren: siren.sounding ? 'on' : 'off' },
    }),
  };
}
