import { afterAll, describe, expect, it } from 'vitest';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);
import { gateOpenResponse } from '@yardguard/firmware-config';
import { bearer, buildMqttCloud } from '../helpers/cloud.js';
import { smallGateway } from '../helpers/small-gateway.js';
import { chinaDay } from '../helpers/dates.js';

describe.each(dialects)('gate open ($name)', (d) => {
  it('resident opens their gate: signed command verified by the gateway, result returned, audited', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const sim = await smallGateway(cloud);
    const gateId = `${cloud.demo.gateways.small}.gate-main`;
    const token = await cloud.login('resident1');
    const listed = await cloud.app.inject({ method: 'GET', url: '/api/gates', headers: bearer(token) });
    expect(listed.json().gates[0].online).not.toBe(false);
    const res = await cloud.app.inject({ method: 'POST', url: `/api/gates/${gateId}/open`, headers: bearer(token), payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    const body = gateOpenResponse.parse(res.json());
    expect(body).toMatchObject({ gateId, status: 'ok', outcome: 'opened' });
    const cmd = sim.commands.find((c) => c.action === 'gate.open')!;
    expect(cmd).toMatchObject({ action: 'gate.open', deviceId: 'gate-main', gatewayId: cloud.demo.gateways.small, issuedBy: cloud.demo.users.resident1 });
    const ttl = Date.parse(cmd.expiresAt) - Date.parse(cmd.issuedAt);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(cmd.nonce.length).toBeGreaterThanOrEqual(16);
    expect(sim.refused).toEqual([]);

    const audit = await cloud.db.selectFrom('gate_open_audit').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ gate_id: gateId, user_id: cloud.demo.users.resident1, username: 'resident1', result: 'ok', command_id: body.commandId });
    const guard = await cloud.login('guard1');
    const list = await cloud.app.inject({ method: 'GET', url: '/api/gate-opens', headers: bearer(guard) });
    expect(list.json().opens).toHaveLength(1);
    const cmds = await cloud.app.inject({ method: 'GET', url: `/api/gateways/${cloud.demo.gateways.small}/commands`, headers: bearer(guard) });
    expect(cmds.json().commands).toEqual(expect.arrayContaining([expect.objectContaining({ id: body.commandId, action: 'gate.open', status: 'ok', outcome: 'opened' })]));
  });

  it('answers 504 with a clear message when the gateway never replies, 502 when the relay fails', async () => {
    const cloud = await buildMqttCloud({ ...(await d.config()), gateOpenTimeoutMs: 500 });
    let mode: 'silent' | 'fail' = 'silent';
    await smallGateway(cloud, () => (mode === 'silent' ? null : { status: 'error', error: { code: 'GATE_RELAY_FAILED', message: 'relay did not switch' }, latencyMs: 3 }));
    const gateId = `${cloud.demo.gateways.small}.gate-main`;
    const token = await cloud.login('guard1');
    const timeout = await cloud.app.inject({ method: 'POST', url: `/api/gates/${gateId}/open`, headers: bearer(token) });
    expect(timeout.statusCode).toBe(504);
    expect(timeout.json().error.code).toBe('GATE_TIMEOUT');
    expect(timeout.json().error.message).toMatch(/did not answer/);
    mode = 'fail';
    const failed = await cloud.app.inject({ method: 'POST', url: `/api/gates/${gateId}/open`, headers: bearer(token) });
    expect(failed.statusCode).toBe(502);
    expect(failed.json().error.message).toContain('relay did not switch');
    const audit = await cloud.db.selectFrom('gate_open_audit').select(['result', 'error_code']).orderBy('requested_at').execute();
    expect(audit.map((a) => a.result)).toEqual(['timeout', 'error']);
  });

  it('409 when the gateway is offline; 403 for another compound\'s resident, for a lease that ended, for an installer', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gateId = `${cloud.demo.gateways.small}.gate-main`;
    const r1 = await cloud.login('resident1');
    // The list says so before the resident taps.
    const listed = await cloud.app.inject({ method: 'GET', url: '/api/gates', headers: bearer(r1) });
    expect(listed.json().gates).toEqual([expect.objectContaining({ id: gateId, online: false })]);
    const offline = await cloud.app.inject({ method: 'POST', url: `/api/gates/${gateId}/open`, headers: bearer(r1) });
    expect(offline.statusCode).toBe(409);
    expect(offline.json().error.code).toBe('GATEWAY_OFFLINE');

    const r2 = await cloud.login('resident2');
    const other = await cloud.app.inject({ method: 'POST', url: `/api/gates/${gateId}/open`, headers: bearer(r2) });
    expect(other.statusCode).toBe(403);
    const installer = await cloud.login('installer');
    expect((await cloud.app.inject({ method: 'POST', url: `/api/gates/${gateId}/open`, headers: bearer(installer) })).statusCode).toBe(403);

    const yesterday = chinaDay(-1);
    await cloud.db.updateTable('users').set({ lease_ends_on: yesterday }).where('username', '=', 'resident1').execute();
    const ended = await cloud.app.inject({ method: 'POST', url: `/api/gates/${gateId}/open`, headers: bearer(r1) });
    expect(ended.statusCode).toBe(403);
    expect(ended.json().error.code).toBe('LEASE_ENDED');
    expect(ended.json().error.message).toContain(yesterday);
  });

  it('a visitor pass opens the gate within its window and number of uses', async () => {
    const cloud = await buildMqttCloud(await d.config());
    await smallGateway(cloud);
    const gateId = `${cloud.demo.gateways.small}.gate-main`;
    const token = await cloud.login('resident1');
    const pass = await cloud.app.inject({
      method: 'POST', url: '/api/visitor-passes', headers: bearer(token),
      payload: { gateId, visitorName: '快递员', validUntil: new Date(Date.now() + 3600_000).toISOString(), maxUses: 2 },
    });
    expect(pass.statusCode, pass.body).toBe(201);
    const code = pass.json().code as string;
    for (let i = 0; i < 2; i++) {
      const open = await cloud.app.inject({ method: 'POST', url: `/api/visitor-passes/${code}/open` });
      expect(open.statusCode, open.body).toBe(200);
    }
    const third = await cloud.app.inject({ method: 'POST', url: `/api/visitor-passes/${code}/open` });
    expect(third.statusCode).toBe(403);
    expect(third.json().error.code).toBe('PASS_EXHAUSTED');
    const audit = await cloud.db.selectFrom('gate_open_audit').select(['visitor_pass_id', 'result']).where('visitor_pass_id', '=', pass.json().id).execute();
    expect(audit).toEqual([{ visitor_pass_id: pass.json().id, result: 'ok' }, { visitor_pass_id: pass.json().id, result: 'ok' }]);

    // A single-use pass opened twice at once: one visitor gets in.
    const once = await cloud.app.inject({ method: 'POST', url: '/api/visitor-passes', headers: bearer(token), payload: { gateId, validUntil: new Date(Date.now() + 3600_000).toISOString(), maxUses: 1 } });
    const both = await Promise.all([0, 1].map(() => cloud.app.inject({ method: 'POST', url: `/api/visitor-passes/${once.json().code}/open` })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 403]);

    const other = await cloud.login('resident2');
    const notHers = await cloud.app.inject({ method: 'POST', url: '/api/visitor-passes', headers: bearer(other), payload: { gateId, validUntil: new Date(Date.now() + 3600_000).toISOString() } });
    expect(notHers.statusCode).toBe(403);
    const revoked = await cloud.app.inject({ method: 'DELETE', url: `/api/visitor-passes/${pass.json().id}`, headers: bearer(token) });
    expect(revoked.statusCode).toBe(200);
    expect((await cloud.app.inject({ method: 'POST', url: `/api/visitor-passes/${code}/open` })).json().error.code).toBe('PASS_INVALID');
  });
  it('a guard starts the siren on an alarm column; a resident may not; a siren on a gate is a 400', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const sim = await smallGateway(cloud, (cmd) => ({ status: 'ok', outcome: cmd.action === 'siren.start' ? 'siren_started' : 'done', latencyMs: 2 }));
    const guard = await cloud.login('guard1');
    const column = `${cloud.demo.gateways.small}.column-1`;
    const res = await cloud.app.inject({ method: 'POST', url: `/api/devices/${column}/commands`, headers: bearer(guard), payload: { action: 'siren.start', params: { pattern: 'alarm', durationS: 30 } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', outcome: 'siren_started', deviceId: column });
    expect(sim.commands.at(-1)).toMatchObject({ action: 'siren.start', deviceId: 'column-1', params: { pattern: 'alarm', durationS: 30 } });
    const resident = await cloud.login('resident1');
    expect((await cloud.app.inject({ method: 'POST', url: `/api/devices/${column}/commands`, headers: bearer(resident), payload: { action: 'siren.stop' } })).statusCode).toBe(403);
    const wrong = await cloud.app.inject({ method: 'POST', url: `/api/devices/${cloud.demo.gateways.small}.gate-main/commands`, headers: bearer(guard), payload: { action: 'siren.stop' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('body.action');
  });
});
