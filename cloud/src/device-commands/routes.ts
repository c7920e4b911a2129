/**
 * POST /api/devices/:deviceId/commands: guards and managers work a device remotely (siren, snapshot, hold open, lock).
 * POST /api/gateways/:gatewayId/discover: installers ask a gateway which ONVIF cameras answer WS-Discovery on its LAN.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiId, apiSlug, deviceCommandRequest, kindsTakingAction, deviceCommandResponse, discoverCamerasRequest, discoverCamerasResponse,
  type CommandAction, type DeviceCommandRequest, type DiscoverCamerasResponse,
} from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import { currentUser } from '../auth/index.js';
import { viaDevice, viaGateway } from '../gateways/lookups.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import { latestConfig } from '../enrollment/config-store.js';
import { recordGateAudit } from '../gates/gate-audit.js';
import type { GateOpenAuditTable } from '../db/tables-core.js';
import { nowIso } from '../db/time.js';


function toAction(b: DeviceCommandRequest): CommandAction {
  switch (b.action) {
    case 'siren.start': return { action: 'siren.start', params: b.params };
    case 'siren.stop': return { action: 'siren.stop', params: {} };
    case 'camera.snapshot': return { action: 'camera.snapshot', params: { reason: 'manual' } };
    case 'gate.hold_open': return { action: 'gate.hold_open', params: b.params };
    case 'gate.lock': return { action: 'gate.lock', params: {} };
  }
}

export async function deviceCommandsPlugin(api: FastifyInstance, deps: AppContext): Promise<void> {
  const { db, config } = deps;
  api.withTypeProvider<ZodTypeProvider>().post('/api/devices/:deviceId/commands', {
    schema: { tags: ['gateways'], summary: 'Send a command to a device and wait for its answer', params: z.object({ deviceId: apiId }), body: deviceCommandRequest, response: { 200: deviceCommandResponse } },
    config: { auth: { roles: ['admin', 'manager', 'guard'], compound: viaDevice } },
  }, async (request) => {
    const user = currentUser(request);
    const device = await db.selectFrom('devices').selectAll().where('id', '=', request.params.deviceId).executeTakeFirst();
    if (!device) throw notFound(`Device ${request.params.deviceId}`);
    const b = request.body;
    if (!(kindsTakingAction(b.action) as string[]).includes(device.kind)) throw badRequest(`body.action: ${b.action} does not apply to a ${device.kind} (${device.name ?? device.device_id})`);
    // Holding a gate open or locking it is an access record like an open: it goes into the gate audit.
    const requestedAt = nowIso();
    const audit = device.kind === 'gate'
      ? (commandId: string, result: GateOpenAuditTable['result'], errorCode: string | null, latencyMs: number | null) => recordGateAudit(db, {
        command_id: commandId, compound_id: device.compound_id, gate_id: device.id, user_id: user.id, username: user.username, visitor_pass_id: null,
        action: b.action, requested_at: requestedAt, result, error_code: errorCode, latency_ms: latencyMs, answered_at: result === 'ok' || result === 'error' ? nowIso() : null,
      })
      : async () => undefined;
    const gw = await db.selectFrom('gateways').select('link_state').where('id', '=', device.gateway_id).executeTakeFirst();
    if (gw?.link_state !== 'online') {
      await audit('-', 'offline', 'GATEWAY_OFFLINE', null);
      throw new HttpError(409, 'GATEWAY_OFFLINE', `The gateway for ${device.name ?? device.device_id} is offline; the command cannot be sent now.`);
    }
    const outcome = await deps.commands.sendAndWait({ gatewayId: device.gateway_id, deviceId: device.device_id, issuedBy: user.id, ttlS: config.commandTtlS, action: toAction(b) }, config.gateOpenTimeoutMs);
    if (outcome.kind !== 'result') {
      await audit(outcome.commandId, outcome.kind, outcome.kind === 'timeout' ? 'GATE_TIMEOUT' : 'GATEWAY_OFFLINE', outcome.latencyMs);
      throw new HttpError(504, 'GATE_TIMEOUT', `${device.name ?? device.device_id} did not answer within ${Math.round(config.gateOpenTimeoutMs / 1000)} seconds; the command list will show its answer if it comes later.`);
    }
    const r = outcome.result;
    await audit(outcome.commandId, r.status, r.error?.code ?? null, outcome.latencyMs);
    return {
      commandId: outcome.commandId, deviceId: device.id, status: r.status, latencyMs: outcome.latencyMs,
      ...(r.outcome ? { outcome: r.outcome } : {}), ...(r.error ? { error: r.error } : {}), ...(r.data ? { data: r.data } : {}),
    };
  });

  api.withTypeProvider<ZodTypeProvider>().post('/api/gateways/:gatewayId/discover', {
    schema: {
      tags: ['gateways'], summary: 'Find the ONVIF cameras on the gateway\'s LAN (WS-Discovery)',
      params: z.object({ gatewayId: apiSlug }), body: discoverCamerasRequest.nullish(), response: { 200: discoverCamerasResponse },
    },
    config: { auth: { roles: ['admin', 'manager', 'installer'], compound: viaGateway } },
  }, async (request): Promise<DiscoverCamerasResponse> => {
    const user = currentUser(request);
    const { gatewayId } = request.params;
    const gw = await db.selectFrom('gateways').select(['compound_id', 'link_state', 'name']).where('id', '=', gatewayId).executeTakeFirst();
    if (!gw) throw notFound(`Gateway ${gatewayId}`);
    if (gw.link_state !== 'online') throw new HttpError(409, 'GATEWAY_OFFLINE', `The gateway ${gw.name ?? gatewayId} is offline; it cannot search for cameras now.`);
    const timeoutS = request.body?.timeoutS ?? 5;
    const action: CommandAction = { action: 'gateway.discover', params: { timeoutS } };
    // The gateway listens for the whole timeout before it answers, so the wait (and the TTL) grow with it.
    const waitMs = timeoutS * 1000 + config.gateOpenTimeoutMs;
    const outcome = await deps.commands.sendAndWait({ gatewayId, deviceId: gatewayId, issuedBy: user.id, ttlS: config.commandTtlS + timeoutS, action }, waitMs);
    if (outcome.kind !== 'result') throw new HttpError(504, 'DISCOVERY_TIMEOUT', `The gateway ${gw.name ?? gatewayId} did not answer within ${Math.round(waitMs / 1000)} seconds.`);
    const r = outcome.result;
    if (r.status !== 'ok') throw new HttpError(502, 'DISCOVERY_FAILED', `The gateway could not search for cameras: ${r.error?.message ?? 'it reported an error'} (${r.error?.code ?? 'unknown'}).`);
    const latest = await latestConfig(db, gatewayId);
    const known = new Set((latest?.config.cameras ?? []).map((c) => c.onvif.xaddr));
    return { cameras: foundCameras(r.data).map((c) => ({ ...c, configured: known.has(c.xaddr) })) };
  });
}

/** The gateway's answer is data from a device: keep only the well-formed entries. */
const foundCamera = discoverCamerasResponse.shape.cameras.element.omit({ configured: true });
function foundCameras(data: unknown): { xaddr: string; name?: string; hardware?: string }[] {
  const list = (data as { cameras?: unknown } | undefined)?.cameras;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw: unknown) => {
    const c = foundCamera.safeParse(raw);
    if (!c.success) return [];
    return [{ xaddr: c.data.xaddr, ...(c.data.name ? { name: c.data.name } : {}), ...(c.data.hardware ? { hardware: c.data.hardware } : {}) }];
  });
}
