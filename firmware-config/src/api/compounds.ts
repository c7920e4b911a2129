/** Compounds and enrollment codes. */
import { z } from 'zod';
import { apiId, apiSlug, apiTime } from './common.js';

export const compound = z.object({
  id: apiSlug,
  name: z.string(),
  address: z.string().nullable(),
  district: z.string().nullable(),
  households: z.number().int().nullable(),
  createdAt: apiTime,
});
export type Compound = z.infer<typeof compound>;

/** POST /api/compounds (admin, manager, installer) */
export const createCompoundRequest = z.object({
  /** Optional readable id (e.g. `hx-lane-12`); generated when absent. */
  id: apiSlug.optional(),
  name: z.string().trim().min(1, 'enter the compound name').max(60),
  address: z.string().max(200).optional(),
  district: z.string().max(60).optional(),
  households: z.number().int().positive().optional(),
}).strict();
export type CreateCompoundRequest = z.infer<typeof createCompoundRequest>;

export const compoundList = z.object({ compounds: z.array(compound) });
export type CompoundList = z.infer<typeof compoundList>;

/** POST /api/compounds/:compoundId/enrollment-codes (admin, manager, installer) */
export const createEnrollmentCodeRequest = z.object({
  /** Minutes until the code expires (default 24 h). */
  ttlMinutes: z.number().int().min(1).max(60 * 24 * 14).default(60 * 24),
  /** Optional name for the gateway that redeems it. */
  gatewayName: z.string().max(60).optional(),
  /** Optional site config prepared in advance (validated with siteConfig; ids are filled in). */
  siteConfig: z.unknown().optional(),
}).strict();
export type CreateEnrollmentCodeRequest = z.input<typeof createEnrollmentCodeRequest>;

export const enrollmentCode = z.object({
  code: z.string(),
  compoundId: apiSlug,
  expiresAt: apiTime,
  createdAt: apiTime,
  usedAt: apiTime.nullable(),
  gatewayId: apiId.nullable(),
});
export type EnrollmentCode = z.infer<typeof enrollmentCode>;

export const enrollmentCodeList = z.object({ codes: z.array(enrollmentCode) });
export type EnrollmentCodeList = z.infer<typeof enrollmentCodeList>;

/** PATCH /api/compounds/:compoundId (admin, manager) */
export const updateCompoundRequest = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  address: z.string().max(200).nullable().optional(),
  district: z.string().max(60).nullable().optional(),
  households: z.number().int().positive().nullable().optional(),
}).strict();
export type UpdateCompoundRequest = z.infer<typeof updateCompoundRequest>;
