/**
 * The session's HTTP client: adds the session token and reports 401 so the app can go back to the
 * login screen; `apiErrorFrom` turns `{error:{code,message}}` into an ApiError with a readable message.
 * Requests are made through the typed client (typed.ts: paths, bodies and answers from the cloud's
 * OpenAPI document), which sends them through `fetch` here. There are no untyped JSON helpers: raw
 * uploads go through `postBytes` (its answer is `unknown` until the caller checks it), images and the
 * CSV download through `url` and `token`.
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
  /** Absolute URL for an API path (images, WebSocket). */
  url(path: string, query?: Query): string;
  /** The session token, for requests the typed client does not cover (uploads, images). */
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

function buildQuery(query?: Query): string {
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

/** A request that never got an answer (offline, refused connection). */
export function networkError(e: unknown): ApiError {
  return new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
}

/**
 * POST raw bytes (a photo, a release tarball) with the session's token (a 401 ends the session); the
 * typed client sends JSON only. The answer is parsed but left `unknown`: the caller checks what it reads.
 */
export async function postBytes(api: ApiClient, path: string, query: Query | undefined, body: Uint8Array<ArrayBuffer>, contentType: string): Promise<unknown> {
  let res: Response;
  try {
    res = await api.fetch(new Request(api.url(path, query), { method: 'POST', headers: { 'content-type': contentType }, body }));
  } catch (e) {
    throw networkError(e);
  }
  const answer: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw apiErrorFrom(res.status, res.statusText, answer);
  return answer;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetchImpl ?? ((request: Request) => fetch(request));
  return {
    url: (path, query) => `${base}${path}${buildQuery(query)}`,
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
