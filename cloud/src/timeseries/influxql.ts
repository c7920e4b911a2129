/**
 * Reads over InfluxQL: `GET /query?db=&q=&epoch=ms`. Served natively by InfluxDB 1.x and by 2.x and 3
 * through their v1-compatible API, so one read path serves all three (the Flux QueryApi needs 2.x).
 */

export interface InfluxSeries {
  name: string;
  tags: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export class TimeSeriesQueryError extends Error {
  readonly code = 'TIMESERIES_QUERY_FAILED';
}

/** A string literal for InfluxQL ('...' with \ and ' escaped). */
export function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An identifier ("..." with \ and " escaped). */
export function ident(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A time bound as epoch milliseconds, e.g. `1700000000000ms`. */
export function timeMs(at: Date): string {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new TimeSeriesQueryError('invalid date in time range');
  return `${Math.trunc(ms)}ms`;
}

interface RawResponse {
  error?: string;
  results?: { statement_id?: number; error?: string; series?: { name: string; tags?: Record<string, string>; columns: string[]; values?: unknown[][] }[] }[];
}

export interface InfluxQLClient {
  /** Run one read statement (GET); resolves with its series (empty when nothing matched). */
  query(q: string): Promise<InfluxSeries[]>;
  /** Run one statement that changes something (CREATE/ALTER RETENTION POLICY...): 1.x wants POST for those. */
  command(q: string): Promise<InfluxSeries[]>;
}

export function createInfluxQLClient(opts: { url: string; db: string; token?: string; timeoutMs?: number }): InfluxQLClient {
  const base = opts.url.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token) headers.authorization = `Token ${opts.token}`;
  const run = async (q: string, method: 'GET' | 'POST') => {
    const params = new URLSearchParams({ db: opts.db, epoch: 'ms', q });
    const url = method === 'GET' ? `${base}/query?${params.toString()}` : `${base}/query`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: method === 'POST' ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
        ...(method === 'POST' ? { body: params.toString() } : {}),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new TimeSeriesQueryError(`InfluxDB unreachable at ${base}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let body: RawResponse;
    try {
      body = JSON.parse(text) as RawResponse;
    } catch {
      throw new TimeSeriesQueryError(`InfluxDB answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
    }
    const error = body.error ?? body.results?.find((r) => r.error)?.error;
    if (!res.ok || error) throw new TimeSeriesQueryError(`InfluxQL query failed (${res.status}): ${error ?? text.slice(0, 200)}`);
    return (body.results?.[0]?.series ?? []).map((s) => ({
      name: s.name,
      tags: s.tags ?? {},
      columns: s.columns,
      values: s.values ?? [],
    }));
  };
  return { query: (q) => run(q, 'GET'), command: (q) => run(q, 'POST') };
}

/** Rows of one series as objects keyed by column. */
export function rows(series: InfluxSeries): Record<string, unknown>[] {
  return series.values.map((v) => Object.fromEntries(series.columns.map((c, i) => [c, v[i]])));
}

export const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
export const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
