/**
 * Gate on MQTT: the controller decides card / QR / face access itself and publishes events
 * (decoded and stamped by the core, then passed to onEvent). Commands go to the controller as
 * deviceCommand messages; its commandResult comes back through onCommandResult.
 */
import type { MqttGateConfig } from '@yardguard/firmware-config';
import { createMqttCommandLink } from '../mqtt-command-link.js';
import { createMqttPresence } from '../mqtt-presence.js';
import type { DeviceAdapter, DeviceContext } from '../types.js';

export function createMqttGate(cfg: MqttGateConfig, ctx: DeviceContext): DeviceAdapter {
  const link = createMqttCommandLink(cfg.id, ctx, cfg.commandTimeoutMs);
  const presence = createMqttPresence(ctx, () => link.cancelAll({ status: 'error', code: 'DEVICE_OFFLINE', message: `${cfg.id} went offline` }));
  const state: Record<string, string | number | boolean> = { door: 'unknown' };

  return {
    id: cfg.id,
    kind: 'gate',
    start() {
      presence.watch();
      return Promise.resolve();
    },
    stop() {
      presence.stop();
      link.cancelAll({ status: 'error', code: 'DEVICE_OFFLINE', message: 'agent stopping' });
      return Promise.resolve();
    },
    execute(action, meta) {
      if (action.action !== 'gate.open' && action.action !== 'gate.hold_open' && action.action !== 'gate.lock') {
        return Promise.resolve({ status: 'error', code: 'UNSUPPORTED', message: `a gate does not do ${action.action}` });
      }
      if (presence.online === false) return Promise.resolve({ status: 'error', code: 'DEVICE_OFFLINE', message: `${cfg.id} is offline` });
      return link.send(action, meta);
    },
    onHeartbeat(s) {
      presence.seen();
      if (s) Object.assign(state, s);
    },
    onAvailability: (online) => presence.availability(online),
    onCommandResult(payload) {
      presence.seen();
      link.onResult(payload);
    },
    onEvent(e) {
      presence.seen();
      if (e.type === 'gate.state') state.door = e.data.door;
      else if (e.type === 'gate.door_opened') state.door = 'open';
      else if (e.type === 'gate.door_closed') state.door = 'closed';
    },
    status: () => ({ id: cfg.id, kind: 'gate', online: presence.online === true, ...(presence.lastSeenAt ? { lastSeenAt: presence.lastSeenAt } : {}), state: { ...state } }),
  };
}
