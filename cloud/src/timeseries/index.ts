/**
 * Time series for the console's charts, in InfluxDB: writes through @influxdata/influxdb-client's
 * WriteApi (batching + retry), reads over InfluxQL. `createTimeSeries` returns a no-op when no URL
 * is configured, so callers never branch on "is InfluxDB on".
 */
import { InfluxDB, setLogger, type Point, type WriteApi } from '@influxdata/influxdb-client';
import type { Event } from '@yardguard/firmware-config';
import { createInfluxQLClient, ident } from './influxql.js';
import { commandPoint, devicePresencePoint, gateOpenPoint, gatewayHealthPoint, measurements, pointsForEvent, type Measurement } from './points.js';
import { alarmsPerDay, deviceUptime, eventsPerHour, gateOpensByMethod, type QueryContext } from './queries.js';
import { ensureRetentionPolicies, retentionOf, retentionPolicies, type RetentionKind, type RetentionOutcome } from './retention.js';
import type { InfluxFlavor, TimeSeries, TimeSeriesOptions, TimeSeriesStats } from './types.js';

export type * from './types.js';
export { TimeSeriesQueryError } from './influxql.js';
export { measurements } from './points.js';
export { retentionOf, retentionPolicies } from './retention.js';

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
    ensureRetention: async () => ({ ok: true, created: [], altered: [], unchanged: [], error: 'InfluxDB off' }),
    async flush() {},
    async close() {},
    stats: () => ({ pointsQueued: 0, linesWritten: 0, writeFailures: 0, retentionFailures: 0 }),
    eventsPerHour: empty,
    alarmsPerDay: empty,
    gateOpensByMethod: empty,
    deviceUptime: empty,
  };
}

/**
 * WriteApi for the flavor: 1.x has no /api/v2/write (404 on 1.6), so its path is pointed at /write,
 * with `rp` when the cloud manages retention (one WriteApi per policy).
 */
function writeApiFor(influx: InfluxDB, flavor: InfluxFlavor, o: TimeSeriesOptions, rp?: string): WriteApi {
  if (flavor === 'v1') {
    const w = influx.getWriteApi('', o.db, 'ns');
    w.path = `/write?db=${encodeURIComponent(o.db)}${rp ? `&rp=${encodeURIComponent(rp)}` : ''}&precision=ns`;
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
  const stats: TimeSeriesStats = { pointsQueued: 0, linesWritten: 0, writeFailures: 0, retentionFailures: 0 };
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
  // Retention policies are ours to manage on 1.x only; 2.x / 3 keep data as their bucket says.
  const retention = flavor === 'v1' ? o.retention : undefined;
  const writers: Record<RetentionKind, WriteApi> = retention
    ? { records: writeApiFor(influx, flavor, o, retentionPolicies.records), telemetry: writeApiFor(influx, flavor, o, retentionPolicies.telemetry) }
    : (() => {
        const one = writeApiFor(influx, flavor, o);
        return { records: one, telemetry: one };
      })();
  const allWriters = [...new Set(Object.values(writers))];
  const client = createInfluxQLClient({ url: o.url, db: o.db, ...(o.token ? { token: o.token } : {}) });
  const ctx: QueryContext = {
    client,
    timeZone: o.timeZone === undefined ? 'Asia/Shanghai' : o.timeZone,
    from: retention ? (m) => `${ident(o.db)}.${ident(retentionPolicies[retentionOf[m]])}.${ident(m)}` : (m) => ident(m),
  };
  log?.info({ url: o.url, db: o.db, flavor, retention: retention ?? 'database default' }, 'InfluxDB on: recording time series');

  /** Bad input (an invalid date, a NaN) costs that point only, never the caller. */
  const write = (make: () => [Measurement, Point][]) => {
    try {
      for (const [m, point] of make()) {
        writers[retentionOf[m]].writePoint(point);
        stats.pointsQueued++;
      }
    } catch (err) {
      stats.writeFailures++;
      log?.warn({ err: (err as Error).message }, 'time-series point refused');
    }
  };

  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  async function ensureRetention(): Promise<RetentionOutcome> {
    if (!retention) return { ok: true, created: [], altered: [], unchanged: [], error: flavor === 'v1' ? 'no retention configured' : `${flavor}: set the bucket's retention (README)` };
    clearTimeout(retry);
    try {
      const done = await ensureRetentionPolicies(client, o.db, retention);
      log?.info({ ...done, ...retention }, 'InfluxDB retention policies in place');
      return done;
    } catch (err) {
      // InfluxDB is optional: never stop the cloud for it; points to a missing policy fail (counted) until it exists.
      stats.retentionFailures++;
      const error = (err as Error).message;
      log?.warn({ err: error, db: o.db }, 'InfluxDB retention policies not set (tried again later); is the database created?');
      if (!closed) {
        retry = setTimeout(() => void ensureRetention(), o.retentionRetryMs ?? 60_000);
        retry.unref();
      }
      return { ok: false, created: [], altered: [], unchanged: [], error };
    }
  }

  return {
    enabled: true,
    flavor,
    recordEvents(events: readonly Event[]) {
      for (const e of events) write(() => pointsForEvent(e));
    },
    recordGatewayHealth: (s) => write(() => [[measurements.gatewayHealth, gatewayHealthPoint(s)]]),
    recordDevicePresence: (s) => write(() => [[measurements.devicePresence, devicePresencePoint(s)]]),
    recordGateOpen: (s) => write(() => [[measurements.gateOpen, gateOpenPoint(s)]]),
    recordCommandLatency: (s) => write(() => [[measurements.command, commandPoint(s)]]),
    ensureRetention,
    async flush() {
      for (const w of allWriters) {
        try {
          await w.flush(true);
        } catch (err) {
          log?.warn({ err: (err as Error).message }, 'InfluxDB flush failed (points stay queued for retry)');
        }
      }
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      for (const w of allWriters) {
        try {
          await w.close();
        } catch (err) {
          log?.warn({ err: (err as Error).message }, 'InfluxDB close: unsent points dropped');
        }
      }
    },
    stats: () => ({ ...stats }),
    eventsPerHour: (c, r, opts) => eventsPerHour(ctx, c, r, opts),
    alarmsPerDay: (c, r) => alarmsPerDay(ctx, c, r),
    gateOpensByMethod: (c, r) => gateOpensByMethod(ctx, c, r),
    deviceUptime: (c, r) => deviceUptime(ctx, c, r),
  };
}
