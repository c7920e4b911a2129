// Ingest and gate opens reach a real influxd and come back through the chart endpoints.
import { describe, expect, it, onTestFinished } from 'vitest';
import { startInflux } from '@yardguard/test/servers';
import { connectGatewaySim } from '../../src/sim/gateway-sim.js';
import { bearer, buildMqttCloud, buildTestCloud, waitFor } from '../helpers/cloud.js';

describe('time series wiring', () => {
  it('records stored events and gate opens; the charts read them back', async () => {
    const influx = await startInflux();
    onTestFinished(() => influx.stop());
    const cloud = await buildMqttCloud({ influx: { url: influx.url, database: influx.db }, retention: { eventsDays: 400, telemetryDays: 14 } });
    const gatewayId = cloud.demo.gateways.small;
    const sim = await connectGatewaySim({ url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem });
    onTestFinished(() => sim.close());
    await sim.sendBatch([sim.event('gate.access_granted', 'gate-main'), sim.event('gate.door_opened', 'gate-main'), sim.event('gate.forced_open', 'gate-main')]);
    await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');
    const resident = await cloud.login('resident1');
    expect((await cloud.app.inject({ method: 'POST', url: `/api/gates/${gatewayId}.gate-main/open`, headers: bearer(resident) })).statusCode).toBe(200);

    const token = await cloud.login('manager');
    const url = (chart: string) => `/api/compounds/${cloud.demo.compounds.small}/charts/${chart}`;
    const events = await waitFor(async () => {
      await cloud.timeseries.flush();
      const res = await cloud.app.inject({ method: 'GET', url: url('events-per-hour'), headers: bearer(token) });
      const body = res.json() as { enabled: boolean; buckets: { count: number }[] };
      return body.buckets.reduce((n, b) => n + b.count, 0) >= 3 ? body : null;
    }, 20_000, 'events in InfluxDB');
    expect(events.enabled).toBe(true);
    const opens = await cloud.app.inject({ method: 'GET', url: url('gate-opens'), headers: bearer(token) });
    expect(opens.json().stats).toEqual(expect.arrayContaining([expect.objectContaining({ method: 'app', result: 'ok', count: 1 })]));
    // The cloud set up InfluxDB's retention from its one retention config.
    const rps = await fetch(`${influx.url}/query?q=${encodeURIComponent(`SHOW RETENTION POLICIES ON "${influx.db}"`)}`).then((r) => r.json());
    expect(rps.results[0].series[0].values).toEqual(expect.arrayContaining([
      ['yg_records', '9600h0m0s', expect.any(String), 1, true],
      ['yg_telemetry', '336h0m0s', expect.any(String), 1, false],
    ]));
    const guard2 = await cloud.login('guard2');
    expect((await cloud.app.inject({ method: 'GET', url: url('alarms-per-day'), headers: bearer(guard2) })).statusCode).toBe(403);
  });

  it('without InfluxDB the charts say so and are empty', async () => {
    const cloud = await buildTestCloud();
    const token = await cloud.login('manager');
    const res = await cloud.app.inject({ method: 'GET', url: `/api/compounds/${cloud.demo.compounds.small}/charts/device-uptime`, headers: bearer(token) });
    expect(res.json()).toMatchObject({ enabled: false, devices: [] });
    const bad = await cloud.app.inject({ method: 'GET', url: `/api/compounds/${cloud.demo.compounds.small}/charts/device-uptime?from=yesterday`, headers: bearer(token) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('querystring.from');
  });
});
