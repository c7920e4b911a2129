/**
 * The whole path on the real app: a simulated gateway publishes alert.raised over MQTT -> ingest
 * commits -> ops raises the alert -> the guard's console (WebSocket on a real port) gets it ->
 * a robot webhook receives it -> the guard acknowledges over HTTP.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import type { LiveMessage } from '@yardguard/firmware-config';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, waitFor } from '../helpers/cloud.js';

describe('alert from a gateway to a console and a robot', () => {
  it('MQTT alert.raised -> WebSocket push + webhook; ack over HTTP', async () => {
    const cloud = await buildMqttCloud();
    const base = await cloud.listen(0, '127.0.0.1');
    const compoundId = cloud.demo.compounds.small;
    const gatewayId = cloud.demo.gateways.small;

    const hooks: unknown[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hooks.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    onTestFinished(() => new Promise<void>((r) => receiver.close(() => r())));
    const manager = await cloud.login('manager');
    const ch = await cloud.app.inject({
      method: 'POST', url: `/api/compounds/${compoundId}/notify-channels`, headers: bearer(manager),
      payload: { kind: 'webhook', name: '物业值班系统', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/yg` },
    });
    expect(ch.statusCode).toBe(201);

    const guard = await cloud.login('guard1');
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live?access_token=${guard}`);
    onTestFinished(() => ws.close());
    const messages: LiveMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as LiveMessage));
    await waitFor(() => messages.find((m) => m.type === 'hello'));

    const sim = await connectGatewaySim({ url: cloud.mqttUrl, gatewayId, compoundId, password: `demo-${gatewayId}` });
    onTestFinished(() => sim.close());
    const e = sim.event('alert.raised', 'gate-main', { key: 'gate-main:forced', kind: 'door_forced', severity: 'critical', title: '东门被强行打开' });
    const ack = await sim.sendBatch([e]);
    expect(ack.committed).toEqual([e.seq]);

    const pushed = await waitFor(() => messages.find((m) => m.type === 'alert.new'));
    expect(pushed.alert).toMatchObject({ compoundId, title: '东门被强行打开', severity: 'critical', deviceId: `${gatewayId}.gate-main`, status: 'new' });
    await waitFor(() => hooks.length === 1);
    expect(hooks[0]).toMatchObject({ event: 'alert.new', alert: { id: pushed.alert!.id } });

    const res = await cloud.app.inject({ method: 'POST', url: `/api/alerts/${pushed.alert!.id}/ack`, headers: bearer(guard) });
    expect(res.statusCode).toBe(200);
    await waitFor(() => messages.find((m) => m.type === 'alert.update' && m.alert?.status === 'acknowledged'));
  });

  it('a gateway uploads a snapshot with its enrollment credentials; it lands in the instance data dir', async () => {
    const cloud = await buildMqttCloud();
    const gatewayId = cloud.demo.gateways.small;
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const res = await cloud.app.inject({
      method: 'PUT', url: '/api/gateway/snapshots/snap-7', payload: jpeg,
      headers: { authorization: `Basic ${Buffer.from(`${gatewayId}:demo-${gatewayId}`).toString('base64')}`, 'content-type': 'image/jpeg', 'x-device-id': 'cam-gate' },
    });
    expect(res.statusCode).toBe(201);
    expect(existsSync(join(cloud.dataDir, 'media', cloud.demo.compounds.small, `${gatewayId}.snap-7.jpg`))).toBe(true);
    const other = await cloud.login('guard2'); // works at the large compound only
    expect((await cloud.app.inject({ url: `/api/snapshots/${gatewayId}.snap-7`, headers: bearer(other) })).statusCode).toBe(403);
    const mine = await cloud.login('guard1');
    expect((await cloud.app.inject({ url: `/api/snapshots/${gatewayId}.snap-7`, headers: bearer(mine) })).rawPayload.equals(jpeg)).toBe(true);
  });
});
