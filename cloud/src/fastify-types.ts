/** Fastify type augmentation: what the core adds to every request and to the app. */
import type { AuthUser } from './types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Hook (onRequest or preHandler): resolves the Bearer token (or ?access_token=) to request.user, else 401. */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    user?: AuthUser;
    /** Expiry of the session that authenticated this request. */
    sessionExpiresAt?: string;
  }
}

export {};
