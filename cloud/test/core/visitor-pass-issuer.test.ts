// fixed-dates-ok: the only fixed date is a lease end in 2020, in the past on any day the test runs.
/**
 * A visitor pass is only as good as its issuer, at every use; it cannot outlast the issuer's lease; a
 * resident holds a bounded number; its code never reaches the log. A manager's password reset signs
 * the user out everywhere.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { bearer, buildTestCloud, type TestCloud } from '../helpers/cloud.js';
import { MAX_ACTIVE_PASSES_PER_RESIDENT } from '../../src/gates/routes.js';

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

async function issue(cloud: TestCloud, username: string, over: Record<string, unknown> = {}) {
  const gateId = `${cloud.demo.gateways.small}.gate-main`;
  return cloud.app.inject({ method: 'POST', url: '/api/visitor-passes', headers: bearer(await cloud.login(username)), payload: { gateId, validUntil: inAnHour(), maxUses: 5, ...over } });
}
/** With no gateway connected, a pass that passes every check is answered 409 GATEWAY_OFFLINE. */
const open = (cloud: TestCloud, code: string) => cloud.app.inject({ method: 'POST', url: `/api/visitor-passes/${code}/open` });

describe('visitor pass issuer', () => {
  it('stops working when the issuer is disabled, loses the gate, leaves the compound or the lease ends', async () => {
    const cloud = await buildTestCloud();
    const residentId = cloud.demo.users.resident1!;
    const manager = bearer(await cloud.login('manager'));
    const code = (await issue(cloud, 'resident1')).json().code as string;
    expect((await open(cloud, code)).json().error.code).toBe('GATEWAY_OFFLINE');

    const patch = (body: object) => cloud.app.inject({ method: 'PATCH', url: `/api/users/${residentId}`, headers: manager, payload: body });
    const gateIds = (await cloud.db.selectFrom('resident_gates').select('gate_id').where('user_id', '=', residentId).execute()).map((g) => g.gate_id);

    expect((await patch({ disabled: true })).statusCode).toBe(200);
    expect((await open(cloud, code)).json().error.code).toBe('PASS_INVALID');
    await patch({ disabled: false });
    expect((await open(cloud, code)).json().error.code).toBe('GATEWAY_OFFLINE');

    await patch({ gateIds: [] });
    expect((await open(cloud, code)).json().error.code).toBe('PASS_INVALID');
    await patch({ gateIds });

    await patch({ leaseEndsOn: '2020-01-31' });
    expect((await open(cloud, code)).json().error.code).toBe('PASS_INVALID');
    await patch({ leaseEndsOn: null });
    expect((await open(cloud, code)).json().error.code).toBe('GATEWAY_OFFLINE');

    await cloud.db.deleteFrom('user_compounds').where('user_id', '=', residentId).execute();
    expect((await open(cloud, code)).json().error.code).toBe('PASS_INVALID');
  });

  it('cannot outlast the lease, and a resident has a cap on passes in force', async () => {
    const cloud = await buildTestCloud();
    const residentId = cloud.demo.users.resident1!;
    const leaseEnd = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await cloud.db.updateTable('users').set({ lease_ends_on: leaseEnd }).where('id', '=', residentId).execute();
    const tooLong = await issue(cloud, 'resident1', { validUntil: new Date(Date.now() + 10 * 86_400_000).toISOString() });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain('lease');
    for (let i = 0; i < MAX_ACTIVE_PASSES_PER_RESIDENT; i++) expect((await issue(cloud, 'resident1')).statusCode).toBe(201);
    const over = await issue(cloud, 'resident1');
    expect(over.statusCode).toBe(409);
    expect((await issue(cloud, 'guard1')).statusCode).toBe(201); // staff are not capped
  });

  it('a manager resetting a password signs the user out everywhere', async () => {
    const cloud = await buildTestCloud();
    const token = await cloud.login('guard1');
    expect((await cloud.app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    const reset = await cloud.app.inject({ method: 'PATCH', url: `/api/users/${cloud.demo.users.guard1}`, headers: bearer(await cloud.login('manager')), payload: { password: 'a-new-long-password' } });
    expect(reset.statusCode).toBe(200);
    expect((await cloud.app.inject({ url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('pass codes, tokens and passwords never reach the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const { logRedact } = await import('../../src/plugins/request-log.js');
    const cloud = await buildTestCloud({}, { logger: pino({ level: 'debug', redact: logRedact }, sink) });
    const login = await cloud.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'resident1', password: 'wrong-password-XYZ' } });
    expect(login.statusCode).toBe(401);
    const token = await cloud.login('resident1');
    const code = (await issue(cloud, 'resident1')).json().code as string;
    await open(cloud, code);
    await open(cloud, `${code}X`);
    await cloud.app.inject({ url: `/api/auth/me?access_token=${token}` });
    await cloud.app.inject({ url: '/api/live/sse', headers: { cookie: `yg_session=${token}x` } });
    const all = lines.join('');
    expect(all).toContain('/api/visitor-passes/:code/open');
    for (const secret of [code, token, 'wrong-password-XYZ']) expect(all).not.toContain(secret);
  });
});
