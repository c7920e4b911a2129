/** Charts read back from the time series (InfluxDB). Empty arrays when InfluxDB is off (`enabled: false`). */
import { z } from 'zod';
import { apiTime } from './common.js';

/** ?from=&to= (ISO times; default: the last 24 h for hourly charts, the last 30 days for daily ones), &type= for events. */
export const chartQuery = z.object({
  from: apiTime.optional(),
  to: apiTime.optional(),
  type: z.string().max(60).optional(),
});
export type ChartQuery = z.infer<typeof chartQuery>;

const chartMeta = { enabled: z.boolean(), from: apiTime, to: apiTime };

/** GET /api/compounds/:compoundId/charts/events-per-hour */
export const eventsPerHourChart = z.object({ ...chartMeta, buckets: z.array(z.object({ time: z.string(), count: z.number() })) });
export type EventsPerHourChart = z.infer<typeof eventsPerHourChart>;

/** GET /api/compounds/:compoundId/charts/alarms-per-day */
export const alarmsPerDayChart = z.object({ ...chartMeta, days: z.array(z.object({ time: z.string(), alerts: z.number(), alarmEvents: z.number() })) });
export type AlarmsPerDayChart = z.infer<typeof alarmsPerDayChart>;

/** GET /api/compounds/:compoundId/charts/gate-opens */
export const gateOpensChart = z.object({
  ...chartMeta,
  stats: z.array(z.object({ method: z.string(), result: z.string(), count: z.number(), meanLatencyMs: z.number().nullable(), maxLatencyMs: z.number().nullable() })),
});
export type GateOpensChart = z.infer<typeof gateOpensChart>;

/** GET /api/compounds/:compoundId/charts/device-uptime */
export const deviceUptimeChart = z.object({
  ...chartMeta,
  devices: z.array(z.object({ deviceId: z.string(), kind: z.string().nullable(), uptimeRatio: z.number(), upMs: z.number(), observedMs: z.number(), changes: z.number() })),
});
export type DeviceUptimeChart = z.infer<typeof deviceUptimeChart>;
