/**
 * The command audit with a real gateway simulator over MQTT: holding a gate open and locking it are
 * in the gate audit like an open (who, when, the gate's answer); every device command is in the
 * command list with who sent it and the device's answer; a gate that answers after the cloud's
 * timeout turns the rows that said "timeout" into its real answer (marked late), nothing is lost.
 */
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { commandList, gateOpenAuditList } from '@yardguard/firmware-config';
import { connectGatewaySim, type GatewaySimOptions } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, waitFor, type TestCloud } from '../helpers/cloud.js';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);

type MqttCloud = TestCloud & { mqttUrl: string };

async function gateway(cloud: MqttCloud, onCommand: GatewaySimOptions['onCommand']) {
  const gatewayId = cloud.demo.gateways.small;
  const sim = await connectGatewaySim({
    url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem, onCommand,
  });
  onTestFinished(() => sim.close());
  await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');
  return sim;
}

describe.each(dialects)('command audit ($name)', (d) => {
  it('hold open and lock are in the gate audit with who and the answer; a siren command is in the command list with its answer', async () => {
    const cloud = await buildMqttCloud(await d.config());
    await gateway(cloud, (cmd) => (cmd.action === 'siren.start'
      ? { status: 'error', error: { code: 'DEVICE_OFFLINE', message: 'speaker open circuit' }, latencyMs: 4 }
      : { status: 'ok', outcome: cmd.action === 'gate.hold_open' ? 'held_open' : 'locked', latencyMs: 3 }));
    const guard = await cloud.login('guard1');
    const gate = `${cloud.demo.gateways.small}.gate-main`;
    const hold = await cloud.app.inject({ method: 'POST', url: `/api/devices/${gate}/commands`, headers: bearer(guard), payload: { action: 'gate.hold_open', params: { durationS: 600 } } });
    expect(hold.statusCode, hold.body).toBe(200);
    const lock = await cloud.app.inject({ method: 'POST', url: `/api/devices/${gate}/commands`, headers: bearer(guard), payload: { action: 'gate.lock' } });
    expect(lock.statusCode, lock.body).toBe(200);
    const siren = await cloud.app.inject({
      method: 'POST', url: `/api/devices/${cloud.demo.gateways.small}.column-1/commands`, headers: bearer(guard), payload: { action: 'siren.start', params: { pattern: 'alarm', durationS: 30 } },
    });
    expect(siren.json()).toMatchObject({ status: 'error', error: { code: 'DEVICE_OFFLINE' } });

    const manager = await cloud.login('manager');
    const opens = gateOpenAuditList.parse((await cloud.app.inject({ method: 'GET', url: '/api/gate-opens', headers: bearer(manager) })).json()).opens;
    expect(opens.map((o) => [o.action, o.username, o.result, o.commandId]).sort()).toEqual([
      ['gate.hold_open', 'guard1', 'ok', hold.json().commandId],
      ['gate.lock', 'guard1', 'ok', lock.json().commandId],
    ].sort());
    expect(opens.every((o) => o.gateId === gate && typeof o.answeredAt === 'string')).toBe(true);

    const cmds = commandList.parse((await cloud.app.inject({ method: 'GET', url: `/api/gateways/${cloud.demo.gateways.small}/commands`, headers: bearer(manager) })).json()).commands;
    const byId = new Map(cmds.map((c) => [c.id, c]));
    expect(byId.get(hold.json().commandId)).toMatchObject({ action: 'gate.hold_open', issuedBy: cloud.demo.users.guard1, status: 'ok', outcome: 'held_open', lateAnswer: false });
    expect(byId.get(siren.json().commandId)).toMatchObject({ action: 'siren.start', issuedBy: cloud.demo.users.guard1, status: 'error', errorCode: 'DEVICE_OFFLINE' });
  });

  it('a gate that answers after the timeout: the timed-out audit rows (open and hold open) take its real answer', async () => {
    const cloud = await buildMqttCloud({ ...(await d.config()), gateOpenTimeoutMs: 400 });
    // The gate answers only when the test lets it: after the cloud has given up.
    const held: (() => void)[] = [];
    await gateway(cloud, (cmd) => (!cmd.action.startsWith('gate.') ? { status: 'ok', latencyMs: 1 } : new Promise((resolve) => held.push(() => resolve(cmd.action === 'gate.open'
      ? { status: 'ok', outcome: 'opened', latencyMs: 2 }
      : { status: 'error', error: { code: 'DOOR_NOT_OPENED', message: 'the bolt did not move' }, latencyMs: 2 })))));
    const guard = await cloud.login('guard1');
    const gate = `${cloud.demo.gateways.small}.gate-main`;
    const open = await cloud.app.inject({ method: 'POST', url: `/api/gates/${gate}/open`, headers: bearer(guard) });
    expect(open.statusCode).toBe(504);
    const hold = await cloud.app.inject({ method: 'POST', url: `/api/devices/${gate}/commands`, headers: bearer(guard), payload: { action: 'gate.hold_open', params: { durationS: 60 } } });
    expect(hold.statusCode).toBe(504);
    const rows = await cloud.db.selectFrom('gate_open_audit').selectAll().orderBy('requested_at').execute();
    expect(rows.map((r) => [r.action, r.result, r.answered_at])).toEqual([['gate.open', 'timeout', null], ['gate.hold_open', 'timeout', null]]);
    expect((await cloud.db.selectFrom('commands').select('status').where('action', 'in', ['gate.open', 'gate.hold_open']).execute()).map((c) => c.status)).toEqual(['timeout', 'timeout']);

    await waitFor(() => held.length === 2);
    for (const release of held) release();
    const late = await waitFor(async () => {
      const r = await cloud.db.selectFrom('gate_open_audit').selectAll().orderBy('requested_at').execute();
      return r.every((x) => x.answered_at !== null) ? r : null;
    });
    expect(late.map((r) => [r.action, r.result, r.error_code])).toEqual([['gate.open', 'ok', null], ['gate.hold_open', 'error', 'DOOR_NOT_OPENED']]);
    expect(late.every((r) => r.answered_at! > r.requested_at)).toBe(true);
    const cmds = commandList.parse((await cloud.app.inject({ method: 'GET', url: `/api/gateways/${cloud.demo.gateways.small}/commands`, headers: bearer(guard) })).json()).commands;
    expect(cmds.filter((c) => c.action.startsWith('gate.')).map((c) => [c.action, c.status, c.lateAnswer]).sort()).toEqual([['gate.hold_open', 'error', true], ['gate.open', 'ok', true]]);
    // The list a manager reads shows the answers, not the timeouts.
    const opens = gateOpenAuditList.parse((await cloud.app.inject({ method: 'GET', url: '/api/gate-opens', headers: bearer(guard) })).json()).opens;
    expect(opens.map((o) => o.result).sort()).toEqual(['error', 'ok']);
  });
});
