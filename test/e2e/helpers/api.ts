/** A tiny signed-in HTTP client for the cloud API (what the specs check behind the page). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly body: string, what: string) {
    super(`${what} -> HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

export interface LoginResult {
  token: string;
  user: { id: string; username: string; role: string; compoundIds: string[]; gateIds?: string[] };
}

export class ApiClient {
  private constructor(readonly baseUrl: string, readonly login: LoginResult) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiClient> {
    const res = await fetch(new URL('/api/auth/login', baseUrl), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, text, `login ${username}`);
    return new ApiClient(baseUrl, JSON.parse(text) as LoginResult);
  }

  get token(): string {
    return this.login.token;
  }

  /** The raw response (for status checks such as 403). */
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${this.login.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, text: await res.text() };
  }

  async json<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.request(method, path, body);
    if (r.status < 200 || r.status >= 300) throw new ApiError(r.status, r.text, `${method} ${path}`);
    return (r.text ? JSON.parse(r.text) : undefined) as T;
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }
}
