import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { discoverCamerasResponse, type Command } from '@yardguard/firmware-config';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, waitFor } from '../helpers/cloud.js';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);

const configuredXaddr = 'http://192.168.10.64/onvif/device_service';
const newXaddr = 'http://192.168.10.77/onvif/device_service';

describe.each(dialects)('camera discovery through the gateway ($name)', (d) => {
  it('an installer gets the cameras the gateway found, marked configured or not; a resident gets 403', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gatewayId = cloud.demo.gateways.small;
    const seen: Command[] = [];
    const sim = await connectGatewaySim({
      url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem,
      onCommand: (cmd) => {
        // The cloud may also re-push the config in force when the gateway connects: not what is measured here.
        if (cmd.action !== 'gateway.discover') return { status: 'ok', outcome: 'config_applied', latencyMs: 1 };
        seen.push(cmd);
        return { status: 'ok', outcome: 'discovered', latencyMs: 1, data: { cameras: [{ xaddr: configuredXaddr, name: 'Gate Cam', hardware: 'IPC-1' }, { xaddr: newXaddr }, { bogus: true }] } };
      },
    });
    onTestFinished(() => sim.close());
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');

    const installer = await cloud.login('installer');
    const res = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/discover`, headers: bearer(installer), payload: { timeoutS: 2 } });
    expect(res.statusCode, res.body).toBe(200);
    const body = discoverCamerasResponse.parse(res.json());
    expect(body.cameras).toEqual([
      { xaddr: configuredXaddr, name: 'Gate Cam', hardware: 'IPC-1', configured: true },
      { xaddr: newXaddr, configured: false },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ action: 'gateway.discover', deviceId: gatewayId, params: { timeoutS: 2 } });

    const resident = await cloud.login('resident1');
    const denied = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/discover`, headers: bearer(resident), payload: {} });
    expect(denied.statusCode).toBe(403);
    const bad = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/discover`, headers: bearer(installer), payload: { timeoutS: 99 } });
    expect(bad.statusCode).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it('409 when the gateway is offline', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const installer = await cloud.login('installer');
    const res = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${cloud.demo.gateways.small}/discover`, headers: bearer(installer) });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('GATEWAY_OFFLINE');
  });
});
