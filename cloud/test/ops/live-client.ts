/** A real WebSocket client of /api/live for the live-stream tests: every message it got, and when it closed. */
import { onTestFinished } from 'vitest';
import WebSocket from 'ws';
import type { LiveMessage } from '@yardguard/firmware-config';

export interface LiveClient { messages: LiveMessage[]; ws: WebSocket; closed: Promise<void>; closeCode: Promise<{ code: number; reason: string }> }

export function connect(base: string, token: string, since?: number, via: 'query' | 'cookie' = 'query'): Promise<LiveClient> {
  const params = [via === 'query' ? `access_token=${token}` : null, since !== undefined ? `since=${since}` : null].filter(Boolean).join('&');
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live?${params}`, via === 'cookie' ? { headers: { cookie: `theme=dark; yg_session=${token}` } } : {});
  const messages: LiveMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as LiveMessage));
  const closeCode = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: String(reason) })));
  const closed = closeCode.then(() => undefined);
  onTestFinished(() => ws.close());
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ messages, ws, closed, closeCode }));
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}
