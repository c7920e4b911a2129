/** Fastify type augmentation: what the authenticated /api scope adds to every request. */
import type { AuthUser } from './types.js';

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
    /** Expiry of the session that authenticated this request. */
    sessionExpiresAt?: string;
    /** The token of that session (logout, password change). */
    sessionToken?: string;
  }
}

export {};
