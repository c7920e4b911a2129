/**
 * Edge -> MQTT device commands: publish a deviceCommand on the device's command topic and wait
 * for the commandResult with the same id (routed back by the core through onCommandResult).
 * No answer in time = DEVICE_TIMEOUT; a result nobody waits for (late, duplicate) is dropped.
 * Every command carries `expiresAt` (see send()).
 */
import { commandResult, decode, decodePayload, encode, MAX_DEVICE_PAYLOAD_BYTES, SCHEMA_VERSION, topics, type CommandAction, type DeviceCommand } from '@yardguard/firmware-config/wire';
import type { CommandOutcome, DeviceContext } from './types.js';

interface Pending {
  resolve(o: CommandOutcome): void;
  timer: NodeJS.Timeout;
}

export interface MqttCommandLink {
  send(action: CommandAction, meta: { commandId: string; expiresAt?: Date }): Promise<CommandOutcome>;
  onResult(payload: unknown): void;
  /** Resolve every waiting command with this outcome (stop, device went offline). */
  cancelAll(outcome: CommandOutcome): void;
  readonly pending: number;
}

export function createMqttCommandLink(deviceId: string, ctx: DeviceContext, timeoutMs: number): MqttCommandLink {
  const log = ctx.log.child({ mod: 'mqtt-command', deviceId });
  const waiting = new Map<string, Pending>();

  return {
    get pending() {
      return waiting.size;
    },

    send(action, meta) {
      // Every device command expires: at the cloud command's expiry, and never later than the
      // moment this link stops waiting (a result after DEVICE_TIMEOUT would reach nobody). The
      // local broker drops a queued copy past it, so a session does not deliver it on reconnect.
      const deadline = Math.min(meta.expiresAt?.getTime() ?? Infinity, ctx.now().getTime() + timeoutMs);
      // Only the action goes to the device (a cloud Command also carries its own expiresAt, nonce...).
      const cmd = { v: SCHEMA_VERSION, id: meta.commandId, expiresAt: new Date(deadline).toISOString(), action: action.action, params: action.params } as DeviceCommand;
      return new Promise<CommandOutcome>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(meta.commandId);
          resolve({ status: 'error', code: 'DEVICE_TIMEOUT', message: `${deviceId} did not answer ${action.action} within ${timeoutMs} ms` });
        }, timeoutMs);
        waiting.set(meta.commandId, { resolve, timer });
        ctx.local.publish(topics.deviceCommand(deviceId), encode(cmd), { qos: 1 }).catch((err: unknown) => {
          clearTimeout(timer);
          waiting.delete(meta.commandId);
          resolve({ status: 'error', code: 'DEVICE_OFFLINE', message: `could not publish to ${deviceId}: ${(err as Error).message}` });
        });
      });
    },

    onResult(payload) {
      const r = typeof payload === 'string' || payload instanceof Uint8Array
        ? decodePayload(commandResult, payload, MAX_DEVICE_PAYLOAD_BYTES)
        : decode(commandResult, payload);
      if (!r.ok) {
        log.warn({ error: r.error }, 'bad command result from device (dropped)');
        return;
      }
      const res = r.value;
      if (res.deviceId !== deviceId) {
        log.warn({ claimed: res.deviceId }, 'command result names another device (dropped)');
        return;
      }
      const p = waiting.get(res.commandId);
      if (!p) {
        log.debug({ commandId: res.commandId }, 'result for a command nobody waits for (late or duplicate)');
        return;
      }
      clearTimeout(p.timer);
      waiting.delete(res.commandId);
      if (res.status === 'ok') p.resolve({ status: 'ok', outcome: res.outcome ?? 'ok', ...(res.data ? { data: res.data } : {}) });
      else p.resolve({ status: 'error', code: res.error?.code ?? 'UNSUPPORTED', message: res.error?.message ?? 'device reported an error' });
    },

    cancelAll(outcome) {
      for (const p of waiting.values()) {
        clearTimeout(p.timer);
        p.resolve(outcome);
      }
      waiting.clear();
    },
  };
}
