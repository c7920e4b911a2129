// The embedded broker over WebSocket and TLS, and bad uplink payloads that must not hurt anything.
import { describe, expect, it, onTestFinished } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@yardguard/test/servers';
import { topics } from '@yardguard/firmware-config';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { buildMqttCloud, waitFor } from '../helpers/cloud.js';

describe('embedded ingress transports', () => {
  it('accepts gateways over WebSocket and TLS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-tls-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const [wsPort, tlsPort] = [await freePort(), await freePort()];
    const cloud = await buildMqttCloud({ mqtt: { mode: 'embedded', host: '127.0.0.1', port: 0, wsPort, tls: { port: tlsPort, keyFile: join(dir, 'key.pem'), certFile: join(dir, 'cert.pem') } } });
    const gatewayId = cloud.demo.gateways.small;
    const base = { gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}` };

    const ws = await connectGatewaySim({ ...base, url: `ws://127.0.0.1:${cloud.link.addresses().ws}` });
    onTestFinished(() => ws.close());
    expect((await ws.sendBatch([ws.event('gate.door_opened', 'gate-main')])).committed).toEqual([1]);

    const tlsSim = await connectGatewaySim({ ...base, url: `mqtts://127.0.0.1:${cloud.link.addresses().tls}`, mqtt: { ca: readFileSync(join(dir, 'cert.pem')) } });
    onTestFinished(() => tlsSim.close());
    expect((await tlsSim.sendBatch([{ ...tlsSim.event('gate.door_opened', 'gate-main'), seq: 2 }])).committed).toEqual([2]);
  });

  it('bad payloads are dropped and counted; the gateway and the cloud carry on', async () => {
    const cloud = await buildMqttCloud();
    const gatewayId = cloud.demo.gateways.small;
    const sim = await connectGatewaySim({ url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}` });
    onTestFinished(() => sim.close());
    await sim.client.publishAsync(topics.gatewayEvents(gatewayId), '{not json', { qos: 1 });
    await sim.client.publishAsync(topics.gatewayEvents(gatewayId), JSON.stringify({ v: 1, gatewayId, batchId: 'b1', sentAt: 'yesterday', events: [] }), { qos: 1 });
    await sim.client.publishAsync(topics.gatewayResult(gatewayId), '[]', { qos: 1 });
    await waitFor(() => cloud.ingest.stats.badBatches === 2, 5000, 'bad batches counted');
    expect((await sim.sendBatch([sim.event('gate.door_opened', 'gate-main')])).committed).toEqual([1]);
  });
});
