/** A gateway's dead letters in the API, and their re-send by a signed gateway.resend_dead_letters. */
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { gatewayDeadLetters, resendDeadLettersResponse, type Command, type GatewayHealth } from '@yardguard/firmware-config';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, waitFor } from '../helpers/cloud.js';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);

const health = (over: Partial<GatewayHealth>): GatewayHealth => ({
  uptimeS: 60, memRssMb: 80, heapUsedMb: 30, memFreeMb: 500, outboxDepth: 0, outboxOldestAgeS: 0,
  outboxDropped: { telemetry: 0, normal: 0, alarm: 0 }, lastAckedSeq: 1, cloudLink: 'up', devicesOnline: 3, devicesTotal: 3, brokerClients: 3, ...over,
});

describe.each(dialects)('gateway dead letters ($name)', (d) => {
  it('an installer sees the count, reasons and oldest from the last health report, re-sends them by a signed command, and the command is on record', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gatewayId = cloud.demo.gateways.small;
    let remaining = 3;
    const seen: Command[] = [];
    const sim = await connectGatewaySim({
      url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem,
      onCommand: (cmd) => {
        // The cloud may also re-push the config in force when the gateway connects: not what is measured here.
        if (cmd.action !== 'gateway.resend_dead_letters') return { status: 'ok', outcome: 'config_applied', latencyMs: 1 };
        seen.push(cmd);
        const resent = remaining;
        remaining = 0;
        return { status: 'ok', outcome: 'dead_letters_resent', latencyMs: 1, data: { resent, remaining } };
      },
    });
    onTestFinished(() => sim.close());
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');
    const installer = await cloud.login('installer');
    const get = async () => {
      const res = await cloud.app.inject({ method: 'GET', url: `/api/gateways/${gatewayId}/dead-letters`, headers: bearer(installer) });
      expect(res.statusCode, res.body).toBe(200);
      return gatewayDeadLetters.parse(res.json());
    };

    // No report yet: nothing to show.
    expect(await get()).toEqual({ gatewayId, count: 0, oldestAt: null, reasons: [], reportedAt: null });

    const oldestAt = new Date(Date.now() - 3_600_000).toISOString();
    const reasons = [{ reason: 'data.detail: too long', count: 2 }, { reason: 'unknown event type', count: 1 }];
    const report = sim.event('gateway.health', gatewayId, health({ deadLetters: 3, deadLetterSummary: { oldestAt, reasons } }));
    expect((await sim.sendBatch([report])).committed).toEqual([report.seq]);
    expect(await get()).toEqual({ gatewayId, count: 3, oldestAt, reasons, reportedAt: report.occurredAt });

    const res = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/dead-letters/resend`, headers: bearer(installer) });
    expect(res.statusCode, res.body).toBe(200);
    const body = resendDeadLettersResponse.parse(res.json());
    expect(body).toMatchObject({ resent: 3, remaining: 0 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ action: 'gateway.resend_dead_letters', gatewayId, deviceId: gatewayId, id: body.commandId });
    // The audit: who asked, when, and what the gateway answered.
    const row = await cloud.db.selectFrom('commands').selectAll().where('id', '=', body.commandId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'gateway.resend_dead_letters', issued_by: cloud.demo.users.installer, status: 'ok' });
    expect(JSON.parse(row.result!)).toMatchObject({ outcome: 'dead_letters_resent', data: { resent: 3, remaining: 0 } });

    // The gateway's next report (sent right after a re-send) clears the view.
    const after = sim.event('gateway.health', gatewayId, health({ deadLetters: 0 }));
    await sim.sendBatch([after]);
    expect(await get()).toMatchObject({ count: 0, reasons: [], oldestAt: null });

    // A resident may neither see nor re-send; nothing was sent for them.
    const resident = await cloud.login('resident1');
    expect((await cloud.app.inject({ method: 'GET', url: `/api/gateways/${gatewayId}/dead-letters`, headers: bearer(resident) })).statusCode).toBe(403);
    expect((await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/dead-letters/resend`, headers: bearer(resident) })).statusCode).toBe(403);
    expect(seen).toHaveLength(1);
  });

  it('a gateway that answers with an error gives 502 with its reason; an offline one 409', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const installer = await cloud.login('installer');
    const offline = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${cloud.demo.gateways.small}/dead-letters/resend`, headers: bearer(installer) });
    expect(offline.statusCode, offline.body).toBe(409);
    expect(offline.json().error.code).toBe('GATEWAY_OFFLINE');

    const gatewayId = cloud.demo.gateways.small;
    const sim = await connectGatewaySim({
      url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem,
      onCommand: (cmd) => cmd.action === 'gateway.resend_dead_letters'
        ? { status: 'error', error: { code: 'UNSUPPORTED', message: 'gateway disk full or failing (SQLITE_FULL)' }, latencyMs: 1 }
        : { status: 'ok', outcome: 'config_applied', latencyMs: 1 },
    });
    onTestFinished(() => sim.close());
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');
    const failed = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gatewayId}/dead-letters/resend`, headers: bearer(installer) });
    expect(failed.statusCode, failed.body).toBe(502);
    expect(failed.json().error).toMatchObject({ code: 'COMMAND_FAILED' });
    expect(failed.json().error.message).toMatch(/SQLITE_FULL/);
  });
});
