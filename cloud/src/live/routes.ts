/**
 * GET /api/live (WebSocket) and GET /api/live/sse (EventSource): alert pushes for the caller's
 * compounds, resumable with `since` (or SSE's Last-Event-ID). Auth: `access_token` query param,
 * a Bearer header, or the `yg_session` cookie.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.js';
import type { AuthUser } from '../types.js';
import type { LiveHub } from './hub.js';

const liveQuery = z.object({
  since: z.coerce.number().int().min(0).optional(),
  access_token: z.string().optional(),
});

const scopeOf = (u: AuthUser): string[] | 'all' => (u.role === 'admin' ? 'all' : u.compoundIds);

function sinceOf(request: FastifyRequest): number | null {
  const q = request.query as z.infer<typeof liveQuery>;
  const header = request.headers['last-event-id'];
  if (typeof header === 'string' && /^\d+$/.test(header)) return Number(header);
  return q.since ?? null;
}

/** Session cookie `yg_session` as a third way in (after the Bearer header and ?access_token=). */
async function cookieToken(request: FastifyRequest): Promise<void> {
  if (request.headers.authorization || (request.query as { access_token?: string }).access_token) return;
  const m = /(?:^|;\s*)yg_session=([^;]+)/.exec(request.headers.cookie ?? '');
  if (m) request.headers.authorization = `Bearer ${decodeURIComponent(m[1]!)}`;
}

export async function liveRoutes(app: FastifyInstance, hub: LiveHub): Promise<void> {
  if (!app.hasDecorator('websocketServer')) await app.register(websocket);
  const staff = requireRole('admin', 'manager', 'guard', 'installer');

  app.get('/api/live', {
    websocket: true,
    schema: { querystring: liveQuery, hide: true },
    preHandler: [cookieToken, app.authenticate, staff],
  }, (socket, request) => {
    const detach = hub.attach({
      send(m) {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
      },
    }, scopeOf(currentUser(request)), sinceOf(request));
    socket.on('close', detach);
    socket.on('error', detach);
    // The stream is one-way, except the console's heartbeat: `{"type":"ping"}` gets `{"type":"pong"}`
    // so a phone can tell a silently dead socket from a quiet one. Anything else is ignored.
    socket.on('message', (data) => {
      const text = data.toString();
      if (text.length < 64 && /"type"\s*:\s*"ping"/.test(text) && socket.readyState === socket.OPEN) socket.send('{"type":"pong"}');
    });
  });

  app.get('/api/live/sse', {
    schema: { querystring: liveQuery, hide: true },
    preHandler: [cookieToken, app.authenticate, staff],
  }, (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const detach = hub.attach({
      send(m) {
        res.write(`id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`);
      },
    }, scopeOf(currentUser(request)), sinceOf(request));
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      detach();
    });
  });
}
