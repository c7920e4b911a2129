/** A real `ws` WebSocket server on 127.0.0.1 standing in for the cloud's /api/live, and a LiveStream pointed at it. */
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { LiveStream, type LiveStreamOptions } from '../api/live.js';

export interface TestLive {
  sockets: WsSocket[];
  stream(opts?: Partial<LiveStreamOptions>): LiveStream;
  close(): void;
}

export async function startTestLive(): Promise<TestLive> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const sockets: WsSocket[] = [];
  wss.on('connection', (ws) => sockets.push(ws));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/api/live`;
  return {
    sockets,
    stream: (opts = {}) => new LiveStream({ url, getToken: () => 'tk', WebSocketImpl: WebSocket, ...opts }),
    close: () => wss.close(),
  };
}
