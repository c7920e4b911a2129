/**
 * GET /api/live (WebSocket) and GET /api/live/sse (EventSource): alert pushes for the caller's
 * compounds (staff), or a resident's own work orders only (stream.ts `visibleTo`), resumable with
 * `since` (or SSE's Last-Event-ID). Auth: `access_token` query param, a Bearer header, or the
 * `yg_session` cookie.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import '@fastify/websocket';
import { z } from 'zod';
import { currentUser } from '../auth/index.js';
import type { AppContext } from '../context.js';
import type { RouteAuth } from '../http/route-auth.js';
import type { AuthUser } from '../types.js';
import type { LiveClosed } from '@yardguard/firmware-config';
import type { StreamGrant } from './stream-guard.js';
import type { LiveAudience } from './stream.js';

/** WebSocket close codes (4000-4999 are the application's): 4401 = sign in again, 4403 = no longer allowed here. */
export const closeCodeOf = (why: LiveClosed): number => (why.code === 'COMPOUND_REMOVED' || why.code === 'ACCESS_REMOVED' ? 4403 : 4401);

const liveQuery = z.object({
  since: z.coerce.number().int().min(0).optional(),
  access_token: z.string().optional(),
});

const scopeOf = (u: AuthUser): string[] | 'all' => (u.role === 'admin' ? 'all' : u.compoundIds);
/** A resident's stream carries only messages addressed to them; staff see their compounds' others. */
const audienceOf = (u: AuthUser): LiveAudience =>
  u.role === 'resident' ? { kind: 'resident', userId: u.id, compounds: u.compoundIds } : { kind: 'staff', compounds: scopeOf(u) };

function sinceOf(request: FastifyRequest): number | null {
  const q = request.query as z.infer<typeof liveQuery>;
  const header = request.headers['last-event-id'];
  if (typeof header === 'string' && /^\d+$/.test(header)) return Number(header);
  return q.since ?? null;
}

const STREAM_ROLES = ['admin', 'manager', 'guard', 'installer', 'resident'] as const;

/** The grant a stream holds, re-checked by the stream guard while it is open. */
function grantOf(request: FastifyRequest, end: StreamGrant['end']): StreamGrant {
  const user = currentUser(request);
  return { token: request.sessionToken!, userId: user.id, roles: STREAM_ROLES, compounds: scopeOf(user), expiresAt: request.sessionExpiresAt!, end };
}

export async function livePlugin(api: FastifyInstance, { live: hub, streams }: AppContext): Promise<void> {
  // The only routes that take the session from `?access_token=` or the `yg_session` cookie.
  const auth: RouteAuth = { roles: STREAM_ROLES, compound: 'scope', streamToken: true };
  // Open streams end when the server closes (a hijacked SSE response would otherwise hold close() open).
  const open = new Set<() => void>();
  api.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  api.get('/api/live', {
    websocket: true,
    schema: { querystring: liveQuery, hide: true },
    config: { auth },
  }, (socket, request) => {
    const detach = hub.attach({
      send(m) {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
      },
    }, audienceOf(currentUser(request)), sinceOf(request));
    const end = () => socket.close(1001, 'server closing');
    open.add(end);
    // Access changed (signed out, disabled, compound removed): say why, then close with 4401/4403.
    const unwatch = streams.watch(grantOf(request, (why) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(why));
      socket.close(closeCodeOf(why), why.code);
    }));
    const done = () => {
      open.delete(end);
      unwatch();
      detach();
    };
    socket.on('close', done);
    socket.on('error', done);
    // The stream is one-way, except the console's heartbeat: `{"type":"ping"}` gets `{"type":"pong"}`
    // so a phone can tell a silently dead socket from a quiet one. Anything else is ignored.
    socket.on('message', (data) => {
      const text = data.toString();
      if (text.length < 64 && /"type"\s*:\s*"ping"/.test(text) && socket.readyState === socket.OPEN) socket.send('{"type":"pong"}');
    });
  });

  api.get('/api/live/sse', {
    schema: { querystring: liveQuery, hide: true },
    config: { auth },
  }, (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    const detach = hub.attach({
      send(m) {
        res.write(`id: ${m.id}\nevent: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`);
      },
    }, audienceOf(currentUser(request)), sinceOf(request));
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
    const end = () => res.end();
    open.add(end);
    // EventSource reconnects by itself after a close: `event: closed` tells the console not to (and why).
    const unwatch = streams.watch(grantOf(request, (why) => {
      res.end(`event: closed\ndata: ${JSON.stringify(why)}\n\n`);
    }));
    request.raw.on('close', () => {
      open.delete(end);
      unwatch();
      clearInterval(keepAlive);
      detach();
    });
  });
}
