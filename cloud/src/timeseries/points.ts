/**
 * Domain -> InfluxDB points. Pure functions, one per measurement.
 *
 * Timestamps are nanoseconds: the millisecond of the sample plus a sub-millisecond offset derived from
 * the record's id. Two different events in the same millisecond with the same tags therefore stay two
 * points (InfluxDB would otherwise keep only the last), and the same event written twice (a redelivered
 * batch) lands on the same point: counts stay exact and idempotent.
 */
import { Point } from '@influxdata/influxdb-client';
import { laneOf, type Event } from '@yardguard/firmware-config';
import type {
  CommandLatencySample,
  DevicePresenceSample,
  GateOpenSample,
  GatewayHealthSample,
} from './types.js';

export const measurements = {
  event: 'yg_event',
  gatewayHealth: 'yg_gateway_health',
  devicePresence: 'yg_device_presence',
  gateOpen: 'yg_gate_open',
  command: 'yg_command',
} as const;
export type Measurement = (typeof measurements)[keyof typeof measurements];

/** A stable number in [0, 1e6) from an id (FNV-1a), used as the sub-millisecond part of a timestamp. */
export function subMillisOffset(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 1_000_000;
}

/** Nanosecond timestamp string for `at` made unique per `id`. */
export function nanos(at: Date, id: string): string {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new Error(`invalid time for ${id}`);
  return (BigInt(ms) * 1_000_000n + BigInt(subMillisOffset(id))).toString();
}

export function eventPoint(e: Event): Point {
  return new Point(measurements.event)
    .tag('compound', e.compoundId)
    .tag('gateway', e.gatewayId)
    .tag('device', e.deviceId)
    .tag('type', e.type)
    .tag('lane', laneOf(e.type))
    .intField('count', 1)
    .timestamp(nanos(new Date(e.occurredAt), e.id));
}

export function gatewayHealthPoint(s: GatewayHealthSample): Point {
  const h = s.health;
  const p = new Point(measurements.gatewayHealth)
    .tag('compound', s.compoundId)
    .tag('gateway', s.gatewayId)
    .floatField('uptime_s', h.uptimeS)
    .floatField('mem_rss_mb', h.memRssMb)
    .floatField('heap_used_mb', h.heapUsedMb)
    .floatField('mem_free_mb', h.memFreeMb)
    .intField('outbox_depth', h.outboxDepth)
    .floatField('outbox_oldest_age_s', h.outboxOldestAgeS)
    .intField('dropped_telemetry', h.outboxDropped.telemetry)
    .intField('dropped_normal', h.outboxDropped.normal)
    .intField('dropped_alarm', h.outboxDropped.alarm)
    .intField('last_acked_seq', h.lastAckedSeq)
    .intField('cloud_link_up', h.cloudLink === 'up' ? 1 : 0)
    .intField('devices_online', h.devicesOnline)
    .intField('devices_total', h.devicesTotal)
    .intField('broker_clients', h.brokerClients);
  if (h.cpuTempC !== undefined) p.floatField('cpu_temp_c', h.cpuTempC);
  if (h.diskFreeMb !== undefined) p.floatField('disk_free_mb', h.diskFreeMb);
  if (h.outboxBytes !== undefined) p.intField('outbox_bytes', h.outboxBytes);
  if (h.deadLetters !== undefined) p.intField('dead_letters', h.deadLetters);
  if (h.badMessages !== undefined) p.intField('bad_messages', h.badMessages);
  if (s.lagS !== undefined) p.floatField('lag_s', s.lagS);
  return p.timestamp(nanos(s.at, s.gatewayId));
}

export function devicePresencePoint(s: DevicePresenceSample): Point {
  const p = new Point(measurements.devicePresence)
    .tag('compound', s.compoundId)
    .tag('gateway', s.gatewayId)
    .tag('device', s.deviceId);
  if (s.kind) p.tag('kind', s.kind);
  // 1/0 rather than a boolean: mean() over it is an uptime ratio in any InfluxQL.
  return p.intField('up', s.online ? 1 : 0).timestamp(nanos(s.at, s.deviceId));
}

export function gateOpenPoint(s: GateOpenSample): Point {
  return new Point(measurements.gateOpen)
    .tag('compound', s.compoundId)
    .tag('gateway', s.gatewayId)
    .tag('device', s.deviceId)
    .tag('method', s.method)
    .tag('result', s.result)
    .intField('count', 1)
    .floatField('latency_ms', s.latencyMs)
    .timestamp(nanos(s.at, s.id));
}

export function commandPoint(s: CommandLatencySample): Point {
  const p = new Point(measurements.command)
    .tag('compound', s.compoundId)
    .tag('gateway', s.gatewayId)
    .tag('device', s.deviceId)
    .tag('action', s.action)
    .tag('status', s.status)
    .floatField('round_trip_ms', s.roundTripMs);
  if (s.edgeLatencyMs !== undefined) p.floatField('edge_latency_ms', s.edgeLatencyMs);
  return p.timestamp(nanos(s.at, s.id));
}

/** Every point one stored event yields, with its measurement (which decides its retention policy). */
export function pointsForEvent(e: Event): [Measurement, Point][] {
  const points: [Measurement, Point][] = [[measurements.event, eventPoint(e)]];
  const at = new Date(e.occurredAt);
  const base = { compoundId: e.compoundId, gatewayId: e.gatewayId };
  if (e.type === 'gateway.health') points.push([measurements.gatewayHealth, gatewayHealthPoint({ ...base, health: e.data, at })]);
  // Local opens (card, face, QR, exit button) and refusals count in the gate-open chart too. Opens
  // caused by a cloud command carry its commandId and are recorded by the gate-open path, with latency.
  if ((e.type === 'gate.access_granted' && !e.data.commandId) || e.type === 'gate.access_denied') {
    points.push([
      measurements.gateOpen,
      new Point(measurements.gateOpen)
        .tag('compound', e.compoundId)
        .tag('gateway', e.gatewayId)
        .tag('device', e.deviceId)
        .tag('method', e.data.method)
        .tag('result', e.type === 'gate.access_granted' ? 'ok' : `denied_${e.data.reason}`)
        .intField('count', 1)
        .timestamp(nanos(at, e.id)),
    ]);
  }
  if (e.type === 'device.online' || e.type === 'device.offline') {
    points.push([measurements.devicePresence, devicePresencePoint({ ...base, deviceId: e.deviceId, kind: e.data.kind, online: e.type === 'device.online', at })]);
  }
  return points;
}
