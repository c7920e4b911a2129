/** Session token -> request.user, or a 401 that says what to do. Called by the authenticated /api scope. */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { HttpError, unauthenticated } from '../errors.js';
import { lookupSession } from './sessions.js';
import { streetMayNot } from '../governance/street-scope.js';
import { loadUser } from './load-user.js';
import '../fastify-types.js';

/**
 * The Bearer header. Live streams (`stream`) may also carry it as `?access_token=` or the `yg_session`
 * cookie, since EventSource and WebSocket cannot set headers; no other route accepts a token in the URL.
 */
export function tokenOf(request: FastifyRequest, stream = false): string | null {
  const h = request.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m ? m[1]! : null;
  }
  if (!stream) return null;
  const q = request.query as Record<string, unknown> | undefined;
  const t = q?.access_token;
  if (typeof t === 'string' && t.length > 0) return t;
  const c = /(?:^|;\s*)yg_session=([^;]+)/.exec(request.headers.cookie ?? '');
  return c ? decodeURIComponent(c[1]!) : null;
}

export async function authenticateRequest(db: Kysely<Database>, request: FastifyRequest, stream = false): Promise<void> {
  const token = tokenOf(request, stream);
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
  request.sessionToken = token;
}

/** Request decorations used by the authenticated scope. */
export function decorateAuth(app: import('fastify').FastifyInstance): void {
  app.decorateRequest('user', undefined);
  app.decorateRequest('sessionExpiresAt', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('compoundId', undefined);
  app.decorateRequest('compoundScope', undefined);
}
