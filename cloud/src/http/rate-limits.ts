/**
 * Rate limits of the public routes (every one of them has one: the public scope refuses a route
 * without). Refusals are counted per route (GET /api/health shows them), logged with the route and
 * source, and answered 429 RATE_LIMITED with Retry-After and a message that says how long to wait.
 */
import type { FastifyRequest } from 'fastify';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import { HttpError } from '../errors.js';

export interface RateLimitStats {
  /** Refusals per route pattern since start. */
  refused: Record<string, number>;
}

export function rateLimitOptions(stats: RateLimitStats): RateLimitPluginOptions {
  return {
    global: false,
    onExceeded(request: FastifyRequest) {
      const route = `${request.method} ${request.routeOptions.url ?? '?'}`;
      stats.refused[route] = (stats.refused[route] ?? 0) + 1;
      // The route pattern, never the path: a visitor pass code is in its URL.
      request.log.warn({ route, source: request.ip }, 'rate limited');
    },
    errorResponseBuilder(_request, context) {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpError(429, 'RATE_LIMITED', `Too many requests from your network to this address. Please wait ${seconds} seconds and try again. 请求过于频繁，请 ${seconds} 秒后再试。`);
    },
  };
}
