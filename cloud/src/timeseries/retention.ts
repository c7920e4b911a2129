/**
 * InfluxDB 1.x retention policies, so points do not live forever. Two policies per database:
 * `yg_records` (the DEFAULT: events, gate opens, presence changes; kept as long as the SQL events,
 * at least 180 days per GB 50396) and `yg_telemetry` (gateway health readings, command latencies;
 * kept as long as SQL telemetry). The days come from the cloud's one RetentionPolicy.
 *
 * Ensured at start-up over InfluxQL: created when missing, ALTERed when the days (or the default flag)
 * differ, left alone otherwise, so a restart is a no-op. 2.x / 3 have bucket/database retention set
 * by the operator instead (README).
 */
import type { Measurement } from './points.js';
import { ident, rows, type InfluxQLClient } from './influxql.js';

export const retentionPolicies = { records: 'yg_records', telemetry: 'yg_telemetry' } as const;
export type RetentionKind = keyof typeof retentionPolicies;

/**
 * Where each measurement is kept. Presence changes go with the records although they are
 * telemetry-like: they are written only on a change (few), and the uptime chart needs the last
 * state before its range, which may be months old for a steady device.
 */
export const retentionOf: Record<Measurement, RetentionKind> = {
  yg_event: 'records',
  yg_gate_open: 'records',
  yg_device_presence: 'records',
  yg_gateway_health: 'telemetry',
  yg_command: 'telemetry',
};

export interface InfluxRetention {
  /** yg_telemetry: the SQL telemetry days (RetentionPolicy.telemetryDays). */
  telemetryDays: number;
  /** yg_records: the SQL events days (RetentionPolicy.eventsDays, at least 180). */
  recordsDays: number;
}

export interface RetentionOutcome {
  ok: boolean;
  created: string[];
  altered: string[];
  unchanged: string[];
  /** Why it failed (ok false), or why it was not attempted. */
  error?: string;
}

/** InfluxDB's duration text ("720h0m0s", "0s" = infinite) in hours. */
export function durationHours(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '') throw new Error(`unknown InfluxDB duration "${text}"`);
  return Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
}

/** Create or alter both policies on `db` so they match `r`. Throws on an InfluxDB error (the caller counts and logs it). */
export async function ensureRetentionPolicies(client: InfluxQLClient, db: string, r: InfluxRetention): Promise<RetentionOutcome> {
  const want: { name: string; days: number; isDefault: boolean }[] = [
    { name: retentionPolicies.records, days: r.recordsDays, isDefault: true },
    { name: retentionPolicies.telemetry, days: r.telemetryDays, isDefault: false },
  ];
  // Hours, so a policy given in fractions of a day still maps exactly; InfluxDB's minimum is 1 h.
  const hoursOf = (days: number) => {
    const h = Math.round(days * 24);
    if (!(h >= 1)) throw new Error(`InfluxDB retention: ${days} days is shorter than InfluxDB's minimum of 1 hour`);
    return h;
  };
  const [series] = await client.query(`SHOW RETENTION POLICIES ON ${ident(db)}`);
  const have = new Map((series ? rows(series) : []).map((p) => [String(p.name), { hours: durationHours(String(p.duration)), isDefault: p.default === true }]));
  const out: RetentionOutcome = { ok: true, created: [], altered: [], unchanged: [] };
  for (const w of want) {
    const hours = hoursOf(w.days);
    const on = `${ident(w.name)} ON ${ident(db)} DURATION ${hours}h`;
    const dflt = w.isDefault ? ' DEFAULT' : '';
    const cur = have.get(w.name);
    if (!cur) {
      await client.command(`CREATE RETENTION POLICY ${on} REPLICATION 1${dflt}`);
      out.created.push(w.name);
    } else if (cur.hours !== hours || (w.isDefault && !cur.isDefault)) {
      await client.command(`ALTER RETENTION POLICY ${on}${dflt}`);
      out.altered.push(w.name);
    } else {
      out.unchanged.push(w.name);
    }
  }
  return out;
}
