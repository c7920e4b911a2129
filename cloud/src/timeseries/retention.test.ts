// InfluxDB retention policies against a real influxd 1.x: created with the configured days, a restart
// changes nothing, changed days alter them, each measurement lands in its policy and the charts read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type Event } from '@yardguard/firmware-config';
import { freePort, startInflux, waitFor, type InfluxServer } from '@yardguard/test/servers';
import { createTimeSeries, type TimeSeries } from './index.js';
import { createInfluxQLClient, rows, type InfluxQLClient } from './influxql.js';
import { durationHours } from './retention.js';

const HOUR = 3_600_000;
// Recent times: InfluxDB drops points older than their policy's duration, so no fixed dates here.
const hourStart = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const at = (min: number) => new Date(hourStart + min * 60_000).toISOString();
const quiet = { info() {}, warn() {} };

let seq = 0;
function ev(type: Event['type'], data: unknown, occurredAt: string, deviceId = 'gate-1'): Event {
  return { v: 1, id: newId(), compoundId: 'c1', gatewayId: 'gw1', deviceId, occurredAt, seq: ++seq, type, data } as Event;
}

const health = {
  uptimeS: 60, memRssMb: 80, heapUsedMb: 30, memFreeMb: 400, outboxDepth: 0, outboxOldestAgeS: 0,
  outboxDropped: { telemetry: 0, normal: 0, alarm: 0 }, lastAckedSeq: 1, cloudLink: 'up', devicesOnline: 3, devicesTotal: 3, brokerClients: 4,
} as const;

async function policies(client: InfluxQLClient, db: string) {
  const [s] = await client.query(`SHOW RETENTION POLICIES ON "${db}"`);
  return Object.fromEntries(rows(s!).map((r) => [r.name, { hours: durationHours(String(r.duration)), default: r.default }]));
}

describe('InfluxDB retention policies on a real influxd 1.x', () => {
  let influx: InfluxServer;
  let client: InfluxQLClient;
  const open: TimeSeries[] = [];
  const series = (days: { telemetryDays: number; recordsDays: number }, db?: string) => {
    const ts = createTimeSeries({ url: influx.url, db: db ?? influx.db, flavor: 'v1', timeZone: null, flushIntervalMs: 60_000, retention: days, log: quiet });
    open.push(ts);
    return ts;
  };

  beforeAll(async () => {
    influx = await startInflux({ db: 'yg_rp' });
    client = createInfluxQLClient({ url: influx.url, db: influx.db });
  });
  afterAll(async () => {
    for (const ts of open) await ts.close();
    await influx?.stop();
  });

  it('creates yg_records (default) and yg_telemetry with the configured days; a restart changes nothing', async () => {
    const first = await series({ telemetryDays: 30, recordsDays: 365 }).ensureRetention();
    expect(first).toMatchObject({ ok: true, created: ['yg_records', 'yg_telemetry'], altered: [] });
    expect(await policies(client, influx.db)).toMatchObject({
      yg_records: { hours: 365 * 24, default: true },
      yg_telemetry: { hours: 30 * 24, default: false },
      autogen: { default: false },
    });
    // again in the same process, and as a restarted cloud would
    expect(await series({ telemetryDays: 30, recordsDays: 365 }).ensureRetention()).toMatchObject({ ok: true, created: [], altered: [], unchanged: ['yg_records', 'yg_telemetry'] });
  });

  it('alters the policies when the days change', async () => {
    const ts = series({ telemetryDays: 14, recordsDays: 400 });
    expect(await ts.ensureRetention()).toMatchObject({ ok: true, created: [], altered: ['yg_records', 'yg_telemetry'] });
    expect(await policies(client, influx.db)).toMatchObject({ yg_records: { hours: 400 * 24, default: true }, yg_telemetry: { hours: 14 * 24, default: false } });
    expect(ts.stats().retentionFailures).toBe(0);
  });

  it('writes each measurement to its policy, and the chart queries read them there', async () => {
    const ts = series({ telemetryDays: 30, recordsDays: 365 });
    await ts.ensureRetention();
    ts.recordEvents([
      ev('gate.access_granted', { method: 'card' }, at(5)),
      ev('gate.access_denied', { method: 'qr', reason: 'expired' }, at(6)),
      ev('gateway.health', health, at(10), 'gw1'),
      ev('device.online', { kind: 'camera' }, at(20), 'cam-1'),
    ]);
    ts.recordGateOpen({ compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-1', id: newId(), method: 'app', result: 'ok', latencyMs: 300, at: new Date(hourStart + 30 * 60_000) });
    ts.recordCommandLatency({ compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gate-1', id: newId(), action: 'gate.open', status: 'ok', roundTripMs: 310, at: new Date(hourStart + 30 * 60_000) });
    await ts.flush();
    expect(ts.stats()).toMatchObject({ writeFailures: 0, linesWritten: 10 });

    const count = async (rp: string, m: string) => {
      const [s] = await client.query(`SELECT count(*) FROM "${influx.db}"."${rp}"."${m}"`);
      return s ? Number(s.values[0]?.[1] ?? 0) : 0; // columns: time, count_<first field>
    };
    expect(await count('yg_records', 'yg_event')).toBe(4);
    expect(await count('yg_records', 'yg_gate_open')).toBe(3);
    expect(await count('yg_records', 'yg_device_presence')).toBe(1);
    expect(await count('yg_telemetry', 'yg_gateway_health')).toBe(1);
    expect(await count('yg_telemetry', 'yg_command')).toBe(1);
    expect(await count('yg_records', 'yg_gateway_health')).toBe(0);
    expect(await count('autogen', 'yg_event')).toBe(0);

    const range = { from: new Date(hourStart), to: new Date(hourStart + HOUR) };
    expect(await ts.eventsPerHour('c1', range)).toEqual([{ time: new Date(hourStart).toISOString(), count: 4 }]);
    expect((await ts.gateOpensByMethod('c1', range)).map((g) => `${g.method}:${g.result}:${g.count}`)).toEqual(['app:ok:1', 'card:ok:1', 'qr:denied_expired:1']);
    expect((await ts.deviceUptime('c1', range)).map((d) => d.deviceId)).toEqual(['cam-1']);
  });

  it('a missing database is counted and logged, never thrown, and set up once it exists', async () => {
    const warnings: string[] = [];
    const ts = createTimeSeries({
      url: influx.url, db: 'yg_later', flavor: 'v1', retention: { telemetryDays: 30, recordsDays: 365 }, retentionRetryMs: 50,
      log: { info() {}, warn: (_o, m) => warnings.push(m ?? '') },
    });
    open.push(ts);
    expect(await ts.ensureRetention()).toMatchObject({ ok: false, error: expect.stringMatching(/database not found/) });
    expect(ts.stats().retentionFailures).toBe(1);
    expect(warnings.join()).toMatch(/retention policies not set/);
    await client.command('CREATE DATABASE "yg_later"');
    // the retry timer sets the policies without anyone calling again
    const made = await waitFor(async () => (await policies(client, 'yg_later')).yg_records, { message: 'retry created yg_records' });
    expect(made).toEqual({ hours: 365 * 24, default: true });
  });

  it('an unreachable InfluxDB fails the set-up quietly', async () => {
    const ts = createTimeSeries({ url: `http://127.0.0.1:${await freePort()}`, db: 'x', flavor: 'v1', retention: { telemetryDays: 30, recordsDays: 365 }, log: quiet });
    const out = await ts.ensureRetention();
    await ts.close();
    expect(out).toMatchObject({ ok: false, error: expect.stringMatching(/unreachable/) });
    expect(ts.stats().retentionFailures).toBe(1);
  });

  it('2.x and 3 are left to their bucket retention', async () => {
    const ts = createTimeSeries({ url: influx.url, db: influx.db, flavor: 'v2', retention: { telemetryDays: 30, recordsDays: 365 }, log: quiet });
    expect(await ts.ensureRetention()).toMatchObject({ ok: true, created: [], altered: [], error: expect.stringMatching(/bucket/) });
    await ts.close();
  });
});
