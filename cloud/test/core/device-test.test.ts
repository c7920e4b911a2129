/**
 * Installer tests from the installer page: a test snapshot from a camera and a short gate pulse, sent
 * as signed commands to a gateway simulator on the real MQTT ingress, answered, audited.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { deviceTestResponse } from '@yardguard/firmware-config';
import { dialects, stopPostgres } from '../helpers/dialects.js';
import { bearer, buildMqttCloud } from '../helpers/cloud.js';
import { smallGateway } from '../helpers/small-gateway.js';
import { TEST_PULSE_MS } from '../../src/device-commands/device-test.js';

afterAll(stopPostgres);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7, 0xff, 0xd9]);

describe.each(dialects)('installer device test ($name)', (d) => {
  it('a test snapshot: the camera answers with a snapshot id, the gateway uploads it, the installer sees the image; the command log names the installer', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gatewayId = cloud.demo.gateways.small;
    const basic = `Basic ${Buffer.from(`${gatewayId}:demo-${gatewayId}`).toString('base64')}`;
    const sim = await smallGateway(cloud, async (cmd) => {
      if (cmd.action !== 'camera.snapshot') return { status: 'error', error: { code: 'UNEXPECTED', message: cmd.action }, latencyMs: 1 };
      // As the edge does: the snapshot is taken, then uploaded over HTTP with the gateway's credentials.
      const up = await cloud.app.inject({ method: 'PUT', url: '/api/gateway/snapshots/snap-test-1', payload: jpeg, headers: { authorization: basic, 'content-type': 'image/jpeg', 'x-device-id': cmd.deviceId } });
      if (up.statusCode !== 201) throw new Error(up.body);
      return { status: 'ok', outcome: 'captured', data: { snapshotId: 'snap-test-1' }, latencyMs: 5 };
    });
    const installer = await cloud.login('installer');
    const camId = `${gatewayId}.cam-gate`;
    const res = await cloud.app.inject({ method: 'POST', url: `/api/devices/${camId}/test`, headers: bearer(installer), payload: { action: 'snapshot' } });
    expect(res.statusCode, res.body).toBe(200);
    const body = deviceTestResponse.parse(res.json());
    expect(body).toMatchObject({ action: 'snapshot', status: 'ok', deviceId: camId, snapshotId: `${gatewayId}.snap-test-1` });
    expect(sim.refused).toEqual([]);
    expect(sim.commands.find((c) => c.id === body.commandId)).toMatchObject({ action: 'camera.snapshot', deviceId: 'cam-gate', issuedBy: cloud.demo.users.installer });
    const img = await cloud.app.inject({ url: `/api/snapshots/${body.snapshotId}`, headers: bearer(installer) });
    expect(img.statusCode).toBe(200);
    expect(img.rawPayload.equals(jpeg)).toBe(true);
    const log = await cloud.db.selectFrom('commands').selectAll().where('id', '=', body.commandId).executeTakeFirstOrThrow();
    expect(log).toMatchObject({ issued_by: cloud.demo.users.installer, action: 'camera.snapshot', status: 'ok' });
    expect(log.completed_at).not.toBeNull();

    // A snapshot needs a camera: a gate is refused with a reason, before anything is sent.
    const sent = sim.commands.length;
    const wrong = await cloud.app.inject({ method: 'POST', url: `/api/devices/${gatewayId}.gate-main/test`, headers: bearer(installer), payload: { action: 'snapshot' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/needs a camera/);
    // Only the two test actions: hold-open and the siren stay with guards and managers.
    const other = await cloud.app.inject({ method: 'POST', url: `/api/devices/${camId}/test`, headers: bearer(installer), payload: { action: 'gate.hold_open' } });
    expect(other.statusCode).toBe(400);
    expect(sim.commands.length).toBe(sent);
  });

  it('a test pulse: a short signed gate.open, audited as a gate open by the installer; a relay fault comes back as its reason', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gatewayId = cloud.demo.gateways.small;
    let fail = false;
    const sim = await smallGateway(cloud, (cmd) => (fail
      ? { status: 'error', error: { code: 'GATE_RELAY_FAILED', message: 'relay did not switch' }, latencyMs: 2 }
      : { status: 'ok', outcome: cmd.action === 'gate.open' ? 'opened' : 'unexpected', latencyMs: 2 }));
    const installer = await cloud.login('installer');
    const gateId = `${gatewayId}.gate-main`;
    const res = await cloud.app.inject({ method: 'POST', url: `/api/devices/${gateId}/test`, headers: bearer(installer), payload: { action: 'pulse' } });
    expect(res.statusCode, res.body).toBe(200);
    const body = deviceTestResponse.parse(res.json());
    expect(body).toMatchObject({ action: 'pulse', status: 'ok', outcome: 'opened', deviceId: gateId });
    const cmd = sim.commands.find((c) => c.id === body.commandId)!;
    expect(cmd).toMatchObject({ action: 'gate.open', deviceId: 'gate-main', issuedBy: cloud.demo.users.installer, params: { pulseMs: TEST_PULSE_MS } });
    const audit = await cloud.db.selectFrom('gate_open_audit').selectAll().execute();
    expect(audit).toEqual([expect.objectContaining({ gate_id: gateId, user_id: cloud.demo.users.installer, username: 'installer', result: 'ok', command_id: body.commandId })]);

    fail = true;
    const failed = await cloud.app.inject({ method: 'POST', url: `/api/devices/${gateId}/test`, headers: bearer(installer), payload: { action: 'pulse' } });
    expect(failed.statusCode).toBe(502);
    expect(failed.json().error.message).toContain('relay did not switch');
    const results = await cloud.db.selectFrom('gate_open_audit').select('result').orderBy('requested_at').execute();
    expect(results.map((a) => a.result)).toEqual(['ok', 'error']);

    // The installer still cannot open the gate through the ordinary route, nor send other device commands.
    expect((await cloud.app.inject({ method: 'POST', url: `/api/gates/${gateId}/open`, headers: bearer(installer) })).statusCode).toBe(403);
    expect((await cloud.app.inject({ method: 'POST', url: `/api/devices/${gateId}/commands`, headers: bearer(installer), payload: { action: 'gate.lock' } })).statusCode).toBe(403);
  });
});
