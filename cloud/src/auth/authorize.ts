/**
 * Authorization helpers for handlers: compound checks beyond the route's declaration (a user
 * spanning several compounds, a resident's own gates). Roles are declared per route
 * (`config.auth`, http/route-auth.ts). They throw HttpError 403 with a sentence a person understands.
 */
import type { FastifyRequest } from 'fastify';
import type { AuthUser, Role } from '../types.js';
import { forbidden, unauthenticated } from '../errors.js';

/** The signed-in user (set by the authenticated /api scope); 401 outside it. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}

export function hasRole(user: AuthUser, ...allowed: Role[]): boolean {
  return allowed.includes(user.role);
}

export function mayAccessCompound(user: AuthUser, compoundId: string): boolean {
  return user.role === 'admin' || user.compoundIds.includes(compoundId);
}

/** Throws 403 unless the user works in (or lives in) this compound. Admins reach every compound. */
export function assertCompound(user: AuthUser, compoundId: string): void {
  if (!mayAccessCompound(user, compoundId)) {
    throw forbidden(`You do not have access to compound ${compoundId}. Ask a property manager to add you to it.`);
  }
}

/** The compounds a list endpoint may show: the one asked for (checked), else all of the user's. */
export function compoundScope(user: AuthUser, compoundId?: string): string[] {
  if (compoundId) {
    assertCompound(user, compoundId);
    return [compoundId];
  }
  return user.compoundIds;
}
