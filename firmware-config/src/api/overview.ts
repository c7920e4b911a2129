/** GET /api/overview: 一屏观全域 in one call — every compound of the caller with what needs attention first. */
import { z } from 'zod';
import { apiSlug, apiTime } from './common.js';

export const compoundProblem = z.enum(['critical_alert', 'gateway_offline', 'overdue_orders', 'devices_offline']);
export type CompoundProblem = z.infer<typeof compoundProblem>;

export const compoundSummary = z.object({
  compoundId: apiSlug,
  name: z.string(),
  gateways: z.array(z.object({ id: apiSlug, name: z.string().nullable(), alive: z.boolean(), revoked: z.boolean(), ackAgeS: z.number().int().nullable() })),
  devicesOnline: z.number().int(),
  devicesTotal: z.number().int(),
  /** Unresolved alerts by severity, and how many of them nobody has acknowledged. */
  openAlerts: z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int(), unacknowledged: z.number().int() }),
  openOrders: z.number().int(),
  overdueOrders: z.number().int(),
  /** Events since 00:00 China time. */
  eventsToday: z.number().int(),
  onDuty: z.array(z.object({ displayName: z.string().nullable(), postName: z.string() })),
  /** Worst first; empty when all is well. The list is sorted by these. */
  problems: z.array(compoundProblem),
});
export type CompoundSummary = z.infer<typeof compoundSummary>;

export const overviewResponse = z.object({ at: apiTime, dayStartsAt: apiTime, compounds: z.array(compoundSummary) });
export type OverviewResponse = z.infer<typeof overviewResponse>;
