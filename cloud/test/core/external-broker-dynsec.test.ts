// Behind an external mosquitto with the dynamic-security plugin, the cloud keeps gateway logins in the
// broker itself: enrollment creates the login (bound to its client id, its own topics only), revocation
// deletes it and the broker drops the connection. No password file kept by hand.
import { describe, expect, it, onTestFinished } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startMosquitto } from '@yardguard/test/servers';
import { encode, enrollResponse, topics, SCHEMA_VERSION, type EnrollResponse } from '@yardguard/firmware-config';
import { generateSigningKeyPair } from '@yardguard/firmware-config/node';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildTestCloud, waitFor, type TestCloud } from '../helpers/cloud.js';

const PLUGIN = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib/arm-linux-gnueabihf', '/usr/lib']
  .map((d) => join(d, 'mosquitto_dynamic_security.so')).find((p) => existsSync(p));

async function startDynsecBroker() {
  const dir = mkdtempSync(join(tmpdir(), 'yg-dynsec-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  // mosquitto drops root privileges and rewrites this file on every change: it must own the place.
  chmodSync(dir, 0o777);
  const file = join(dir, 'dynamic-security.json');
  execFileSync('mosquitto_ctrl', ['dynsec', 'init', file, 'yardguard-cloud', 'cloud-secret'], { stdio: 'ignore' });
  chmodSync(file, 0o666);
  const mosq = await startMosquitto({ extraConf: `allow_anonymous false\nplugin ${PLUGIN}\nplugin_opt_config_file ${file}` });
  onTestFinished(() => mosq.stop());
  return mosq;
}

async function enroll(cloud: TestCloud, compoundId: string): Promise<EnrollResponse> {
  const token = await cloud.login('installer');
  const code = (await cloud.app.inject({ method: 'POST', url: `/api/compounds/${compoundId}/enrollment-codes`, headers: bearer(token), payload: {} })).json().code;
  const res = await cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code, publicKey: generateSigningKeyPair().publicKey } });
  expect(res.statusCode, res.body).toBe(200);
  return enrollResponse.parse(res.json());
}

/** A raw connect that resolves with the broker's answer instead of retrying. */
function tryConnect(url: string, o: { clientId: string; username: string; password: string }): Promise<'ok' | string> {
  return new Promise((resolve) => {
    const c = mqtt.connect(url, { ...o, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000 });
    c.once('connect', () => { c.end(true); resolve('ok'); });
    c.once('error', (err) => { c.end(true); resolve(err.message); });
  });
}

describe.skipIf(!PLUGIN)('external broker with logins kept by the cloud (mosquitto dynamic security)', () => {
  it('enrollment creates a login bound to its client id and topics; revocation deletes it and drops the connection', async () => {
    const mosq = await startDynsecBroker();
    const cloud = await buildTestCloud({ mqtt: { mode: 'external', url: mosq.url, group: 'yg', username: 'yardguard-cloud', password: 'cloud-secret', provisioning: 'dynsec' } });
    await cloud.start();

    const a = await enroll(cloud, cloud.demo.compounds.small);
    const b = await enroll(cloud, cloud.demo.compounds.large);
    const simA = await connectGatewaySim({ url: mosq.url, gatewayId: a.gatewayId, compoundId: a.compoundId, username: a.username, password: a.password });
    onTestFinished(() => simA.close());

    // Its own batch goes through the broker to the cloud and the ack comes back.
    const own = simA.event('gate.door_opened', 'gate-main');
    expect((await simA.sendBatch([own])).committed).toEqual([own.seq]);

    // Posing as gateway B on B's topics: the broker drops the publish and refuses the subscription.
    const forged = { ...simA.event('gate.forced_open', 'gate-north'), gatewayId: b.gatewayId, compoundId: b.compoundId };
    await simA.client.publishAsync(topics.gatewayEvents(b.gatewayId), encode({ v: SCHEMA_VERSION, gatewayId: b.gatewayId, batchId: 'forged', sentAt: new Date().toISOString(), events: [forged] }), { qos: 1 });
    await expect(simA.client.subscribeAsync(topics.gatewayCommand(b.gatewayId), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const later = simA.event('gate.door_closed', 'gate-main');
    expect((await simA.sendBatch([later])).committed).toEqual([later.seq]);
    const ids = (await cloud.db.selectFrom('events').select('id').execute()).map((r) => r.id).sort();
    expect(ids).toEqual([own.id, later.id].sort());

    // The login is bound: a wrong password, or A's password under another client id, is refused.
    expect(await tryConnect(mosq.url, { clientId: b.gatewayId, username: b.gatewayId, password: a.password })).not.toBe('ok');
    expect(await tryConnect(mosq.url, { clientId: 'someone-else', username: a.gatewayId, password: a.password })).not.toBe('ok');
    expect(await tryConnect(mosq.url, { clientId: b.gatewayId, username: b.gatewayId, password: b.password })).toBe('ok');

    // Revocation deletes the login: the live connection is dropped and the password no longer works.
    let closed = false;
    simA.client.on('close', () => { closed = true; });
    const token = await cloud.login('installer');
    const rev = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${a.gatewayId}/revoke`, headers: bearer(token) });
    expect(rev.statusCode, rev.body).toBe(200);
    await waitFor(() => closed, 10_000, 'the broker drops the revoked gateway');
    expect(await tryConnect(mosq.url, { clientId: a.gatewayId, username: a.gatewayId, password: a.password })).not.toBe('ok');
    // The other gateway is untouched.
    expect(await tryConnect(mosq.url, { clientId: b.gatewayId, username: b.gatewayId, password: b.password })).toBe('ok');
  });

  it('a broker that cannot create the login fails the enrollment with a clear retryable error and keeps the code', async () => {
    const mosq = await startDynsecBroker();
    const cloud = await buildTestCloud({ mqtt: { mode: 'external', url: mosq.url, group: 'yg', username: 'yardguard-cloud', password: 'cloud-secret', provisioning: 'dynsec' } });
    await cloud.start();
    const token = await cloud.login('installer');
    const code = (await cloud.app.inject({ method: 'POST', url: `/api/compounds/${cloud.demo.compounds.small}/enrollment-codes`, headers: bearer(token), payload: {} })).json().code;
    await mosq.stop();
    const res = await cloud.app.inject({ method: 'POST', url: '/api/enroll', payload: { code, publicKey: generateSigningKeyPair().publicKey } });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('BROKER_UNAVAILABLE');
    const row = await cloud.db.selectFrom('enrollment_codes').select('used_at').where('code', '=', code).executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });
});
