// Authorization matrix: every role against every core endpoint, in its own compound (allowed or
// a clear 403 by role) and in a compound it must not reach (403 for everyone but admins).
// No token: 401 everywhere. Statuses other than 401/403 mean "let through" (e.g. 409 offline gateway).
import { describe, expect, it } from 'vitest';
import { hashPassword } from '@yardguard/firmware-config/node';
import { buildTestCloud, bearer, type TestCloud } from '../helpers/cloud.js';
import { saveConfigVersion } from '../../src/enrollment/config-store.js';
import { loadSampleSite } from '../../src/seed-demo.js';
import type { Role } from '../../src/types.js';

const FOREIGN = 'ql-road-5';
const FOREIGN_GW = 'gw-ql-road-5';

interface Ctx { compoundId: string; gatewayId: string; gateId: string }
interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url(c: Ctx): string;
  body?(c: Ctx, cloud: TestCloud): unknown;
  /** Roles allowed in their own compound. */
  roles: Role[];
}

const all: Role[] = ['admin', 'manager', 'guard', 'installer', 'resident'];
const staff: Role[] = ['admin', 'manager', 'guard', 'installer'];
const builders: Role[] = ['admin', 'manager', 'installer'];
const openers: Role[] = ['admin', 'manager', 'guard', 'resident'];
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

const endpoints: Endpoint[] = [
  { name: 'get compound', method: 'GET', url: (c) => `/api/compounds/${c.compoundId}`, roles: all },
  { name: 'create enrollment code', method: 'POST', url: (c) => `/api/compounds/${c.compoundId}/enrollment-codes`, body: () => ({}), roles: builders },
  { name: 'list enrollment codes', method: 'GET', url: (c) => `/api/compounds/${c.compoundId}/enrollment-codes`, roles: builders },
  { name: 'change compound', method: 'PATCH', url: (c) => `/api/compounds/${c.compoundId}`, body: () => ({ households: 40 }), roles: ['admin', 'manager'] },
  { name: 'gateway commands', method: 'GET', url: (c) => `/api/gateways/${c.gatewayId}/commands`, roles: staff },
  { name: 'revoke gateway', method: 'POST', url: (c) => `/api/gateways/${c.gatewayId}/revoke`, roles: builders },
  { name: 'list gateways', method: 'GET', url: (c) => `/api/gateways?compoundId=${c.compoundId}`, roles: staff },
  { name: 'get gateway', method: 'GET', url: (c) => `/api/gateways/${c.gatewayId}`, roles: staff },
  { name: 'get config', method: 'GET', url: (c) => `/api/gateways/${c.gatewayId}/config`, roles: builders },
  { name: 'push config', method: 'PUT', url: (c) => `/api/gateways/${c.gatewayId}/config`, body: () => ({ config: { version: 1 } }), roles: builders },
  { name: 'list devices', method: 'GET', url: (c) => `/api/devices?compoundId=${c.compoundId}`, roles: staff },
  { name: 'list events', method: 'GET', url: (c) => `/api/events?compoundId=${c.compoundId}`, roles: staff },
  { name: 'list gates', method: 'GET', url: (c) => `/api/gates?compoundId=${c.compoundId}`, roles: all },
  { name: 'open gate', method: 'POST', url: (c) => `/api/gates/${c.gateId}/open`, roles: openers },
  { name: 'gate-open audit', method: 'GET', url: (c) => `/api/gate-opens?compoundId=${c.compoundId}`, roles: ['admin', 'manager', 'guard'] },
  { name: 'issue visitor pass', method: 'POST', url: () => '/api/visitor-passes', body: (c) => ({ gateId: c.gateId, validUntil: inAnHour() }), roles: openers },
  { name: 'list visitor passes', method: 'GET', url: (c) => `/api/visitor-passes?compoundId=${c.compoundId}`, roles: all },
  { name: 'discover cameras', method: 'POST', url: (c) => `/api/gateways/${c.gatewayId}/discover`, body: () => ({}), roles: builders },
  { name: 'device command', method: 'POST', url: (c) => `/api/devices/${c.gatewayId}.column-1/commands`, body: () => ({ action: 'siren.stop' }), roles: ['admin', 'manager', 'guard'] },
  { name: 'events chart', method: 'GET', url: (c) => `/api/compounds/${c.compoundId}/charts/events-per-hour`, roles: staff },
  { name: 'list users', method: 'GET', url: (c) => `/api/users?compoundId=${c.compoundId}`, roles: ['admin', 'manager'] },
  {
    name: 'create user', method: 'POST', url: () => '/api/users', roles: ['admin', 'manager'],
    body: (c) => ({ username: `u${Math.random().toString(36).slice(2, 8)}`, password: 'a-long-password', displayName: '新保安', role: 'guard', compoundIds: [c.compoundId] }),
  },
];

const actors: { username: string; role: Role }[] = [
  { username: 'admin', role: 'admin' }, { username: 'manager', role: 'manager' }, { username: 'guard1', role: 'guard' },
  { username: 'installer', role: 'installer' }, { username: 'resident1', role: 'resident' },
];

async function addForeignCompound(cloud: TestCloud): Promise<void> {
  const now = new Date().toISOString();
  await cloud.db.insertInto('compounds').values({ id: FOREIGN, name: '青龙路5号院', address: null, district: '金水区', households: 60, created_at: now }).execute();
  await cloud.db.insertInto('gateways').values({
    id: FOREIGN_GW, compound_id: FOREIGN, name: null, public_key: '-', mqtt_username: FOREIGN_GW, mqtt_password_hash: hashPassword('x'), enrolled_at: now,
    last_ack_at: null, last_acked_seq: 0, link_state: 'never', link_changed_at: null, config_version: 0, applied_config_version: 0, agent_version: null, hw_model: null,
  }).execute();
  const site = loadSampleSite('small-compound');
  await saveConfigVersion(cloud.db, FOREIGN_GW, { ...site, compound: { ...site.compound, id: FOREIGN }, gateway: { ...site.gateway, id: FOREIGN_GW } }, 'test');
}

describe('authorization matrix', () => {
  it('every role x every endpoint x own and foreign compound', async () => {
    const cloud = await buildTestCloud();
    await addForeignCompound(cloud);
    const own: Ctx = { compoundId: cloud.demo.compounds.small, gatewayId: cloud.demo.gateways.small, gateId: `${cloud.demo.gateways.small}.gate-main` };
    const foreign: Ctx = { compoundId: FOREIGN, gatewayId: FOREIGN_GW, gateId: `${FOREIGN_GW}.gate-main` };
    const problems: string[] = [];
    for (const actor of actors) {
      const token = await cloud.login(actor.username);
      for (const ep of endpoints) {
        for (const [where, ctx] of [['own', own], ['foreign', foreign]] as const) {
          const res = await cloud.app.inject({ method: ep.method, url: ep.url(ctx), headers: bearer(token), ...(ep.body ? { payload: ep.body(ctx, cloud) as object } : {}) });
          const allowed = ep.roles.includes(actor.role) && (where === 'own' || actor.role === 'admin');
          const denied = res.statusCode === 403;
          if (res.statusCode === 401 || allowed === denied || res.statusCode >= 500) {
            problems.push(`${actor.username} ${ep.name} (${where}): ${res.statusCode} ${res.body.slice(0, 160)}`);
          }
          if (denied && !(res.json() as { error?: { message?: string } }).error?.message) problems.push(`${actor.username} ${ep.name}: 403 without a message`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('no session: 401 with a message on every endpoint, before any body validation', async () => {
    const cloud = await buildTestCloud();
    const ctx: Ctx = { compoundId: cloud.demo.compounds.small, gatewayId: cloud.demo.gateways.small, gateId: `${cloud.demo.gateways.small}.gate-main` };
    for (const ep of [...endpoints, { name: 'me', method: 'GET', url: () => '/api/auth/me', roles: all } as Endpoint, { name: 'compounds', method: 'POST', url: () => '/api/compounds', body: () => ({}), roles: all } as Endpoint]) {
      const res = await cloud.app.inject({ method: ep.method, url: ep.url(ctx), ...(ep.body ? { payload: { nonsense: true } } : {}) });
      expect(res.statusCode, `${ep.name}: ${res.body}`).toBe(401);
      expect(res.json().error.message).toMatch(/sign in/i);
    }
  });
});
