/**
 * Signed commands to gateways and their results. A request waits on whichever instance sent
 * the command; the result may arrive at another instance, so results travel over the cluster bus.
 */
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import {
  commandResult as commandResultSchema, decodePayload, encode, newId, topics, SCHEMA_VERSION,
  type Command, type CommandAction, type CommandResult,
} from '@yardguard/firmware-config';
import { signCommand } from '@yardguard/firmware-config/node';
import type { Database } from '../db/database.js';
import type { ClusterBus } from '../cluster/bus.js';
import { nowIso } from '../db/time.js';

export const COMMAND_RESULT_CHANNEL = 'command.result';

export type CommandOutcome =
  | { kind: 'result'; commandId: string; result: CommandResult; latencyMs: number }
  | { kind: 'timeout'; commandId: string; latencyMs: number }
  | { kind: 'offline'; commandId: string; latencyMs: number };

export interface SendCommandInput {
  gatewayId: string;
  deviceId: string;
  action: CommandAction;
  issuedBy: string;
  /** How long the signed command stays valid at the edge. */
  ttlS: number;
}

export interface CommandServiceDeps {
  db: Kysely<Database>;
  bus: ClusterBus;
  log: Logger;
  signingKey: KeyObject;
  publish(topic: string, payload: string): Promise<void>;
}

interface BusResult {
  gatewayId: string;
  result: CommandResult;
}

export function createCommandService(deps: CommandServiceDeps) {
  const { db, log } = deps;
  const waiting = new Map<string, (r: CommandResult) => void>();
  // Results that arrive before their waiter is registered (a fast gateway beats our own await).
  const unclaimed = new Map<string, CommandResult>();
  const unsubscribe = deps.bus.subscribe(COMMAND_RESULT_CHANNEL, (m) => {
    const { result } = m as BusResult;
    const w = waiting.get(result.commandId);
    if (w) return w(result);
    if (unclaimed.size > 1000) unclaimed.delete(unclaimed.keys().next().value!);
    unclaimed.set(result.commandId, result);
  });

  /** Build, sign, record and publish a command; returns its id. */
  async function send(input: SendCommandInput): Promise<Command> {
    const now = Date.now();
    const cmd = {
      v: SCHEMA_VERSION,
      id: newId(),
      gatewayId: input.gatewayId,
      deviceId: input.deviceId,
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + input.ttlS * 1000).toISOString(),
      nonce: randomBytes(16).toString('hex'),
      issuedBy: input.issuedBy.slice(0, 64),
      ...input.action,
    } as Command;
    await db.insertInto('commands').values({
      id: cmd.id, gateway_id: cmd.gatewayId, device_id: cmd.deviceId, action: cmd.action, issued_by: cmd.issuedBy,
      issued_at: cmd.issuedAt, expires_at: cmd.expiresAt, status: 'sent', result: null, completed_at: null,
    }).execute();
    await deps.publish(topics.gatewayCommand(cmd.gatewayId), encode(signCommand(cmd, deps.signingKey)));
    return cmd;
  }

  /** Send and wait for the result (or the timeout). Registers the waiter before publishing. */
  async function sendAndWait(input: SendCommandInput, timeoutMs: number): Promise<CommandOutcome> {
    const started = performance.now();
    let resolveResult!: (r: CommandResult) => void;
    const resultP = new Promise<CommandResult>((resolve) => (resolveResult = resolve));
    let commandId = '';
    let timer: NodeJS.Timeout | undefined;
    try {
      const cmd = await send(input);
      commandId = cmd.id;
      waiting.set(commandId, resolveResult);
      const raced = unclaimed.get(commandId);
      if (raced) {
        unclaimed.delete(commandId);
        resolveResult(raced);
      }
      const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
      const result = await Promise.race([resultP, timeout]);
      const latencyMs = Math.round(performance.now() - started);
      if (!result) {
        await db.updateTable('commands').set({ status: 'timeout', completed_at: nowIso() }).where('id', '=', commandId).where('status', '=', 'sent').execute();
        return { kind: 'timeout', commandId, latencyMs };
      }
      return { kind: 'result', commandId, result, latencyMs };
    } finally {
      if (timer) clearTimeout(timer);
      if (commandId) waiting.delete(commandId);
    }
  }

  const lateListeners = new Set<(gatewayId: string, r: CommandResult, answeredAt: string) => Promise<void>>();

  /**
   * `up/result` from a gateway: record once, then tell every instance. A result for a command the
   * cloud already recorded as timed out is the device's real answer: it replaces the timeout (marked
   * late) and the late-answer listeners update their own audit rows.
   */
  async function handleResult(gatewayId: string, payload: Buffer): Promise<void> {
    const r = decodePayload(commandResultSchema, payload);
    if (!r.ok) {
      log.warn({ gatewayId, error: r.error }, 'bad command result dropped');
      return;
    }
    const answeredAt = nowIso();
    const record = (from: 'sent' | 'timeout') => db.updateTable('commands')
      .set({ status: r.value.status, result: JSON.stringify(r.value), completed_at: answeredAt, late_answer: from === 'timeout' ? 1 : 0 })
      .where('id', '=', r.value.commandId).where('gateway_id', '=', gatewayId).where('status', '=', from)
      .executeTakeFirst();
    if (Number((await record('sent')).numUpdatedRows) === 0) {
      if (Number((await record('timeout')).numUpdatedRows) === 0) {
        log.warn({ gatewayId, commandId: r.value.commandId }, 'result for an unknown or finished command');
        return;
      }
      log.info({ gatewayId, commandId: r.value.commandId, status: r.value.status }, 'late command result recorded over its timeout');
      for (const l of lateListeners) await l(gatewayId, r.value, answeredAt).catch((err: unknown) => log.error({ err, commandId: r.value.commandId }, 'late result audit failed'));
    }
    await deps.bus.publish(COMMAND_RESULT_CHANNEL, { gatewayId, result: r.value } satisfies BusResult);
  }

  /** Called when a result arrives after its command was recorded as timed out (on the instance that stored it). */
  const onLateResult = (listener: (gatewayId: string, r: CommandResult, answeredAt: string) => Promise<void>): (() => void) => {
    lateListeners.add(listener);
    return () => lateListeners.delete(listener);
  };

  return { send, sendAndWait, handleResult, onLateResult, close: unsubscribe };
}

export type CommandService = ReturnType<typeof createCommandService>;
