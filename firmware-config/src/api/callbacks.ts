/**
 * Callbacks (回访): after 验单 the customer-service team phones the resident (a call list with
 * phone numbers; the result and satisfaction recorded), or the resident rates in the app.
 * Satisfied = 4 or 5 of 5 (满意 / 非常满意); reports quote satisfied / answered.
 */
import { z } from 'zod';
import { apiId, apiSlug, apiTime } from './common.js';

export const callbackStatuses = ['pending', 'done', 'unreachable'] as const;
export const callbackStatus = z.enum(callbackStatuses);
export type CallbackStatus = z.infer<typeof callbackStatus>;

export const callback = z.object({
  id: apiId,
  workOrderId: apiId,
  compoundId: apiSlug,
  workOrderTitle: z.string(),
  residentId: apiId,
  residentName: z.string(),
  /** Whom to call; null when the resident left no number (then only the in-app rating remains). */
  phone: z.string().nullable(),
  verifiedAt: apiTime,
  dueAt: apiTime,
  status: callbackStatus,
  attempts: z.number().int(),
  channel: z.enum(['phone', 'app']).nullable(),
  satisfaction: z.number().int().min(1).max(5).nullable(),
  result: z.string().nullable(),
  calledBy: z.string().nullable(),
  calledAt: apiTime.nullable(),
});
export type Callback = z.infer<typeof callback>;
export const callbackList = z.object({ callbacks: z.array(callback) });
export type CallbackList = z.infer<typeof callbackList>;
export const callbackListQuery = z.object({
  compoundId: apiSlug.optional(),
  status: callbackStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** POST /api/callbacks/:callbackId: one call. Unreachable three times ends as `unreachable`. */
export const recordCallbackRequest = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('answered'), satisfaction: z.number().int().min(1, 'rate 1 to 5').max(5, 'rate 1 to 5'), result: z.string().trim().max(500).optional() }).strict(),
  z.object({ outcome: z.literal('unreachable'), result: z.string().trim().max(500).optional() }).strict(),
]);
export type RecordCallbackRequest = z.infer<typeof recordCallbackRequest>;
export const callbackIdParams = z.object({ callbackId: apiId });
