/**
 * Live push over a real WebSocket on a real port: two instances share one database and one
 * cluster bus; a console on instance B sees alerts raised on instance A, and after a reconnect
 * with `since` it gets everything it missed, in order, nothing twice.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { connect } from './live-client.js';
import { waitFor } from '@yardguard/test/servers';
import { pino } from 'pino';
import { afterAll } from 'vitest';
import { createPostgresBus } from '../../src/cluster/postgres-bus.js';
import { freshPostgresUrl, stopPostgres } from '../helpers/dialects.js';
import { openTestDb, seed } from './db.js';
import { buildOpsApp, event, twoSqliteInstances } from './app.js';

const raised = (i: number, compoundId = 'c1') => event('alert.raised', {
  key: `door-${i}`, kind: 'door_forced', severity: 'critical', title: `第${i}号门被强行打开`,
}, { compoundId, deviceId: `gate-${i}` });

const twoInstances = () => twoSqliteInstances();

afterAll(stopPostgres);

describe('live push', () => {
  it('a console on instance B receives alerts raised on A; reconnecting with since misses nothing', async () => {
    const { a, b, baseB } = await twoInstances();
    const token = await b.token('g1');
    const first = await connect(baseB, token, 0);
    await waitFor(() => first.messages.find((m) => m.type === 'hello'));

    await a.ops.onEventsCommitted([raised(1)]);
    await a.ops.onEventsCommitted([raised(1)]); // folds: an update
    await a.ops.onEventsCommitted([raised(99, 'c2')]); // another compound: not for g1
    const got = await waitFor(() => (first.messages.filter((m) => m.type !== 'hello').length >= 2 ? first.messages.filter((m) => m.type !== 'hello') : null));
    expect(got.map((m) => [m.type, m.alert?.title, m.alert?.count])).toEqual([['alert.new', '第1号门被强行打开', 1], ['alert.update', '第1号门被强行打开', 2]]);
    expect(got.every((m) => m.compoundId === 'c1')).toBe(true);
    // live messages carry the cloud's escalation deadline (the pending timer's due time)
    expect(got.every((m) => typeof m.alert?.nextEscalationAt === 'string' && Date.parse(m.alert.nextEscalationAt) > Date.parse(m.alert.createdAt))).toBe(true);
    const lastSeen = got[got.length - 1]!.id;

    // Drop the connection, miss three alerts (raised on both instances), reconnect with since.
    first.ws.close();
    await first.closed;
    await a.ops.onEventsCommitted([raised(2)]);
    await b.ops.onEventsCommitted([raised(3)]);
    await a.ops.onEventsCommitted([raised(4)]);
    const second = await connect(baseB, token, lastSeen);
    await waitFor(() => second.messages.find((m) => m.type === 'hello'));
    await a.ops.onEventsCommitted([raised(5)]);
    await waitFor(() => second.messages.find((m) => m.alert?.title === '第5号门被强行打开'));
    const titles = second.messages.filter((m) => m.type !== 'hello').map((m) => m.alert!.title);
    expect(titles).toEqual(['第2号门被强行打开', '第3号门被强行打开', '第4号门被强行打开', '第5号门被强行打开']);
    const ids = second.messages.filter((m) => m.type !== 'hello').map((m) => m.id);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(ids[0]).toBeGreaterThan(lastSeen);
    const hello = second.messages.find((m) => m.type === 'hello')!;
    expect(second.messages.indexOf(hello)).toBe(3); // replay first, then hello, then live

    // an acknowledgement on A shows up on B's console as an update
    const id = second.messages.at(-1)!.alert!.id;
    const ack = await a.app.inject({ method: 'POST', url: `/api/alerts/${id}/ack`, headers: await a.as('g2') });
    expect(ack.statusCode).toBe(200);
    await waitFor(() => second.messages.find((m) => m.type === 'alert.update' && m.alert?.status === 'acknowledged'));
    // closing its incident tells the console to refetch it
    const incidentId = second.messages.at(-1)!.alert!.incidentId!;
    expect((await a.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/close`, headers: await a.as('g2'), payload: { reason: '误报' } })).statusCode).toBe(200);
    await waitFor(() => second.messages.find((m) => m.type === 'incident.update' && m.incidentId === incidentId));
    // a work order made from it, then moved, tells the console to refetch that order and the lists
    const made = await a.app.inject({ method: 'POST', url: `/api/incidents/${incidentId}/work-order`, headers: await a.as('g2'), payload: {} });
    expect(made.statusCode).toBe(201);
    const woId = (made.json() as { id: string }).id;
    await waitFor(() => second.messages.find((m) => m.type === 'work_order.update' && m.workOrderId === woId));
    const comment = await a.app.inject({ method: 'POST', url: `/api/work-orders/${woId}/comments`, headers: await a.as('g2'), payload: { text: '已到场' } });
    expect(comment.statusCode).toBe(201);
    await waitFor(() => second.messages.filter((m) => m.type === 'work_order.update' && m.workOrderId === woId).length === 2);
  });

  it('refuses a missing token and roles without a stream; SSE replays with Last-Event-ID', async () => {
    const { a, b, baseB } = await twoInstances();
    await expect(connect(baseB, 'nope')).rejects.toThrow(/401/);
    await expect(connect(baseB, await b.token('cm1'))).rejects.toThrow(/403/);
    await expect(connect(baseB, 'nope', 0, 'cookie')).rejects.toThrow(/401/);
    const future = await connect(baseB, await b.token('g1'), 1_000_000); // cursor from before a database reset
    await waitFor(() => future.messages.find((m) => m.type === 'hello'));
    await a.ops.onEventsCommitted([raised(7)]);
    await waitFor(() => future.messages.find((m) => m.alert?.title === '第7号门被强行打开'));
    // the console's heartbeat: a ping is answered with a pong (no stream id), anything else is ignored
    future.ws.send('{"type":"ping"}');
    future.ws.send('hello there');
    await waitFor(() => future.messages.find((m) => (m.type as string) === 'pong'));
    expect(future.messages.filter((m) => (m.type as string) === 'pong')).toEqual([{ type: 'pong' }]);
    const byCookie = await connect(baseB, await b.token('g1'), 0, 'cookie');
    await waitFor(() => byCookie.messages.find((m) => m.type === 'hello'));
    await a.ops.onEventsCommitted([raised(1), raised(2)]);
    const ctrl = new AbortController();
    onTestFinished(() => ctrl.abort());
    const res = await fetch(`${baseB}/api/live/sse?access_token=${await b.token('m1')}`, { headers: { 'last-event-id': '1' }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    await waitFor(async () => {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
      return text.includes('event: hello');
    });
    expect(text).toContain('id: 2\nevent: alert.new');
    expect(text).not.toContain('id: 1\n');
  });

  it('PostgreSQL + LISTEN/NOTIFY bus: a console on B sees alerts raised on A, resumes after reconnect', async () => {
    const url = await freshPostgresUrl();
    const dbA = await openTestDb(url);
    await seed(dbA);
    const dbB = await openTestDb(url);
    const quiet = pino({ level: 'silent' });
    const busA = await createPostgresBus(url, quiet);
    const busB = await createPostgresBus(url, quiet);
    onTestFinished(async () => {
      await busA.close();
      await busB.close();
    });
    const a = await buildOpsApp(dbA, { bus: busA, instanceId: 'a' });
    const b = await buildOpsApp(dbB, { bus: busB, instanceId: 'b' });
    const baseB = await b.app.listen({ port: 0, host: '127.0.0.1' });
    const token = await b.token('m1');
    const first = await connect(baseB, token, 0);
    await waitFor(() => first.messages.find((m) => m.type === 'hello'));
    await a.ops.onEventsCommitted([raised(1), raised(2)]);
    await waitFor(() => first.messages.filter((m) => m.type === 'alert.new').length === 2);
    const last = first.messages.at(-1)!.id;
    first.ws.close();
    await first.closed;
    await a.ops.onEventsCommitted([raised(3)]);
    const second = await connect(baseB, token, last);
    await a.ops.onEventsCommitted([raised(4)]);
    await waitFor(() => second.messages.filter((m) => m.type === 'alert.new').length === 2);
    expect(second.messages.filter((m) => m.type === 'alert.new').map((m) => m.alert!.title)).toEqual(['第3号门被强行打开', '第4号门被强行打开']);
  });
});
