/** What the cloud records in InfluxDB and what the console's charts read back. */
import type { AccessMethod, Event, GatewayHealth } from '@yardguard/firmware-config';
import type { InfluxRetention, RetentionOutcome } from './retention.js';

export type { InfluxRetention, RetentionOutcome } from './retention.js';

/** Which InfluxDB speaks at `url`: 1.x (1.6+), 2.x, or 3 (Core/Enterprise/Cloud). */
export type InfluxFlavor = 'v1' | 'v2' | 'v3';

export interface TimeSeriesOptions {
  /** http://host:8086; absent or empty = time series off (a no-op implementation). */
  url?: string;
  /** 1.x database; 3 database; 2.x: the database name mapped to the bucket (DBRP) for InfluxQL reads. */
  db: string;
  /** 2.x / 3 API token; 1.x with auth: "user:password". */
  token?: string;
  /** 2.x organisation (writes). */
  org?: string;
  /** 2.x bucket (writes); defaults to db. */
  bucket?: string;
  flavor?: InfluxFlavor;
  /** IANA zone for hour/day buckets of the charts (InfluxQL tz()); null = UTC. Default Asia/Shanghai. */
  timeZone?: string | null;
  /** Write batching: lines per request and the longest a point waits before it is sent. */
  batchSize?: number;
  flushIntervalMs?: number;
  maxRetries?: number;
  /**
   * 1.x: manage the retention policies yg_records (default) and yg_telemetry with these days, write
   * each measurement to its policy and read from it. Absent: everything goes to the database's
   * default policy, kept as the operator set it. Ignored for 2.x / 3 (bucket retention, README).
   */
  retention?: InfluxRetention;
  /** A failed retention set-up is tried again this often until it succeeds (default 60 s). */
  retentionRetryMs?: number;
  log?: TimeSeriesLogger;
}

export interface TimeSeriesLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface GateOpenSample {
  compoundId: string;
  gatewayId: string;
  /** The gate device. */
  deviceId: string;
  /** Command id (or event id): the same open recorded twice stays one point. */
  id: string;
  method: AccessMethod | string;
  /** ok, or the error code (CMD_EXPIRED, GATE_RELAY_TIMEOUT, ...). */
  result: string;
  /** From the request to the result, as the cloud saw it. */
  latencyMs: number;
  at: Date;
}

export interface CommandLatencySample {
  compoundId: string;
  gatewayId: string;
  deviceId: string;
  id: string;
  action: string;
  status: 'ok' | 'error' | 'timeout';
  /** Edge-side latency from the command result (receipt at the edge to result). */
  edgeLatencyMs?: number;
  /** Round trip as the cloud measured it (issued to result received). */
  roundTripMs: number;
  at: Date;
}

export interface DevicePresenceSample {
  compoundId: string;
  gatewayId: string;
  deviceId: string;
  kind?: string;
  online: boolean;
  at: Date;
}

export interface GatewayHealthSample {
  compoundId: string;
  gatewayId: string;
  health: GatewayHealth;
  at: Date;
  /** Seconds between the health reading and its arrival at the cloud (uplink lag). */
  lagS?: number;
}

export interface TimeRange {
  from: Date;
  to: Date;
}

export interface CountBucket {
  /** Start of the bucket (ISO 8601, UTC). */
  time: string;
  count: number;
}

export interface AlarmDay {
  time: string;
  /** alert.raised events (what guards handle). */
  alerts: number;
  /** Every event in the alarm lane (forced doors, tamper, offline devices, alerts...). */
  alarmEvents: number;
}

export interface GateOpenStat {
  method: string;
  result: string;
  count: number;
  meanLatencyMs: number | null;
  maxLatencyMs: number | null;
}

export interface DeviceUptime {
  deviceId: string;
  kind: string | null;
  /** up time / observed time inside the range (0..1). */
  uptimeRatio: number;
  upMs: number;
  observedMs: number;
  /** up/down changes inside the range. */
  changes: number;
}

export interface TimeSeriesStats {
  pointsQueued: number;
  linesWritten: number;
  writeFailures: number;
  /** Failed attempts to create/alter the retention policies (each is logged and tried again later). */
  retentionFailures: number;
}

export interface TimeSeries {
  readonly enabled: boolean;
  readonly flavor: InfluxFlavor | 'off';
  /** Stored events: one yg_event point each, plus health and presence points derived from them. */
  recordEvents(events: readonly Event[]): void;
  recordGatewayHealth(sample: GatewayHealthSample): void;
  recordDevicePresence(sample: DevicePresenceSample): void;
  recordGateOpen(sample: GateOpenSample): void;
  recordCommandLatency(sample: CommandLatencySample): void;
  /**
   * Create or alter the retention policies (1.x with `retention` set). Never throws: a failure is
   * counted, logged and tried again every `retentionRetryMs` until it succeeds or the series closes.
   */
  ensureRetention(): Promise<RetentionOutcome>;
  /** Send what is buffered now (tests, shutdown). Never throws: failures are counted and logged. */
  flush(): Promise<void>;
  close(): Promise<void>;
  stats(): TimeSeriesStats;
  eventsPerHour(compoundId: string, range: TimeRange, opts?: { type?: string }): Promise<CountBucket[]>;
  alarmsPerDay(compoundId: string, range: TimeRange): Promise<AlarmDay[]>;
  gateOpensByMethod(compoundId: string, range: TimeRange): Promise<GateOpenStat[]>;
  deviceUptime(compoundId: string, range: TimeRange): Promise<DeviceUptime[]>;
}
