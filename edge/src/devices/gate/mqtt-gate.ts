/**
 * Gate on MQTT: the controller decides card / QR / face access itself and publishes events
 * (decoded and stamped by the core, then passed to onEvent). Commands go to the controller as
 * deviceCommand messages; its commandResult comes back through onCommandResult. Presence is the
 * core's (ctx.presence); the adapter only fails waiting commands when the core says it went away.
 */
import type { MqttGateConfig } from '@yardguard/firmware-config/wire';
import { createMqttCommandLink } from '../mqtt-command-link.js';
import type { DeviceAdapter, DeviceContext } from '../types.js';

export function createMqttGate(cfg: MqttGateConfig, ctx: DeviceContext): DeviceAdapter {
  const link = createMqttCommandLink(cfg.id, ctx, cfg.commandTimeoutMs);
  const state: Record<string, string | number | boolean> = { door: 'unknown' };

  return {
    id: cfg.id,
    kind: 'gate',
    start() {
      return Promise.resolve();
    },
    stop() {
      link.cancelAll({ status: 'error', code: 'DEVICE_OFFLINE', message: 'agent stopping' });
      return Promise.resolve();
    },
    execute(action, meta) {
      if (action.action !== 'gate.open' && action.action !== 'gate.hold_open' && action.action !== 'gate.lock') {
        return Promise.resolve({ status: 'error', code: 'UNSUPPORTED', message: `a gate does not do ${action.action}` });
      }
      if (ctx.presence().online === false) return Promise.resolve({ status: 'error', code: 'DEVICE_OFFLINE', message: `${cfg.id} is offline` });
      return link.send(action, meta);
    },
    onHeartbeat(s) {
      if (s) Object.assign(state, s);
    },
    onPresence(online) {
      if (!online) link.cancelAll({ status: 'error', code: 'DEVICE_OFFLINE', message: `${cfg.id} went offline` });
    },
    onCommandResult: (payload) => link.onResult(payload),
    onEvent(e) {
      if (e.type === 'gate.state') state.door = e.data.door;
      else if (e.type === 'gate.door_opened') state.door = 'open';
      else if (e.type === 'gate.door_closed') state.door = 'closed';
    },
    status: () => {
      const p = ctx.presence();
      return { id: cfg.id, kind: 'gate', online: p.online === true, ...(p.lastSeenAt ? { lastSeenAt: p.lastSeenAt } : {}), state: { ...state } };
    },
  };
}
