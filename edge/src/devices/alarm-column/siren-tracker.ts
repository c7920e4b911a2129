/**
 * What a siren is doing, for both column drivers: started(pattern, durationS) records
 * alarm.siren_started and arms the end; the end is alarm.siren_stopped with its reason
 * (timeout, command, local). Only a sounding siren can stop, so no duplicate "stopped".
 */
import type { SirenPattern } from './types.js';
import type { DeviceContext } from '../types.js';

export function createSirenTracker(ctx: DeviceContext, deviceId: string, onTimeout?: () => void) {
  const log = ctx.log.child({ mod: 'siren', deviceId });
  let sounding = false;
  let timer: NodeJS.Timeout | undefined;
  const emit = (body: Parameters<DeviceContext['emit']>[0]) =>
    ctx.emit(body).catch((err: unknown) => log.error({ err, type: body.type }, 'could not record siren event'));

  const tracker = {
    get sounding() {
      return sounding;
    },
    started(pattern: SirenPattern, durationS: number) {
      clearTimeout(timer);
      sounding = true;
      void emit({ type: 'alarm.siren_started', data: { pattern, durationS } });
      timer = setTimeout(() => {
        onTimeout?.();
        tracker.stopped('timeout');
      }, durationS * 1000);
    },
    stopped(reason: 'timeout' | 'command' | 'local') {
      clearTimeout(timer);
      if (!sounding) return;
      sounding = false;
      void emit({ type: 'alarm.siren_stopped', data: { reason } });
    },
    /** The device reported the stop itself (its own event): no second event from us. */
    forget() {
      clearTimeout(timer);
      sounding = false;
    },
    stop() {
      clearTimeout(timer);
    },
  };
  return tracker;
}
