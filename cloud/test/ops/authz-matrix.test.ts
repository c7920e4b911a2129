/**
 * Authorization matrix for the operations endpoints: every role in its own compound (allowed, or
 * a 403 by role) and against the other compound (403 for everyone but the admin). No token: 401.
 * Any status other than 401/403 counts as "let through" (409 after another role already acted).
 */
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { manualClock } from '../../src/alerts/clock.js';
import { raiseAlert } from '../../src/alerts/store.js';
import { createChannel } from '../../src/notify/channels.js';
import { createPost, createRoster } from '../../src/shifts/store.js';
import { createWorkOrder } from '../../src/work-orders/store.js';
import type { Database } from '../../src/db/database.js';
import type { Role } from '../../src/types.js';
import { openTestDb, seed } from './db.js';
import { buildOpsApp, type OpsApp } from './app.js';

interface Ctx { compound: string; alert: string; incident: string; post: string; roster: string; channel: string; workOrder: string; snapshot: string; photo: string }
interface Endpoint { name: string; method: 'GET' | 'POST' | 'PUT' | 'PATCH'; url(c: Ctx): string; body?(c: Ctx): unknown; roles: Role[] }

const all: Role[] = ['admin', 'manager', 'guard', 'staff', 'installer', 'resident', 'grid_leader', 'committee', 'community', 'street'];
/** Street viewers read everything in their street and change nothing. */
const allButStreet = all.filter((r) => r !== 'street');
const readers: Role[] = ['admin', 'manager', 'guard', 'installer'];
const handlers: Role[] = ['admin', 'manager', 'guard'];
const managers: Role[] = ['admin', 'manager'];
const policy = { ackTimeoutS: { critical: 60, high: 120, medium: 300, low: 900 }, resolveTimeoutS: { critical: 900, high: 1800, medium: 3600, low: 14400 }, foldWindowS: 600, maxEscalations: 8, gatewayOfflineS: 45 };

const endpoints: Endpoint[] = [
  { name: 'list alerts', method: 'GET', url: (c) => `/api/alerts?compoundId=${c.compound}`, roles: readers },
  { name: 'get alert', method: 'GET', url: (c) => `/api/alerts/${c.alert}`, roles: readers },
  { name: 'ack alert', method: 'POST', url: (c) => `/api/alerts/${c.alert}/ack`, roles: handlers },
  { name: 'resolve alert', method: 'POST', url: (c) => `/api/alerts/${c.alert}/resolve`, body: () => ({}), roles: handlers },
  { name: 'get policy', method: 'GET', url: (c) => `/api/compounds/${c.compound}/alert-policy`, roles: managers },
  { name: 'put policy', method: 'PUT', url: (c) => `/api/compounds/${c.compound}/alert-policy`, body: () => policy, roles: managers },
  { name: 'list channels', method: 'GET', url: (c) => `/api/compounds/${c.compound}/notify-channels`, roles: managers },
  { name: 'add channel', method: 'POST', url: (c) => `/api/compounds/${c.compound}/notify-channels`, body: () => ({ kind: 'webhook', name: 'x', url: 'http://127.0.0.1:9/x' }), roles: managers },
  { name: 'patch channel', method: 'PATCH', url: (c) => `/api/notify-channels/${c.channel}`, body: () => ({ enabled: false }), roles: managers },
  { name: 'test channel', method: 'POST', url: (c) => `/api/notify-channels/${c.channel}/test`, roles: managers },
  { name: 'delivery log', method: 'GET', url: (c) => `/api/compounds/${c.compound}/notifications`, roles: managers },
  { name: 'list posts', method: 'GET', url: (c) => `/api/compounds/${c.compound}/posts`, roles: handlers },
  { name: 'add post', method: 'POST', url: (c) => `/api/compounds/${c.compound}/posts`, body: () => ({ name: '后门岗' }), roles: managers },
  { name: 'list rosters', method: 'GET', url: (c) => `/api/posts/${c.post}/rosters`, roles: handlers },
  { name: 'schedule', method: 'GET', url: (c) => `/api/posts/${c.post}/schedule?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z`, roles: handlers },
  { name: 'swap', method: 'POST', url: (c) => `/api/posts/${c.post}/swaps`, body: (c) => ({ rosterId: c.roster, shiftStartsAt: '2026-03-02T00:00:00.000Z', toGuardId: 'nobody' }), roles: handlers },
  { name: 'on duty', method: 'GET', url: (c) => `/api/compounds/${c.compound}/on-duty`, roles: handlers },
  { name: 'handover notes', method: 'GET', url: (c) => `/api/posts/${c.post}/handover-notes`, roles: handlers },
  { name: 'add handover note', method: 'POST', url: (c) => `/api/posts/${c.post}/handover-notes`, body: () => ({ text: '交班' }), roles: handlers },
  { name: 'list incidents', method: 'GET', url: (c) => `/api/incidents?compoundId=${c.compound}`, roles: readers },
  { name: 'get incident', method: 'GET', url: (c) => `/api/incidents/${c.incident}`, roles: readers },
  { name: 'incident note', method: 'POST', url: (c) => `/api/incidents/${c.incident}/notes`, body: () => ({ text: '到场' }), roles: handlers },
  { name: 'incident work order', method: 'POST', url: (c) => `/api/incidents/${c.incident}/work-order`, body: () => ({}), roles: handlers },
  { name: 'link work order', method: 'POST', url: (c) => `/api/incidents/${c.incident}/link-work-order`, body: (c) => ({ workOrderId: c.workOrder }), roles: handlers },
  { name: 'close incident', method: 'POST', url: (c) => `/api/incidents/${c.incident}/close`, body: () => ({ reason: '处理完毕' }), roles: handlers },
  { name: 'list snapshots', method: 'GET', url: (c) => `/api/snapshots?compoundId=${c.compound}`, roles: readers },
  { name: 'get snapshot', method: 'GET', url: (c) => `/api/snapshots/${c.snapshot}`, roles: readers },
  { name: 'list work orders', method: 'GET', url: (c) => `/api/work-orders?compoundId=${c.compound}`, roles: all },
  // 点单 and every move follow the company's flow (default: firmware-config defaultWorkOrderFlow); the full role x step table is work-order-flow.test.ts.
  { name: 'create work order', method: 'POST', url: () => '/api/work-orders', body: (c) => ({ compoundId: c.compound, category: 'rubbish', title: '垃圾未清运' }), roles: ['manager', 'guard', 'staff', 'resident', 'grid_leader'] },
  { name: 'get work order', method: 'GET', url: (c) => `/api/work-orders/${c.workOrder}`, roles: all },
  { name: 'dispatch work order', method: 'POST', url: (c) => `/api/work-orders/${c.workOrder}/transition`, body: () => ({ to: 'dispatched', assigneeId: 'nobody' }), roles: ['grid_leader'] },
  { name: 'comment work order', method: 'POST', url: (c) => `/api/work-orders/${c.workOrder}/comments`, body: () => ({ text: '好' }), roles: allButStreet },
  { name: 'rate work order', method: 'POST', url: (c) => `/api/work-orders/${c.workOrder}/rating`, body: () => ({ rating: 4 }), roles: ['admin', 'manager', 'resident'] },
  { name: 'report', method: 'GET', url: (c) => `/api/work-orders/report?compoundId=${c.compound}&month=2026-03`, roles: managers },
  { name: 'get photo', method: 'GET', url: (c) => `/api/work-order-photos/${c.photo}`, roles: all },
];

const userOf: Record<Role, { own: string; foreignCompound: string }> = {
  admin: { own: 'a1', foreignCompound: 'c2' }, manager: { own: 'm1', foreignCompound: 'c2' }, guard: { own: 'g1', foreignCompound: 'c2' },
  installer: { own: 'i1', foreignCompound: 'c2' }, resident: { own: 'r1', foreignCompound: 'c2' }, staff: { own: 's1', foreignCompound: 'c2' },
  grid_leader: { own: 'gl1', foreignCompound: 'c2' }, committee: { own: 'cm1', foreignCompound: 'c2' }, community: { own: 'co1', foreignCompound: 'c2' },
  street: { own: 'st1', foreignCompound: 'c2' },
};

async function objects(db: Kysely<Database>, ops: OpsApp, compound: 'c1' | 'c2', guard: string, resident: string): Promise<Ctx> {
  const clock = manualClock();
  const a = await raiseAlert(db, {
    compoundId: compound, gatewayId: `gw-${compound}`, deviceId: `gw-${compound}.gate`, key: `k-${compound}`, kind: 'door_forced', severity: 'critical',
    title: '门被强行打开', source: 'edge', causeEventId: null, snapshotIds: [], atMs: clock.now(),
  }, clock.now(), 'seed');
  const post = await createPost(db, compound, '大门岗', clock.now());
  const roster = await createRoster(db, post.id, { pattern: '24on48off', anchorAt: '2026-03-01T00:00:00.000Z', guardIds: [guard] }, clock.now());
  const channel = await createChannel(db, compound, { kind: 'webhook', name: 'x', url: 'http://127.0.0.1:9/x' }, clock.now());
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
  const photoRes = await ops.app.inject({ method: 'POST', url: `/api/work-order-photos?compoundId=${compound}`, headers: { ...(await ops.as(resident)), 'content-type': 'image/jpeg' }, payload: jpeg });
  const photo = (photoRes.json() as { id: string }).id;
  const wo = await createWorkOrder(db, { compoundId: compound, category: 'roof_leak', title: '屋顶漏水', photoIds: [photo] }, resident, clock.now());
  await db.insertInto('media').values({
    id: `gw-${compound}.snap`, compound_id: compound, kind: 'snapshot', gateway_id: `gw-${compound}`, device_id: null, uploaded_by: null,
    content_type: 'image/jpeg', bytes: 4, file: (await db.selectFrom('media').select('file').where('id', '=', photo).executeTakeFirstOrThrow()).file,
    taken_at: new Date(clock.now()).toISOString(), created_at: new Date(clock.now()).toISOString(),
  }).execute();
  return { compound, alert: a.alert.id, incident: a.alert.incidentId!, post: post.id, roster: roster.id, channel: channel.id, workOrder: wo.id, snapshot: `gw-${compound}.snap`, photo };
}

describe('operations authorization matrix', () => {
  it('every role x every endpoint, own compound and the other one; no token is 401', async () => {
    const db = await openTestDb();
    await seed(db);
    const ops = await buildOpsApp(db);
    const own = await objects(db, ops, 'c1', 'g1', 'r1');
    const foreign = await objects(db, ops, 'c2', 'x1', 'r2');
    const failures: string[] = [];
    for (const e of endpoints) {
      const call = async (c: Ctx, headers: Record<string, string>) => (await ops.app.inject({ method: e.method, url: e.url(c), headers, payload: e.body?.(c) as object | undefined })).statusCode;
      const anon = await call(own, {});
      if (anon !== 401) failures.push(`${e.name}: no token -> ${anon}`);
      for (const role of all) {
        const headers = await ops.as(userOf[role].own);
        const mine = await call(own, headers);
        const allowed = e.roles.includes(role);
        if (allowed && (mine === 401 || mine === 403)) failures.push(`${e.name}: ${role} in own compound -> ${mine}, expected through`);
        if (!allowed && mine !== 403) failures.push(`${e.name}: ${role} in own compound -> ${mine}, expected 403`);
        const theirs = await call(foreign, headers);
        // The admin reaches every compound (but makes only the work-order moves the flow gives it: none by default).
        if (role === 'admin' ? allowed && (theirs === 403 || theirs === 401) : theirs !== 403) failures.push(`${e.name}: ${role} in the other compound -> ${theirs}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
