/**
 * Residents on the live stream, over real WebSockets on instance B while the work is done through
 * instance A's API (one database, one cluster bus): a resident hears about the repair requests they
 * placed, live and on resume with `since`, and nothing else: not another resident's orders (same
 * compound or another), not alerts or incidents. An expired session is refused and ended as for staff.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '@yardguard/test/servers';
import { liveClosed, liveMessage, type WorkOrder } from '@yardguard/firmware-config';
import { createSession } from '../../src/auth/sessions.js';
import { connect, type LiveClient } from './live-client.js';
import { event, twoSqliteInstances } from './app.js';

const others = (c: LiveClient) => c.messages.filter((m) => m.type !== 'hello');
const raised = (i: number) => event('alert.raised', { key: `door-${i}`, kind: 'door_forced', severity: 'critical', title: `第${i}号门被强行打开` }, { compoundId: 'c1', deviceId: `gate-${i}` });

async function setup() {
  const two = await twoSqliteInstances();
  const { a, db } = two;
  // A second resident in c1 (r1's neighbour); r2 lives in c2.
  await db.insertInto('users').values({ id: 'r3', username: 'r3', display_name: '邻居', role: 'resident', password_hash: 'x', lease_ends_on: null, disabled: 0, created_at: new Date().toISOString() }).execute();
  await db.insertInto('user_compounds').values({ user_id: 'r3', compound_id: 'c1' }).execute();
  const post = async (who: string, url: string, payload: object) => {
    const res = await a.app.inject({ method: 'POST', url, headers: await a.as(who), payload });
    expect(res.statusCode, `${who} POST ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as WorkOrder;
  };
  const order = (who: string, compoundId = 'c1') => post(who, '/api/work-orders', { compoundId, category: 'blocked_drain', title: `${who}家下水道堵塞` });
  const move = (id: string, who: string, to: string, extra: object = {}) => post(who, `/api/work-orders/${id}/transition`, { to, ...extra });
  return { ...two, order, move, post };
}

describe('live stream for residents: their own repair requests only', () => {
  it('resident A follows their order live and on resume; neighbours, other compounds and staff-only messages stay out', async () => {
    const { a, b, baseB, order, move, post } = await setup();
    const r1 = await connect(baseB, await b.token('r1'), 0);
    const r3 = await connect(baseB, await b.token('r3'), 0);
    const r2 = await connect(baseB, await b.token('r2'), 0);
    const guard = await connect(baseB, await b.token('g1'), 0);
    await waitFor(() => [r1, r3, r2, guard].every((c) => c.messages.some((m) => m.type === 'hello')));

    const mine = await order('r1');
    const neighbours = await order('r3');
    const far = await order('r2', 'c2');
    const staffOrder = await order('g1'); // placed by staff: no resident to tell
    await move(mine.id, 'gl1', 'dispatched', { assigneeId: 's1' });
    await move(neighbours.id, 'gl1', 'dispatched', { assigneeId: 's1' });
    await move(staffOrder.id, 'gl1', 'dispatched', { assigneeId: 's1' });
    await a.ops.onEventsCommitted([raised(1)]); // an alert in r1's compound, and its incident closed: staff only
    const alertNew = await waitFor(() => others(guard).find((m) => m.type === 'alert.new'));
    await post('g1', `/api/incidents/${alertNew.alert!.incidentId}/close`, { reason: '误报' });
    await waitFor(() => others(guard).some((m) => m.type === 'incident.update'));
    await waitFor(() => others(r1).length === 2 && others(r3).length === 2 && others(r2).length === 1);

    for (const m of [...r1.messages, ...r3.messages, ...r2.messages]) liveMessage.parse(m);
    expect(others(r1).map((m) => [m.type, m.userId, m.workOrderId, m.workOrder?.workOrderId, m.workOrder?.stage])).toEqual([
      ['work_order.update', 'r1', mine.id, mine.id, 'requested'],
      ['work_order.update', 'r1', mine.id, mine.id, 'dispatched'],
    ]);
    expect(others(r3).map((m) => m.workOrder?.workOrderId)).toEqual([neighbours.id, neighbours.id]);
    expect(others(r2).map((m) => [m.compoundId, m.workOrder?.workOrderId])).toEqual([['c2', far.id]]);
    // Staff get the compound's broadcast of every order (residents' and their own), the alert and the incident,
    // and none of the residents' addressed messages.
    expect(others(guard).every((m) => m.userId === undefined)).toBe(true);
    expect(others(guard).filter((m) => m.type === 'work_order.update').map((m) => [m.workOrderId, m.workOrder?.stage])).toEqual([
      [mine.id, 'requested'], [neighbours.id, 'requested'], [staffOrder.id, 'requested'],
      [mine.id, 'dispatched'], [neighbours.id, 'dispatched'], [staffOrder.id, 'dispatched'],
    ]);
    expect(others(guard).filter((m) => m.type !== 'work_order.update').map((m) => m.type)).toEqual(['alert.new', 'incident.update']);

    // r1's phone drops; the order moves on and closes (验单) meanwhile; an alert and the neighbour's order move too.
    const lastSeen = others(r1).at(-1)!.id;
    r1.ws.close();
    await r1.closed;
    await move(mine.id, 's1', 'accepted');
    await move(neighbours.id, 's1', 'accepted');
    await a.ops.onEventsCommitted([raised(2)]);
    await move(mine.id, 'cm1', 'supervised');
    await move(mine.id, 'co1', 'verified');
    const back = await connect(baseB, await b.token('r1'), lastSeen);
    await waitFor(() => back.messages.some((m) => m.type === 'hello'));
    expect(others(back).map((m) => [m.workOrder?.workOrderId, m.workOrder?.stage, m.workOrder?.ratingAsked])).toEqual([
      [mine.id, 'accepted', false], [mine.id, 'supervised', false], [mine.id, 'verified', true],
    ]);
    expect(others(back).every((m) => m.id > lastSeen && m.userId === 'r1')).toBe(true);

    // Rating it (from another phone) is announced too, and a fresh resume of the neighbour shows only their own rows.
    await post('r1', `/api/work-orders/${mine.id}/rating`, { rating: 5 });
    await waitFor(() => others(back).some((m) => m.workOrder?.rating === 5));
    expect(others(back).at(-1)!.workOrder).toMatchObject({ workOrderId: mine.id, stage: 'verified', ratingAsked: false, rating: 5 });
    const neighbourAgain = await connect(baseB, await b.token('r3'), 0);
    await waitFor(() => neighbourAgain.messages.some((m) => m.type === 'hello'));
    expect(others(neighbourAgain).map((m) => [m.workOrder?.workOrderId, m.workOrder?.stage])).toEqual([
      [neighbours.id, 'requested'], [neighbours.id, 'dispatched'], [neighbours.id, 'accepted'],
    ]);
    expect(others(r2).length).toBe(1);
    // And over SSE (Last-Event-ID resume) the same rule holds.
    const ctrl = new AbortController();
    const res = await fetch(`${baseB}/api/live/sse?access_token=${await b.token('r2')}`, { headers: { 'last-event-id': '0' }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    let text = '';
    await waitFor(async () => {
      text += new TextDecoder().decode((await reader.read()).value);
      return text.includes('event: hello');
    });
    ctrl.abort();
    expect(text.match(/event: work_order\.update/g)).toHaveLength(1);
    expect(text).toContain(far.id);
    expect(text).not.toContain('alert.new');
  });

  it('a phone follow-up (回访) that rates the order tells the resident', async () => {
    const { b, baseB, order, move, post } = await setup();
    const w = await order('r1');
    for (const [to, who, extra] of [['dispatched', 'gl1', { assigneeId: 's1' }], ['accepted', 's1', {}], ['supervised', 'cm1', {}], ['verified', 'co1', {}]] as const) await move(w.id, who, to, extra);
    const r1 = await connect(baseB, await b.token('r1'));
    await waitFor(() => r1.messages.some((m) => m.type === 'hello'));
    const list = (await b.app.inject({ method: 'GET', url: '/api/callbacks?compoundId=c1', headers: await b.as('m1') })).json() as { callbacks: { id: string; workOrderId: string }[] };
    const cb = list.callbacks.find((c) => c.workOrderId === w.id)!;
    await post('m1', `/api/callbacks/${cb.id}`, { outcome: 'answered', satisfaction: 4 });
    await waitFor(() => others(r1).some((m) => m.workOrder?.rating === 4));
    expect(others(r1).map((m) => m.workOrder)).toEqual([expect.objectContaining({ workOrderId: w.id, rating: 4, ratingAsked: false })]);
  });

  it('an expired session is refused at the door and ends an open stream (4401 SESSION_EXPIRED), as for staff', async () => {
    const { b, baseB, db } = await setup();
    const short = await createSession(db, 'r1', 1);
    const ws = await connect(baseB, short.token);
    expect(await ws.closeCode).toEqual({ code: 4401, reason: 'SESSION_EXPIRED' });
    expect(liveClosed.parse(ws.messages.at(-1)).code).toBe('SESSION_EXPIRED');
    await expect(connect(baseB, short.token)).rejects.toThrow('HTTP 401');
    expect(b.cloud.streams.watched()).toBe(0);
    // A resident who loses the compound loses the stream (4403), like staff.
    const r3 = await connect(baseB, await b.token('r3'));
    await waitFor(() => r3.messages.some((m) => m.type === 'hello'));
    expect((await b.app.inject({ method: 'PATCH', url: '/api/users/r3', headers: await b.as('a1'), payload: { compoundIds: ['c2'] } })).statusCode).toBe(200);
    expect(await r3.closeCode).toEqual({ code: 4403, reason: 'COMPOUND_REMOVED' });
  });
});
