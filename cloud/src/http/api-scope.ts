/**
 * The two scopes every /api route lives in:
 * - the authenticated scope (default deny): every route must declare `config.auth` (roles and how its
 *   compound is found) or registration fails; each request is authenticated (onRequest), its role
 *   checked before the body is read, and its compound checked after validation (preHandler);
 * - the public scope: only the routes on PUBLIC_ROUTES may be registered there.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Role } from '../types.js';
import { authenticateRequest } from '../auth/authenticate.js';
import { assertCompound, compoundScope, currentUser } from '../auth/authorize.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { PUBLIC_ROUTES, routeAuthOf, routeKey, type CompoundSource } from './route-auth.js';

const roleNames: Record<Role, string> = {
  admin: 'administrators', manager: 'property managers', guard: 'guards', staff: 'property staff', installer: 'installers', resident: 'residents',
  grid_leader: 'branch / grid leaders', committee: "owners' committee members", community: 'community officers', street: 'street office viewers',
};

const methodsOf = (route: RouteOptions): string[] => (Array.isArray(route.method) ? route.method : [route.method]).map(String);

/** Every route here is authenticated and must declare who may call it. */
export function authenticatedScope(api: FastifyInstance, db: Kysely<Database>): void {
  api.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    for (const m of methodsOf(route)) {
      if (!auth) throw new Error(`${routeKey(m, route.url)}: declare config.auth { roles, compound } (see cloud/README.md, "Adding a feature")`);
      if (!route.url.startsWith('/api/')) throw new Error(`${routeKey(m, route.url)}: API routes live under /api/`);
    }
  });
  api.addHook('onRequest', async (request) => {
    const auth = routeAuthOf(request);
    // Unreachable for registered routes (onRoute), but a 404 inside the scope must not leak either.
    if (!auth) throw forbidden('This route has no access rule.');
    await authenticateRequest(db, request, auth.streamToken === true);
    const user = currentUser(request);
    if (auth.roles !== 'any' && !auth.roles.includes(user.role)) {
      throw forbidden(`This action is only for ${auth.roles.map((r) => roleNames[r]).join(', ')}; you are signed in as ${user.displayName} (${user.role}).`);
    }
  });
  api.addHook('preHandler', async (request) => {
    await checkCompound(db, request, routeAuthOf(request)!.compound);
  });
}

async function checkCompound(db: Kysely<Database>, request: FastifyRequest, source: CompoundSource): Promise<void> {
  const user = currentUser(request);
  if (source === 'none' || source === 'handler') return;
  if (source === 'scope') {
    const q = request.query as { compoundId?: unknown } | undefined;
    request.compoundScope = compoundScope(user, typeof q?.compoundId === 'string' ? q.compoundId : undefined);
    return;
  }
  if (typeof source === 'string') {
    const [where, key] = source.split(':') as ['param' | 'query' | 'body', string];
    const bag = (where === 'param' ? request.params : where === 'query' ? request.query : request.body) as Record<string, unknown> | undefined;
    const compoundId = bag?.[key];
    if (typeof compoundId !== 'string') throw badRequest(`${where === 'param' ? 'params' : where}.${key}: name the compound`);
    assertCompound(user, compoundId);
    request.compoundId = compoundId;
    return;
  }
  const bag = request[source.from] as Record<string, unknown> | undefined;
  const id = bag?.[source.key];
  if (typeof id !== 'string') throw badRequest(`${source.from}.${source.key}: required`);
  const compoundId = await source.find(db, id);
  if (compoundId === undefined) throw source.missing?.(user, id) ?? notFound(`${source.via[0]!.toUpperCase()}${source.via.slice(1)} ${id}`);
  assertCompound(user, compoundId);
  request.compoundId = compoundId;
}

/** Only the routes on the public list may be registered here, each with a rate limit. */
export function publicScope(pub: FastifyInstance): void {
  pub.addHook('onRoute', (route) => {
    for (const m of methodsOf(route)) {
      if (m === 'HEAD') continue;
      if (!PUBLIC_ROUTES.includes(routeKey(m, route.url))) {
        throw new Error(`${routeKey(m, route.url)} is not on the public route list (src/http/route-auth.ts); register it in the authenticated scope`);
      }
      if (!route.config?.rateLimit) throw new Error(`${routeKey(m, route.url)}: a public route declares config.rateLimit { max, timeWindow }`);
    }
  });
}
