/** Sessions: POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me. */
import { z } from 'zod';
import { apiId, apiRole, apiTime } from './common.js';

export const loginRequest = z.object({
  username: z.string().min(1, 'enter your user name').max(64),
  password: z.string().min(1, 'enter your password').max(200),
}).strict();
export type LoginRequest = z.infer<typeof loginRequest>;

export const sessionUser = z.object({
  id: apiId,
  username: z.string(),
  displayName: z.string(),
  role: apiRole,
  /** Compounds this user may act in (admins: every compound). */
  compoundIds: z.array(apiId),
  /** Residents: gates they may open (until leaseEndsOn). */
  gateIds: z.array(apiId).optional(),
  leaseEndsOn: z.string().nullable().optional(),
});
export type SessionUser = z.infer<typeof sessionUser>;

/**
 * The token goes in `Authorization: Bearer <token>` on every request. Browsers' EventSource and
 * WebSocket cannot set headers: they pass `?access_token=<token>` instead.
 */
export const loginResponse = z.object({
  token: z.string(),
  expiresAt: apiTime,
  user: sessionUser,
});
export type LoginResponse = z.infer<typeof loginResponse>;

export const meResponse = z.object({ user: sessionUser, expiresAt: apiTime });
export type MeResponse = z.infer<typeof meResponse>;

/** POST /api/auth/password: change my own password (other sessions are signed out). */
export const changePasswordRequest = z.object({
  currentPassword: z.string().min(1, 'enter your current password').max(200),
  newPassword: z.string().min(8, 'at least 8 characters').max(200),
}).strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;
