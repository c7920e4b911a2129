/**
 * Every /api route, one line per feature plugin. Public routes (each checks its own credential)
 * go in the public scope, which accepts only the routes on PUBLIC_ROUTES; everything else goes in
 * the authenticated scope (default deny: a route without `config.auth` fails to register).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { authenticatedScope, publicScope } from './api-scope.js';
import { authPlugin, loginPlugin } from '../auth/routes.js';
import { compoundsPlugin } from '../compounds/routes.js';
import { usersPlugin } from '../users/routes.js';
import { enrollPublicPlugin, enrollmentPlugin } from '../enrollment/routes.js';
import { gatewaysPlugin } from '../gateways/routes.js';
import { deviceCommandsPlugin } from '../device-commands/routes.js';
import { deviceTestPlugin } from '../device-commands/device-test.js';
import { chartsPlugin } from '../charts/routes.js';
import { gatesPlugin, passOpenPlugin } from '../gates/routes.js';
import { alertsPlugin } from '../alerts/routes.js';
import { incidentsPlugin } from '../incidents/routes.js';
import { notifyPlugin } from '../notify/routes.js';
import { shiftsPlugin } from '../shifts/routes.js';
import { workOrdersPlugin } from '../work-orders/routes.js';
import { snapshotUploadPlugin, snapshotsPlugin } from '../snapshots/routes.js';
import { livePlugin } from '../live/routes.js';
import { governancePlugin } from '../governance/routes.js';
import { callbacksPlugin } from '../callbacks/routes.js';
import { reportsPlugin } from '../reports/routes.js';
import { noticePublicPlugin, noticesPlugin } from '../notices/routes.js';
import { carePlugin } from '../care/routes.js';
import { overviewPlugin } from '../overview/routes.js';
import { gatewayHelloPlugin } from '../gateway-hello/routes.js';
import { diagnosticsPlugin } from '../diagnostics/routes.js';
import { releaseDownloadPlugin, releasesPlugin } from '../releases/routes.js';

async function publicApi(pub: FastifyInstance, ctx: AppContext): Promise<void> {
  publicScope(pub);
  // Load balancers and monitors poll these: generous, but limited like every public route.
  const polled = { rateLimit: { max: ctx.config.publicRateLimit * 20, timeWindow: '1 minute' } };
  pub.get('/api/health', { schema: { hide: true }, config: polled }, async (_request, reply) => {
    const h = await ctx.health();
    return reply.status(h.ok ? 200 : 503).send(h);
  });
  pub.get('/api/openapi.json', { schema: { hide: true }, config: polled }, async () => pub.swagger());
  await pub.register(loginPlugin, ctx);
  await pub.register(enrollPublicPlugin, ctx);
  await pub.register(passOpenPlugin, ctx);
  await pub.register(snapshotUploadPlugin, ctx);
  await pub.register(noticePublicPlugin, ctx);
  await pub.register(gatewayHelloPlugin, ctx);
  await pub.register(releaseDownloadPlugin, ctx);
}

async function authenticatedApi(api: FastifyInstance, ctx: AppContext): Promise<void> {
  authenticatedScope(api, ctx.db);
  await api.register(authPlugin, ctx);
  await api.register(compoundsPlugin, ctx);
  await api.register(usersPlugin, ctx);
  await api.register(enrollmentPlugin, ctx);
  await api.register(gatewaysPlugin, ctx);
  await api.register(deviceCommandsPlugin, ctx);
  await api.register(deviceTestPlugin, ctx);
  await api.register(chartsPlugin, ctx);
  await api.register(gatesPlugin, ctx);
  await api.register(alertsPlugin, ctx);
  await api.register(incidentsPlugin, ctx);
  await api.register(notifyPlugin, ctx);
  await api.register(shiftsPlugin, ctx);
  await api.register(workOrdersPlugin, ctx);
  await api.register(snapshotsPlugin, ctx);
  await api.register(livePlugin, ctx);
  await api.register(governancePlugin, ctx);
  await api.register(callbacksPlugin, ctx);
  await api.register(reportsPlugin, ctx);
  await api.register(noticesPlugin, ctx);
  await api.register(carePlugin, ctx);
  await api.register(overviewPlugin, ctx);
  await api.register(diagnosticsPlugin, ctx);
  await api.register(releasesPlugin, ctx);
}

export async function apiPlugin(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(publicApi, ctx);
  await app.register(authenticatedApi, ctx);
}
