/**
 * Time series for the console's charts, in InfluxDB: writes through @influxdata/influxdb-client's
 * WriteApi (batching + retry), reads over InfluxQL. `createTimeSeries` returns a no-op when no URL
 * is configured, so callers never branch on "is InfluxDB on".
 */
import { InfluxDB, setLogger, type Point, type WriteApi } from '@influxdata/influxdb-client';
import type { Event } from '@yardguard/firmware-config';
import { createInfluxQLClient } from './influxql.js';
import { commandPoint, devicePresencePoint, gateOpenPoint, gatewayHealthPoint, pointsForEvent } from './points.js';
import { alarmsPerDay, deviceUptime, eventsPerHour, gateOpensByMethod, type QueryContext } from './queries.js';
import type { InfluxFlavor, TimeSeries, TimeSeriesOptions, TimeSeriesStats } from './types.js';

export type * from './types.js';
export { TimeSeriesQueryError } from './influxql.js';
export { measurements } from './points.js';

/** The implementation used when InfluxDB is off: records nothing, charts are empty. */
export function disabledTimeSeries(): TimeSeries {
  const empty = async () => [];
  return {
    enabled: false,
    flavor: 'off',
    recordEvents() {},
    recordGatewayHealth() {},
    recordDevicePresence() {},
    recordGateOpen() {},
    recordCommandLatency() {},
    async flush() {},
    async close() {},
    stats: () => ({ pointsQueued: 0, linesWritten: 0, writeFailures: 0 }),
    eventsPerHour: empty,
    alarmsPerDay: empty,
    gateOpensByMethod: empty,
    deviceUptime: empty,
  };
}

/** WriteApi for the flavor: 1.x has no /api/v2/write (404 on 1.6), so its path is pointed at /write. */
function writeApiFor(influx: InfluxDB, flavor: InfluxFlavor, o: TimeSeriesOptions): WriteApi {
  if (flavor === 'v1') {
    const w = influx.getWriteApi('', o.db, 'ns');
    w.path = `/write?db=${encodeURIComponent(o.db)}&precision=ns`;
    return w;
  }
  // 2.x: org + bucket; 3 accepts the v2 write with the database as bucket (org is ignored).
  return influx.getWriteApi(o.org ?? '', o.bucket ?? o.db, 'ns');
}

export function createTimeSeries(o: TimeSeriesOptions): TimeSeries {
  if (!o.url) {
    o.log?.info({}, 'InfluxDB off: no URL configured, time series are not recorded');
    return disabledTimeSeries();
  }
  const flavor = o.flavor ?? 'v1';
  const stats: TimeSeriesStats = { pointsQueued: 0, linesWritten: 0, writeFailures: 0 };
  const maxRetries = o.maxRetries ?? 5;
  const log = o.log;
  // The client logs retries to the console by itself; send them to our logger instead (it is global).
  if (log) {
    setLogger({
      error: (message, err) => log.warn({ err: (err as Error | undefined)?.message }, `influxdb-client: ${message}`),
      warn: (message, err) => log.warn({ err: (err as Error | undefined)?.message }, `influxdb-client: ${message}`),
    });
  }
  const influx = new InfluxDB({
    url: o.url,
    ...(o.token ? { token: o.token } : {}),
    timeout: 10_000,
    writeOptions: {
      batchSize: o.batchSize ?? 1000,
      flushInterval: o.flushIntervalMs ?? 1000,
      maxRetries,
      maxBufferLines: 100_000,
      maxRetryDelay: 15_000,
      writeFailed(error, lines, attempt) {
        stats.writeFailures++;
        log?.warn({ err: error.message, lines: lines.length, attempt }, 'InfluxDB write failed');
        // undefined = keep the client's retry with backoff
      },
      writeSuccess(lines) {
        stats.linesWritten += lines.length;
      },
      writeRetrySkipped(entry) {
        log?.warn({ lines: entry.lines.length }, 'InfluxDB retry buffer full: oldest points dropped');
      },
    },
  });
  const writer = writeApiFor(influx, flavor, o);
  const ctx: QueryContext = {
    client: createInfluxQLClient({ url: o.url, db: o.db, ...(o.token ? { token: o.token } : {}) }),
    timeZone: o.timeZone === undefined ? 'Asia/Shanghai' : o.timeZone,
  };
  log?.info({ url: o.url, db: o.db, flavor }, 'InfluxDB on: recording time series');

  /** Bad input (an invalid date, a NaN) costs that point only, never the caller. */
  const write = (make: () => Point | Point[]) => {
    try {
      const points = make();
      const list = Array.isArray(points) ? points : [points];
      writer.writePoints(list);
      stats.pointsQueued += list.length;
    } catch (err) {
      stats.writeFailures++;
      log?.warn({ err: (err as Error).message }, 'time-series point refused');
    }
  };

  return {
    enabled: true,
    flavor,
    recordEvents(events: readonly Event[]) {
      for (const e of events) write(() => pointsForEvent(e));
    },
    recordGatewayHealth: (s) => write(() => gatewayHealthPoint(s)),
    recordDevicePresence: (s) => write(() => devicePresencePoint(s)),
    recordGateOpen: (s) => write(() => gateOpenPoint(s)),
    recordCommandLatency: (s) => write(() => commandPoint(s)),
    async flush() {
      try {
        await writer.flush(true);
      } catch (err) {
        log?.warn({ err: (err as Error).message }, 'InfluxDB flush failed (points stay queued for retry)');
      }
    },
    async close() {
      try {
        await writer.close();
      } catch (err) {
        log?.warn({ err: (err as Error).message }, 'InfluxDB close: unsent points dropped');
      }
    },
    stats: () => ({ ...stats }),
    eventsPerHour: (c, r, opts) => eventsPerHour(ctx, c, r, opts),
    alarmsPerDay: (c, r) => alarmsPerDay(ctx, c, r),
    gateOpensByMethod: (c, r) => gateOpensByMethod(ctx, c, r),
    deviceUptime: (c, r) => deviceUptime(ctx, c, r),
  };
}
