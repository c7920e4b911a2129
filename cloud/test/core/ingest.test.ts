import { afterAll, describe, expect, it } from 'vitest';
import { dialects, stopPostgres } from '../helpers/dialects.js';

afterAll(stopPostgres);
import { topics } from '@yardguard/firmware-config';
import { onTestFinished } from 'vitest';
import { connectGatewaySim, type GatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, waitFor, type TestCloud } from '../helpers/cloud.js';

async function demoGateway(cloud: TestCloud & { mqttUrl: string }, which: 'small' | 'large' = 'small'): Promise<GatewaySim> {
  const gatewayId = cloud.demo.gateways[which];
  const sim = await connectGatewaySim({
    url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds[which], password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem,
  });
  onTestFinished(() => sim.close());
  return sim;
}

describe.each(dialects)('ingest over the embedded broker ($name)', (d) => {
  it('commits a batch, then acks the seqs; duplicates are absorbed and still acked', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const seen: string[] = [];
    cloud.ops.onEventsCommitted = async (events) => {
      seen.push(...events.map((e) => e.id));
    };
    const gw = await demoGateway(cloud);
    const events = [gw.event('gate.door_opened', 'gate-main'), gw.event('gate.door_closed', 'gate-main'), gw.event('gateway.health', cloud.demo.gateways.small)];
    const ack = await gw.sendBatch(events);
    expect(ack.committed).toEqual([1, 2, 3]);
    expect(ack.rejected).toEqual([]);
    expect(Date.parse(ack.cloudTime)).toBeGreaterThan(0);
    const rows = await cloud.db.selectFrom('events').select(['id', 'seq', 'type']).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);

    // Redelivery (edge did not see the ack): same events again, plus one new.
    const again = await gw.sendBatch([...events, gw.event('gate.door_opened', 'gate-main')]);
    expect(again.committed).toEqual([1, 2, 3, 4]);
    const count = await cloud.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(4);
    await waitFor(() => seen.length === 4, 5000, 'ops hook');
    expect(new Set(seen).size).toBe(4);

    const gwRow = await cloud.db.selectFrom('gateways').selectAll().where('id', '=', cloud.demo.gateways.small).executeTakeFirstOrThrow();
    expect(gwRow.last_acked_seq).toBe(4);
    expect(gwRow.last_ack_at).not.toBeNull();
    expect(gwRow.link_state).toBe('online');
    const dev = await cloud.db.selectFrom('devices').selectAll().where('id', '=', `${cloud.demo.gateways.small}.gate-main`).executeTakeFirstOrThrow();
    expect(dev.last_seen_at).not.toBeNull();

    // Liveness is visible over the API.
    const token = await cloud.login('guard1');
    const res = await cloud.app.inject({ method: 'GET', url: '/api/gateways', headers: bearer(token) });
    const g = res.json().gateways[0];
    expect(g).toMatchObject({ id: cloud.demo.gateways.small, lastAckedSeq: 4, alive: true, linkState: 'online' });
  });

  it('rejects bad events by field and events claiming another gateway or compound; keeps the good ones', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gw = await demoGateway(cloud);
    const good = gw.event('gate.door_opened', 'gate-main');
    const badField = { ...gw.event('gate.access_granted', 'gate-main'), data: { method: 'telepathy' } };
    const otherGw = { ...gw.event('gate.door_opened', 'gate-main'), gatewayId: cloud.demo.gateways.large };
    const otherCompound = { ...gw.event('gate.door_opened', 'gate-main'), compoundId: cloud.demo.compounds.large };
    const ack = await gw.sendBatch([good, badField, otherGw, otherCompound]);
    expect(ack.committed).toEqual([good.seq]);
    expect(ack.rejected.map((r) => r.seq)).toEqual([badField.seq, otherGw.seq, otherCompound.seq]);
    expect(ack.rejected[0]!.error).toContain('data.method');
    expect(ack.rejected[1]!.error).toContain('gatewayId');
    expect(ack.rejected[2]!.error).toContain('compoundId');
    const rows = await cloud.db.selectFrom('events').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual([good.id]);
  });

  it('refuses a wrong password and topics of another gateway', async () => {
    const cloud = await buildMqttCloud(await d.config());
    await expect(connectGatewaySim({ url: cloud.mqttUrl, gatewayId: cloud.demo.gateways.small, compoundId: 'x', password: 'wrong' })).rejects.toThrow();
    const gw = await demoGateway(cloud);
    // Publishing to another gateway's uplink is refused by the ACL: aedes drops the client.
    gw.client.publish(topics.gatewayAvailability(cloud.demo.gateways.large), 'online', { qos: 1 });
    await waitFor(() => !gw.client.connected, 10_000, 'disconnect after ACL violation');
    const other = await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', cloud.demo.gateways.large).executeTakeFirstOrThrow();
    expect(other.link_state).toBe('never');
  });

  it('an acked batch marks the link online (no retained availability behind a shared subscription)', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gw = await demoGateway(cloud);
    const gwId = cloud.demo.gateways.small;
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gwId).executeTakeFirstOrThrow()).link_state === 'online');
    await cloud.db.updateTable('gateways').set({ link_state: 'offline' }).where('id', '=', gwId).execute();
    await gw.sendBatch([gw.event('gate.door_opened', 'gate-main')]);
    const row = await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gwId).executeTakeFirstOrThrow();
    expect(row.link_state).toBe('online');
  });

  it('marks the gateway offline from its last will', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gw = await demoGateway(cloud);
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', cloud.demo.gateways.small).executeTakeFirstOrThrow()).link_state === 'online');
    gw.client.stream.destroy();
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', cloud.demo.gateways.small).executeTakeFirstOrThrow()).link_state === 'offline', 10_000, 'offline');
  });
  it('a revoked gateway is disconnected and can neither log in nor deliver batches', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gw = await demoGateway(cloud);
    const gwId = cloud.demo.gateways.small;
    const token = await cloud.login('installer');
    const res = await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gwId}/revoke`, headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ alive: false, linkState: 'offline' });
    expect(res.json().revokedAt).toBeTruthy();
    await waitFor(() => !gw.client.connected, 10_000, 'revoked gateway disconnected');
    await expect(connectGatewaySim({ url: cloud.mqttUrl, gatewayId: gwId, compoundId: cloud.demo.compounds.small, password: `demo-${gwId}` })).rejects.toThrow();
    const guard = await cloud.login('guard1');
    expect((await cloud.app.inject({ method: 'POST', url: `/api/gateways/${gwId}/revoke`, headers: bearer(guard) })).statusCode).toBe(403);
  });
  it('device presence follows new events only: a redelivered old batch does not flip a device back', async () => {
    const cloud = await buildMqttCloud(await d.config());
    const gw = await demoGateway(cloud);
    const dev = () => cloud.db.selectFrom('devices').select(['online', 'kind', 'last_seen_at']).where('id', '=', `${cloud.demo.gateways.small}.cam-yard`).executeTakeFirstOrThrow();
    const down = [gw.event('device.offline', 'cam-yard', { kind: 'camera', reason: 'heartbeat_timeout' })];
    await gw.sendBatch(down);
    expect(await dev()).toMatchObject({ online: 0, kind: 'camera' });
    await gw.sendBatch([gw.event('device.online', 'cam-yard', { kind: 'camera', resync: true })]);
    expect((await dev()).online).toBe(1);
    await gw.sendBatch(down); // redelivery of the old "offline"
    expect((await dev()).online).toBe(1);
    // A device the config does not know yet is registered from its events.
    await gw.sendBatch([gw.event('gate.door_opened', 'gate-new')]);
    const fresh = await cloud.db.selectFrom('devices').selectAll().where('id', '=', `${cloud.demo.gateways.small}.gate-new`).executeTakeFirstOrThrow();
    expect(fresh).toMatchObject({ kind: 'gate', online: 1, compound_id: cloud.demo.compounds.small });
  });
});
