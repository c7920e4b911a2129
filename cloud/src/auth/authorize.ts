/**
 * Authorization helpers for routes (core and operations): role checks and compound scope.
 * They throw HttpError 403 with a sentence a person understands.
 */
import type { FastifyRequest } from 'fastify';
import type { AuthUser, Role } from '../types.js';
import { forbidden, unauthenticated } from '../errors.js';

const roleNames: Record<Role, string> = {
  admin: 'administrators', manager: 'property managers', guard: 'guards', staff: 'property staff', installer: 'installers', resident: 'residents',
  grid_leader: 'branch / grid leaders', committee: "owners' committee members", community: 'community officers', street: 'street office viewers',
};

/** The signed-in user; throws 401 when a route forgot app.authenticate. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}

/**
 * Hook: only these roles may use the route (after app.authenticate). Use it in `onRequest` (core
 * routes do) so a caller without the right learns that before any body validation, or in `preHandler`.
 */
export function requireRole(...allowed: Role[]): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const user = currentUser(request);
    if (!allowed.includes(user.role)) {
      throw forbidden(`This action is only for ${allowed.map((r) => roleNames[r]).join(', ')}; you are signed in as ${user.displayName} (${user.role}).`);
    }
  };
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
