// Against a real influxd 1.x: write points through createTimeSeries, flush, read them back through each chart query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type Event } from '@yardguard/firmware-config';
import { freePort, startInflux, type InfluxServer } from '@yardguard/test/servers';
import { createTimeSeries, type TimeSeries } from './index.js';
import { createInfluxQLClient } from './influxql.js';
// fixed-dates-ok: points are written at fixed times and queried over explicit ranges; the real clock never enters.

const T0 = Date.parse('2025-06-01T00:00:00Z');
const min = 60_000;
const at = (offsetMin: number) => new Date(T0 + offsetMin * min).toISOString();

let seq = 0;
function ev(partial: { type: Event['type']; data: unknown; occurredAt: string; compoundId?: string; deviceId?: string; id?: string }): Event {
  return {
    v: 1,
    id: partial.id ?? newId(),
    compoundId: partial.compoundId ?? 'c1',
    gatewayId: 'gw1',
    deviceId: partial.deviceId ?? 'gate-1',
    occurredAt: partial.occurredAt,
    seq: ++seq,
    type: partial.type,
    data: partial.data,
  } as Event;
}

const health = {
  uptimeS: 3600, memRssMb: 80, heapUsedMb: 30, memFreeMb: 400, outboxDepth: 12, outboxOldestAgeS: 4,
  outboxDropped: { telemetry: 1, normal: 0, alarm: 0 }, lastAckedSeq: 99, cloudLink: 'up', devicesOnline: 3,
  devicesTotal: 4, brokerClients: 5, cpuTempC: 51.5,
} as const;

describe('timeseries on a real influxd 1.x', () => {
  let influx: InfluxServer;
  let ts: TimeSeries;
  const range = { from: new Date(T0), to: new Date(T0 + 3 * 60 * min) };

  beforeAll(async () => {
    influx = await startInflux({ db: 'yg_ts' });
    ts = createTimeSeries({ url: influx.url, db: influx.db, flavor: 'v1', timeZone: null, flushIntervalMs: 60_000 });
    const sameMs = at(5);
    const dup = ev({ type: 'gate.door_opened', data: {}, occurredAt: at(7) });
    ts.recordEvents([
      ev({ type: 'gate.access_granted', data: { method: 'card' }, occurredAt: sameMs }),
      ev({ type: 'gate.access_granted', data: { method: 'card' }, occurredAt: sameMs }),
      dup,
      dup, // a redelivered event stays one point
      ev({ type: 'gate.access_denied', data: { method: 'qr', reason: 'expired' }, occurredAt: at(6) }),
      // opened by a cloud command: the gate-open path records it (with latency), not the event
      ev({ type: 'gate.access_granted', data: { method: 'remote', commandId: 'cmd-1' }, occurredAt: at(6) }),
      ev({ type: 'gate.forced_open', data: {}, occurredAt: at(20) }),
      ev({ type: 'alert.raised', data: { key: 'gate-1:door_forced', kind: 'door_forced', severity: 'critical', title: '强行开门' }, occurredAt: at(21), deviceId: 'gw1' }),
      ev({ type: 'gateway.health', data: health, occurredAt: at(30), deviceId: 'gw1' }),
      ev({ type: 'device.online', data: { kind: 'camera' }, occurredAt: at(60), deviceId: 'cam-1' }),
      ev({ type: 'device.offline', data: { kind: 'camera', reason: 'probe_failed' }, occurredAt: at(90), deviceId: 'cam-1' }),
      ev({ type: 'gate.door_opened', data: {}, occurredAt: at(70) }),
      ev({ type: 'gate.door_opened', data: {}, occurredAt: at(75), compoundId: 'c2' }),
    ]);
    // gate-1 was up before the range and goes down for the last hour
    ts.recordDevicePresence({ compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-1', kind: 'gate', online: true, at: new Date(T0 - 10 * min) });
    ts.recordDevicePresence({ compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-1', kind: 'gate', online: false, at: new Date(T0 + 120 * min) });
    const open = (method: string, result: string, latencyMs: number, m: number) =>
      ts.recordGateOpen({ compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-1', id: newId(), method, result, latencyMs, at: new Date(T0 + m * min) });
    open('app', 'ok', 300, 1);
    open('app', 'ok', 500, 2);
    open('app', 'CMD_EXPIRED', 4000, 3);
    open('remote', 'ok', 200, 4);
    ts.recordCommandLatency({ compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-1', id: newId(), action: 'gate.open', status: 'ok', edgeLatencyMs: 120, roundTripMs: 310, at: new Date(T0 + min) });
    await ts.flush();
  });

  afterAll(async () => {
    await ts?.close();
    await influx?.stop();
  });

  it('writes every point through the 1.x /write path', () => {
    const s = ts.stats();
    expect(s.writeFailures).toBe(0);
    // 13 event writes (+1 health, +2 presence, +3 local gate opens derived) + 2 presence + 4 gate opens + 1 command
    expect(s.pointsQueued).toBe(26);
    expect(s.linesWritten).toBe(26);
  });

  it('eventsPerHour counts each event once per hour bucket, per compound', async () => {
    const buckets = await ts.eventsPerHour('c1', range);
    expect(buckets).toEqual([
      { time: '2025-06-01T00:00:00.000Z', count: 8 }, // 3 grants (2 in the same ms), denied, 1 deduped open, forced, alert, health
      { time: '2025-06-01T01:00:00.000Z', count: 3 },
      { time: '2025-06-01T02:00:00.000Z', count: 0 },
    ]);
    expect(await ts.eventsPerHour('c1', range, { type: 'gate.access_granted' })).toEqual([
      { time: '2025-06-01T00:00:00.000Z', count: 3 },
      { time: '2025-06-01T01:00:00.000Z', count: 0 },
      { time: '2025-06-01T02:00:00.000Z', count: 0 },
    ]);
    expect((await ts.eventsPerHour('c2', range)).map((b) => b.count)).toEqual([0, 1, 0]);
    expect(await ts.eventsPerHour('nobody', range)).toEqual([]);
  });

  it('alarmsPerDay separates raised alerts from alarm-lane events', async () => {
    expect(await ts.alarmsPerDay('c1', range)).toEqual([{ time: '2025-06-01T00:00:00.000Z', alerts: 1, alarmEvents: 3 }]);
    // a compound with events but no alarms gets zero days, not an empty chart
    expect(await ts.alarmsPerDay('c2', range)).toEqual([{ time: '2025-06-01T00:00:00.000Z', alerts: 0, alarmEvents: 0 }]);
    expect(await ts.alarmsPerDay('nobody', range)).toEqual([]);
  });

  it('alarmsPerDay buckets by local day when a time zone is set', async () => {
    const local = createTimeSeries({ url: influx.url, db: influx.db, flavor: 'v1', timeZone: 'Asia/Shanghai' });
    const days = await local.alarmsPerDay('c1', range);
    await local.close();
    // 2025-06-01T00:20Z is 08:20 in Beijing: the local day starts at 2025-05-31T16:00Z
    expect(days).toEqual([{ time: '2025-05-31T16:00:00.000Z', alerts: 1, alarmEvents: 3 }]);
  });

  it('gateOpensByMethod counts per method and result with latency', async () => {
    expect(await ts.gateOpensByMethod('c1', range)).toEqual([
      { method: 'app', result: 'ok', count: 2, meanLatencyMs: 400, maxLatencyMs: 500 },
      // local card opens come from the events (no latency); the command-caused grant is not counted twice
      { method: 'card', result: 'ok', count: 2, meanLatencyMs: null, maxLatencyMs: null },
      { method: 'app', result: 'CMD_EXPIRED', count: 1, meanLatencyMs: 4000, maxLatencyMs: 4000 },
      { method: 'qr', result: 'denied_expired', count: 1, meanLatencyMs: null, maxLatencyMs: null },
      { method: 'remote', result: 'ok', count: 1, meanLatencyMs: 200, maxLatencyMs: 200 },
    ]);
  });

  it('deviceUptime folds presence changes, carrying the state from before the range', async () => {
    const up = await ts.deviceUptime('c1', range);
    expect(up).toEqual([
      // first seen at 01:00, up 30 of the 120 observed minutes
      { deviceId: 'cam-1', kind: 'camera', upMs: 30 * min, observedMs: 120 * min, changes: 1, uptimeRatio: 0.25 },
      // up from before the range until 02:00, down the last hour
      { deviceId: 'gate-1', kind: 'gate', upMs: 120 * min, observedMs: 180 * min, changes: 1, uptimeRatio: 2 / 3 },
    ]);
  });

  it('stores gateway health and command latency fields', async () => {
    const client = createInfluxQLClient({ url: influx.url, db: influx.db });
    const [h] = await client.query(`SELECT outbox_depth, cpu_temp_c, cloud_link_up, dropped_telemetry FROM yg_gateway_health WHERE "gateway" = 'gw1'`);
    expect(h?.values).toEqual([[T0 + 30 * min, 12, 51.5, 1, 1]]);
    const [c] = await client.query(`SELECT round_trip_ms, edge_latency_ms FROM yg_command WHERE "action" = 'gate.open'`);
    expect(c?.values.map((v) => v.slice(1))).toEqual([[310, 120]]);
  });

  it('a bad query names the InfluxDB error', async () => {
    const client = createInfluxQLClient({ url: influx.url, db: influx.db });
    await expect(client.query('SELEC nonsense')).rejects.toThrow(/InfluxQL query failed/);
  });
});

describe('timeseries without InfluxDB', () => {
  it('is a no-op when no URL is configured', async () => {
    const lines: string[] = [];
    const ts = createTimeSeries({ db: 'x', log: { info: (_o, m) => lines.push(m ?? ''), warn: () => {} } });
    expect(ts.enabled).toBe(false);
    ts.recordEvents([ev({ type: 'gate.door_opened', data: {}, occurredAt: at(1) })]);
    await ts.flush();
    expect(await ts.eventsPerHour('c1', { from: new Date(T0), to: new Date(T0 + min) })).toEqual([]);
    expect(lines.join()).toMatch(/InfluxDB off/);
  });

  it('an unreachable server or a bad point never throws into the caller; failures are counted', async () => {
    const port = await freePort();
    const ts = createTimeSeries({ url: `http://127.0.0.1:${port}`, db: 'x', flavor: 'v1', maxRetries: 0, log: { info() {}, warn() {} } });
    ts.recordEvents([ev({ type: 'gate.door_opened', data: {}, occurredAt: 'not a time' })]);
    expect(ts.stats().writeFailures).toBe(1);
    ts.recordEvents([ev({ type: 'gate.door_opened', data: {}, occurredAt: at(1) })]);
    await ts.flush();
    await ts.close();
    expect(ts.stats().writeFailures).toBeGreaterThanOrEqual(2);
    expect(ts.stats().linesWritten).toBe(0);
    await expect(ts.eventsPerHour('c1', { from: new Date(T0), to: new Date(T0 + min) })).rejects.toThrow(/unreachable/);
  });
});

describe('timeseries wire settings for InfluxDB 2.x and 3', () => {
  it('writes to /api/v2/write with org, bucket and token, and reads InfluxQL with the token', async () => {
    const { createServer } = await import('node:http');
    const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
        if (req.url?.startsWith('/query')) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ results: [{ statement_id: 0, series: [{ name: 'yg_event', columns: ['time', 'sum'], values: [[T0, 4]] }] }] }));
        } else {
          res.statusCode = 204;
          res.end();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      for (const flavor of ['v2', 'v3'] as const) {
        seen.length = 0;
        const ts = createTimeSeries({ url: `http://127.0.0.1:${port}`, db: 'yg', bucket: 'yg-bucket', org: 'red-property', token: 'tok', flavor });
        ts.recordEvents([ev({ type: 'gate.door_opened', data: {}, occurredAt: at(1) })]);
        await ts.flush();
        const buckets = await ts.eventsPerHour('c1', { from: new Date(T0), to: new Date(T0 + 60 * min) });
        await ts.close();
        const write = seen.find((s) => s.method === 'POST');
        expect(write?.url).toBe('/api/v2/write?org=red-property&bucket=yg-bucket&precision=ns');
        expect(write?.auth).toBe('Token tok');
        expect(write?.body).toMatch(/^yg_event,compound=c1,device=gate-1,gateway=gw1,lane=normal,type=gate.door_opened count=1i \d+$/);
        const read = seen.find((s) => s.method === 'GET');
        expect(read?.url).toMatch(/^\/query\?db=yg&epoch=ms&q=SELECT/);
        expect(read?.auth).toBe('Token tok');
        expect(buckets).toEqual([{ time: new Date(T0).toISOString(), count: 4 }]);
      }
    } finally {
      server.close();
    }
  });
});
