/**
 * Monthly reports per compound, company and street (month boundaries in China time): cases,
 * on-time rate per step, callback satisfaction, alerts and response times; the headline reads
 * like the figures the districts quote ("544 件/日, 按时率 100%, 回访满意率 94.48%").
 */
import { z } from 'zod';
import { apiSlug } from './common.js';

export const reportScopes = ['compound', 'company', 'street'] as const;
export const reportScope = z.enum(reportScopes);
export type ReportScope = z.infer<typeof reportScope>;

export const monthlyReportQuery = z.object({
  scope: reportScope.default('compound'),
  /** The compound, company or street id; omitted: every one of this scope the user sees. */
  id: apiSlug.optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
});
export type MonthlyReportQuery = z.input<typeof monthlyReportQuery>;

const stepFigure = z.object({ moves: z.number().int(), onTime: z.number().int(), rate: z.number().nullable() });
export const monthlyReportRow = z.object({
  scope: reportScope,
  id: apiSlug,
  name: z.string(),
  month: z.string(),
  compoundIds: z.array(apiSlug),
  /** Work orders created in the month, and per day (days of the month). */
  cases: z.number().int(),
  casesPerDay: z.number(),
  /** Verified in the month, and of those verified by their due time. */
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  onTimeRate: z.number().nullable(),
  /** Moves made in the month against each step's own due time. */
  steps: z.object({ dispatch: stepFigure, accept: stepFigure, supervise: stepFigure, verify: stepFigure }),
  callbacks: z.object({
    due: z.number().int(), answered: z.number().int(), satisfied: z.number().int(), unreachable: z.number().int(),
    /** satisfied / answered. */
    satisfactionRate: z.number().nullable(),
  }),
  alerts: z.object({
    raised: z.number().int(), acknowledged: z.number().int(),
    /** Seconds from raised to acknowledged / resolved, averaged over those that were. */
    avgAckS: z.number().nullable(), avgResolveS: z.number().nullable(),
  }),
  /** 共 N 件（日均 x 件），按时率 y%，回访满意率 z% */
  headline: z.string(),
});
export type MonthlyReportRow = z.infer<typeof monthlyReportRow>;
export const monthlyReport = z.object({ rows: z.array(monthlyReportRow) });
export type MonthlyReport = z.infer<typeof monthlyReport>;
