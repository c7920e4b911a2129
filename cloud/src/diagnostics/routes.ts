/**
 * POST /api/gateways/:gatewayId/diagnostics: installers and managers ask a gateway for its recent
 * log lines, its `status` and its `check` report, through the signed `gateway.diagnostics`
 * command, so most problems are solved without a visit. Who asked, when and what came back stays
 * in the command audit (commands table, GET /api/gateways/:gatewayId/commands).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiSlug, gatewayDiagnostics, gatewayDiagnosticsRequest, gatewayDiagnosticsResponse,
  type CommandAction, type GatewayDiagnosticsResponse,
} from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import { currentUser } from '../auth/index.js';
import { viaGateway } from '../gateways/lookups.js';
import { HttpError, notFound } from '../errors.js';

/** The check probes DNS, TCP, TLS and the cameras (each bounded to seconds): give it room. */
const CHECK_ALLOWANCE_MS = 40_000;

export async function diagnosticsPlugin(api: FastifyInstance, deps: AppContext): Promise<void> {
  const { db, config } = deps;
  api.withTypeProvider<ZodTypeProvider>().post('/api/gateways/:gatewayId/diagnostics', {
    schema: {
      tags: ['gateways'], summary: 'The gateway\'s recent log lines, status and check report (remote diagnostics)',
      params: z.object({ gatewayId: apiSlug }), body: gatewayDiagnosticsRequest.nullish(), response: { 200: gatewayDiagnosticsResponse },
    },
    config: { auth: { roles: ['admin', 'manager', 'installer'], compound: viaGateway } },
  }, async (request): Promise<GatewayDiagnosticsResponse> => {
    const user = currentUser(request);
    const { gatewayId } = request.params;
    const gw = await db.selectFrom('gateways').select(['compound_id', 'link_state', 'name']).where('id', '=', gatewayId).executeTakeFirst();
    if (!gw) throw notFound(`Gateway ${gatewayId}`);
    const name = gw.name ?? gatewayId;
    if (gw.link_state !== 'online') throw new HttpError(409, 'GATEWAY_OFFLINE', `The gateway ${name} is offline; diagnostics need it online. Check its power and network on site.`);
    const check = request.body?.check ?? true;
    const action: CommandAction = { action: 'gateway.diagnostics', params: { logLines: request.body?.logLines ?? 200, check } };
    const waitMs = config.gateOpenTimeoutMs + (check ? CHECK_ALLOWANCE_MS : 0);
    request.log.info({ audit: 'gateway.diagnostics', gatewayId, userId: user.id, check }, 'diagnostics requested');
    const outcome = await deps.commands.sendAndWait({ gatewayId, deviceId: gatewayId, issuedBy: user.id, ttlS: config.commandTtlS + Math.ceil(waitMs / 1000), action }, waitMs);
    if (outcome.kind !== 'result') throw new HttpError(504, 'DIAGNOSTICS_TIMEOUT', `The gateway ${name} did not answer within ${Math.round(waitMs / 1000)} seconds; try again, or without the check.`);
    const r = outcome.result;
    if (r.status !== 'ok') throw new HttpError(502, 'DIAGNOSTICS_FAILED', `The gateway could not collect diagnostics: ${r.error?.message ?? 'it reported an error'} (${r.error?.code ?? 'unknown'}). An agent older than this feature answers UNSUPPORTED or CMD_INVALID: update it.`);
    // The gateway's answer is data from a device: only a well-formed report is passed on.
    const d = gatewayDiagnostics.safeParse(r.data);
    if (!d.success) throw new HttpError(502, 'DIAGNOSTICS_FAILED', `The gateway's diagnostics report is not readable: ${d.error.issues[0]?.message ?? 'invalid'}.`);
    return { ...d.data, gatewayId, commandId: outcome.commandId, latencyMs: outcome.latencyMs };
  });
}
