/**
 * Alarm column on MQTT (报警音柱): the device publishes alarm.button_pressed itself; siren
 * commands go out as deviceCommand and the device answers with a commandResult. The adapter
 * records alarm.siren_started / alarm.siren_stopped from those results (and a timeout stop when
 * the duration runs out), so the timeline shows what the column actually did.
 */
import type { AlarmColumnConfig } from '@yardguard/firmware-config/wire';
import { createMqttCommandLink } from '../mqtt-command-link.js';
import type { DeviceAdapter, DeviceContext } from '../types.js';
import { createSirenTracker } from './siren-tracker.js';

/** How long to wait for the column's answer to a siren command. */
export const COLUMN_COMMAND_TIMEOUT_MS = 3000;

export function createMqttColumn(cfg: Extract<AlarmColumnConfig, { driver: 'mqtt' }>, ctx: DeviceContext): DeviceAdapter {
  const link = createMqttCommandLink(cfg.id, ctx, COLUMN_COMMAND_TIMEOUT_MS);
  const siren = createSirenTracker(ctx, cfg.id);

  return {
    id: cfg.id,
    kind: 'alarm_column',
    start() {
      return Promise.resolve();
    },
    stop() {
      siren.stop();
      link.cancelAll({ status: 'error', code: 'DEVICE_OFFLINE', message: 'agent stopping' });
      return Promise.resolve();
    },
    async execute(action, meta) {
      if (action.action !== 'siren.start' && action.action !== 'siren.stop') {
        return { status: 'error', code: 'UNSUPPORTED', message: `an alarm column does not do ${action.action}` };
      }
      if (ctx.presence().online === false) return { status: 'error', code: 'DEVICE_OFFLINE', message: `${cfg.id} is offline` };
      const outcome = await link.send(action, meta);
      if (outcome.status === 'ok') {
        if (action.action === 'siren.start') siren.started(action.params.pattern, action.params.durationS);
        else siren.stopped('command');
      }
      return outcome;
    },
    onPresence(online) {
      if (!online) link.cancelAll({ status: 'error', code: 'DEVICE_OFFLINE', message: `${cfg.id} went offline` });
    },
    onCommandResult: (payload) => link.onResult(payload),
    onEvent(e) {
      if (e.type === 'alarm.siren_stopped') siren.forget();
    },
    status: () => {
      const p = ctx.presence();
      return { id: cfg.id, kind: 'alarm_column', online: p.online === true, ...(p.lastSeenAt ? { lastSeenAt: p.lastSeenAt } : {}), state: { siren: siren.sounding ? 'on' : 'off' } };
    },
  };
}
