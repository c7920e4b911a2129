/**
 * POST /api/devices/:deviceId/test: installers (and managers, admins) of the compound check a device
 * from the installer page. Narrow on purpose: only a test snapshot from a camera and a short pulse of
 * a gate relay, never hold-open or the siren. Both go out as the usual signed, expiring commands; the
 * command log records who, when and the result, and a pulse is also a gate open in the gate-open audit.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiId, deviceTestRequest, deviceTestResponse, type DeviceTestResponse } from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import { currentUser } from '../auth/index.js';
import { viaDevice } from '../gateways/lookups.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import { snapshotMediaId } from '../alerts/sources.js';
import { openGate } from '../gates/gate-open.js';

/** Long enough to hear the lock click, short enough that nobody walks through. */
export const TEST_PULSE_MS = 500;

const kindFor = { snapshot: 'camera', pulse: 'gate' } as const;

export async function deviceTestPlugin(api: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db, config, commands, timeseries } = ctx;
  api.withTypeProvider<ZodTypeProvider>().post('/api/devices/:deviceId/test', {
    schema: {
      tags: ['gateways'], summary: 'Installer test: a snapshot from a camera or a short gate pulse; waits for the answer',
      params: z.object({ deviceId: apiId }), body: deviceTestRequest, response: { 200: deviceTestResponse },
    },
    config: { auth: { roles: ['admin', 'manager', 'installer'], compound: viaDevice } },
  }, async (request): Promise<DeviceTestResponse> => {
    const user = currentUser(request);
    const { action } = request.body;
    const device = await db.selectFrom('devices').selectAll().where('id', '=', request.params.deviceId).executeTakeFirst();
    if (!device) throw notFound(`Device ${request.params.deviceId}`);
    const label = device.name ?? device.device_id;
    if (device.kind !== kindFor[action]) throw badRequest(`body.action: a test ${action} needs a ${kindFor[action]}; ${label} is a ${device.kind}`);

    if (action === 'pulse') {
      const r = await openGate(
        { db, commands, timeoutMs: config.gateOpenTimeoutMs, commandTtlS: config.commandTtlS, timeseries },
        device, { userId: user.id, username: user.username, visitorPassId: null, issuedBy: user.id }, TEST_PULSE_MS,
      );
      return { action, commandId: r.commandId, deviceId: device.id, status: r.status, latencyMs: r.latencyMs, ...(r.outcome ? { outcome: r.outcome } : {}) };
    }

    const gw = await db.selectFrom('gateways').select('link_state').where('id', '=', device.gateway_id).executeTakeFirst();
    if (gw?.link_state !== 'online') throw new HttpError(409, 'GATEWAY_OFFLINE', `The gateway for ${label} is offline; the test cannot be sent now.`);
    const outcome = await commands.sendAndWait({
      gatewayId: device.gateway_id, deviceId: device.device_id, issuedBy: user.id, ttlS: config.commandTtlS,
      action: { action: 'camera.snapshot', params: { reason: 'manual' } },
    }, config.gateOpenTimeoutMs);
    if (outcome.kind !== 'result') throw new HttpError(504, 'GATE_TIMEOUT', `${label} did not answer within ${Math.round(config.gateOpenTimeoutMs / 1000)} seconds.`);
    const r = outcome.result;
    const edgeSnapshotId = typeof r.data?.['snapshotId'] === 'string' ? r.data['snapshotId'] : undefined;
    return {
      action, commandId: outcome.commandId, deviceId: device.id, status: r.status, latencyMs: outcome.latencyMs,
      ...(r.outcome ? { outcome: r.outcome } : {}), ...(r.error ? { error: r.error } : {}),
      ...(r.status === 'ok' && edgeSnapshotId ? { snapshotId: snapshotMediaId(device.gateway_id, edgeSnapshotId) } : {}),
    };
  });
}
