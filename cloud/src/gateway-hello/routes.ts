/**
 * GET /api/gateway/hello: a gateway checks its login and its clock (`yardguard-edge check`)
 * with HTTP Basic (the MQTT user name and password from enrollment), without opening a second
 * MQTT session that would displace the agent's. In the public scope: a gateway, not a user.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { gatewayHello } from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { nowIso } from '../db/time.js';
import { createGatewayAuthenticator, type GatewayIdentity } from '../ingress/gateway-auth.js';

const refused = () => new HttpError(401, 'UNAUTHENTICATED', 'Gateway credentials are missing or wrong (HTTP Basic with the MQTT user name and password from enrollment). Enroll the gateway again if it was revoked.');

/** HTTP Basic against the gateways' enrollment credentials (revoked gateways refused). */
export function gatewayBasicAuth(ctx: Pick<AppContext, 'db'>): (request: FastifyRequest) => Promise<GatewayIdentity> {
  const check = createGatewayAuthenticator(ctx.db);
  return async (request) => {
    const m = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!m) throw refused();
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) throw refused();
    const id = await check(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (!id) throw refused();
    return id;
  };
}

export async function gatewayHelloPlugin(pub: FastifyInstance, ctx: AppContext): Promise<void> {
  const authenticate = gatewayBasicAuth(ctx);
  pub.withTypeProvider<ZodTypeProvider>().get('/api/gateway/hello', {
    schema: { tags: ['gateways'], summary: 'A gateway checks its login and clock (HTTP Basic)', security: [], response: { 200: gatewayHello } },
    config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } },
  }, async (request) => {
    const gw = await authenticate(request);
    return { gatewayId: gw.gatewayId, compoundId: gw.compoundId, cloudTime: nowIso() };
  });
}
