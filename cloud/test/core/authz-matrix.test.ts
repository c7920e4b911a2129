/**
 * The authorization matrix, generated from the registered routes (cloud.routes, collected with onRoute):
 * every /api route must have a case here, or this test fails (so does a case for a route that is gone).
 * Every role is in it: admin, manager, guard, installer, resident, and the governance side (staff
 * teams, grid leader, owners' committee, community office, street viewer: read-only everywhere).
 * For each route: no session -> 401; each role x {own compound, another compound} -> the named status:
 * a role outside the route's declaration -> 403; a role inside it in another compound -> 403 (admins
 * reach every compound); in its own compound -> the case's status (or a per-role override when a
 * handler rule applies: a resident's own gates, the issuer of a pass). Any 5xx is a failure.
 * Every call gets fresh objects and a fresh session, so one call cannot change the next one's answer.
 */
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { hashPassword } from '@yardguard/firmware-config/node';
import { defaultWorkOrderFlow, newId } from '@yardguard/firmware-config';
import { buildTestCloud, type TestCloud } from '../helpers/cloud.js';
import { saveConfigVersion, latestConfig } from '../../src/enrollment/config-store.js';
import { loadSampleSite, DEMO_PASSWORD } from '../../src/seed-demo.js';
import { createSession } from '../../src/auth/sessions.js';
import { raiseAlert } from '../../src/alerts/store.js';
import { createChannel } from '../../src/notify/channels.js';
import { createPost, createRoster } from '../../src/shifts/store.js';
import { createWorkOrder } from '../../src/work-orders/store.js';
import { compoundSourceName, PUBLIC_ROUTES, routeKey, type RegisteredRoute } from '../../src/http/route-auth.js';
import { authenticatedScope, publicScope } from '../../src/http/api-scope.js';
import type { Role } from '../../src/types.js';
import { streetMayNot } from '../../src/governance/street-scope.js';

const FOREIGN = 'ql-road-5';
const FOREIGN_GW = 'gw-ql-road-5';
/** Every role: the property company's, the residents', and the governance side's (staff teams, grid leader, owners' committee, community, street viewer). */
const roles: Role[] = ['admin', 'manager', 'guard', 'installer', 'resident', 'staff', 'grid_leader', 'committee', 'community', 'street'];
const actorOf: Record<Role, string> = {
  admin: 'admin', manager: 'manager', guard: 'guard1', installer: 'installer', resident: 'resident1',
  staff: 'service1', grid_leader: 'grid1', committee: 'committee1', community: 'community1', street: 'street',
};
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 0xff, 0xd9]);
const policy = { ackTimeoutS: { critical: 60, high: 120, medium: 300, low: 900 }, resolveTimeoutS: { critical: 900, high: 1800, medium: 3600, low: 14400 }, foldWindowS: 600, maxEscalations: 8, gatewayOfflineS: 45 };

/** Objects in one compound, made on demand for each call. */
class Fixture {
  constructor(readonly cloud: TestCloud, readonly compound: string, readonly gateway: string, readonly actorId: string) {}
  private get db() { return this.cloud.db; }
  get guardId() { return this.compound === FOREIGN ? 'fx-guard' : this.cloud.demo.users.guard1!; }
  private get residentId() { return this.compound === FOREIGN ? 'fx-resident' : this.cloud.demo.users.resident1!; }
  get gate() { return `${this.gateway}.gate-main`; }
  get device() { return `${this.gateway}.column-1`; }
  async freshGateway(): Promise<string> {
    const id = `gw-${newId().slice(-10).toLowerCase()}`;
    await insertGateway(this.cloud, id, this.compound);
    return id;
  }
  async alert() {
    const r = await raiseAlert(this.db, {
      compoundId: this.compound, gatewayId: this.gateway, deviceId: this.gate, key: `k-${newId()}`, kind: 'door_forced', severity: 'critical',
      title: '门被强行打开', source: 'edge', causeEventId: null, snapshotIds: [], atMs: Date.now(),
    }, Date.now(), 'matrix');
    return r.alert;
  }
  async post() { return (await createPost(this.db, this.compound, `岗${newId().slice(-6)}`, Date.now())).id; }
  async roster(postId?: string) {
    return (await createRoster(this.db, postId ?? await this.post(), { pattern: '24on48off', anchorAt: new Date(Date.now() - 86_400_000).toISOString(), guardIds: [this.guardId] }, Date.now())).id;
  }
  async channel() { return (await createChannel(this.db, this.compound, { kind: 'webhook', name: 'x', url: 'http://127.0.0.1:9/x' }, Date.now())).id; }
  async workOrder() { return (await createWorkOrder(this.db, { compoundId: this.compound, category: 'roof_leak', title: '屋顶漏水' }, this.residentId, Date.now())).id; }
  async media(kind: 'snapshot' | 'photo') {
    const row = await this.cloud.ops.media.save({
      compoundId: this.compound, kind, gatewayId: kind === 'snapshot' ? this.gateway : null, uploadedBy: kind === 'photo' ? this.residentId : null,
      contentType: 'image/jpeg', data: jpeg, takenAtMs: Date.now(),
    }, Date.now());
    return row.id;
  }
  async pass() {
    const id = newId();
    await this.db.insertInto('visitor_passes').values({
      id, code: `P${id.slice(-8).toUpperCase()}`, gate_id: this.gate, compound_id: this.compound, issued_by: this.cloud.demo.users.admin!, visitor_name: null,
      valid_from: new Date().toISOString(), valid_until: new Date(Date.now() + 3600_000).toISOString(), max_uses: 1, created_at: new Date().toISOString(),
    }).execute();
    return id;
  }
  async user() {
    const id = newId();
    await this.db.insertInto('users').values({ id, username: `u${id.slice(-10)}`, display_name: '保安', role: 'guard', password_hash: 'x', lease_ends_on: null, disabled: 0, created_at: new Date().toISOString() }).execute();
    await this.db.insertInto('user_compounds').values({ user_id: id, compound_id: this.compound }).execute();
    return id;
  }
  async config() { return { config: (await latestConfig(this.db, this.gateway))!.config }; }
  async companyId() {
    return (await this.db.selectFrom('compounds').select('company_id').where('id', '=', this.compound).executeTakeFirstOrThrow()).company_id!;
  }
  /** A callback waiting after 验单 of a fresh order in this compound. */
  async callback() {
    const id = newId();
    const now = new Date().toISOString();
    await this.db.insertInto('callbacks').values({
      id, work_order_id: await this.workOrder(), compound_id: this.compound, resident_id: this.residentId, phone: '13900000000', verified_at: now,
      due_at: inAnHour(), status: 'pending', attempts: 0, channel: null, satisfaction: null, result: null, called_by: null, called_at: null,
    }).execute();
    return id;
  }
  /** A fresh resident of this compound, for a care enrolment. */
  async freshResident() {
    const id = newId();
    await this.db.insertInto('users').values({ id, username: `r${id.slice(-10)}`, display_name: '独居老人', role: 'resident', password_hash: 'x', lease_ends_on: null, disabled: 0, created_at: new Date().toISOString() }).execute();
    await this.db.insertInto('user_compounds').values({ user_id: id, compound_id: this.compound }).execute();
    return id;
  }
  async careBody() {
    return { compoundId: this.compound, label: '3号楼2单元401', residentId: await this.freshResident(), contacts: [{ name: '张女儿', phone: '13900000001', relation: '女儿' }], consent: { by: '本人', note: '签字同意书' } };
  }
  async household() {
    const res = await this.cloud.app.inject({ method: 'POST', url: '/api/care/households', headers: { authorization: `Bearer ${(await createSession(this.db, this.cloud.demo.users.admin!, 600)).token}` }, payload: await this.careBody() });
    if (res.statusCode !== 201) throw new Error(`care enrolment fixture: ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  }
  /** A rollout (over-the-air update) of this compound. */
  async rollout() {
    const id = newId();
    const now = new Date().toISOString();
    await this.db.insertInto('rollouts').values({
      id, version: '9.9.9', scope_kind: 'compound', scope_id: this.compound, stage: 'one', percent: 0, state: 'paused', paused_reason: null,
      health_deadline_s: 300, download_base: 'http://127.0.0.1:9', created_by: 'matrix', created_at: now, updated_at: now,
    }).execute();
    return id;
  }
  private postRoster?: Promise<{ postId: string; rosterId: string }>;
  /** One post with a roster, shared by a case's URL and body. */
  postWithRoster() {
    this.postRoster ??= (async () => {
      const postId = await this.post();
      return { postId, rosterId: await this.roster(postId) };
    })();
    return this.postRoster;
  }
}

interface Case {
  url(f: Fixture): Promise<string> | string;
  body?(f: Fixture): unknown;
  /** Status for an allowed role in its own compound. */
  ok: number;
  /** Handler rules for allowed roles in their own compound. */
  own?: Partial<Record<Role, number>>;
  /**
   * A live stream of the caller's compounds (no compound in the URL): only the refusals by role are
   * checked here; streaming is covered by test/ops/live.test.ts (staff) and test/ops/live-resident.test.ts
   * (a resident: only messages addressed to them); the roles allowed are pinned below.
   */
  stream?: true;
  contentType?: string;
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
const cases: Record<string, Case> = {
  'POST /api/auth/logout': { url: () => '/api/auth/logout', ok: 200 },
  'GET /api/auth/me': { url: () => '/api/auth/me', ok: 200 },
  'POST /api/auth/password': { url: () => '/api/auth/password', body: () => ({ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }), ok: 200 },
  'GET /api/compounds': { url: () => '/api/compounds', ok: 200 },
  'POST /api/compounds': { url: () => '/api/compounds', body: () => ({ name: '新小区' }), ok: 201 },
  'GET /api/compounds/:compoundId': { url: (f) => `/api/compounds/${f.compound}`, ok: 200 },
  'PATCH /api/compounds/:compoundId': { url: (f) => `/api/compounds/${f.compound}`, body: () => ({ households: 40 }), ok: 200 },
  'GET /api/users': { url: (f) => `/api/users?compoundId=${f.compound}`, ok: 200 },
  'POST /api/users': {
    url: () => '/api/users', ok: 201,
    body: (f) => ({ username: `u${newId().slice(-10)}`, password: 'a-long-password', displayName: '新保安', role: 'guard', compoundIds: [f.compound] }),
  },
  'PATCH /api/users/:userId': { url: async (f) => `/api/users/${await f.user()}`, body: () => ({ displayName: '老保安' }), ok: 200 },
  'POST /api/compounds/:compoundId/enrollment-codes': { url: (f) => `/api/compounds/${f.compound}/enrollment-codes`, body: () => ({}), ok: 201 },
  'GET /api/compounds/:compoundId/enrollment-codes': { url: (f) => `/api/compounds/${f.compound}/enrollment-codes`, ok: 200 },
  'GET /api/gateways': { url: (f) => `/api/gateways?compoundId=${f.compound}`, ok: 200 },
  'GET /api/gateways/:gatewayId': { url: (f) => `/api/gateways/${f.gateway}`, ok: 200 },
  'GET /api/gateways/:gatewayId/config': { url: (f) => `/api/gateways/${f.gateway}/config`, ok: 200 },
  'PUT /api/gateways/:gatewayId/config': { url: (f) => `/api/gateways/${f.gateway}/config`, body: (f) => f.config(), ok: 200 },
  'GET /api/gateways/:gatewayId/commands': { url: (f) => `/api/gateways/${f.gateway}/commands`, ok: 200 },
  'POST /api/gateways/:gatewayId/revoke': { url: async (f) => `/api/gateways/${await f.freshGateway()}/revoke`, ok: 200 },
  'GET /api/devices': { url: (f) => `/api/devices?compoundId=${f.compound}`, ok: 200 },
  'GET /api/events': { url: (f) => `/api/events?compoundId=${f.compound}`, ok: 200 },
  // The gateway is offline in this test: the command is authorized, then refused as 409 GATEWAY_OFFLINE.
  'POST /api/devices/:deviceId/commands': { url: (f) => `/api/devices/${f.device}/commands`, body: () => ({ action: 'siren.stop' }), ok: 409 },
  // Offline gateway again: an allowed caller (installer included) reaches the link check.
  'POST /api/devices/:deviceId/test': { url: (f) => `/api/devices/${f.gate}/test`, body: () => ({ action: 'pulse' }), ok: 409 },
  'POST /api/gateways/:gatewayId/discover': { url: (f) => `/api/gateways/${f.gateway}/discover`, body: () => ({}), ok: 409 },
  'GET /api/releases': { url: () => '/api/releases', ok: 200 },
  // Admins only; a JSON body is not a tarball: authorized, then refused as 400.
  'POST /api/releases': { url: () => '/api/releases', body: () => ({}), ok: 400 },
  'GET /api/rollouts': { url: () => '/api/rollouts', ok: 200 },
  // No such release: authorized (the compound is the caller's), then 404.
  'POST /api/rollouts': { url: () => '/api/rollouts', body: (f) => ({ version: '9.9.9', compoundId: f.compound }), ok: 404 },
  'POST /api/rollouts/:rolloutId/stage': { url: async (f) => `/api/rollouts/${await f.rollout()}/stage`, body: () => ({ stage: 'all' }), ok: 200 },
  'POST /api/rollouts/:rolloutId/pause': { url: async (f) => `/api/rollouts/${await f.rollout()}/pause`, ok: 200 },
  'POST /api/rollouts/:rolloutId/resume': { url: async (f) => `/api/rollouts/${await f.rollout()}/resume`, ok: 200 },
  'POST /api/gateways/:gatewayId/diagnostics': { url: (f) => `/api/gateways/${f.gateway}/diagnostics`, body: () => ({ check: false }), ok: 409 },
  'GET /api/gateways/:gatewayId/dead-letters': { url: (f) => `/api/gateways/${f.gateway}/dead-letters`, ok: 200 },
  // The matrix's gateways are offline: an allowed caller gets as far as the link check.
  'POST /api/gateways/:gatewayId/dead-letters/resend': { url: (f) => `/api/gateways/${f.gateway}/dead-letters/resend`, ok: 409 },
  'GET /api/compounds/:compoundId/charts/events-per-hour': { url: (f) => `/api/compounds/${f.compound}/charts/events-per-hour`, ok: 200 },
  'GET /api/compounds/:compoundId/charts/alarms-per-day': { url: (f) => `/api/compounds/${f.compound}/charts/alarms-per-day`, ok: 200 },
  'GET /api/compounds/:compoundId/charts/gate-opens': { url: (f) => `/api/compounds/${f.compound}/charts/gate-opens`, ok: 200 },
  'GET /api/compounds/:compoundId/charts/device-uptime': { url: (f) => `/api/compounds/${f.compound}/charts/device-uptime`, ok: 200 },
  'GET /api/gates': { url: (f) => `/api/gates?compoundId=${f.compound}`, ok: 200 },
  'POST /api/gates/:gateId/open': { url: (f) => `/api/gates/${f.gate}/open`, ok: 409 },
  'GET /api/gate-opens': { url: (f) => `/api/gate-opens?compoundId=${f.compound}`, ok: 200 },
  'POST /api/visitor-passes': { url: () => '/api/visitor-passes', body: (f) => ({ gateId: f.gate, validUntil: inAnHour() }), ok: 201 },
  'GET /api/visitor-passes': { url: (f) => `/api/visitor-passes?compoundId=${f.compound}`, ok: 200 },
  // Issued by the admin: only the issuer, managers and admins may revoke it.
  'DELETE /api/visitor-passes/:passId': { url: async (f) => `/api/visitor-passes/${await f.pass()}`, ok: 200,
    own: { guard: 403, installer: 403, resident: 403, staff: 403, grid_leader: 403, committee: 403, community: 403 } },
  'GET /api/alerts': { url: (f) => `/api/alerts?compoundId=${f.compound}`, ok: 200 },
  'GET /api/alerts/:alertId': { url: async (f) => `/api/alerts/${(await f.alert()).id}`, ok: 200 },
  'POST /api/alerts/:alertId/ack': { url: async (f) => `/api/alerts/${(await f.alert()).id}/ack`, ok: 200 },
  'POST /api/alerts/:alertId/resolve': { url: async (f) => `/api/alerts/${(await f.alert()).id}/resolve`, body: () => ({}), ok: 200 },
  'GET /api/compounds/:compoundId/alert-policy': { url: (f) => `/api/compounds/${f.compound}/alert-policy`, ok: 200 },
  'PUT /api/compounds/:compoundId/alert-policy': { url: (f) => `/api/compounds/${f.compound}/alert-policy`, body: () => policy, ok: 200 },
  'GET /api/incidents': { url: (f) => `/api/incidents?compoundId=${f.compound}`, ok: 200 },
  'GET /api/incidents/:incidentId': { url: async (f) => `/api/incidents/${(await f.alert()).incidentId}`, ok: 200 },
  'POST /api/incidents/:incidentId/notes': { url: async (f) => `/api/incidents/${(await f.alert()).incidentId}/notes`, body: () => ({ text: '到场' }), ok: 201 },
  'POST /api/incidents/:incidentId/close': { url: async (f) => `/api/incidents/${(await f.alert()).incidentId}/close`, body: () => ({ reason: '处理完毕' }), ok: 200 },
  'POST /api/incidents/:incidentId/work-order': { url: async (f) => `/api/incidents/${(await f.alert()).incidentId}/work-order`, body: () => ({}), ok: 201 },
  'POST /api/incidents/:incidentId/link-work-order': {
    url: async (f) => `/api/incidents/${(await f.alert()).incidentId}/link-work-order`, ok: 200, body: async (f) => ({ workOrderId: await f.workOrder() }),
  },
  'GET /api/compounds/:compoundId/notify-channels': { url: (f) => `/api/compounds/${f.compound}/notify-channels`, ok: 200 },
  'POST /api/compounds/:compoundId/notify-channels': {
    url: (f) => `/api/compounds/${f.compound}/notify-channels`, body: () => ({ kind: 'webhook', name: 'x', url: 'https://robot.example.com/hook' }), ok: 201,
  },
  'PATCH /api/notify-channels/:channelId': { url: async (f) => `/api/notify-channels/${await f.channel()}`, body: () => ({ enabled: false }), ok: 200 },
  'DELETE /api/notify-channels/:channelId': { url: async (f) => `/api/notify-channels/${await f.channel()}`, ok: 200 },
  'POST /api/notify-channels/:channelId/test': { url: async (f) => `/api/notify-channels/${await f.channel()}/test`, ok: 200 },
  'GET /api/compounds/:compoundId/notifications': { url: (f) => `/api/compounds/${f.compound}/notifications`, ok: 200 },
  'GET /api/compounds/:compoundId/posts': { url: (f) => `/api/compounds/${f.compound}/posts`, ok: 200 },
  'POST /api/compounds/:compoundId/posts': { url: (f) => `/api/compounds/${f.compound}/posts`, body: () => ({ name: '后门岗' }), ok: 201 },
  'GET /api/posts/:postId/rosters': { url: async (f) => `/api/posts/${await f.post()}/rosters`, ok: 200 },
  'POST /api/posts/:postId/rosters': {
    url: async (f) => `/api/posts/${await f.post()}/rosters`, ok: 201,
    body: (f) => ({ pattern: '24on48off', anchorAt: new Date().toISOString(), guardIds: [f.guardId] }),
  },
  'DELETE /api/rosters/:rosterId': { url: async (f) => `/api/rosters/${await f.roster()}`, ok: 200 },
  'GET /api/posts/:postId/schedule': {
    url: async (f) => `/api/posts/${await f.post()}/schedule?from=${new Date().toISOString()}&to=${new Date(Date.now() + 2 * 86_400_000).toISOString()}`, ok: 200,
  },
  // Authorized, then refused by the swap rules: the shift start is not one of the roster's shifts.
  'POST /api/posts/:postId/swaps': {
    url: async (f) => `/api/posts/${(await f.postWithRoster()).postId}/swaps`, ok: 400,
    body: async (f) => ({ rosterId: (await f.postWithRoster()).rosterId, shiftStartsAt: new Date().toISOString(), toGuardId: 'nobody' }),
  },
  'GET /api/compounds/:compoundId/on-duty': { url: (f) => `/api/compounds/${f.compound}/on-duty`, ok: 200 },
  'GET /api/posts/:postId/handover-notes': { url: async (f) => `/api/posts/${await f.post()}/handover-notes`, ok: 200 },
  'POST /api/posts/:postId/handover-notes': { url: async (f) => `/api/posts/${await f.post()}/handover-notes`, body: () => ({ text: '交班' }), ok: 201 },
  'GET /api/work-orders/categories': { url: () => '/api/work-orders/categories', ok: 200 },
  'GET /api/work-orders/report': { url: (f) => `/api/work-orders/report?compoundId=${f.compound}&month=2026-03`, ok: 200 },
  'GET /api/work-orders': { url: (f) => `/api/work-orders?compoundId=${f.compound}`, ok: 200 },
  // The company's flow names who orders (点单): not admins or installers.
  'POST /api/work-orders': { url: () => '/api/work-orders', body: (f) => ({ compoundId: f.compound, category: 'rubbish', title: '垃圾未清运' }), ok: 201,
    // The owners' committee and the community office watch work orders; they do not order them.
    own: { admin: 403, installer: 403, committee: 403, community: 403 } },
  // Requested by the compound's resident (resident1 in the own compound).
  'GET /api/work-orders/:workOrderId': { url: async (f) => `/api/work-orders/${await f.workOrder()}`, ok: 200 },
  'POST /api/work-orders/:workOrderId/transition': {
    url: async (f) => `/api/work-orders/${await f.workOrder()}/transition`, body: (f) => ({ to: 'dispatched', assigneeId: f.guardId }), ok: 200,
    // 派单 is the grid leader's move in the default flow (test/ops/work-order-flow.test.ts covers every role x step).
    own: { admin: 403, manager: 403, guard: 403, installer: 403, resident: 403, staff: 403, committee: 403, community: 403 },
  },
  'POST /api/work-orders/:workOrderId/comments': { url: async (f) => `/api/work-orders/${await f.workOrder()}/comments`, body: () => ({ text: '好' }), ok: 201 },
  // Rating needs a verified order: the requesting resident and managers get 409; staff may not rate.
  'POST /api/work-orders/:workOrderId/rating': { url: async (f) => `/api/work-orders/${await f.workOrder()}/rating`, body: () => ({ rating: 4 }), ok: 409,
    own: { guard: 403, installer: 403, staff: 403, grid_leader: 403, committee: 403, community: 403 } },
  'POST /api/work-order-photos': { url: (f) => `/api/work-order-photos?compoundId=${f.compound}`, body: () => jpeg, contentType: 'image/jpeg', ok: 201 },
  'GET /api/work-order-photos/:photoId': { url: async (f) => `/api/work-order-photos/${await f.media('photo')}`, ok: 200 },
  'GET /api/snapshots': { url: (f) => `/api/snapshots?compoundId=${f.compound}`, ok: 200 },
  'GET /api/snapshots/:snapshotId': { url: async (f) => `/api/snapshots/${await f.media('snapshot')}`, ok: 200 },
  'GET /api/work-orders/:workOrderId/moves': { url: async (f) => `/api/work-orders/${await f.workOrder()}/moves`, ok: 200 },
  // Whom a requested order can go to: only for whoever may make 派单 (the grid leader in the default flow).
  'GET /api/work-orders/:workOrderId/assignees': {
    url: async (f) => `/api/work-orders/${await f.workOrder()}/assignees`, ok: 200,
    own: { admin: 403, manager: 403, guard: 403, installer: 403, resident: 403, staff: 403, committee: 403, community: 403, street: 403 },
  },
  'GET /api/companies': { url: () => '/api/companies', ok: 200 },
  'PUT /api/companies/:companyId/flow': { url: async (f) => `/api/companies/${await f.companyId()}/flow`, body: () => defaultWorkOrderFlow, ok: 200 },
  'DELETE /api/companies/:companyId/flow': { url: async (f) => `/api/companies/${await f.companyId()}/flow`, ok: 200 },
  'GET /api/callbacks': { url: (f) => `/api/callbacks?compoundId=${f.compound}`, ok: 200 },
  'POST /api/callbacks/:callbackId': { url: async (f) => `/api/callbacks/${await f.callback()}`, body: () => ({ outcome: 'answered', satisfaction: 5 }), ok: 200 },
  'GET /api/reports/monthly': { url: (f) => `/api/reports/monthly?scope=compound&id=${f.compound}&month=2026-03`, ok: 200 },
  'GET /api/reports/monthly.csv': { url: (f) => `/api/reports/monthly.csv?scope=compound&id=${f.compound}&month=2026-03`, ok: 200 },
  'GET /api/compounds/:compoundId/notice': { url: (f) => `/api/compounds/${f.compound}/notice`, ok: 200 },
  'PUT /api/compounds/:compoundId/notice': { url: (f) => `/api/compounds/${f.compound}/notice`, body: () => ({ rules: '文明养犬' }), ok: 200 },
  'GET /api/compounds/:compoundId/notice/history': { url: (f) => `/api/compounds/${f.compound}/notice/history`, ok: 200 },
  'POST /api/compounds/:compoundId/notice/rotate': { url: (f) => `/api/compounds/${f.compound}/notice/rotate`, ok: 200 },
  'POST /api/care/households': { url: () => '/api/care/households', body: (f) => f.careBody(), ok: 201 },
  'GET /api/care/households': { url: (f) => `/api/care/households?compoundId=${f.compound}`, ok: 200 },
  'POST /api/care/households/:householdId/withdraw': { url: async (f) => `/api/care/households/${await f.household()}/withdraw`, ok: 200 },
  // resident1 has no care enrolment: the route is reached, then 404 for the check-in.
  'GET /api/care/me': { url: () => '/api/care/me', ok: 200 },
  'POST /api/care/check-in': { url: () => '/api/care/check-in', ok: 404 },
  'GET /api/overview': { url: (f) => `/api/overview?compoundId=${f.compound}`, ok: 200 },
  'GET /api/live': { url: () => '/api/live', ok: 200, stream: true },
  'GET /api/live/sse': { url: () => '/api/live/sse', ok: 200, stream: true },
};

async function insertGateway(cloud: TestCloud, id: string, compoundId: string): Promise<void> {
  const now = new Date().toISOString();
  await cloud.db.insertInto('gateways').values({
    id, compound_id: compoundId, name: null, public_key: '-', mqtt_username: id, mqtt_password_hash: hashPassword('x'), enrolled_at: now,
    last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null, config_version: 0, applied_config_version: 0, agent_version: null, hw_model: null,
  }).execute();
}

async function addForeignCompound(cloud: TestCloud): Promise<void> {
  const now = new Date().toISOString();
  await cloud.db.insertInto('compounds').values({ id: FOREIGN, name: '青龙路5号院', address: null, district: '金水区', households: 60, created_at: now }).execute();
  await insertGateway(cloud, FOREIGN_GW, FOREIGN);
  await cloud.db.insertInto('companies').values({ id: 'fx-company', name: '青龙物业', street_id: null, flow: null, created_at: now }).execute();
  await cloud.db.updateTable('compounds').set({ company_id: 'fx-company' }).where('id', '=', FOREIGN).execute();
  const site = loadSampleSite('small-compound');
  await saveConfigVersion(cloud.db, FOREIGN_GW, { ...site, compound: { ...site.compound, id: FOREIGN }, gateway: { ...site.gateway, id: FOREIGN_GW } }, 'test');
  for (const [id, role] of [['fx-guard', 'guard'], ['fx-resident', 'resident']] as const) {
    await cloud.db.insertInto('users').values({ id, username: id, display_name: id, role, password_hash: 'x', lease_ends_on: null, disabled: 0, created_at: now }).execute();
    await cloud.db.insertInto('user_compounds').values({ user_id: id, compound_id: FOREIGN }).execute();
  }
}

/** What an actor must get: the declaration decides 403s; the case names the status once through. */
export function expectedStatus(route: RegisteredRoute, c: Case, role: Role, where: 'own' | 'foreign'): number {
  const auth = route.auth!;
  // A street viewer reads only: every change is refused before the route's own rules.
  if (role === 'street' && streetMayNot(route.method, route.url)) return 403;
  if (auth.roles !== 'any' && !auth.roles.includes(role)) return 403;
  if (where === 'foreign' && role !== 'admin' && compoundSourceName(auth.compound) !== 'none') return 403;
  return c.own?.[role] ?? c.ok;
}

describe('authorization matrix (every registered route)', () => {
  it('every route has a case, and every role x route x compound gets its named status; no session is 401; no 5xx', async () => {
    const cloud = await buildTestCloud();
    await addForeignCompound(cloud);
    await cloud.app.ready();
    const authed = cloud.routes.filter((r) => r.auth);
    const registered = new Set(authed.map((r) => routeKey(r.method, r.url)));
    expect(authed.length).toBeGreaterThan(70);
    expect(cloud.routes.filter((r) => !r.auth).map((r) => routeKey(r.method, r.url)).sort()).toEqual([...PUBLIC_ROUTES].sort());
    expect([...registered].filter((k) => !cases[k]), 'routes without a matrix case').toEqual([]);
    expect(Object.keys(cases).filter((k) => !registered.has(k)), 'cases for routes that are gone').toEqual([]);

    const own = { compound: cloud.demo.compounds.small, gateway: cloud.demo.gateways.small };
    const foreign = { compound: FOREIGN, gateway: FOREIGN_GW };
    const problems: string[] = [];
    let calls = 0;
    const call = async (route: RegisteredRoute, c: Case, f: Fixture, token: string | null, junkBody = false) => {
      calls++;
      const body = c.body ? (junkBody ? { nonsense: true } : await c.body(f)) : undefined;
      const res = await cloud.app.inject({
        method: route.method as 'GET', url: await c.url(f),
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(c.contentType ? { 'content-type': c.contentType } : {}) },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      return res;
    };
    for (const route of authed) {
      const key = routeKey(route.method, route.url);
      const c = cases[key]!;
      // Before any body validation: a junk body still gets 401.
      const anon = await call(route, c, new Fixture(cloud, own.compound, own.gateway, 'nobody'), null, true);
      if (anon.statusCode !== 401 || !/sign in/i.test(anon.body)) problems.push(`${key} without a session: ${anon.statusCode}, expected 401 that says to sign in`);
      for (const role of roles) {
        const userId = cloud.demo.users[actorOf[role]]!;
        for (const [where, place] of [['own', own], ['foreign', foreign]] as const) {
          const expected = expectedStatus(route, c, role, where);
          if (c.stream && (where === 'foreign' || expected !== 403)) continue;
          const { token } = await createSession(cloud.db, userId, 600);
          const res = await call(route, c, new Fixture(cloud, place.compound, place.gateway, userId), token);
          const got = res.statusCode;
          if (got >= 500 || got !== expected) problems.push(`${key} as ${role} in ${where} compound: ${got}, expected ${expected} ${res.body.slice(0, 140)}`);
          else if (got === 403 && !(res.json() as { error?: { message?: string } }).error?.message) problems.push(`${key} as ${role} (${where}): 403 without a message`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(1400);
  }, 420_000);

  it('the live streams: staff of their compounds and residents (their own work orders only); every other role is refused', async () => {
    const cloud = await buildTestCloud();
    await cloud.app.ready();
    for (const key of ['GET /api/live', 'GET /api/live/sse']) {
      const route = cloud.routes.find((r) => routeKey(r.method, r.url) === key)!;
      expect(route.auth, key).toMatchObject({ roles: ['admin', 'manager', 'guard', 'installer', 'resident'], compound: 'scope', streamToken: true });
    }
    // Refused before the upgrade, as the matrix above checks for every role outside the list.
    const { token } = await createSession(cloud.db, cloud.demo.users[actorOf.committee]!, 600);
    expect((await cloud.app.inject({ url: '/api/live/sse', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);
  });

  it('a route without a declaration, or a public route not on the list, cannot be registered', async () => {
    const cloud = await buildTestCloud();
    const boot = async (plugin: Parameters<ReturnType<typeof Fastify>['register']>[0]) => {
      const app = Fastify();
      try {
        await app.register(plugin);
        await app.ready();
      } finally {
        await app.close();
      }
    };
    await expect(boot(async (api) => {
      authenticatedScope(api, cloud.db);
      api.get('/api/forgotten', async () => ({ open: true }));
    })).rejects.toThrow(/GET \/api\/forgotten: declare config.auth/);
    await expect(boot(async (p) => {
      publicScope(p);
      p.post('/api/backdoor', async () => ({ open: true }));
    })).rejects.toThrow(/POST \/api\/backdoor is not on the public route list/);
  });
});
