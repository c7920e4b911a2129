// The documented mosquitto setup for the external-broker mode (README): gateways log in as their id
// and may only use their own topics; the cloud's account reads every uplink and writes every downlink.
import { describe, expect, it, onTestFinished } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMosquitto } from '@yardguard/test/servers';
import { encode, topics, SCHEMA_VERSION } from '@yardguard/firmware-config';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { buildTestCloud } from '../helpers/cloud.js';

describe('external broker with per-gateway logins and ACLs (mosquitto)', () => {
  it('stores and acks a gateway\'s own batches and never one it publishes as another gateway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-mosq-acl-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    chmodSync(dir, 0o755);
    const passwd = join(dir, 'yardguard.passwd');
    const acl = join(dir, 'yardguard.acl');
    writeFileSync(passwd, '');
    for (const [u, p] of [['yardguard-cloud', 'cloud-secret'], ['gw-hx-lane-12', 'demo-gw-hx-lane-12'], ['gw-jf-road-88', 'demo-gw-jf-road-88']]) {
      execFileSync('mosquitto_passwd', ['-b', passwd, u!, p!]);
    }
    writeFileSync(acl, [
      'user yardguard-cloud', 'topic read yg/gw/+/up/#', 'topic write yg/gw/+/down/#', '',
      'pattern write yg/gw/%u/up/#', 'pattern read yg/gw/%u/down/#', '',
    ].join('\n'));
    chmodSync(passwd, 0o644);
    chmodSync(acl, 0o644);
    const mosq = await startMosquitto({ extraConf: `allow_anonymous false\npassword_file ${passwd}\nacl_file ${acl}` });
    onTestFinished(() => mosq.stop());

    const cloud = await buildTestCloud({ mqtt: { mode: 'external', url: mosq.url, group: 'yg', username: 'yardguard-cloud', password: 'cloud-secret' } });
    await cloud.start();
    const small = cloud.demo.gateways.small;
    const sim = await connectGatewaySim({ url: mosq.url, gatewayId: small, compoundId: cloud.demo.compounds.small, password: `demo-${small}` });
    onTestFinished(() => sim.close());

    // Pretend to be the other gateway: the broker drops it (ACL), the cloud never sees it.
    const large = cloud.demo.gateways.large;
    const forged = { ...sim.event('gate.forced_open', 'gate-north'), gatewayId: large, compoundId: cloud.demo.compounds.large };
    await sim.client.publishAsync(topics.gatewayEvents(large), encode({ v: SCHEMA_VERSION, gatewayId: large, batchId: 'forged', sentAt: new Date().toISOString(), events: [forged] }), { qos: 1 });
    const own = sim.event('gate.door_opened', 'gate-main');
    const ack = await sim.sendBatch([own]);
    expect(ack.committed).toEqual([own.seq]);
    const ids = (await cloud.db.selectFrom('events').select('id').execute()).map((r) => r.id);
    expect(ids).toEqual([own.id]);

    // A wrong password is refused by the broker.
    await expect(connectGatewaySim({ url: mosq.url, gatewayId: large, compoundId: cloud.demo.compounds.large, password: 'guess' })).rejects.toThrow();
  });
});
