/** Users (admin: anyone; manager: guards, installers and residents of their compounds). */
import { z } from 'zod';
import { apiId, apiRole, apiSlug, apiTime } from './common.js';
import { staffTeam } from './governance.js';

/** A mainland phone number (mobile or landline with area code); shown on call lists and the notice board. */
const phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'must be a phone number, digits only (e.g. 13838001234)');

export const user = z.object({
  id: apiId,
  username: z.string(),
  displayName: z.string(),
  role: apiRole,
  compoundIds: z.array(apiSlug),
  gateIds: z.array(apiId),
  /** Residents: gate rights end on this date (YYYY-MM-DD, inclusive). */
  leaseEndsOn: z.string().nullable(),
  phone: z.string().nullable(),
  /** Property staff: which of the five teams. */
  team: staffTeam.nullable(),
  disabled: z.boolean(),
  createdAt: apiTime,
});
export type User = z.infer<typeof user>;
export const userList = z.object({ users: z.array(user) });
export type UserList = z.infer<typeof userList>;

const leaseDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const createUserRequest = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/, 'use 2-64 letters, digits, _ . -'),
  password: z.string().min(8, 'at least 8 characters').max(200),
  displayName: z.string().trim().min(1).max(60),
  role: apiRole,
  compoundIds: z.array(apiSlug).default([]),
  gateIds: z.array(apiId).default([]),
  leaseEndsOn: leaseDate.optional(),
  phone: phone.optional(),
  team: staffTeam.optional(),
}).strict();
export type CreateUserRequest = z.input<typeof createUserRequest>;

/** PATCH /api/users/:userId */
export const updateUserRequest = z.object({
  displayName: z.string().trim().min(1).max(60).optional(),
  password: z.string().min(8, 'at least 8 characters').max(200).optional(),
  compoundIds: z.array(apiSlug).optional(),
  gateIds: z.array(apiId).optional(),
  leaseEndsOn: leaseDate.nullable().optional(),
  phone: phone.nullable().optional(),
  team: staffTeam.nullable().optional(),
  disabled: z.boolean().optional(),
}).strict();
export type UpdateUserRequest = z.infer<typeof updateUserRequest>;
