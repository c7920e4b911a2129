/**
 * Typed fetch client: adds the session token, turns `{error:{code,message}}` into an ApiError with a
 * readable message, and reports 401 so the app can go back to the login screen.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
  /** Absolute URL for an API path (images, WebSocket). */
  url(path: string, query?: Query): string;
  /** The session token, for requests the JSON helpers do not cover (uploads, images). */
  token(): string | null;
  /** Raw fetch with the session token; a 401 ends the session. The typed client (typed.ts) runs on it. */
  fetch(request: Request): Promise<Response>;
}

export interface ApiClientOptions {
  /** '' in the browser (same origin); an absolute origin in tests. */
  baseUrl?: string;
  getToken(): string | null;
  onUnauthorized?(): void;
  fetchImpl?: typeof fetch;
}

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Read `{error:{code,message}}` (or `{message}`, Fastify's default) from a failed answer's parsed body. */
export function apiErrorFrom(status: number, statusText: string, body: unknown): ApiError {
  let code = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : `HTTP_${status}`;
  let message = statusText || `HTTP ${status}`;
  if (body && typeof body === 'object') {
    const err = (body as { error?: unknown }).error;
    if (err && typeof err === 'object') {
      const e = err as { code?: unknown; message?: unknown };
      if (typeof e.code === 'string') code = e.code;
      if (typeof e.message === 'string') message = e.message;
    } else if (typeof (body as { message?: unknown }).message === 'string') {
      message = (body as { message: string }).message;
      if (typeof (body as { code?: unknown }).code === 'string') code = (body as { code: string }).code;
    }
  }
  return new ApiError(status, code, message);
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    // Not JSON: keep the status text.
  }
  return apiErrorFrom(res.status, res.statusText, body);
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const url = (path: string, query?: Query) => `${base}${path}${buildQuery(query)}`;

  async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = opts.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(url(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
    }
    if (!res.ok) {
      const err = await errorFrom(res);
      if (res.status === 401) opts.onUnauthorized?.();
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    put: (path, body) => request('PUT', path, body ?? {}),
    del: (path) => request('DELETE', path),
    url,
    token: () => opts.getToken(),
    async fetch(request) {
      const token = opts.getToken();
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      const res = await doFetch(request);
      if (res.status === 401) opts.onUnauthorized?.();
      return res;
    },
  };
}

/** Unwrap list responses whether the server sends `[...]` or `{items:[...]}` / `{<key>:[...]}`. */
export function listOf<T>(body: unknown, key?: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (key && Array.isArray(o[key])) return o[key] as T[];
    for (const k of ['items', 'data', 'rows', 'results']) if (Array.isArray(o[k])) return o[k] as T[];
    for (const v of Object.values(o)) if (Array.isArray(v)) return v as T[];
  }
  return [];
}
