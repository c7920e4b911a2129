/**
 * The typed API client: paths, parameters, bodies and answers from the cloud's OpenAPI document
 * (schema.d.ts, generated; see cloud/test/core/console-api-types.test.ts), sent by openapi-fetch
 * through the session's client (token, 401 -> login). `must` turns an error answer into an ApiError,
 * so ErrorLine words it by its code. SessionProvider makes one per session; `useTypedApi()` reads it.
 */
import { createContext, useContext } from 'react';
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';
import { apiErrorFrom, networkError, type ApiClient } from './client.js';

export type TypedApi = Client<paths>;

export function createTypedApi(api: ApiClient): TypedApi {
  // openapi-fetch wants an absolute base; in the browser the API is on the page's own origin.
  const base = api.url('') || (typeof location !== 'undefined' ? location.origin : '');
  return createClient<paths>({ baseUrl: base, fetch: (request) => api.fetch(request) });
}

/** Provided by SessionProvider (session.tsx), which owns the client it runs on. */
export const TypedApiContext = createContext<TypedApi | null>(null);

export function useTypedApi(): TypedApi {
  const api = useContext(TypedApiContext);
  if (!api) throw new Error('useTypedApi outside SessionProvider');
  return api;
}

/** The answer's data, or the cloud's error as an ApiError (network failures as code NETWORK). */
export async function must<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  let r: { data?: D; error?: unknown; response: Response };
  try {
    r = await call;
  } catch (e) {
    throw networkError(e);
  }
  if (!r.response.ok) throw apiErrorFrom(r.response.status, r.response.statusText, r.error);
  return r.data as D;
}
