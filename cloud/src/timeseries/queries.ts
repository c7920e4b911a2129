/** The console's chart queries, in InfluxQL (see influxql.ts for why InfluxQL). */
import { measurements, type Measurement } from './points.js';
import { literal, num, numOrNull, rows, timeMs, type InfluxQLClient } from './influxql.js';
import type { AlarmDay, CountBucket, DeviceUptime, GateOpenStat, TimeRange } from './types.js';

export interface QueryContext {
  client: InfluxQLClient;
  /** InfluxQL tz() zone for hour/day buckets; null = UTC. */
  timeZone: string | null;
  /** The measurement as it goes after FROM: `"db"."rp"."m"` when the cloud manages retention policies. */
  from: (m: Measurement) => string;
  now?: () => number;
}

function where(compoundId: string, range: TimeRange, extra: string[] = []): string {
  return [`"compound" = ${literal(compoundId)}`, `time >= ${timeMs(range.from)}`, `time < ${timeMs(range.to)}`, ...extra].join(' AND ');
}

const tz = (ctx: QueryContext) => (ctx.timeZone ? ` tz(${literal(ctx.timeZone)})` : '');

async function countBuckets(ctx: QueryContext, q: string): Promise<CountBucket[]> {
  const [series] = await ctx.client.query(q);
  if (!series) return [];
  return rows(series).map((r) => ({ time: new Date(num(r.time)).toISOString(), count: num(r.sum) }));
}

export function eventsPerHour(ctx: QueryContext, compoundId: string, range: TimeRange, opts: { type?: string } = {}): Promise<CountBucket[]> {
  const extra = opts.type ? [`"type" = ${literal(opts.type)}`] : [];
  return countBuckets(
    ctx,
    `SELECT sum("count") FROM ${ctx.from(measurements.event)} WHERE ${where(compoundId, range, extra)} GROUP BY time(1h) fill(0)${tz(ctx)}`,
  );
}

export async function alarmsPerDay(ctx: QueryContext, compoundId: string, range: TimeRange): Promise<AlarmDay[]> {
  const per = (extra: string[]) =>
    countBuckets(
      ctx,
      `SELECT sum("count") FROM ${ctx.from(measurements.event)} WHERE ${where(compoundId, range, extra)} GROUP BY time(1d) fill(0)${tz(ctx)}`,
    );
  // InfluxQL returns no rows at all when nothing matches, even with fill(0): the days come from all
  // of the compound's events, so a quiet week shows as zeros rather than as no data.
  const [days, lane, alerts] = await Promise.all([per([]), per([`"lane" = 'alarm'`]), per([`"type" = 'alert.raised'`])]);
  const laneByDay = new Map(lane.map((b) => [b.time, b.count]));
  const alertsByDay = new Map(alerts.map((b) => [b.time, b.count]));
  return days.map((b) => ({ time: b.time, alarmEvents: laneByDay.get(b.time) ?? 0, alerts: alertsByDay.get(b.time) ?? 0 }));
}

export async function gateOpensByMethod(ctx: QueryContext, compoundId: string, range: TimeRange): Promise<GateOpenStat[]> {
  const series = await ctx.client.query(
    `SELECT sum("count") AS "count", mean("latency_ms") AS "mean", max("latency_ms") AS "max" FROM ${ctx.from(measurements.gateOpen)} ` +
      `WHERE ${where(compoundId, range)} GROUP BY "method", "result"`,
  );
  return series
    .flatMap((s) =>
      rows(s).map((r) => ({
        method: s.tags.method ?? '',
        result: s.tags.result ?? '',
        count: num(r.count),
        meanLatencyMs: numOrNull(r.mean),
        maxLatencyMs: numOrNull(r.max),
      })),
    )
    .filter((s) => s.count > 0)
    .sort((a, b) => b.count - a.count || a.method.localeCompare(b.method) || a.result.localeCompare(b.result));
}

/**
 * Share of the range each device was up, from its presence changes: the state before the range
 * (last point before `from`) carries into it; a device first seen inside the range is observed from then.
 */
export async function deviceUptime(ctx: QueryContext, compoundId: string, range: TimeRange): Promise<DeviceUptime[]> {
  const m = ctx.from(measurements.devicePresence);
  const c = `"compound" = ${literal(compoundId)}`;
  const [before, inside] = await Promise.all([
    ctx.client.query(`SELECT last("up") AS "up" FROM ${m} WHERE ${c} AND time < ${timeMs(range.from)} GROUP BY "device", "kind"`),
    ctx.client.query(`SELECT "up" FROM ${m} WHERE ${where(compoundId, range)} GROUP BY "device", "kind"`),
  ]);
  const fromMs = range.from.getTime();
  const endMs = Math.min(range.to.getTime(), (ctx.now ?? Date.now)());
  type Timeline = { kind: string | null; start: { up: boolean } | null; changes: { t: number; up: boolean }[] };
  const devices = new Map<string, Timeline>();
  const timeline = (device: string, kind: string | undefined) => {
    let t = devices.get(device);
    if (!t) devices.set(device, (t = { kind: kind || null, start: null, changes: [] }));
    if (!t.kind && kind) t.kind = kind;
    return t;
  };
  for (const s of before) {
    const last = rows(s).at(-1);
    if (last) timeline(s.tags.device ?? '', s.tags.kind).start = { up: num(last.up) === 1 };
  }
  for (const s of inside) {
    const t = timeline(s.tags.device ?? '', s.tags.kind);
    for (const r of rows(s)) t.changes.push({ t: num(r.time), up: num(r.up) === 1 });
  }
  const out: DeviceUptime[] = [];
  for (const [deviceId, t] of devices) {
    t.changes.sort((a, b) => a.t - b.t);
    let state: boolean | null = t.start ? t.start.up : null;
    let cursor = t.start ? fromMs : (t.changes[0]?.t ?? endMs);
    let upMs = 0;
    let changes = 0;
    for (const ch of t.changes) {
      if (ch.t > endMs) break;
      if (state === true) upMs += ch.t - cursor;
      if (state !== null && state !== ch.up) changes++;
      state = ch.up;
      cursor = ch.t;
    }
    if (state === true) upMs += Math.max(0, endMs - cursor);
    const observedMs = Math.max(0, endMs - (t.start ? fromMs : (t.changes[0]?.t ?? endMs)));
    out.push({ deviceId, kind: t.kind, upMs, observedMs, changes, uptimeRatio: observedMs > 0 ? upMs / observedMs : 0 });
  }
  return out.sort((a, b) => a.deviceId.localeCompare(b.deviceId));
}
