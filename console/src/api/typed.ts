/**
 * The typed API client: paths, parameters, bodies and answers from the cloud's OpenAPI document
 * (schema.d.ts, generated; see cloud/test/core/console-api-types.test.ts), sent by openapi-fetch
 * through the session's client (token, 401 -> login). `must` turns an error answer into the same
 * ApiError the JSON client throws, so ErrorLine words it by its code.
 */
import { useMemo } from 'react';
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema.js';
import { ApiError, apiErrorFrom, type ApiClient } from './client.js';
import { useApi } from './session.js';

export type TypedApi = Client<paths>;

export function createTypedApi(api: ApiClient): TypedApi {
  // openapi-fetch wants an absolute base; in the browser the API is on the page's own origin.
  const base = api.url('') || (typeof location !== 'undefined' ? location.origin : '');
  return createClient<paths>({ baseUrl: base, fetch: (request) => api.fetch(request) });
}

export function useTypedApi(): TypedApi {
  const api = useApi();
  return useMemo(() => createTypedApi(api), [api]);
}

/** The answer's data, or the cloud's error as an ApiError (network failures as code NETWORK). */
export async function must<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  let r: { data?: D; error?: unknown; response: Response };
  try {
    r = await call;
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  if (!r.response.ok) throw apiErrorFrom(r.response.status, r.response.statusText, r.error);
  return r.data as D;
}
