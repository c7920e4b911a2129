import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { LiveStream, type LiveMessage, type LiveState } from './live.js';

async function until(cond: () => boolean, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LiveStream', () => {
  const servers: WebSocketServer[] = [];
  afterEach(() => servers.forEach((s) => s.close()));

  it('reconnects after the server drops it and resumes from the last cursor', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    servers.push(wss);
    await new Promise((r) => wss.once('listening', r));
    const urls: string[] = [];
    const at = new Date().toISOString();
    const sockets: WsSocket[] = [];
    wss.on('connection', (ws, req) => {
      urls.push(req.url ?? '');
      sockets.push(ws);
      if (urls.length === 1) {
        ws.send(JSON.stringify({ id: 41, type: 'alert.new', compoundId: 'c1', at, alert: { id: 'a1' } }));
        ws.send(JSON.stringify({ id: 42, type: 'alert.new', compoundId: 'c1', at, alert: { id: 'a2' } }));
        ws.send('not json');
        ws.send(JSON.stringify({ id: 42, type: 'hello', compoundId: null, at }));
      } else {
        ws.send(JSON.stringify({ id: 43, type: 'alert.update', compoundId: 'c1', at, alert: { id: 'a3' } }));
        ws.send(JSON.stringify({ id: 43, type: 'hello', compoundId: null, at }));
      }
    });
    const port = (wss.address() as AddressInfo).port;
    const states: LiveState[] = [];
    const got: LiveMessage[] = [];
    const live = new LiveStream({ url: `ws://127.0.0.1:${port}/api/live`, getToken: () => 'tk', WebSocketImpl: WebSocket, quietMs: 5000 });
    live.onState((s) => states.push(s));
    live.subscribe((m) => got.push(m));
    live.start();
    await until(() => live.state === 'online' && got.length === 3);
    expect(got.at(-1)?.type).toBe('hello');
    expect(urls[0]).toBe('/api/live?access_token=tk');
    expect(states).toEqual(['catching_up', 'online']);

    sockets[0]!.terminate();
    await until(() => live.state === 'offline');
    await until(() => urls.length === 2 && live.state === 'online');
    expect(urls[1]).toBe('/api/live?since=42&access_token=tk');
    expect(got.map((m) => m.alert?.id).filter(Boolean)).toEqual(['a1', 'a2', 'a3']);
    expect(live.lastCursor).toBe('43');
    live.stop();
  });

  it('goes online after a quiet backlog when the server sends no marker', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    servers.push(wss);
    await new Promise((r) => wss.once('listening', r));
    const port = (wss.address() as AddressInfo).port;
    const live = new LiveStream({ url: `ws://127.0.0.1:${port}/api/live`, getToken: () => null, WebSocketImpl: WebSocket, quietMs: 50 });
    live.start();
    await until(() => live.state === 'online');
    live.stop();
  });

  it('heartbeat: a server that answers pings and then goes silent is dropped and reconnected', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    servers.push(wss);
    await new Promise((r) => wss.once('listening', r));
    let connections = 0;
    wss.on('connection', (ws) => {
      connections++;
      const first = connections === 1;
      // The first connection answers one ping, then never again (a half-dead mobile link).
      let answered = false;
      ws.on('message', (d) => {
        if (String(d).includes('"ping"') && (!first || !answered)) {
          answered = true;
          ws.send('{"type":"pong"}');
        }
      });
      ws.send(JSON.stringify({ id: connections, type: 'hello', compoundId: null, at: new Date().toISOString() }));
    });
    const port = (wss.address() as AddressInfo).port;
    const live = new LiveStream({ url: `ws://127.0.0.1:${port}/api/live`, getToken: () => 'tk', WebSocketImpl: WebSocket, pingMs: 40, deadAfterMs: 200 });
    const states: LiveState[] = [];
    live.onState((s) => states.push(s));
    live.start();
    await until(() => connections >= 2 && live.state === 'online');
    expect(states).toContain('offline');
    live.stop();
  });

  it('a server that never answers pings is not judged dead (older cloud)', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    servers.push(wss);
    await new Promise((r) => wss.once('listening', r));
    let connections = 0;
    let pings = 0;
    wss.on('connection', (ws) => {
      connections++;
      ws.on('message', () => pings++);
      ws.send(JSON.stringify({ id: 1, type: 'hello', compoundId: null, at: new Date().toISOString() }));
    });
    const port = (wss.address() as AddressInfo).port;
    const live = new LiveStream({ url: `ws://127.0.0.1:${port}/api/live`, getToken: () => 'tk', WebSocketImpl: WebSocket, pingMs: 20, deadAfterMs: 50 });
    live.start();
    await until(() => pings >= 10);
    expect(connections).toBe(1);
    expect(live.state).toBe('online');
    live.stop();
  });

  it('reconnects at once when the network comes back or the tab becomes visible', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    servers.push(wss);
    await new Promise((r) => wss.once('listening', r));
    const urls: string[] = [];
    const sockets: WsSocket[] = [];
    wss.on('connection', (ws, req) => {
      urls.push(req.url ?? '');
      sockets.push(ws);
      ws.send(JSON.stringify({ id: 10 + urls.length, type: 'hello', compoundId: null, at: new Date().toISOString() }));
    });
    const port = (wss.address() as AddressInfo).port;
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' as DocumentVisibilityState });
    // A long backoff: only the wake-up events can bring it back within the test.
    const live = new LiveStream({
      url: `ws://127.0.0.1:${port}/api/live`, getToken: () => 'tk', WebSocketImpl: WebSocket, maxBackoffMs: 60_000,
      env: { window: win as unknown as Window, document: doc as unknown as Document },
    });
    live.start();
    await until(() => live.state === 'online');
    // Drive the backoff up: the server refuses to keep connections for a while.
    (live as unknown as { backoff: number }).backoff = 60_000;
    sockets[0]!.terminate();
    await until(() => live.state === 'offline');
    (live as unknown as { backoff: number }).backoff = 60_000;
    win.dispatchEvent(new Event('online'));
    await until(() => urls.length === 2 && live.state === 'online');
    expect(urls[1]).toBe('/api/live?since=11&access_token=tk');

    sockets[1]!.terminate();
    await until(() => live.state === 'offline');
    doc.dispatchEvent(new Event('visibilitychange')); // still hidden: nothing
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    await until(() => urls.length === 3 && live.state === 'online');
    expect(urls[2]).toBe('/api/live?since=12&access_token=tk');
    live.stop();
  });

  it('a refused upgrade (expired session) asks the app to check its session', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end());
    server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    let refused = 0;
    const live = new LiveStream({ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`, getToken: () => 'old', WebSocketImpl: WebSocket, onRefused: () => refused++ });
    live.start();
    await until(() => refused >= 1);
    expect(live.state).toBe('offline');
    live.stop();
    server.close();
  });
});
