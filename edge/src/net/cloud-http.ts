/**
 * HTTP(S) to the cloud with the cloud's own CA pinned when enrollment gave one. Node's fetch
 * cannot take a CA per request, so this uses http/https directly. Small bodies only (JSON);
 * release downloads stream through their own module.
 */
import http from 'node:http';
import https from 'node:https';

export interface CloudRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** PEM CA(s) to trust instead of the public ones (https only). */
  ca?: string;
  timeoutMs?: number;
  /** Refuse bodies larger than this (default 1 MiB). */
  maxBytes?: number;
}

export interface CloudResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Local wall time when the request was sent and when the headers arrived (for clock offsets). */
  sentAt: number;
  receivedAt: number;
}

export function cloudRequest(url: string | URL, opts: CloudRequest = {}): Promise<CloudResponse> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : null;
  if (!mod) return Promise.reject(new Error(`unsupported URL ${u.toString()} (http:// or https://)`));
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const sentAt = Date.now();
    const req = mod.request(u, {
      method: opts.method ?? 'GET',
      headers: { ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers },
      ...(u.protocol === 'https:' && opts.ca ? { ca: opts.ca } : {}),
      timeout: opts.timeoutMs ?? 15_000,
    }, (res) => {
      const receivedAt = Date.now();
      const chunks: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        n += c.length;
        if (n > maxBytes) {
          req.destroy(new Error(`response from ${u.host} larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), sentAt, receivedAt }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${u.host} in ${(opts.timeoutMs ?? 15_000) / 1000} s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const basicAuth = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

/** The message of a cloud error body ({ error: { message } } or { message }), else the text. */
export function cloudErrorMessage(body: Buffer): string {
  const text = body.toString('utf8').slice(0, 500);
  try {
    const j = JSON.parse(text) as { message?: string; error?: string | { message?: string } };
    return j.message ?? (typeof j.error === 'string' ? j.error : j.error?.message) ?? text;
  } catch {
    return text;
  }
}
