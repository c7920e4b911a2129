import { afterAll, describe, expect, it } from 'vitest';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);
import { onTestFinished } from 'vitest';
import { enrollResponse, validateSiteConfig } from '@yardguard/firmware-config';
import { generateSigningKeyPair } from '@yardguard/firmware-config/node';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, buildTestCloud, waitFor } from '../helpers/cloud.js';

const pubKey = () => generateSigningKeyPair().publicKey;

describe.each(dialects)('enrollment ($name)', (d) => {
  it('an installer creates a compound and a code; the gateway redeems it once and can then connect', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const token = await cloud.login('installer');
    const c = await cloud.app.inject({ method: 'POST', url: '/api/compounds', headers: bearer(token), payload: { id: 'wm-street-3', name: '文明路3号院', address: '郑州市管城回族区文明路3号', households: 48 } });
    expect(c.statusCode).toBe(201);
    const code = await cloud.app.inject({ method: 'POST', url: '/api/compounds/wm-street-3/enrollment-codes', headers: bearer(token), payload: { ttlMinutes: 30, gatewayName: '文明路3号院网关' } });
    expect(code.statusCode).toBe(201);
    expect(code.json().code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const res = await cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code: code.json().code, publicKey: pubKey(), hw: { model: 'Raspberry Pi 4', agentVersion: '0.1.0' } } });
    expect(res.statusCode).toBe(200);
    const e = enrollResponse.parse(res.json());
    expect(e.compoundId).toBe('wm-street-3');
    expect(e.cloudSigningKey).toBe(cloud.keys.publicKeyPem);
    expect(e.configVersion).toBe(1);
    const cfg = validateSiteConfig(e.siteConfig);
    expect(cfg.ok && cfg.value.gateway.id).toBe(e.gatewayId);
    const row = await cloud.db.selectFrom('gateways').selectAll().where('id', '=', e.gatewayId).executeTakeFirstOrThrow();
    expect(row.mqtt_password_hash).not.toContain(e.password);

    const again = await cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code: code.json().code, publicKey: pubKey() } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ENROLL_CODE_USED');

    // The issued credentials work on the MQTT ingress.
    const sim = await connectGatewaySim({ url: cloud.mqttUrl.replace('localhost', '127.0.0.1'), gatewayId: e.gatewayId, compoundId: e.compoundId, username: e.username, password: e.password, cloudSigningKey: e.cloudSigningKey });
    onTestFinished(() => sim.close());
    const ack = await sim.sendBatch([sim.event('gateway.config_applied', e.gatewayId, { configVersion: 1 })]);
    expect(ack.committed).toEqual([1]);
    const applied = await cloud.db.selectFrom('gateways').select('applied_config_version').where('id', '=', e.gatewayId).executeTakeFirstOrThrow();
    expect(applied.applied_config_version).toBe(1);
  });

  it('two gateways racing for one code: exactly one wins', async () => {
    const cloud = await buildTestCloud(await d.config());
    const token = await cloud.login('installer');
    const code = (await cloud.app.inject({ method: 'POST', url: `/api/compounds/${cloud.demo.compounds.small}/enrollment-codes`, headers: bearer(token), payload: {} })).json().code;
    const results = await Promise.all([0, 1, 2].map(() => cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code, publicKey: pubKey() } })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const gws = await cloud.db.selectFrom('gateways').select('id').where('compound_id', '=', cloud.demo.compounds.small).execute();
    expect(gws).toHaveLength(2); // the demo gateway + the winner
  });

  it('refuses expired and unknown codes and a key that is not Ed25519', async () => {
    const cloud = await buildTestCloud(await d.config());
    const token = await cloud.login('manager');
    const code = await cloud.app.inject({ method: 'POST', url: `/api/compounds/${cloud.demo.compounds.small}/enrollment-codes`, headers: bearer(token), payload: { ttlMinutes: 1 } });
    await cloud.db.updateTable('enrollment_codes').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const expired = await cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code: code.json().code, publicKey: pubKey() } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('ENROLL_CODE_EXPIRED');
    const unknown = await cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code: 'ZZZZ-9999', publicKey: pubKey() } });
    expect(unknown.statusCode).toBe(404);
    const badKey = await cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code: 'ZZZZ-9999', publicKey: 'x'.repeat(50) } });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.message).toContain('publicKey');
    const badCode = await cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code: 'abc', publicKey: pubKey() } });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.fields[0].path).toBe('body.code');
  });

  it('a guard cannot create codes; an installer cannot for a compound they do not work in', async () => {
    const cloud = await buildTestCloud(await d.config());
    const guard = await cloud.login('guard1');
    const r1 = await cloud.app.inject({ method: 'POST', url: `/api/compounds/${cloud.demo.compounds.small}/enrollment-codes`, headers: bearer(guard), payload: {} });
    expect(r1.statusCode).toBe(403);
    const manager = await cloud.login('manager');
    const c = await cloud.app.inject({ method: 'POST', url: '/api/compounds', headers: bearer(manager), payload: { name: '新华里7号院' } });
    const installer = await cloud.login('installer');
    const r2 = await cloud.app.inject({ method: 'POST', url: `/api/compounds/${c.json().id}/enrollment-codes`, headers: bearer(installer), payload: {} });
    expect(r2.statusCode).toBe(403);
    expect(r2.json().error.message).toMatch(/do not have access/);
  });

  it('a config push is versioned and signed; a gateway that missed it gets the latest when it comes back', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gwId = cloud.demo.gateways.small;
    const token = await cloud.login('installer');
    const current = await cloud.app.inject({ method: 'GET', url: `/api/gateways/${gwId}/config`, headers: bearer(token) });
    expect(current.json().version).toBe(1);
    // Pushed while the gateway is away: nobody receives it (clean session).
    const config = { ...current.json().config, gates: current.json().config.gates.map((g: { name: string }) => ({ ...g, name: '大门(新)' })) };
    const put = await cloud.app.inject({ method: 'PUT', url: `/api/gateways/${gwId}/config`, headers: bearer(token), payload: { config } });
    expect(put.json()).toEqual({ configVersion: 2, sent: true });

    const sim = await connectGatewaySim({ url: cloud.mqttUrl, gatewayId: gwId, compoundId: cloud.demo.compounds.small, password: `demo-${gwId}`, cloudSigningKey: cloud.keys.publicKeyPem, onCommand: () => null });
    onTestFinished(() => sim.close());
    // On (re)connect the cloud sees applied 0 < 2 and pushes the latest version again.
    const cmd = await waitFor(() => sim.commands.find((c) => c.action === 'config.push'), 10_000, 'catch-up config.push');
    expect(cmd.action === 'config.push' && cmd.params.configVersion).toBe(2);
    expect(cmd.deviceId).toBe(gwId);
    expect(Date.parse(cmd.expiresAt) - Date.parse(cmd.issuedAt)).toBeGreaterThan(60_000);
    const ack = await sim.sendBatch([sim.event('gateway.config_applied', gwId, { configVersion: 2 })]);
    expect(ack.committed).toHaveLength(1);
    const gw = await cloud.app.inject({ method: 'GET', url: `/api/gateways/${gwId}`, headers: bearer(token) });
    expect(gw.json()).toMatchObject({ configVersion: 2, appliedConfigVersion: 2 });
    const dev = await cloud.db.selectFrom('devices').select('name').where('id', '=', `${gwId}.gate-main`).executeTakeFirstOrThrow();
    expect(dev.name).toBe('大门(新)');

    // A push while connected arrives at once.
    const v3 = await cloud.app.inject({ method: 'PUT', url: `/api/gateways/${gwId}/config`, headers: bearer(token), payload: { config } });
    expect(v3.json().configVersion).toBe(3);
    await waitFor(() => sim.commands.some((c) => c.action === 'config.push' && c.params.configVersion === 3), 10_000, 'live config.push');

    const wrong = await cloud.app.inject({ method: 'PUT', url: `/api/gateways/${gwId}/config`, headers: bearer(token), payload: { config: { ...config, gateway: { ...config.gateway, id: 'gw-other' } } } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('config.gateway.id');
  });
});
