import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { gatewayDiagnosticsResponse, commandList, type Command } from '@yardguard/firmware-config';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, waitFor } from '../helpers/cloud.js';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);

const report = {
  agentVersion: '0.1.0',
  collectedAt: new Date().toISOString(),
  logs: { lines: ['{"level":30,"msg":"edge agent started"}', '{"level":40,"msg":"device gate-1 offline"}'], truncated: false },
  status: { cloudLink: 'up', outbox: { depth: 0 } },
  check: { ok: false, checkedAt: new Date().toISOString(), counts: { ok: 1, warn: 0, fail: 1, skip: 0 }, rows: [
    { area: 'config', item: 'site config', check: 'valid', status: 'ok', detail: 'fine' },
    { area: 'device', item: 'gate-1', check: 'mqtt seen', status: 'fail', detail: 'offline', fix: 'power and network of the device' },
  ] },
};

describe.each(dialects)('remote diagnostics through the gateway ($name)', (d) => {
  it('an installer gets logs, status and check; the request is in the command audit; a resident gets 403 (other compounds: the authz matrix)', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gatewayId = cloud.demo.gateways.small;
    const seen: Command[] = [];
    let answer: unknown = report;
    const sim = await connectGatewaySim({
      url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem,
      onCommand: (cmd) => {
        if (cmd.action !== 'gateway.diagnostics') return { status: 'ok', outcome: 'config_applied', latencyMs: 1 };
        seen.push(cmd);
        return { status: 'ok', outcome: 'diagnostics', latencyMs: 1, data: answer as Record<string, unknown> };
      },
    });
    onTestFinished(() => sim.close());
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');

    const installer = await cloud.login('installer');
    const res = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/diagnostics`, headers: bearer(installer), payload: { logLines: 100 } });
    expect(res.statusCode, res.body).toBe(200);
    const body = gatewayDiagnosticsResponse.parse(res.json());
    expect(body.gatewayId).toBe(gatewayId);
    expect(body.logs.lines).toEqual(report.logs.lines);
    expect(body.check?.rows[1]).toMatchObject({ item: 'gate-1', status: 'fail', fix: 'power and network of the device' });
    expect(body.status).toMatchObject({ cloudLink: 'up' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ action: 'gateway.diagnostics', deviceId: gatewayId, params: { logLines: 100, check: true } });

    // Audited: who asked and what came back.
    const audit = await cloud.app.inject({ method: 'GET', url: `/api/gateways/${gatewayId}/commands`, headers: bearer(installer) });
    const row = commandList.parse(audit.json()).commands.find((c) => c.id === body.commandId);
    expect(row).toMatchObject({ action: 'gateway.diagnostics', status: 'ok', outcome: 'diagnostics' });
    expect(row!.issuedBy).toBe(cloud.demo.users.installer);

    // A malformed answer from the gateway is not passed on.
    answer = { logs: 'nope' };
    const bad = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/diagnostics`, headers: bearer(installer), payload: { check: false } });
    expect(bad.statusCode).toBe(502);
    expect(bad.json().error.code).toBe('DIAGNOSTICS_FAILED');

    const resident = await cloud.login('resident1');
    expect((await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/diagnostics`, headers: bearer(resident), payload: {} })).statusCode).toBe(403);
    expect((await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/diagnostics`, headers: bearer(installer), payload: { logLines: 501 } })).statusCode).toBe(400);
    expect(seen).toHaveLength(2);
  });

  it('409 when the gateway is offline', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const installer = await cloud.login('installer');
    const res = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${cloud.demo.gateways.small}/diagnostics`, headers: bearer(installer) });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('GATEWAY_OFFLINE');
  });
});
