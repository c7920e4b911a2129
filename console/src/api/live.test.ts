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
});
