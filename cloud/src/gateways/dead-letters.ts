/**
 * A gateway's dead letters (events this cloud once rejected, kept on the Pi): what the gateway last
 * reported in its gateway.health, and the signed gateway.resend_dead_letters that queues them again
 * once the cause is fixed. The command row (issued by, when, result) is the audit trail.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  apiSlug, deadLetterSummary, gatewayDeadLetters, resendDeadLettersResponse,
  type GatewayDeadLetters, type ResendDeadLettersResponse,
} from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { currentUser } from '../auth/index.js';
import { viaGateway } from './lookups.js';
import { HttpError, notFound } from '../errors.js';

const fromHealth = z.object({ deadLetters: z.number().int().nonnegative().optional(), deadLetterSummary: deadLetterSummary.optional() });

/** The dead letters as of the gateway's last health report (none reported: zero). */
export async function latestDeadLetters(db: Kysely<Database>, gatewayId: string): Promise<GatewayDeadLetters> {
  const row = await db.selectFrom('events').select(['data', 'occurred_at']).where('gateway_id', '=', gatewayId).where('type', '=', 'gateway.health')
    .orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const h = row ? fromHealth.safeParse(JSON.parse(row.data)) : undefined;
  const data = h?.success ? h.data : {};
  return {
    gatewayId,
    count: data.deadLetters ?? 0,
    oldestAt: data.deadLetterSummary?.oldestAt ?? null,
    reasons: data.deadLetterSummary?.reasons ?? [],
    reportedAt: row?.occurred_at ?? null,
  };
}

/** What the edge answers: { resent, remaining } (data from a device: checked, never trusted). */
const resendData = z.object({ resent: z.number().int().nonnegative(), remaining: z.number().int().nonnegative() });

export function deadLetterRoutes(api: FastifyInstance, deps: AppContext, roles: readonly ('admin' | 'manager' | 'installer')[]): void {
  const { db, config } = deps;
  const r = api.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ gatewayId: apiSlug });

  r.get('/api/gateways/:gatewayId/dead-letters', {
    schema: { tags: ['gateways'], summary: 'Events the cloud once rejected, as the gateway last reported them', params, response: { 200: gatewayDeadLetters } },
    config: { auth: { roles: [...roles], compound: viaGateway } },
  }, async (request) => {
    const gw = await db.selectFrom('gateways').select('id').where('id', '=', request.params.gatewayId).executeTakeFirst();
    if (!gw) throw notFound(`Gateway ${request.params.gatewayId}`);
    return latestDeadLetters(db, gw.id);
  });

  r.post('/api/gateways/:gatewayId/dead-letters/resend', {
    schema: { tags: ['gateways'], summary: 'Queue the gateway\'s dead letters again (signed gateway.resend_dead_letters)', params, response: { 200: resendDeadLettersResponse } },
    config: { auth: { roles: [...roles], compound: viaGateway } },
  }, async (request): Promise<ResendDeadLettersResponse> => {
    const user = currentUser(request);
    const { gatewayId } = request.params;
    const gw = await db.selectFrom('gateways').select(['link_state', 'name']).where('id', '=', gatewayId).executeTakeFirst();
    if (!gw) throw notFound(`Gateway ${gatewayId}`);
    const name = gw.name ?? gatewayId;
    if (gw.link_state !== 'online') throw new HttpError(409, 'GATEWAY_OFFLINE', `The gateway ${name} is offline; its dead letters can be re-sent once it is back online.`);
    const outcome = await deps.commands.sendAndWait(
      { gatewayId, deviceId: gatewayId, issuedBy: user.id, ttlS: config.commandTtlS, action: { action: 'gateway.resend_dead_letters', params: {} } },
      config.gateOpenTimeoutMs,
    );
    const audit = { gatewayId, commandId: outcome.commandId, by: user.id, outcome: outcome.kind };
    if (outcome.kind !== 'result') {
      request.log.warn(audit, 'dead-letter re-send: no answer from the gateway');
      throw new HttpError(504, 'COMMAND_TIMEOUT', `The gateway ${name} did not answer within ${Math.round(config.gateOpenTimeoutMs / 1000)} seconds; check it is online and try again.`);
    }
    const res = outcome.result;
    const data = resendData.safeParse(res.data);
    request.log.info({ ...audit, status: res.status, error: res.error?.code, ...(data.success ? data.data : {}) }, 'dead-letter re-send');
    if (res.status !== 'ok' || !data.success) {
      throw new HttpError(502, 'COMMAND_FAILED', `The gateway ${name} could not re-send its dead letters: ${res.error?.message ?? 'it gave no count'} (${res.error?.code ?? 'bad answer'}).`);
    }
    return { commandId: outcome.commandId, resent: data.data.resent, remaining: data.data.remaining, latencyMs: outcome.latencyMs };
  });
}
