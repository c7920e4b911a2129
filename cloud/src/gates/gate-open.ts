/**
 * Opening a gate: the gate must exist and its gateway be connected; a signed, expiring,
 * single-use command goes out; the caller waits for the result; every attempt is audited.
 */
import type { Kysely } from 'kysely';
import type { GateOpenResponse } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { DevicesTable } from '../db/tables-core.js';
import type { CommandService } from '../commands/command-service.js';
import { HttpError, notFound } from '../errors.js';
import { nowIso } from '../db/time.js';
import type { TimeSeries } from '../timeseries/index.js';
import { recordGateAudit } from './gate-audit.js';

export interface GateOpenDeps {
  db: Kysely<Database>;
  commands: CommandService;
  timeoutMs: number;
  commandTtlS: number;
  timeseries?: TimeSeries;
}

export interface GateOpenRequester {
  userId: string | null;
  username: string | null;
  visitorPassId: string | null;
  /** For the signed command's issuedBy (user id, or `pass:<id>`). */
  issuedBy: string;
}

export async function findGate(db: Kysely<Database>, gateId: string): Promise<DevicesTable> {
  const gate = await db.selectFrom('devices').selectAll().where('id', '=', gateId).where('kind', '=', 'gate').executeTakeFirst();
  if (!gate) throw notFound(`Gate ${gateId}`);
  return gate;
}

export async function openGate(deps: GateOpenDeps, gate: DevicesTable, who: GateOpenRequester, pulseMs?: number): Promise<GateOpenResponse> {
  const { db } = deps;
  const requestedAt = nowIso();
  const audit = async (commandId: string, result: 'ok' | 'error' | 'timeout' | 'offline', errorCode: string | null, latencyMs: number | null) => {
    await recordGateAudit(db, {
      command_id: commandId, compound_id: gate.compound_id, gate_id: gate.id, user_id: who.userId, username: who.username, action: 'gate.open',
      visitor_pass_id: who.visitorPassId, requested_at: requestedAt, result, error_code: errorCode, latency_ms: latencyMs,
      answered_at: result === 'ok' || result === 'error' ? nowIso() : null,
    });
    if (latencyMs !== null) {
      deps.timeseries?.recordGateOpen({
        compoundId: gate.compound_id, gatewayId: gate.gateway_id, deviceId: gate.device_id, id: commandId,
        method: who.visitorPassId ? 'visitor_pass' : 'app', result: result === 'ok' ? 'ok' : (errorCode ?? result), latencyMs, at: new Date(),
      });
    }
  };

  const gw = await db.selectFrom('gateways').select(['link_state']).where('id', '=', gate.gateway_id).executeTakeFirst();
  if (!gw || gw.link_state !== 'online') {
    await audit('-', 'offline', 'GATEWAY_OFFLINE', null);
    throw new HttpError(409, 'GATEWAY_OFFLINE', `The gateway for ${gate.name ?? gate.device_id} is offline, so the gate cannot be opened remotely right now. Please call the guard post.`);
  }
  const outcome = await deps.commands.sendAndWait({
    gatewayId: gate.gateway_id, deviceId: gate.device_id, issuedBy: who.issuedBy, ttlS: deps.commandTtlS,
    action: { action: 'gate.open', params: pulseMs ? { pulseMs } : {} },
  }, deps.timeoutMs);

  if (outcome.kind === 'timeout' || outcome.kind === 'offline') {
    await audit(outcome.commandId, outcome.kind, outcome.kind === 'timeout' ? 'GATE_TIMEOUT' : 'GATEWAY_OFFLINE', outcome.latencyMs);
    throw new HttpError(504, 'GATE_TIMEOUT', `The gate ${gate.name ?? gate.device_id} did not answer within ${Math.round(deps.timeoutMs / 1000)} seconds. It may not have opened; please try again or call the guard post.`);
  }
  const res = outcome.result;
  await audit(outcome.commandId, res.status, res.error?.code ?? null, outcome.latencyMs);
  deps.timeseries?.recordCommandLatency({
    compoundId: gate.compound_id, gatewayId: gate.gateway_id, deviceId: gate.device_id, id: outcome.commandId, action: 'gate.open',
    status: res.status, edgeLatencyMs: res.latencyMs, roundTripMs: outcome.latencyMs, at: new Date(),
  });
  if (res.status === 'error') {
    throw new HttpError(502, 'GATE_FAILED', `The gate ${gate.name ?? gate.device_id} could not be opened: ${res.error?.message ?? 'the gateway reported an error'} (${res.error?.code ?? 'unknown'}).`);
  }
  return {
    commandId: outcome.commandId, gateId: gate.id, status: res.status, latencyMs: outcome.latencyMs, gatewayLatencyMs: res.latencyMs,
    ...(res.outcome ? { outcome: res.outcome } : {}),
  };
}
