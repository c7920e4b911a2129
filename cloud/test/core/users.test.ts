import { afterAll, describe, expect, it } from 'vitest';
import { user as userSchema } from '@yardguard/firmware-config';
import { bearer, buildTestCloud } from '../helpers/cloud.js';
import { dialects, stopPostgres } from '../helpers/dialects.js';
import { chinaDay } from '../helpers/dates.js';

afterAll(stopPostgres);

describe.each(dialects)('users ($name)', (d) => {
  it('a manager adds a resident with gate rights and a lease; the resident can sign in and sees only that gate', async () => {
    const cloud = await buildTestCloud(await d.config());
    const token = await cloud.login('manager');
    const gateId = `${cloud.demo.gateways.large}.gate-south`;
    const leaseEndsOn = chinaDay(365);
    const res = await cloud.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(token),
      payload: { username: 'resident3', password: 'a-long-password', displayName: '周女士', role: 'resident', compoundIds: [cloud.demo.compounds.large], gateIds: [gateId], leaseEndsOn },
    });
    expect(res.statusCode, res.body).toBe(201);
    const u = userSchema.parse(res.json());
    expect(u).toMatchObject({ role: 'resident', gateIds: [gateId], leaseEndsOn, disabled: false });
    const r3 = await cloud.login('resident3', 'a-long-password');
    const gates = await cloud.app.inject({ method: 'GET', url: '/api/gates', headers: bearer(r3) });
    expect(gates.json().gates.map((g: { id: string }) => g.id)).toEqual([gateId]);

    // Disabling revokes the sessions at once.
    const patch = await cloud.app.inject({ method: 'PATCH', url: `/api/users/${u.id}`, headers: bearer(token), payload: { disabled: true } });
    expect(patch.json().disabled).toBe(true);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(r3) })).statusCode).toBe(401);
  });

  it('a manager cannot create an admin or grant a gate of a compound the account is not in; duplicates are refused', async () => {
    const cloud = await buildTestCloud(await d.config());
    const token = await cloud.login('manager');
    const admin = await cloud.app.inject({ method: 'POST', url: '/api/users', headers: bearer(token), payload: { username: 'boss', password: 'a-long-password', displayName: 'x', role: 'admin' } });
    expect(admin.statusCode).toBe(403);
    const crossGate = await cloud.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(token),
      payload: { username: 'r9', password: 'a-long-password', displayName: 'x', role: 'resident', compoundIds: [cloud.demo.compounds.small], gateIds: [`${cloud.demo.gateways.large}.gate-north`] },
    });
    expect(crossGate.statusCode).toBe(403);
    const dup = await cloud.app.inject({ method: 'POST', url: '/api/users', headers: bearer(token), payload: { username: 'guard1', password: 'a-long-password', displayName: 'x', role: 'guard', compoundIds: [cloud.demo.compounds.small] } });
    expect(dup.statusCode).toBe(409);
    const short = await cloud.app.inject({ method: 'POST', url: '/api/users', headers: bearer(token), payload: { username: 'g9', password: 'short', displayName: 'x', role: 'guard' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['body.password']);
  });

  it('an administrator naming a compound that does not exist gets 404, not a server error (found by the body fuzzing)', async () => {
    const cloud = await buildTestCloud(await d.config());
    const token = await cloud.login('admin');
    const create = await cloud.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(token),
      payload: { username: 'ghost-guard', password: 'a-long-password', displayName: '无名', role: 'guard', compoundIds: ['no-such-compound'] },
    });
    expect(create.statusCode, create.body).toBe(404);
    expect(create.json().error.message).toContain('no-such-compound');
    const patch = await cloud.app.inject({ method: 'PATCH', url: `/api/users/${cloud.demo.users.guard1}`, headers: bearer(token), payload: { compoundIds: ['0'] } });
    expect(patch.statusCode, patch.body).toBe(404);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(await cloud.login('guard1')) })).json().user.compoundIds).toEqual([cloud.demo.compounds.small]);
  });
});
