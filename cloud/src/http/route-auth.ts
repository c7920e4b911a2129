/**
 * What every /api route declares about who may call it: `config: { auth: { roles, compound } }`.
 * The authenticated scope (api-scope.ts) enforces the declaration and refuses to register a route
 * without one, so a new route cannot be open by mistake; the authorization matrix test reads the
 * same declarations from the registered routes.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { AuthUser, Role } from '../types.js';
import type { HttpError } from '../errors.js';

/**
 * How the compound a request acts in is found:
 * - 'none': the route is about the caller (me, password) or has no compound (categories, create compound).
 * - 'handler': the object spans several compounds (a user account); the handler checks every one of them.
 * - 'scope': a list; an optional `?compoundId=` is checked, else the caller's compounds (request.compoundScope).
 * - 'param:x' / 'query:x' / 'body:x': the compound id itself is in that field.
 * - a lookup (compoundVia): the route names an object (gateway, alert, …); its compound is looked up.
 */
export type CompoundSource = 'none' | 'handler' | 'scope' | `param:${string}` | `query:${string}` | `body:${string}` | CompoundLookup;

export interface CompoundLookup {
  /** Names the object kind in the authorization matrix ("gateway", "alert"). */
  via: string;
  from: 'params' | 'body' | 'query';
  key: string;
  /** The compound of the object, or undefined when there is no such object (404). */
  find(db: Kysely<Database>, id: string): Promise<string | undefined>;
  /** The error for a missing object (default: 404 "<via> <id> was not found"). */
  missing?(user: AuthUser, id: string): HttpError;
}

export interface RouteAuth {
  roles: readonly Role[] | 'any';
  compound: CompoundSource;
  /**
   * Live streams only: EventSource and WebSocket cannot set headers, so these routes also take
   * `?access_token=` and the `yg_session` cookie. Every other route reads the Bearer header only.
   */
  streamToken?: boolean;
}

/** A lookup of an object's compound, for `compound:` in a route declaration. */
export function compoundVia(via: string, from: CompoundLookup['from'], key: string, find: CompoundLookup['find'], missing?: CompoundLookup['missing']): CompoundLookup {
  return { via, from, key, find, ...(missing ? { missing } : {}) };
}

/** The label a declaration has in the authorization matrix ("via:gateway", "param:compoundId"). */
export const compoundSourceName = (c: CompoundSource): string => (typeof c === 'string' ? c : `via:${c.via}`);

/**
 * The routes anyone may call without a session: each checks its own credential (a password, an
 * enrollment code, a visitor pass code, a gateway's MQTT credentials) and is rate-limited.
 * The public plugin refuses to register any other route.
 */
export const PUBLIC_ROUTES: readonly string[] = [
  'POST /api/auth/login',
  'GET /api/health',
  'GET /api/openapi.json',
  'POST /api/enroll',
  'POST /api/visitor-passes/:code/open',
  'PUT /api/gateway/snapshots/:snapshotId',
  // The compound notice board (公示栏): anyone with the QR code at the gate; an unguessable token, no personal data.
  'GET /api/public/notices/:token',
  'GET /api/gateway/hello',
  // Over-the-air updates: a gateway downloads a release (HTTP Basic with its MQTT login; Range).
  'GET /api/gateway/releases/:version',
];

export const routeKey = (method: string, url: string): string => `${method} ${url}`;

/** One registered /api route and its declaration (collected by app.ts with onRoute; the authorization matrix reads it). */
export interface RegisteredRoute {
  method: string;
  url: string;
  /** Undefined for the public routes. */
  auth?: RouteAuth;
  /** The route's body schema (zod), when it takes a body: the attack suite generates bodies from it. */
  body?: unknown;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    /** The compound this request acts in (from the route's `compound` declaration), when it names one. */
    compoundId?: string;
    /** 'scope' routes: the compounds the list may show (checked). */
    compoundScope?: string[];
  }
}

/** The route's declaration (set by the authenticated scope for every route in it). */
export const routeAuthOf = (request: FastifyRequest): RouteAuth | undefined => request.routeOptions.config.auth;
