/**
 * The red-property flow through the real API and database: the permission table for every role x
 * step (点单 派单 接单 督单 验单, default flow), "nobody supervises or verifies their own work"
 * under a company flow that lets the company judge, the timeline (who, when, note, photo, the
 * step's due time), an overdue step escalating like an alert, and the street viewer's read-only scope.
 */
import { describe, expect, it } from 'vitest';
import { flowMoves, type ApiRole, type FlowMove, type WorkOrder, type WorkOrderDetail, type WorkOrderFlow } from '@yardguard/firmware-config';
import { manualClock } from '../../src/alerts/clock.js';
import { placeCompound, upsertCompany, upsertStreet } from '../../src/governance/store.js';
import { openTestDb, seed } from './db.js';
import { buildOpsApp } from './app.js';

/** One user per role in compound c1 (db.ts seed). */
const userOf: Record<ApiRole, string> = {
  admin: 'a1', manager: 'm1', guard: 'g1', staff: 's1', installer: 'i1', resident: 'r1', grid_leader: 'gl1', committee: 'cm1', community: 'co1', street: 'st1',
};
const roles = Object.keys(userOf) as ApiRole[];

/**
 * Expected with the default flow, the order dispatched to staff s1. Accept: the manager, or the
 * assignee (s1); a guard who is not the assignee is refused.
 */
const expected: Record<FlowMove, ApiRole[]> = {
  request: ['manager', 'guard', 'staff', 'resident', 'grid_leader'],
  dispatch: ['grid_leader'],
  accept: ['manager', 'staff'],
  supervise: ['committee'],
  verify: ['community'],
};

async function setup() {
  const db = await openTestDb();
  await seed(db);
  const clock = manualClock('2026-03-02T01:00:00.000Z');
  const ops = await buildOpsApp(db, { clock });
  const post = async (who: string, url: string, payload: object) => ops.app.inject({ method: 'POST', url, headers: await ops.as(who), payload });
  const create = async (who = 'r1') => post(who, '/api/work-orders', { compoundId: 'c1', category: 'blocked_drain', title: '2号楼下水道堵塞', location: '2号楼1单元' });
  const move = async (id: string, who: string, to: string, extra: object = {}) => post(who, `/api/work-orders/${id}/transition`, { to, ...extra });
  const bodyFor = (m: FlowMove) => (m === 'dispatch' ? { assigneeId: 's1' } : {});
  const stageOf: Record<FlowMove, string> = { request: 'requested', dispatch: 'dispatched', accept: 'accepted', supervise: 'supervised', verify: 'verified' };
  /** An order standing just before `m`, moved there by the default actors. */
  const orderBefore = async (m: FlowMove): Promise<string> => {
    const w = (await create()).json() as WorkOrder;
    const path: [FlowMove, string][] = [['dispatch', 'gl1'], ['accept', 's1'], ['supervise', 'cm1'], ['verify', 'co1']];
    for (const [step, who] of path) {
      if (step === m) break;
      const res = await move(w.id, who, stageOf[step], bodyFor(step));
      expect(res.statusCode, `${step} by ${who}: ${res.body}`).toBe(200);
    }
    return w.id;
  };
  return { db, clock, ops, post, create, move, bodyFor, stageOf, orderBefore };
}

describe('work-order flow: who may make each move', () => {
  it('permission table, every role x every step (default flow)', async () => {
    const { create, move, bodyFor, stageOf, orderBefore } = await setup();
    const table: Record<string, Record<string, number>> = {};
    for (const m of flowMoves) {
      table[m] = {};
      for (const role of roles) {
        if (m === 'request') {
          table[m][role] = (await create(userOf[role])).statusCode;
          continue;
        }
        const id = await orderBefore(m);
        table[m][role] = (await move(id, userOf[role], stageOf[m], bodyFor(m))).statusCode;
      }
    }
    const want = Object.fromEntries(flowMoves.map((m) => [m, Object.fromEntries(roles.map((r) => [r, expected[m].includes(r) ? (m === 'request' ? 201 : 200) : 403]))]));
    expect(table).toEqual(want);
  });

  it('nobody supervises or verifies their own work, even when the company lets its own people judge', async () => {
    const { db, ops, create, move } = await setup();
    await upsertStreet(db, 'st-gc', '测试街道', '2026-03-01T00:00:00.000Z');
    await upsertCompany(db, { id: 'co-gc', name: '测试公办物业', streetId: 'st-gc' }, '2026-03-01T00:00:00.000Z');
    await placeCompound(db, 'c1', 'co-gc', '测试社区');
    const lax: WorkOrderFlow = {
      moves: { request: ['resident'], dispatch: ['grid_leader', 'manager'], accept: ['manager', 'staff', 'guard'], supervise: ['committee', 'staff', 'manager'], verify: ['community', 'manager', 'staff'] },
      stepDueHours: { dispatch: 2, accept: 4, supervise: null, verify: 48 },
    };
    // Only a manager of every compound of the company may change its flow.
    expect((await ops.app.inject({ method: 'PUT', url: '/api/companies/co-gc/flow', headers: await ops.as('gl1'), payload: lax })).statusCode).toBe(403);
    expect((await ops.app.inject({ method: 'PUT', url: '/api/companies/co-gc/flow', headers: await ops.as('m1'), payload: lax })).statusCode).toBe(200);
    const companies = (await ops.app.inject({ url: '/api/companies', headers: await ops.as('m1') })).json() as { companies: { id: string; flowIsDefault: boolean; compoundIds: string[] }[] };
    expect(companies.companies).toEqual([expect.objectContaining({ id: 'co-gc', flowIsDefault: false, compoundIds: ['c1'] })]);

    // s1 is dispatched the work and accepts it: s1 may not supervise or verify it.
    const a = (await create()).json() as WorkOrder;
    expect((await move(a.id, 'm1', 'dispatched', { assigneeId: 's1' })).statusCode).toBe(200);
    expect((await move(a.id, 's1', 'accepted')).statusCode).toBe(200);
    const own = await move(a.id, 's1', 'supervised');
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('own work') } });
    expect((await move(a.id, 'cm1', 'supervised')).statusCode).toBe(200);
    expect((await move(a.id, 's1', 'verified')).statusCode).toBe(403);

    // The manager accepts on behalf of guard g1: neither may verify; nor may the supervisor.
    const b = (await create()).json() as WorkOrder;
    await move(b.id, 'gl1', 'dispatched', { assigneeId: 'g1' });
    expect((await move(b.id, 'm1', 'accepted')).statusCode).toBe(200);
    expect((await move(b.id, 'm1', 'supervised')).statusCode).toBe(403); // accepted it: own work
    expect((await move(b.id, 's1', 'supervised')).statusCode).toBe(200); // another staff member may, under this flow
    expect((await move(b.id, 'm1', 'verified')).statusCode).toBe(403);
    const bySupervisor = await move(b.id, 's1', 'verified');
    expect(bySupervisor.statusCode).toBe(403);
    expect(bySupervisor.body).toContain('督单');
    expect((await move(b.id, 'co1', 'verified')).statusCode).toBe(200);

    // What the console asks before showing a button.
    const c = (await create()).json() as WorkOrder;
    const movesFor = async (who: string) => (await ops.app.inject({ url: `/api/work-orders/${c.id}/moves`, headers: await ops.as(who) })).json() as { next: string; allowed: boolean };
    expect(await movesFor('gl1')).toMatchObject({ next: 'dispatch', allowed: true });
    expect(await movesFor('cm1')).toMatchObject({ next: 'dispatch', allowed: false });
  });

  it('every move is on the timeline with who, when, note, photo and its step due time', async () => {
    const { clock, ops, create, move } = await setup();
    const w = (await create()).json() as WorkOrder;
    expect(w.stepDueAt).toBe('2026-03-02T03:00:00.000Z'); // 派单 within 2 h
    const photo = (await ops.app.inject({
      method: 'POST', url: '/api/work-order-photos?compoundId=c1', headers: { ...(await ops.as('s1')), 'content-type': 'image/jpeg' }, payload: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    })).json() as { id: string };
    clock.advance(30 * 60_000);
    // The grid leader's choices: the company's people in the order's compound, no residents or governance.
    const choices = (await ops.app.inject({ url: `/api/work-orders/${w.id}/assignees`, headers: await ops.as('gl1') })).json() as { assignees: { id: string; role: string }[] };
    expect(choices.assignees.map((a) => a.id)).toContain('s1');
    expect(choices.assignees.every((a) => ['manager', 'guard', 'staff', 'installer'].includes(a.role))).toBe(true);
    await move(w.id, 'gl1', 'dispatched', { assigneeId: 's1', note: '请维修班处理' });
    // Dispatched: nobody is shown the list any more (409: the next step is 接单).
    expect((await ops.app.inject({ url: `/api/work-orders/${w.id}/assignees`, headers: await ops.as('gl1') })).statusCode).toBe(409);
    clock.advance(5 * 3_600_000); // accept was due 4 h after dispatch: late
    await move(w.id, 's1', 'accepted', { note: '已疏通', photoIds: [photo.id] });
    clock.advance(3_600_000);
    await move(w.id, 'cm1', 'supervised', { note: '业委会现场查看' });
    clock.advance(3_600_000);
    // 验单: the community verifier attaches the completion photo (uploaded first, like any photo).
    const completion = await ops.app.inject({
      method: 'POST', url: '/api/work-order-photos?compoundId=c1', headers: { ...(await ops.as('co1')), 'content-type': 'image/png' }, payload: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    });
    expect(completion.statusCode).toBe(201);
    const completionId = (completion.json() as { id: string }).id;
    const done = (await move(w.id, 'co1', 'verified', { note: '社区验收合格', photoIds: [completionId] })).json() as WorkOrder;
    expect(done.stepDueAt).toBeNull();
    const detail = (await ops.app.inject({ url: `/api/work-orders/${w.id}`, headers: await ops.as('r1') })).json() as WorkOrderDetail;
    expect(detail.history.map((h) => [h.toStage, h.byUserId, h.byRole, h.note, h.at, h.dueAt, h.onTime])).toEqual([
      ['requested', 'r1', 'resident', null, '2026-03-02T01:00:00.000Z', null, null],
      ['dispatched', 'gl1', 'grid_leader', '请维修班处理', '2026-03-02T01:30:00.000Z', '2026-03-02T03:00:00.000Z', true],
      ['accepted', 's1', 'staff', '已疏通', '2026-03-02T06:30:00.000Z', '2026-03-02T05:30:00.000Z', false],
      // 督单 is due after the category's 24 h of work; 验单 48 h after that.
      ['supervised', 'cm1', 'committee', '业委会现场查看', '2026-03-02T07:30:00.000Z', '2026-03-03T06:30:00.000Z', true],
      ['verified', 'co1', 'community', '社区验收合格', '2026-03-02T08:30:00.000Z', '2026-03-04T07:30:00.000Z', true],
    ]);
    expect(detail.history[2]!.photoIds).toEqual([photo.id]);
    expect(detail.history[4]!.photoIds).toEqual([completionId]);
    // The resident who asked and the verifier both see the completion photo.
    for (const who of ['r1', 'co1']) expect((await ops.app.inject({ url: `/api/work-order-photos/${completionId}`, headers: await ops.as(who) })).statusCode).toBe(200);
    expect(detail.history[1]!.byName).toBe('gl1师傅');
  });

  it('an overdue step raises one work_order_overdue alert to the grid leader, escalates, and the move resolves it', async () => {
    const { db, clock, ops, create, move } = await setup();
    const w = (await create()).json() as WorkOrder;
    clock.advance(2 * 3_600_000 - 1000);
    await ops.ops.tick();
    expect(await db.selectFrom('alerts').select('id').where('kind', '=', 'work_order_overdue').execute()).toHaveLength(0);
    clock.advance(2000);
    await ops.ops.tick();
    await ops.ops.tick();
    const alerts = await db.selectFrom('alerts').selectAll().where('kind', '=', 'work_order_overdue').execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'new', assignee_id: 'gl1', key: `wo:${w.id}:requested`, source: 'cloud' });
    expect(alerts[0]!.title).toContain('派单');
    // Not acknowledged within the medium ack timeout (300 s): escalates to the manager.
    clock.advance(301_000);
    await ops.ops.tick();
    const escalated = await db.selectFrom('alerts').select(['escalation_level', 'assignee_id']).where('id', '=', alerts[0]!.id).executeTakeFirstOrThrow();
    expect(escalated).toEqual({ escalation_level: 1, assignee_id: 'm1' });
    expect(await db.selectFrom('alert_pages').select(['target_user_id', 'reason']).where('alert_id', '=', alerts[0]!.id).orderBy('level').execute())
      .toEqual([{ target_user_id: 'gl1', reason: 'new' }, { target_user_id: 'm1', reason: 'escalate' }]);
    await move(w.id, 'gl1', 'dispatched', { assigneeId: 's1' });
    expect(await db.selectFrom('alerts').select('status').where('id', '=', alerts[0]!.id).executeTakeFirstOrThrow()).toEqual({ status: 'resolved' });
    // The next step has its own due time and its own alert when late.
    clock.advance(4 * 3_600_000 + 1000);
    await ops.ops.tick();
    expect((await db.selectFrom('alerts').select('key').where('kind', '=', 'work_order_overdue').where('status', '=', 'new').execute()).map((a) => a.key))
      .toEqual([`wo:${w.id}:dispatched`]);
  });

  it('a street viewer sees every compound of the street and changes nothing', async () => {
    const { db, ops, create } = await setup();
    const t = '2026-03-01T00:00:00.000Z';
    await upsertStreet(db, 'st-gc', '测试街道', t);
    await upsertCompany(db, { id: 'co-gc', name: '测试公办物业', streetId: 'st-gc' }, t);
    await placeCompound(db, 'c1', 'co-gc', '社区甲');
    await placeCompound(db, 'c2', 'co-gc', '社区乙');
    const inC2 = (await ops.app.inject({ method: 'POST', url: '/api/work-orders', headers: await ops.as('r2'), payload: { compoundId: 'c2', category: 'rubbish', title: '垃圾未清运' } })).json() as WorkOrder;
    await create();
    const seen = (await ops.app.inject({ url: '/api/work-orders?compoundId=c2', headers: await ops.as('st1') })).json() as { workOrders: WorkOrder[] };
    expect(seen.workOrders.map((x) => x.id)).toEqual([inC2.id]);
    const comment = await ops.app.inject({ method: 'POST', url: `/api/work-orders/${inC2.id}/comments`, headers: await ops.as('st1'), payload: { text: '请尽快' } });
    expect(comment.statusCode).toBe(403);
    expect(comment.body).toContain('Street office');
    // The community officer of c1 does not see c2.
    expect((await ops.app.inject({ url: '/api/work-orders?compoundId=c2', headers: await ops.as('co1') })).statusCode).toBe(403);
  });

  it('assignee=me lists only the caller\'s own orders (我的工单)', async () => {
    const { ops, create, move } = await setup();
    const a = (await create()).json() as WorkOrder;
    const b = (await create()).json() as WorkOrder;
    expect((await move(a.id, 'gl1', 'dispatched', { assigneeId: 's1' })).statusCode).toBe(200);
    expect((await move(b.id, 'gl1', 'dispatched', { assigneeId: 'g1' })).statusCode).toBe(200);
    const mine = async (who: string) =>
      ((await ops.app.inject({ url: '/api/work-orders?assignee=me', headers: await ops.as(who) })).json() as { workOrders: WorkOrder[] }).workOrders.map((w) => w.id);
    expect(await mine('s1')).toEqual([a.id]);
    expect(await mine('g1')).toEqual([b.id]);
    expect(await mine('m1')).toEqual([]);
    // Anything but "me" is refused: nobody lists another person's orders through this filter.
    expect((await ops.app.inject({ url: '/api/work-orders?assignee=s1', headers: await ops.as('m1') })).statusCode).toBe(400);
  });
});
