/** HTTP API of the operations side (inject), with real sessions on SQLite. */
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@yardguard/firmware-config/node';
import type { Alert, IncidentDetail, WorkOrder, WorkOrderReport } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import { RECONNECT_STORM_GRACE_MS } from '../../src/alerts/gateway-check.js';
import { stopPostgres } from '../helpers/dialects.js';
import { openTestDb, opsDialects, seed } from './db.js';

afterAll(stopPostgres);
import { buildOpsApp, event } from './app.js';

async function setup(url: string) {
  const db = await openTestDb(url);
  await seed(db);
  const clock = manualClock('2026-03-02T00:00:00.000Z');
  const ops = await buildOpsApp(db, { clock });
  return { db, clock, ...ops };
}

const raised = (key = 'gate-main:forced') => event('alert.raised', { key, kind: 'door_forced', severity: 'critical', title: '东门被强行打开', snapshotIds: ['snap-1'] });

describe.each(opsDialects)('alerts over HTTP ($name)', (d) => {
  it('an edge alert.raised becomes an alert; staff of the compound list, ack and resolve it; others get 403', async () => {
    const { app, ops, as } = await setup(await d.url());
    await ops.onEventsCommitted([raised(), event('gate.door_opened', {})]);
    const list = await app.inject({ url: '/api/alerts?compoundId=c1', headers: await as('g1') });
    expect(list.statusCode).toBe(200);
    const [a] = (list.json() as { alerts: Alert[] }).alerts;
    expect(a).toMatchObject({ status: 'new', kind: 'door_forced', deviceId: 'gw1.gate-main', snapshotIds: ['gw1.snap-1'], assigneeId: 'm1' });

    expect((await app.inject({ url: `/api/alerts/${a!.id}`, headers: await as('x1') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/alerts?compoundId=c1', headers: await as('x1') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/alerts', headers: await as('x1') })).json()).toEqual({ alerts: [], nextBefore: null });
    expect((await app.inject({ method: 'POST', url: `/api/alerts/${a!.id}/ack`, headers: await as('r1') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/alerts', headers: {} })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/alerts?status=open', headers: await as('g1') })).json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });

    const ack = await app.inject({ method: 'POST', url: `/api/alerts/${a!.id}/ack`, headers: await as('g1') });
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'g1' });
    const res = await app.inject({ method: 'POST', url: `/api/alerts/${a!.id}/resolve`, headers: await as('g1'), payload: { note: '已到现场，门已关好' } });
    expect(res.json()).toMatchObject({ status: 'resolved', resolveNote: '已到现场，门已关好' });
    expect((await app.inject({ method: 'POST', url: `/api/alerts/${a!.id}/resolve`, headers: await as('g1'), payload: {} })).statusCode).toBe(409);
  });

  it('device offline then online: an alert that resolves itself', async () => {
    const { app, ops, as } = await setup(await d.url());
    await ops.onEventsCommitted([event('device.offline', { kind: 'camera', reason: 'heartbeat_timeout' }, { deviceId: 'cam-1' })]);
    await ops.onEventsCommitted([event('camera.offline', { reason: 'probe_failed' }, { deviceId: 'cam-1' })]); // folds
    let [a] = ((await app.inject({ url: '/api/alerts', headers: await as('m1') })).json() as { alerts: Alert[] }).alerts;
    expect(a).toMatchObject({ kind: 'camera_offline', count: 2, status: 'new' });
    await ops.onEventsCommitted([event('device.online', { kind: 'camera' }, { deviceId: 'cam-1' })]);
    [a] = ((await app.inject({ url: '/api/alerts', headers: await as('m1') })).json() as { alerts: Alert[] }).alerts;
    expect(a).toMatchObject({ status: 'resolved', resolvedBy: null, resolveNote: '设备已恢复在线' });
  });

  it('alert policy per compound (managers only)', async () => {
    const { app, as } = await setup(await d.url());
    const url = '/api/compounds/c1/alert-policy';
    const p = (await app.inject({ url, headers: await as('m1') })).json() as { ackTimeoutS: { critical: number } };
    expect(p.ackTimeoutS.critical).toBe(60);
    expect((await app.inject({ url, headers: await as('g1') })).statusCode).toBe(403);
    const put = await app.inject({ method: 'PUT', url, headers: await as('m1'), payload: { ...p, foldWindowS: 300 } });
    expect(put.statusCode).toBe(200);
    expect(((await app.inject({ url, headers: await as('m1') })).json() as { foldWindowS: number }).foldWindowS).toBe(300);
    expect((await app.inject({ method: 'PUT', url: '/api/compounds/c2/alert-policy', headers: await as('m1'), payload: p })).statusCode).toBe(403);
  });

  it('gateway offline: the cloud\'s own outage, its reconnect storm and a short link drop raise no alert; a gateway not back past the grace does', async () => {
    const { db, clock, ops, as, app } = await setup(await d.url());
    // Acked 10 minutes before this instance started (the cloud was down), link closed as it went down.
    const before = new Date(clock.now() - 600_000).toISOString();
    for (const id of ['gw1', 'gw2']) {
      await db.insertInto('gateways').values({
        id, compound_id: 'c1', name: id, public_key: 'k', mqtt_username: id, mqtt_password_hash: 'x', enrolled_at: before,
        last_ack_at: before, last_acked_seq: 10, link_state: 'offline', link_changed_at: before, config_version: 0,
        applied_config_version: 0, agent_version: null, hw_model: null,
      }).execute();
    }
    const list = async () => ((await app.inject({ url: '/api/alerts', headers: await as('m1') })).json() as { alerts: Alert[] }).alerts;
    await ops.tick({ gateways: true });
    expect(await list()).toEqual([]);
    // gw1 reconnects and acks within the window; gw2 never comes back.
    clock.advance(10_000);
    await db.updateTable('gateways').set({ link_state: 'online', link_changed_at: new Date(clock.now()).toISOString(), last_ack_at: new Date(clock.now()).toISOString() }).where('id', '=', 'gw1').execute();
    await ops.tick({ gateways: true });
    expect(await list()).toEqual([]);
    clock.advance(6_000); // gw2's link has been down 16 s of this instance's watch: still inside the reconnect-storm grace
    await ops.tick({ gateways: true });
    expect(await list()).toEqual([]);
    clock.advance(RECONNECT_STORM_GRACE_MS - 16_000 + 1_000); // past the grace: gw2 never came back
    await db.updateTable('gateways').set({ last_ack_at: new Date(clock.now()).toISOString() }).where('id', '=', 'gw1').execute(); // gw1 keeps acking
    await ops.tick({ gateways: true });
    expect((await list()).map((a) => [a.gatewayId, a.kind])).toEqual([['gw2', 'gateway_offline']]);
    // A link drop shorter than the grace (a 4G flap) raises nothing for gw1.
    await db.updateTable('gateways').set({ link_state: 'offline', link_changed_at: new Date(clock.now()).toISOString() }).where('id', '=', 'gw1').execute();
    clock.advance(10_000);
    await ops.tick({ gateways: true });
    expect((await list()).filter((a) => a.gatewayId === 'gw1')).toEqual([]);
  });

  it('gateway offline: no ack for 45 s raises one alert; an ack resolves it', async () => {
    const { db, clock, app, ops, as } = await setup(await d.url());
    await db.insertInto('gateways').values({
      id: 'gw1', compound_id: 'c1', name: '东门网关', public_key: 'k', mqtt_username: 'gw1', mqtt_password_hash: 'x', enrolled_at: '2026-03-01T00:00:00.000Z',
      last_ack_at: new Date(clock.now()).toISOString(), last_acked_seq: 10, link_state: 'online', link_changed_at: null, config_version: 0,
      applied_config_version: 0, agent_version: null, hw_model: null,
    }).execute();
    await ops.tick({ gateways: true });
    clock.advance(40_000);
    await ops.tick({ gateways: true });
    expect((await app.inject({ url: '/api/alerts', headers: await as('m1') })).json()).toMatchObject({ alerts: [] });
    clock.advance(10_000);
    await ops.tick({ gateways: true });
    await ops.tick({ gateways: true });
    let alerts = ((await app.inject({ url: '/api/alerts', headers: await as('m1') })).json() as { alerts: Alert[] }).alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'gateway_offline', source: 'cloud', status: 'new' });
    // the title is read by guards and robots: China local time, not raw UTC
    expect(alerts[0]!.title).toBe('网关离线 东门网关，最后确认 2026-03-02 08:00');
    await db.updateTable('gateways').set({ last_ack_at: new Date(clock.now()).toISOString() }).execute();
    await ops.tick({ gateways: true });
    alerts = ((await app.inject({ url: '/api/alerts', headers: await as('m1') })).json() as { alerts: Alert[] }).alerts;
    expect(alerts[0]).toMatchObject({ status: 'resolved', resolveNote: '网关已恢复（收到确认）' });
  });
});

describe.each(opsDialects)('incidents, snapshots, work orders over HTTP ($name)', (d) => {
  it('timeline with events, pages, acks and notes; snapshot upload by the gateway, served only in its compound; one-step work order', async () => {
    const { db, app, ops, as } = await setup(await d.url());
    await db.insertInto('gateways').values({
      id: 'gw1', compound_id: 'c1', name: null, public_key: 'k', mqtt_username: 'gw1-user', mqtt_password_hash: hashPassword('gw-secret'),
      enrolled_at: '2026-03-01T00:00:00.000Z', last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null,
      config_version: 0, applied_config_version: 0, agent_version: null, hw_model: null,
    }).execute();
    const forced = event('gate.forced_open', {});
    await db.insertInto('events').values({
      id: forced.id, compound_id: 'c1', gateway_id: 'gw1', device_id: 'gate-main', seq: forced.seq, type: forced.type,
      occurred_at: forced.occurredAt, received_at: forced.occurredAt, data: '{}',
    }).execute();
    const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const put = (auth: string) => app.inject({
      method: 'PUT', url: '/api/gateway/snapshots/snap-1', payload: jpeg,
      headers: { authorization: auth, 'content-type': 'image/jpeg', 'x-device-id': 'gate-main', 'x-taken-at': forced.occurredAt },
    });
    expect((await put(basic('gw1-user', 'wrong'))).statusCode).toBe(401);
    const up = await put(basic('gw1-user', 'gw-secret'));
    expect(up.statusCode).toBe(201);
    expect(up.json()).toEqual({ id: 'gw1.snap-1', bytes: jpeg.length });

    await ops.onEventsCommitted([raised()]);
    const [a] = ((await app.inject({ url: '/api/alerts', headers: await as('g1') })).json() as { alerts: Alert[] }).alerts;
    await app.inject({ method: 'POST', url: `/api/alerts/${a!.id}/ack`, headers: await as('g1') });
    const note = await app.inject({ method: 'POST', url: `/api/incidents/${a!.incidentId}/notes`, headers: await as('g1'), payload: { text: '门锁被撬，已通知维修' } });
    expect(note.statusCode).toBe(201);
    const detail = (await app.inject({ url: `/api/incidents/${a!.incidentId}`, headers: await as('m1') })).json() as IncidentDetail;
    // Two events: the forced gate, and the edge's alert.raised itself (stored as ingest stores it).
    expect(detail.timeline.map((t) => t.kind).sort()).toEqual(['acknowledged', 'alert', 'event', 'event', 'note', 'page', 'snapshot']);
    expect(detail.timeline.find((t) => t.kind === 'snapshot')!.snapshotId).toBe('gw1.snap-1');

    const img = await app.inject({ url: '/api/snapshots/gw1.snap-1', headers: await as('g1') });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.rawPayload.equals(jpeg)).toBe(true);
    expect((await app.inject({ url: '/api/snapshots/gw1.snap-1', headers: await as('x1') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/snapshots/gw1.snap-1', headers: await as('r1') })).statusCode).toBe(403);

    const wo = await app.inject({ method: 'POST', url: `/api/incidents/${a!.incidentId}/work-order`, headers: await as('g1'), payload: { category: 'gate_fault' } });
    expect(wo.statusCode).toBe(201);
    const w = wo.json() as WorkOrder;
    expect(w).toMatchObject({ incidentId: a!.incidentId, stage: 'requested', category: 'gate_fault', title: '东门被强行打开' });
    expect(Date.parse(w.dueAt) - Date.parse(w.createdAt)).toBe(8 * 3_600_000);
    expect((await app.inject({ method: 'POST', url: `/api/incidents/${a!.incidentId}/work-order`, headers: await as('g1'), payload: {} })).statusCode).toBe(409);
    // linking: an existing work order of the same compound, not one already linked elsewhere
    await ops.onEventsCommitted([raised('gate-north:forced')]);
    const other = ((await app.inject({ url: '/api/incidents?status=open', headers: await as('g1') })).json() as { incidents: { id: string; workOrderId: string | null }[] }).incidents.find((i) => !i.workOrderId)!;
    const repair = (await app.inject({ method: 'POST', url: '/api/work-orders', headers: await as('r1'), payload: { compoundId: 'c1', category: 'gate_fault', title: '北门门禁坏了' } })).json() as WorkOrder;
    expect((await app.inject({ method: 'POST', url: `/api/incidents/${other.id}/link-work-order`, headers: await as('g1'), payload: { workOrderId: w.id } })).statusCode).toBe(409);
    const link = await app.inject({ method: 'POST', url: `/api/incidents/${other.id}/link-work-order`, headers: await as('g1'), payload: { workOrderId: repair.id } });
    expect(link.json()).toMatchObject({ id: other.id, workOrderId: repair.id });
    expect(((await app.inject({ url: `/api/work-orders/${repair.id}`, headers: await as('r1') })).json() as { workOrder: WorkOrder }).workOrder.incidentId).toBe(other.id);
    const closed = await app.inject({ method: 'POST', url: `/api/incidents/${a!.incidentId}/close`, headers: await as('m1'), payload: { reason: '已报修' } });
    expect(closed.json()).toMatchObject({ status: 'closed', workOrderId: w.id, closeReason: '已报修' });
  });

  it('five stages with roles, SLA breach, rating, monthly report; residents see only their own', async () => {
    const { clock, app, as } = await setup(await d.url());
    const mk = async (category: string, who = 'r1') => {
      const res = await app.inject({ method: 'POST', url: '/api/work-orders', headers: await as(who), payload: { compoundId: 'c1', category, title: '3号楼屋顶漏水', location: '3号楼' } });
      expect(res.statusCode).toBe(201);
      return res.json() as WorkOrder;
    };
    const move = async (id: string, who: string, body: object) => app.inject({ method: 'POST', url: `/api/work-orders/${id}/transition`, headers: await as(who), payload: body });

    const leak = await mk('roof_leak');
    expect(Date.parse(leak.dueAt) - Date.parse(leak.createdAt)).toBe(72 * 3_600_000);
    expect((await app.inject({ method: 'POST', url: '/api/work-orders', headers: await as('r1'), payload: { compoundId: 'c2', category: 'rubbish', title: 'x' } })).statusCode).toBe(403);
    expect((await move(leak.id, 'g1', { to: 'dispatched', assigneeId: 'g2' })).statusCode).toBe(403); // guards do not dispatch
    expect((await move(leak.id, 'm1', { to: 'dispatched', assigneeId: 'g2' })).statusCode).toBe(403); // nor does the company: the branch / grid does
    expect((await move(leak.id, 'm1', { to: 'accepted' })).statusCode).toBe(409); // skipping 派单
    expect((await move(leak.id, 'gl1', { to: 'dispatched' })).json()).toMatchObject({ error: { code: 'BAD_REQUEST' } }); // no assignee
    expect((await move(leak.id, 'gl1', { to: 'dispatched', assigneeId: 'r1' })).statusCode).toBe(400); // residents are not staff
    expect((await move(leak.id, 'gl1', { to: 'dispatched', assigneeId: 'cm1' })).statusCode).toBe(400); // nor is the owners' committee
    expect((await move(leak.id, 'gl1', { to: 'dispatched', assigneeId: 'i1' })).json()).toMatchObject({ stage: 'dispatched', assigneeId: 'i1' });
    expect((await move(leak.id, 'g1', { to: 'accepted' })).statusCode).toBe(403); // not the assignee
    expect((await move(leak.id, 'i1', { to: 'accepted' })).json()).toMatchObject({ stage: 'accepted' });
    expect((await move(leak.id, 'i1', { to: 'supervised' })).statusCode).toBe(403);
    expect((await move(leak.id, 'm1', { to: 'supervised' })).statusCode).toBe(403);
    expect((await move(leak.id, 'cm1', { to: 'supervised', note: '业委会督办' })).json()).toMatchObject({ stage: 'supervised' });
    expect((await app.inject({ method: 'POST', url: `/api/work-orders/${leak.id}/rating`, headers: await as('r1'), payload: { rating: 5 } })).statusCode).toBe(409);
    clock.advance(24 * 3_600_000);
    expect((await move(leak.id, 'r1', { to: 'verified' })).statusCode).toBe(403); // the community verifies
    expect((await move(leak.id, 'co1', { to: 'verified' })).json()).toMatchObject({ stage: 'verified', slaBreached: false });
    expect((await app.inject({ method: 'POST', url: `/api/work-orders/${leak.id}/rating`, headers: await as('r1'), payload: { rating: 6 } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: `/api/work-orders/${leak.id}/rating`, headers: await as('r1'), payload: { rating: 5, comment: '及时' } })).json()).toMatchObject({ rating: 5 });

    const drain = await mk('blocked_drain'); // due in 24 h
    await move(drain.id, 'gl1', { to: 'dispatched', assigneeId: 'g1' });
    await move(drain.id, 'g1', { to: 'accepted' });
    await move(drain.id, 'cm1', { to: 'supervised' });
    clock.advance(25 * 3_600_000);
    expect(((await app.inject({ url: `/api/work-orders/${drain.id}`, headers: await as('m1') })).json() as { workOrder: WorkOrder }).workOrder.slaBreached).toBe(true);
    expect((await move(drain.id, 'co1', { to: 'verified' })).json()).toMatchObject({ stage: 'verified', slaBreached: true });
    await app.inject({ method: 'POST', url: `/api/work-orders/${drain.id}/rating`, headers: await as('m1'), payload: { rating: 2 } });
    expect((await move(drain.id, 'co1', { to: 'verified' })).statusCode).toBe(409);

    const other = await mk('parking', 'g1');
    expect((await app.inject({ url: `/api/work-orders/${other.id}`, headers: await as('r1') })).statusCode).toBe(403);
    const mine = (await app.inject({ url: '/api/work-orders', headers: await as('r1') })).json() as { workOrders: WorkOrder[] };
    expect(mine.workOrders.map((w) => w.id).sort()).toEqual([leak.id, drain.id].sort());
    const comment = await app.inject({ method: 'POST', url: `/api/work-orders/${leak.id}/comments`, headers: await as('i1'), payload: { text: '已更换防水层' } });
    expect(comment.statusCode).toBe(201);
    const detail = (await app.inject({ url: `/api/work-orders/${leak.id}`, headers: await as('r1') })).json() as { history: { toStage: string }[]; comments: unknown[] };
    expect(detail.history.map((h) => h.toStage)).toEqual(['requested', 'dispatched', 'accepted', 'supervised', 'verified']);
    expect(detail.comments).toHaveLength(1);

    const report = (await app.inject({ url: '/api/work-orders/report?compoundId=c1&month=2026-03', headers: await as('m1') })).json() as WorkOrderReport;
    expect(report.rows).toEqual([{ compoundId: 'c1', month: '2026-03', created: 3, closed: 2, closedOnTime: 1, onTimeRate: 0.5, breached: 1, ratings: 2, avgSatisfaction: 3.5 }]);
    expect((await app.inject({ url: '/api/work-orders/report?month=2026-03', headers: await as('r1') })).statusCode).toBe(403);
  });

  it('work-order photos: upload, attach, served only in the compound', async () => {
    const { app, as } = await setup(await d.url());
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const up = await app.inject({ method: 'POST', url: '/api/work-order-photos?compoundId=c1', headers: { ...(await as('r1')), 'content-type': 'image/png' }, payload: png });
    expect(up.statusCode).toBe(201);
    const { id } = up.json() as { id: string };
    const wo = await app.inject({ method: 'POST', url: '/api/work-orders', headers: await as('r1'), payload: { compoundId: 'c1', category: 'fire_risk', title: '5楼飞线充电', photoIds: [id] } });
    expect(wo.json()).toMatchObject({ photoIds: [id] });
    expect((await app.inject({ method: 'POST', url: '/api/work-orders', headers: await as('r1'), payload: { compoundId: 'c1', category: 'other', title: 'x', photoIds: ['nope'] } })).statusCode).toBe(400);
    expect((await app.inject({ url: `/api/work-order-photos/${id}`, headers: await as('m1') })).rawPayload.equals(png)).toBe(true);
    expect((await app.inject({ url: `/api/work-order-photos/${id}`, headers: await as('x1') })).statusCode).toBe(403);
  });
});

describe.each(opsDialects)('shifts and channels over HTTP ($name)', (d) => {
  it('posts, a 24/48 roster, on duty, swap by the guard, handover notes; channel CRUD masks the key', async () => {
    const { app, as } = await setup(await d.url());
    const post = await app.inject({ method: 'POST', url: '/api/compounds/c1/posts', headers: await as('m1'), payload: { name: '东门岗' } });
    expect(post.statusCode).toBe(201);
    const postId = (post.json() as { id: string }).id;
    expect((await app.inject({ method: 'POST', url: '/api/compounds/c1/posts', headers: await as('g1'), payload: { name: 'x' } })).statusCode).toBe(403);
    const roster = await app.inject({ method: 'POST', url: `/api/posts/${postId}/rosters`, headers: await as('m1'), payload: { pattern: '24on48off', anchorAt: '2026-03-01T08:00:00+08:00', guardIds: ['g1', 'g2', 'g3'] } });
    expect(roster.json()).toMatchObject({ shiftHours: 24, anchorAt: '2026-03-01T00:00:00.000Z' });
    const rosterId = (roster.json() as { id: string }).id;
    const duty = await app.inject({ url: '/api/compounds/c1/on-duty?at=2026-03-02T12:00:00Z', headers: await as('g1') });
    expect(duty.json()).toMatchObject({ guards: [{ userId: 'g2', postName: '东门岗', startsAt: '2026-03-02T00:00:00.000Z' }] });
    const swap = await app.inject({ method: 'POST', url: `/api/posts/${postId}/swaps`, headers: await as('g2'), payload: { rosterId, shiftStartsAt: '2026-03-02T00:00:00.000Z', toGuardId: 'g3', reason: '家里有事' } });
    expect(swap.statusCode).toBe(201);
    const sched = await app.inject({ url: `/api/posts/${postId}/schedule?from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z`, headers: await as('g1') });
    expect((sched.json() as { shifts: { guardId: string }[] }).shifts.map((s) => s.guardId)).toEqual(['g1', 'g3', 'g3']);
    await app.inject({ method: 'POST', url: `/api/posts/${postId}/handover-notes`, headers: await as('g1'), payload: { text: '东门门禁读卡器偶尔失灵' } });
    expect((await app.inject({ url: `/api/posts/${postId}/handover-notes`, headers: await as('g2') })).json()).toMatchObject({ notes: [{ authorName: 'g1师傅', text: '东门门禁读卡器偶尔失灵' }] });
    expect((await app.inject({ url: `/api/posts/${postId}/handover-notes`, headers: await as('x1') })).statusCode).toBe(403);

    const ch = await app.inject({ method: 'POST', url: '/api/compounds/c1/notify-channels', headers: await as('m1'), payload: { kind: 'wecom', name: '值班群', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693axxx6' } });
    expect(ch.json()).toMatchObject({ urlMasked: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****', minSeverity: 'high', enabled: true });
    expect((await app.inject({ method: 'POST', url: '/api/compounds/c1/notify-channels', headers: await as('m1'), payload: { kind: 'sms', name: 'x', url: 'https://a' } })).statusCode).toBe(400);
    const id = (ch.json() as { id: string }).id;
    expect((await app.inject({ method: 'PATCH', url: `/api/notify-channels/${id}`, headers: await as('m1'), payload: { enabled: false } })).json()).toMatchObject({ enabled: false });
    expect((await app.inject({ method: 'DELETE', url: `/api/notify-channels/${id}`, headers: await as('m2') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/notify-channels/${id}`, headers: await as('m1') })).statusCode).toBe(200);
  });
});
