/**
 * A real HTTP server on 127.0.0.1 (port chosen by the OS) for component tests: each test declares
 * the answers, the console's real fetch client talks to it, and the test reads what it was sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization?: string;
}

export type Handler = (req: Recorded) => { status?: number; body?: unknown; delayMs?: number } | undefined;

export interface TestApi {
  baseUrl: string;
  requests: Recorded[];
  /** `'POST /api/alerts/:id/ack'`-style keys; `:x` matches one path segment. */
  on(route: string, handler: Handler | { status?: number; body?: unknown }): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function matches(route: string, method: string, path: string): boolean {
  const [m, p = ''] = route.split(' ');
  if (m !== method) return false;
  const a = p.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
}

export async function startTestApi(): Promise<TestApi> {
  const routes: [string, Handler][] = [];
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const rec: Recorded = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: await readBody(req),
        authorization: req.headers.authorization,
      };
      requests.push(rec);
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-headers', '*');
      res.setHeader('access-control-allow-methods', '*');
      if (rec.method === 'OPTIONS') return res.writeHead(204).end();
      const found = [...routes].reverse().find(([r]) => matches(r, rec.method, rec.path));
      const answer = found?.[1](rec) ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: `no route ${rec.method} ${rec.path}` } } };
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    on(route, handler) {
      routes.push([route, typeof handler === 'function' ? handler : () => handler]);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
