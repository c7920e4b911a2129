/**
 * The public notice board of a compound (公示栏, "八公开"): reachable without an account from a QR
 * code at the gate. The manager publishes the editable part (services, fees, phones, the month's
 * income and spending, safety notices); staff on duty and work orders are filled in live, without
 * personal data (no resident names, phones, rooms, descriptions or photos).
 */
import { z } from 'zod';
import { apiId, apiSlug, apiTime } from './common.js';
import { workOrderStage } from './ops.js';

const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const money = z.number().nonnegative().max(100_000_000);

export const noticeContent = z.object({
  services: z.array(z.object({ name: line(40), detail: z.string().trim().max(200).default('') }).strict()).max(30).default([]),
  fees: z.array(z.object({ item: line(40), standard: line(80) }).strict()).max(30).default([]),
  /** Repair and complaint lines (报修 / 投诉电话). */
  phones: z.array(z.object({ label: line(40), phone: z.string().trim().regex(/^[0-9+\- ]{3,20}$/, 'must be a phone number') }).strict()).max(10).default([]),
  finance: z.object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
    income: z.array(z.object({ item: line(40), amount: money }).strict()).max(30),
    spending: z.array(z.object({ item: line(40), amount: money }).strict()).max(30),
  }).strict().nullable().default(null),
  safetyNotices: z.array(z.object({ title: line(60), body: z.string().trim().max(1000).default(''), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD') }).strict()).max(20).default([]),
  rules: z.string().trim().max(4000).default(''),
}).strict();
export type NoticeContent = z.infer<typeof noticeContent>;
export type NoticeContentInput = z.input<typeof noticeContent>;

/** What anyone with the QR code sees. */
export const publicNotice = z.object({
  compound: z.object({ name: z.string(), address: z.string().nullable(), community: z.string().nullable(), company: z.string().nullable() }),
  publishedAt: apiTime.nullable(),
  version: z.number().int(),
  content: noticeContent,
  financeTotals: z.object({ income: z.number(), spending: z.number(), balance: z.number() }).nullable(),
  onDuty: z.array(z.object({ name: z.string(), post: z.string(), phone: z.string().nullable() })),
  workOrders: z.object({
    month: z.string(),
    open: z.number().int(),
    closedThisMonth: z.number().int(),
    onTimeRate: z.number().nullable(),
    /** Latest orders: category and progress only. */
    latest: z.array(z.object({ category: z.string(), stage: workOrderStage, createdOn: z.string(), closedOn: z.string().nullable() })),
  }),
  generatedAt: apiTime,
});
export type PublicNotice = z.infer<typeof publicNotice>;
export const noticeTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'is not a notice board address') });

export const noticeBoard = z.object({
  compoundId: apiSlug,
  token: z.string(),
  /** Path of the public page (the console route the QR code points at). */
  path: z.string(),
  version: z.number().int(),
  publishedAt: apiTime.nullable(),
  publishedBy: z.string().nullable(),
  content: noticeContent,
});
export type NoticeBoard = z.infer<typeof noticeBoard>;
export const noticeHistory = z.object({
  versions: z.array(z.object({ id: apiId, version: z.number().int(), publishedAt: apiTime, publishedBy: z.string(), publishedByName: z.string().nullable(), content: noticeContent })),
});
export type NoticeHistory = z.infer<typeof noticeHistory>;
