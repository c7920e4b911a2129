/**
 * Gate on GPIO: a relay releases the lock for a pulse, a reed contact reports the door, an exit
 * button opens from inside. The adapter turns raw levels into gate events:
 *   - door opened with no grant (command, exit button, hold) in the last forcedWindowS -> forced_open
 *   - door open longer than heldOpenS -> held_open (not while a hold_open command holds it)
 *   - the first read at start is a resync (gate.state), never an alarm.
 */
import { resolveRelay, type GpioGateConfig } from '@yardguard/firmware-config/wire';
import type { GpioPin, Level } from '../../hw/gpio-port.js';
import { invert, levelOf } from '../../hw/levels.js';
import { watchDebounced, type DebouncedInput } from '../debounced-input.js';
import type { CommandOutcome, DeviceAdapter, DeviceContext, DeviceStatus } from '../types.js';

/** How long gate.open waits for the door contact to open before DOOR_NOT_OPENED. */
export const DOOR_OPEN_WAIT_MS = 5000;

type Door = 'open' | 'closed' | 'unknown';

export function createGpioGate(cfg: GpioGateConfig, ctx: DeviceContext, opts: { doorOpenWaitMs?: number } = {}): DeviceAdapter {
  const log = ctx.log.child({ mod: 'gpio-gate', deviceId: cfg.id });
  const relayCfg = resolveRelay(cfg);
  const active = levelOf(relayCfg.activeLevel);
  const doorOpenLevel = levelOf(cfg.doorOpenLevel);
  const exitLevel = levelOf(cfg.exitButtonLevel);
  const doorOpenWaitMs = opts.doorOpenWaitMs ?? DOOR_OPEN_WAIT_MS;

  let relay: GpioPin | undefined;
  let contact: { pin: GpioPin; input: DebouncedInput } | undefined;
  let exit: { pin: GpioPin; input: DebouncedInput } | undefined;
  let door: Door = 'unknown';
  let openedAt = 0;
  let lastGrantAt = Number.NEGATIVE_INFINITY;
  let relayActive = false;
  let pulseTimer: NodeJS.Timeout | undefined;
  let holdUntil = 0;
  let heldTimer: NodeJS.Timeout | undefined;
  let lastSeenAt: Date | undefined;
  const doorWaiters = new Set<() => void>();

  /** Durations (pulse, held-open, forced window) on the monotonic clock. */
  const nowMs = () => ctx.monoMs();
  const emit = (body: Parameters<DeviceContext['emit']>[0]) => {
    ctx.emit(body).catch((err: unknown) => log.error({ err, type: body.type }, 'could not record gate event'));
  };

  async function setRelay(on: boolean): Promise<void> {
    if (!relay) throw new Error('gate not started');
    relayActive = on;
    await relay.write(on ? active : invert(active));
  }

  /** Energise the relay for ms (extending a running pulse); a running hold keeps it on. */
  async function pulse(ms: number): Promise<void> {
    clearTimeout(pulseTimer);
    await setRelay(true);
    pulseTimer = setTimeout(() => {
      pulseTimer = undefined;
      if (nowMs() < holdUntil) return;
      setRelay(false).catch((err: unknown) => log.error({ err }, 'relay release failed'));
    }, ms);
  }

  function grant(): void {
    lastGrantAt = nowMs();
  }

  /** held_open fires heldOpenS after the door opened, or after a hold_open ended, whichever is later. */
  function armHeldOpen(): void {
    clearTimeout(heldTimer);
    const deadline = () => Math.max(openedAt, holdUntil) + cfg.heldOpenS * 1000;
    heldTimer = setTimeout(() => {
      if (door !== 'open') return;
      if (nowMs() < deadline()) return armHeldOpen();
      const openForS = Math.round((nowMs() - openedAt) / 1000);
      emit({ type: 'gate.held_open', data: { openForS, thresholdS: cfg.heldOpenS } });
    }, Math.max(0, deadline() - nowMs()));
  }

  function onDoorLevel(level: Level): void {
    lastSeenAt = ctx.now();
    const next: Door = level === doorOpenLevel ? 'open' : 'closed';
    if (next === door) return;
    door = next;
    if (next === 'open') {
      openedAt = nowMs();
      const granted = relayActive || nowMs() - lastGrantAt <= cfg.forcedWindowS * 1000;
      emit({ type: 'gate.door_opened', data: {} });
      if (!granted) emit({ type: 'gate.forced_open', data: {} });
      armHeldOpen();
      for (const w of doorWaiters) w();
    } else {
      clearTimeout(heldTimer);
      emit({ type: 'gate.door_closed', data: { openForS: Math.round((nowMs() - openedAt) / 100) / 10 } });
    }
  }

  function onExitLevel(level: Level): void {
    lastSeenAt = ctx.now();
    if (level !== exitLevel) return;
    grant();
    emit({ type: 'gate.access_granted', data: { method: 'exit_button' } });
    pulse(cfg.pulseMs).catch((err: unknown) => log.error({ err }, 'exit button pulse failed'));
  }

  function waitForDoorOpen(ms: number): Promise<boolean> {
    if (door === 'open') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        doorWaiters.delete(done);
        resolve(door === 'open');
      };
      const t = setTimeout(done, ms);
      doorWaiters.add(done);
    });
  }

  const fail = (code: 'GATE_RELAY_FAILED', err: unknown): CommandOutcome => ({ status: 'error', code, message: (err as Error).message });

  return {
    id: cfg.id,
    kind: 'gate',

    async start() {
      // Fail-secure: the lock is released only while the relay is active.
      relay = ctx.gpio.output(relayCfg.pin, invert(active));
      // Write the idle level explicitly: a line still exported from a run that crashed mid-pulse
      // keeps its old level (onoff does not reconfigure it), which would leave the lock released.
      await relay.write(invert(active));
      if (cfg.doorContactPin !== undefined) {
        const pin = ctx.gpio.input(cfg.doorContactPin, 'both');
        const initial = await pin.read();
        door = initial === doorOpenLevel ? 'open' : 'closed';
        if (door === 'open') {
          openedAt = nowMs();
          armHeldOpen();
        }
        contact = { pin, input: watchDebounced(pin, initial, cfg.debounceMs, onDoorLevel, (err) => log.error({ err }, 'door contact read failed')) };
      }
      if (cfg.exitButtonPin !== undefined) {
        const pin = ctx.gpio.input(cfg.exitButtonPin, 'both');
        const initial = await pin.read();
        exit = { pin, input: watchDebounced(pin, initial, cfg.debounceMs, onExitLevel, (err) => log.error({ err }, 'exit button read failed')) };
      }
      lastSeenAt = ctx.now();
      // The first state after a (re)start is a resync: a door found open is not "opened".
      await ctx.emit({ type: 'gate.state', data: { door, locked: true } });
      ctx.setOnline(true);
    },

    async stop() {
      clearTimeout(pulseTimer);
      clearTimeout(heldTimer);
      contact?.input.stop();
      exit?.input.stop();
      contact?.pin.release();
      exit?.pin.release();
      if (relay) {
        await relay.write(invert(active)).catch(() => undefined);
        relay.release();
      }
    },

    async execute(action, meta) {
      switch (action.action) {
        case 'gate.open': {
          grant();
          try {
            await pulse(action.params.pulseMs ?? cfg.pulseMs);
          } catch (err) {
            return fail('GATE_RELAY_FAILED', err);
          }
          emit({ type: 'gate.access_granted', data: { method: 'remote', commandId: meta.commandId } });
          if (!contact) return { status: 'ok', outcome: 'opened', data: { confirmed: false } };
          const opened = await waitForDoorOpen(doorOpenWaitMs);
          if (!opened) return { status: 'error', code: 'DOOR_NOT_OPENED', message: `door contact did not open within ${doorOpenWaitMs / 1000} s` };
          return { status: 'ok', outcome: 'opened', data: { confirmed: true } };
        }
        case 'gate.hold_open': {
          grant();
          holdUntil = nowMs() + action.params.durationS * 1000;
          try {
            await pulse(action.params.durationS * 1000);
          } catch (err) {
            return fail('GATE_RELAY_FAILED', err);
          }
          if (door === 'open') armHeldOpen();
          return { status: 'ok', outcome: 'held_open', data: { untilS: action.params.durationS } };
        }
        case 'gate.lock': {
          holdUntil = 0;
          clearTimeout(pulseTimer);
          try {
            await setRelay(false);
          } catch (err) {
            return fail('GATE_RELAY_FAILED', err);
          }
          if (door === 'open') armHeldOpen();
          return { status: 'ok', outcome: 'locked' };
        }
        default:
          return { status: 'error', code: 'UNSUPPORTED', message: `a gate does not do ${action.action}` };
      }
    },

    status(): DeviceStatus {
      return {
        id: cfg.id,
        kind: 'gate',
        online: relay !== undefined,
        ...(lastSeenAt ? { lastSeenAt } : {}),
        state: { door, relay: relayActive ? 'active' : 'idle', holding: nowMs() < holdUntil },
      };
    },
  };
}
