/** app.authenticate: session token -> request.user, or a 401 that says what to do. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { HttpError, unauthenticated } from '../errors.js';
import { lookupSession } from './sessions.js';
import { streetMayNot } from '../governance/street-scope.js';
import { loadUser } from './load-user.js';
import '../fastify-types.js';

/** Bearer header, or `access_token` in the query for EventSource/WebSocket (they cannot set headers). */
export function tokenOf(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m ? m[1]! : null;
  }
  const q = request.query as Record<string, unknown> | undefined;
  const t = q?.access_token;
  return typeof t === 'string' && t.length > 0 ? t : null;
}

export function installAuthenticate(app: FastifyInstance, db: Kysely<Database>): void {
  app.decorateRequest('user', undefined);
  app.decorateRequest('sessionExpiresAt', undefined);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const token = tokenOf(request);
    if (!token) throw unauthenticated('Please sign in first: this request carries no session token.');
    const s = await lookupSession(db, token);
    if (!s.ok) {
      if (s.reason === 'expired') throw new HttpError(401, 'SESSION_EXPIRED', 'Your session has expired. Please sign in again.');
      if (s.reason === 'revoked') throw new HttpError(401, 'SESSION_EXPIRED', 'You have signed out on this device. Please sign in again.');
      throw unauthenticated('Your session is not valid. Please sign in again.');
    }
    const user = await loadUser(db, s.userId);
    if (!user) throw unauthenticated('Your account no longer exists. Please contact your property manager.');
    if (user.disabled) throw new HttpError(403, 'FORBIDDEN', 'Your account has been disabled. Please contact your property manager.');
    if (user.role === 'street' && streetMayNot(request.method, request.url)) {
      throw new HttpError(403, 'FORBIDDEN', 'Street office accounts can look at everything in their street but change nothing; ask the property company or the community to act.');
    }
    request.user = user;
    request.sessionExpiresAt = s.expiresAt;
  });
}
