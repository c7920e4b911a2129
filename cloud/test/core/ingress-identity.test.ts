// The embedded ingress cannot be hijacked: client ids bound to gateway logins, wills checked at
// CONNECT, the packet guard before login, and per-source backoff for password guessing.
import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { topics } from '@yardguard/firmware-config';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { buildMqttCloud } from '../helpers/cloud.js';

function connectRaw(url: string, opts: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 30_000, ...opts });
    c.once('connect', () => {
      onTestFinished(() => void c.end(true));
      resolve(c);
    });
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
  });
}

describe('embedded ingress identity', () => {
  it("a gateway's credentials cannot take over another gateway's session, and wills stay on its own topics", async () => {
    const cloud = await buildMqttCloud();
    const small = cloud.demo.gateways.small;
    const large = cloud.demo.gateways.large;
    const victim = await connectGatewaySim({ url: cloud.mqttUrl, gatewayId: small, compoundId: cloud.demo.compounds.small, password: `demo-${small}` });
    onTestFinished(() => victim.close());
    let victimClosed = false;
    victim.client.on('close', () => (victimClosed = true));

    await expect(connectRaw(cloud.mqttUrl, { clientId: small, username: large, password: `demo-${large}` })).rejects.toThrow(/identifier rejected/i);
    await expect(connectRaw(cloud.mqttUrl, { clientId: `${large}-x`, username: large, password: `demo-${large}` })).rejects.toThrow(/identifier rejected/i);
    await expect(connectRaw(cloud.mqttUrl, {
      clientId: large, username: large, password: `demo-${large}`,
      will: { topic: topics.gatewayEvents(small), payload: Buffer.from('{}'), qos: 1, retain: false },
    })).rejects.toThrow(/not authorized/i);
    await expect(connectRaw(cloud.mqttUrl, {
      clientId: large, username: large, password: `demo-${large}`,
      will: { topic: topics.gatewayCommand(large), payload: Buffer.from('{}'), qos: 1, retain: false },
    })).rejects.toThrow(/not authorized/i);

    // The victim is untouched and still acked.
    expect((await victim.sendBatch([victim.event('gate.door_opened', 'gate-main')])).committed).toEqual([1]);
    expect(victimClosed).toBe(false);
    // Its own will on its own availability topic is fine (the simulator sets one).
    const own = await connectGatewaySim({ url: cloud.mqttUrl, gatewayId: large, compoundId: cloud.demo.compounds.large, password: `demo-${large}` });
    await own.close();
  });

  it('closes an unauthenticated CONNECT announcing hundreds of MB before reading it', async () => {
    const cloud = await buildMqttCloud();
    const sock = connect(cloud.link.addresses().mqtt!, '127.0.0.1');
    sock.on('error', () => undefined);
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    await new Promise((r) => sock.once('connect', r));
    sock.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f])); // CONNECT announcing ~256 MB
    let written = 5;
    while (!sock.destroyed && written < 50 * 1024 * 1024) {
      if (!sock.write(Buffer.alloc(64 * 1024, 0x41))) await Promise.race([new Promise((r) => sock.once('drain', r)), closed]);
      written += 64 * 1024;
    }
    await closed;
    expect(written).toBeLessThan(50 * 1024 * 1024);
    // The ingress still serves gateways.
    const gw = cloud.demo.gateways.small;
    const sim = await connectGatewaySim({ url: cloud.mqttUrl, gatewayId: gw, compoundId: cloud.demo.compounds.small, password: `demo-${gw}` });
    onTestFinished(() => sim.close());
    expect((await sim.sendBatch([sim.event('gate.door_opened', 'gate-main')])).committed).toEqual([1]);
  });

  it('backs off a source guessing gateway passwords; a flood of parallel guesses is refused without a check', async () => {
    const cloud = await buildMqttCloud();
    const gw = cloud.demo.gateways.small;
    for (let i = 0; i < 5; i++) {
      await expect(connectRaw(cloud.mqttUrl, { clientId: gw, username: gw, password: `guess-${i}` })).rejects.toThrow(/Bad username or password/i);
    }
    const parallel = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => connectRaw(cloud.mqttUrl, { clientId: gw, username: gw, password: `p-${i}`, connectTimeout: 3000 })));
    const reasons = parallel.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'connected'));
    expect(reasons).not.toContain('connected');
    expect(reasons.filter((m) => /Server unavailable/i.test(m)).length).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
