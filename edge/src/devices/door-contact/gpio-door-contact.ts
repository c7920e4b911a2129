/**
 * Household door contact wired to the Pi (a reed switch on a flat next to the gateway): settled
 * level changes become door_contact.opened / closed; the first read at start is a resync
 * (door_contact.state), not activity. A wired contact has no battery and is always present.
 */
import type { DoorContactConfig } from '@yardguard/firmware-config/wire';
import type { GpioPin, Level } from '../../hw/gpio-port.js';
import { levelOf } from '../../hw/levels.js';
import { watchDebounced, type DebouncedInput } from '../debounced-input.js';
import type { DeviceAdapter, DeviceContext } from '../types.js';
import { createDoorContactState } from './door-state.js';

export function createGpioDoorContact(cfg: Extract<DoorContactConfig, { driver: 'gpio' }>, ctx: DeviceContext): DeviceAdapter {
  const log = ctx.log.child({ mod: 'gpio-door-contact', deviceId: cfg.id });
  const openLevel = levelOf(cfg.openLevel);
  const state = createDoorContactState();
  let input: { pin: GpioPin; watch: DebouncedInput } | undefined;
  let openedAt = 0;
  let lastSeenAt: Date | undefined;

  const emit = (body: Parameters<DeviceContext['emit']>[0]) => {
    ctx.emit(body).then((e) => state.fromEvent(e), (err: unknown) => log.error({ err, type: body.type }, 'could not record door contact event'));
  };

  function onLevel(level: Level): void {
    lastSeenAt = ctx.now();
    if (level === openLevel) {
      openedAt = ctx.monoMs();
      emit({ type: 'door_contact.opened', data: {} });
    } else {
      emit({ type: 'door_contact.closed', data: { openForS: Math.round((ctx.monoMs() - openedAt) / 100) / 10 } });
    }
  }

  return {
    id: cfg.id,
    kind: 'door_contact',
    async start() {
      const pin = ctx.gpio.input(cfg.pin, 'both');
      const initial = await pin.read();
      if (initial === openLevel) openedAt = ctx.monoMs();
      lastSeenAt = ctx.now();
      ctx.setOnline(true);
      emit({ type: 'door_contact.state', data: { door: initial === openLevel ? 'open' : 'closed' } });
      input = { pin, watch: watchDebounced(pin, initial, cfg.debounceMs, onLevel, (err) => log.error({ err }, 'door contact read failed')) };
    },
    stop() {
      input?.watch.stop();
      input?.pin.release();
      input = undefined;
      return Promise.resolve();
    },
    execute: (action) => Promise.resolve({ status: 'error', code: 'UNSUPPORTED', message: `a door contact does not do ${action.action}` }),
    status: () => ({ id: cfg.id, kind: 'door_contact', online: input !== undefined, ...(lastSeenAt ? { lastSeenAt } : {}), state: state.snapshot() }),
  };
}
