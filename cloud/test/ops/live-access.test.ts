/**
 * Live streams end when their access ends, server-side, with a reason the console can show: real
 * WebSocket and SSE connections on instance B, the change made through the API of instance A (the
 * two share one database and one cluster bus). Sign-out, a manager's password reset, a disabled
 * account, a lost compound, a session that expires, and a change made behind the API's back (the sweep).
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from '@yardguard/test/servers';
import { liveClosed, type LiveClosed } from '@yardguard/firmware-config';
import { createSession } from '../../src/auth/sessions.js';
import { twoSqliteInstances } from './app.js';

interface WsClient { messages: { type: string }[]; close: Promise<{ code: number; reason: string }> }

function openWs(base: string, token: string): Promise<WsClient> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live?access_token=${token}`);
  const messages: { type: string }[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as { type: string }));
  const close = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: String(reason) })));
  onTestFinished(() => ws.close());
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ messages, close }));
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

interface SseClient { text: () => string; ended: Promise<void> }

function openSse(base: string, token: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/live/sse?access_token=${token}`, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      const ended = new Promise<void>((r) => res.on('end', () => r()));
      resolve({ text: () => text, ended });
    });
    req.on('error', reject);
    req.end();
    onTestFinished(() => req.destroy());
  });
}

const closedFrame = (text: string): LiveClosed => {
  const m = /event: closed\ndata: (.*)\n\n/.exec(text);
  if (!m) throw new Error(`no closed event in ${JSON.stringify(text)}`);
  return liveClosed.parse(JSON.parse(m[1]!));
};
const lastMessage = (c: WsClient): LiveClosed => liveClosed.parse(c.messages[c.messages.length - 1]);

// A long sweep: every close below comes from the announced change (or the expiry timer), not the sweep.
const twoInstances = (sweepS = 3600) => twoSqliteInstances({ liveRecheckS: sweepS });

describe('live streams end when access ends', () => {
  it('sign-out closes the WebSocket and the SSE stream of that session (4401 SESSION_ENDED), not the other sessions', async () => {
    const { a, b, baseB } = await twoInstances();
    const token = await a.token('g1');
    const other = (await createSession(b.cloud.db, 'g1', 3600)).token;
    const ws = await openWs(baseB, token);
    const sse = await openSse(baseB, token);
    const otherWs = await openWs(baseB, other);
    await waitFor(() => ws.messages.some((m) => m.type === 'hello') && sse.text().includes('event: hello') && otherWs.messages.length > 0);

    const out = await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(200);
    const closed = await ws.close;
    expect(closed).toEqual({ code: 4401, reason: 'SESSION_ENDED' });
    expect(lastMessage(ws).code).toBe('SESSION_ENDED');
    expect(lastMessage(ws).message).toMatch(/请重新登录/);
    await sse.ended;
    expect(closedFrame(sse.text()).code).toBe('SESSION_ENDED');
    // The same user's other session keeps streaming.
    await waitFor(() => b.cloud.ops.live.connections() === 1);
    expect(b.cloud.streams.watched()).toBe(1);
    // And the revoked token cannot open a new one.
    await expect(openWs(baseB, token)).rejects.toThrow('HTTP 401');
  });

  it('a manager disabling the account, or resetting its password, closes its streams at once', async () => {
    const { a, baseB } = await twoInstances();
    const g1 = await a.token('g1');
    const g2 = await a.token('g2');
    const ws1 = await openWs(baseB, g1);
    const sse2 = await openSse(baseB, g2);
    await waitFor(() => ws1.messages.length > 0 && sse2.text().includes('hello'));

    const m1 = await a.as('m1');
    expect((await a.app.inject({ method: 'PATCH', url: '/api/users/g1', headers: m1, payload: { disabled: true } })).statusCode).toBe(200);
    expect(await ws1.close).toEqual({ code: 4401, reason: 'SESSION_ENDED' });
    // The session was revoked with the account; either way the console is told to sign in again.
    expect(['SESSION_ENDED', 'ACCOUNT_DISABLED']).toContain(lastMessage(ws1).code);

    expect((await a.app.inject({ method: 'PATCH', url: '/api/users/g2', headers: m1, payload: { password: 'a-new-password-1' } })).statusCode).toBe(200);
    await sse2.ended;
    expect(closedFrame(sse2.text()).code).toBe('SESSION_ENDED');
  });

  it('losing a compound closes the stream with 4403 COMPOUND_REMOVED; a stream of kept compounds stays', async () => {
    const { a, b, baseB, db } = await twoInstances();
    await db.insertInto('user_compounds').values({ user_id: 'g1', compound_id: 'c2' }).execute();
    const ws = await openWs(baseB, await a.token('g1'));
    const keeps = await openWs(baseB, await a.token('g2'));
    await waitFor(() => ws.messages.length > 0 && keeps.messages.length > 0);

    const admin = await a.as('a1');
    expect((await a.app.inject({ method: 'PATCH', url: '/api/users/g1', headers: admin, payload: { compoundIds: ['c2'] } })).statusCode).toBe(200);
    expect(await ws.close).toEqual({ code: 4403, reason: 'COMPOUND_REMOVED' });
    expect(lastMessage(ws).message).toContain('c1');
    // An unrelated change to another user leaves g2's stream open.
    expect((await a.app.inject({ method: 'PATCH', url: '/api/users/g3', headers: admin, payload: { displayName: '三号' } })).statusCode).toBe(200);
    await b.cloud.streams.sweep();
    await waitFor(() => b.cloud.ops.live.connections() === 1);
    expect(b.cloud.streams.watched()).toBe(1);
    // Reconnecting with the same session now streams only c2.
    const again = await openWs(baseB, await a.token('g1'));
    await waitFor(() => again.messages.length > 0);
  });

  it('a session that expires while streaming ends the stream (SESSION_EXPIRED)', async () => {
    const { b, baseB } = await twoInstances();
    const short = await createSession(b.cloud.db, 'g1', 1);
    const ws = await openWs(baseB, short.token);
    expect(await ws.close).toEqual({ code: 4401, reason: 'SESSION_EXPIRED' });
    expect(lastMessage(ws).code).toBe('SESSION_EXPIRED');
  });

  it('a change made in the database (no announcement) is caught by the sweep', async () => {
    const { b, baseB, db } = await twoInstances(1);
    const ws = await openWs(baseB, await b.token('i1'));
    await waitFor(() => ws.messages.length > 0);
    await db.updateTable('users').set({ disabled: 1 }).where('id', '=', 'i1').execute();
    expect(await ws.close).toEqual({ code: 4401, reason: 'ACCOUNT_DISABLED' });
  });
});
