/**
 * The command path from the cloud: signature (Ed25519, cloud key pinned at enrollment), gateway,
 * expiry (against cloud time), nonce (durable replay store), then dispatch. Every command that
 * names itself gets a result, refusals included, with the reason code and the time it took.
 */
import { performance } from 'node:perf_hooks';
import type { KeyObject } from 'node:crypto';
import {
  decodePayload,
  id as idSchema,
  SCHEMA_VERSION,
  signedCommand,
  type Command,
  type CommandErrorCode,
  type CommandResult,
} from '@yardguard/firmware-config/wire';
import { verifySignedCommand } from '@yardguard/firmware-config/node';
import type { CommandOutcome } from '../devices/types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../clock.js';
import type { NonceStore } from './nonce-store.js';

export interface CommandHandlerOptions {
  gatewayId: string;
  cloudKey: string | KeyObject;
  clock: Clock;
  nonces: NonceStore;
  log: Logger;
  dispatch: (cmd: Command) => Promise<CommandOutcome>;
  publishResult: (result: CommandResult) => Promise<boolean>;
}

export interface CommandCounters {
  received: number;
  executed: number;
  refused: Partial<Record<CommandErrorCode, number>>;
}

export class CommandHandler {
  readonly counters: CommandCounters = { received: 0, executed: 0, refused: {} };

  constructor(private readonly opts: CommandHandlerOptions) {}

  /** Handle one raw message from the command topic. Never throws. */
  async handle(payload: Buffer): Promise<CommandResult | null> {
    const started = performance.now();
    this.counters.received++;
    let result: CommandResult | null;
    try {
      result = await this.process(payload, started);
    } catch (err) {
      this.opts.log.error({ err }, 'command handling failed');
      result = null;
    }
    if (result) {
      const sent = await this.opts.publishResult(result).catch((err: unknown) => {
        this.opts.log.warn({ err }, 'command result not published');
        return false;
      });
      if (!sent) this.opts.log.warn({ commandId: result.commandId }, 'cloud link down: command result not delivered');
    }
    return result;
  }

  private async process(payload: Buffer, started: number): Promise<CommandResult | null> {
    const { log, gatewayId } = this.opts;
    const decoded = decodePayload(signedCommand, payload);
    if (!decoded.ok) {
      log.warn({ error: decoded.error }, 'unreadable command refused');
      return this.refusal(rawIds(safeParse(payload)), 'CMD_INVALID', decoded.error, started);
    }
    const raw = rawIds(decoded.value.command);
    const verified = verifySignedCommand(decoded.value, this.opts.cloudKey);
    if (!verified.ok) return this.refusal(raw, verified.code, verified.message, started);
    const cmd = verified.command;
    const ids = { commandId: cmd.id, deviceId: cmd.deviceId };
    if (cmd.gatewayId !== gatewayId) return this.refusal(ids, 'CMD_WRONG_GATEWAY', `command is for gateway ${cmd.gatewayId}, this is ${gatewayId}`, started);
    const expiresAt = Date.parse(cmd.expiresAt);
    const now = this.opts.clock.cloudMs();
    // No cloud time yet in this boot (a Pi has no RTC): expiry cannot be judged, so refuse
    // rather than risk running a command late. The first ack of this boot teaches the clock.
    if (now === undefined) return this.refusal(ids, 'CMD_EXPIRED', 'the gateway has not learned the cloud time since it started; try again in a few seconds', started);
    if (!(expiresAt > now)) {
      return this.refusal(ids, 'CMD_EXPIRED', `expired at ${cmd.expiresAt}; cloud time is ${new Date(now).toISOString()}`, started);
    }
    if (!this.opts.nonces.claim(cmd.nonce, cmd.id, expiresAt)) return this.refusal(ids, 'CMD_REPLAYED', 'this command nonce was already used', started);

    log.info({ commandId: cmd.id, deviceId: cmd.deviceId, action: cmd.action, issuedBy: cmd.issuedBy }, 'executing command');
    let outcome: CommandOutcome;
    try {
      outcome = await this.opts.dispatch(cmd);
    } catch (err) {
      log.error({ err, commandId: cmd.id }, 'command dispatch threw');
      outcome = { status: 'error', code: 'UNSUPPORTED', message: (err as Error).message.slice(0, 500) };
    }
    this.counters.executed++;
    const base = { v: SCHEMA_VERSION, ...ids, latencyMs: elapsed(started), completedAt: this.opts.clock.wall().toISOString() };
    return outcome.status === 'ok'
      ? { ...base, status: 'ok', outcome: outcome.outcome.slice(0, 60), ...(outcome.data ? { data: outcome.data } : {}) }
      : { ...base, status: 'error', error: { code: outcome.code, message: outcome.message.slice(0, 500) } };
  }

  private refusal(ids: { commandId?: string; deviceId?: string }, code: CommandErrorCode, message: string, started: number): CommandResult | null {
    this.counters.refused[code] = (this.counters.refused[code] ?? 0) + 1;
    this.opts.log.warn({ commandId: ids.commandId, code, message }, 'command refused');
    // Without a readable id there is nobody to answer: logged and counted only.
    if (!ids.commandId) return null;
    return {
      v: SCHEMA_VERSION,
      commandId: ids.commandId,
      deviceId: ids.deviceId ?? this.opts.gatewayId,
      status: 'error',
      error: { code, message: message.slice(0, 500) },
      latencyMs: elapsed(started),
      completedAt: this.opts.clock.wall().toISOString(),
    };
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 1000) / 1000;

function safeParse(payload: Buffer): unknown {
  try {
    return (JSON.parse(payload.toString('utf8')) as { command?: unknown }).command;
  } catch {
    return undefined;
  }
}

/** The command's own id and device, when they are well-formed, for addressing a refusal. */
function rawIds(command: unknown): { commandId?: string; deviceId?: string } {
  if (!command || typeof command !== 'object') return {};
  const c = command as { id?: unknown; deviceId?: unknown };
  return {
    commandId: idSchema.safeParse(c.id).success ? (c.id as string) : undefined,
    deviceId: idSchema.safeParse(c.deviceId).success ? (c.deviceId as string) : undefined,
  };
}
