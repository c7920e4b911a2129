/**
 * Over-the-air updates in the cloud: a release added (stored, signed with the cloud key), served to
 * gateways with Range, rolled out to a gateway (the simulated gateway answers agent.update and
 * reports gateway.started), a rolled-back release pausing its rollout with the reason. Both dialects.
 * The whole path with real agents: test/ota/ota.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { releaseInfo, rolloutInfo, rolloutList, type Command } from '@yardguard/firmware-config';
import { verifyRelease } from '@yardguard/firmware-config/node';
import { connectGatewaySim, type GatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, waitFor } from '../helpers/cloud.js';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);

/** A minimal release tarball: yardguard-edge-<version>/manifest.json and a payload file. */
function tarball(version: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'yg-rel-'));
  const inner = join(dir, `yardguard-edge-${version}`);
  mkdirSync(inner);
  writeFileSync(join(inner, 'manifest.json'), JSON.stringify({ version, builtFor: { platform: 'linux', arch: 'arm64', nodeAbi: '115' }, files: {} }));
  writeFileSync(join(inner, 'payload.bin'), Buffer.alloc(4096, version));
  execFileSync('tar', ['-C', dir, '-czf', join(dir, 'r.tar.gz'), `yardguard-edge-${version}`]);
  return readFileSync(join(dir, 'r.tar.gz'));
}

describe.each(dialects)('releases and rollouts ($name)', (d) => {
  it('adds and signs a release, serves it with Range, rolls it out, and pauses on a rollback', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gatewayId = cloud.demo.gateways.small;
    const compoundId = cloud.demo.compounds.small;
    const admin = await cloud.login('admin');
    const manager = await cloud.login('manager');
    const gz = { ...bearer(admin), 'content-type': 'application/gzip' };

    const body = tarball('2.0.0');
    const added = await cloud.app.inject({ method: 'POST', url: '/api/releases', headers: gz, payload: body });
    expect(added.statusCode, added.body).toBe(201);
    const rel = releaseInfo.parse(added.json());
    expect(rel).toMatchObject({ version: '2.0.0', bytes: body.length, builtFor: { arch: 'arm64' } });
    const row = await cloud.db.selectFrom('releases').selectAll().where('version', '=', '2.0.0').executeTakeFirstOrThrow();
    expect(verifyRelease({ version: '2.0.0', sha256: row.sha256, bytes: row.bytes }, row.signature, cloud.keys.publicKeyPem)).toBe(true);
    expect((await cloud.app.inject({ method: 'POST', url: '/api/releases', headers: gz, payload: body })).statusCode).toBe(409);
    expect((await cloud.app.inject({ method: 'POST', url: '/api/releases', headers: gz, payload: Buffer.from('not a tarball') })).statusCode).toBe(400);
    expect((await cloud.app.inject({ method: 'POST', url: '/api/releases', headers: { ...bearer(manager), 'content-type': 'application/gzip' }, payload: tarball('2.0.9') })).statusCode).toBe(403);

    // Gateways download with their login; Range resumes.
    const basic = { authorization: `Basic ${Buffer.from(`${gatewayId}:demo-${gatewayId}`).toString('base64')}` };
    const full = await cloud.app.inject({ method: 'GET', url: '/api/gateway/releases/2.0.0', headers: basic });
    expect(full.statusCode).toBe(200);
    expect(full.rawPayload.equals(body)).toBe(true);
    const rest = await cloud.app.inject({ method: 'GET', url: '/api/gateway/releases/2.0.0', headers: { ...basic, range: 'bytes=100-' } });
    expect(rest.statusCode).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes 100-${body.length - 1}/${body.length}`);
    expect(rest.rawPayload.equals(body.subarray(100))).toBe(true);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/gateway/releases/2.0.0' })).statusCode).toBe(401);

    // The gateway: answers agent.update, then reports gateway.started on the new version (or a rollback).
    const seen: Command[] = [];
    let onUpdate: (version: string) => void = () => undefined;
    const sim: GatewaySim = await connectGatewaySim({
      url: cloud.mqttUrl, gatewayId, compoundId, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem,
      onCommand: (cmd) => {
        if (cmd.action !== 'agent.update') return { status: 'ok', outcome: 'config_applied', latencyMs: 1 };
        seen.push(cmd);
        setTimeout(() => onUpdate(cmd.params.version), 50);
        return { status: 'ok', outcome: 'switching', latencyMs: 1 };
      },
    });
    onTestFinished(() => sim.close());
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');
    const recorded = (await cloud.db.selectFrom('gateways').select('agent_version').where('id', '=', gatewayId).executeTakeFirstOrThrow()).agent_version;
    const before = recorded ?? '1.0.0';
    onUpdate = (version) => void sim.sendBatch([sim.event('gateway.started', gatewayId, { agentVersion: version, resumedFromSeq: 0, update: { from: before, to: version, outcome: 'updated' } })]);

    const res = await cloud.app.inject({ method: 'POST', url: '/api/rollouts', headers: bearer(manager), payload: { version: '2.0.0', compoundId, stage: 'all' } });
    expect(res.statusCode, res.body).toBe(201);
    const r = rolloutInfo.parse(res.json());
    expect(r.targets.map((t) => t.gatewayId)).toContain(gatewayId);
    const list = async () => rolloutList.parse((await cloud.app.inject({ method: 'GET', url: '/api/rollouts', headers: bearer(manager) })).json()).rollouts;
    await waitFor(async () => (await list()).find((x) => x.id === r.id)?.targets.find((t) => t.gatewayId === gatewayId)?.state === 'updated', 20_000, 'gateway updated');
    expect(seen[0]).toMatchObject({ action: 'agent.update', params: { version: '2.0.0', sha256: row.sha256, bytes: row.bytes, signature: row.signature, url: expect.stringMatching(/\/api\/gateway\/releases\/2\.0\.0$/) } });
    expect((await list()).find((x) => x.id === r.id)?.targets.find((t) => t.gatewayId === gatewayId)).toMatchObject({ agentVersion: '2.0.0', fromVersion: recorded });

    // A release that rolls back: the rollout pauses with the gateway's reason.
    await cloud.app.inject({ method: 'POST', url: '/api/releases', headers: gz, payload: tarball('2.1.0') });
    onUpdate = (version) => void sim.sendBatch([sim.event('gateway.started', gatewayId, { agentVersion: '2.0.0', resumedFromSeq: 0, update: { from: '2.0.0', to: version, outcome: 'rolled_back', reason: `version ${version} was not healthy within 300 s: no connection to the cloud` } })]);
    const bad = rolloutInfo.parse((await cloud.app.inject({ method: 'POST', url: '/api/rollouts', headers: bearer(manager), payload: { version: '2.1.0', compoundId, stage: 'one' } })).json());
    const paused = await waitFor(async () => (await list()).find((x) => x.id === bad.id && x.state === 'paused'), 20_000, 'rollout paused');
    expect(paused.pausedReason).toContain('not healthy within 300 s');
    expect(paused.targets.find((t) => t.gatewayId === gatewayId)).toMatchObject({ state: 'rolled_back', agentVersion: '2.0.0' });

    // Residents may not steer rollouts (other compounds: the authz matrix).
    const resident = await cloud.login('resident1');
    expect((await cloud.app.inject({ method: 'POST', url: `/api/rollouts/${bad.id}/resume`, headers: bearer(resident) })).statusCode).toBe(403);
  });
});
