/** Sign in (public), sign out, who am I, change my password. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { changePasswordRequest, loginRequest, loginResponse, meResponse, okResponse, type SessionUser } from '@yardguard/firmware-config';
import { hashPassword, verifyPasswordAsync } from '@yardguard/firmware-config/node';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { createSession, hashToken, revokeSession } from './sessions.js';
import { nowIso } from '../db/time.js';
import { loadUser, type LoadedUser } from './load-user.js';
import { currentUser } from './authorize.js';
import { createLoginThrottle } from './login-throttle.js';

// A fixed hash so an unknown user name costs the same scrypt time as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export const toSessionUser = (u: LoadedUser): SessionUser => ({
  id: u.id, username: u.username, displayName: u.displayName, role: u.role, compoundIds: u.compoundIds,
  ...(u.gateIds ? { gateIds: u.gateIds } : {}), leaseEndsOn: u.leaseEndsOn,
});

/** POST /api/auth/login: in the public scope (the password is the credential; rate limited). */
export async function loginPlugin(pub: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = pub.withTypeProvider<ZodTypeProvider>();
  const { db, config } = ctx;
  const throttle = createLoginThrottle(db, () => ctx.clock.now());

  r.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in', body: loginRequest, response: { 200: loginResponse } },
    config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const source = request.ip;
    const waitMs = await throttle.waitMs(username, source);
    if (waitMs > 0) {
      void reply.header('retry-after', Math.ceil(waitMs / 1000));
      const wait = waitMs < 60_000 ? `${Math.ceil(waitMs / 1000)} seconds` : `${Math.ceil(waitMs / 60_000)} minutes`;
      throw new HttpError(429, 'RATE_LIMITED', `Too many wrong passwords. Please wait ${wait}, or ask your property manager to reset the password.`);
    }
    const row = await db.selectFrom('users').select(['id', 'password_hash', 'disabled']).where('username', '=', username).executeTakeFirst();
    // Off the event loop: guessing must not stall gate opens and alerts.
    const good = await verifyPasswordAsync(password, row?.password_hash ?? DUMMY_HASH) && !!row;
    if (!row || !good) {
      await throttle.failed(username, source);
      request.log.info({ username }, 'login refused');
      throw new HttpError(401, 'BAD_CREDENTIALS', 'The user name or password is wrong.');
    }
    if (row.disabled) throw new HttpError(403, 'FORBIDDEN', 'Your account has been disabled. Please contact your property manager.');
    await throttle.succeeded(username, source);
    const user = (await loadUser(db, row.id))!;
    // Housekeeping: this user's expired sessions are of no use to anyone.
    await db.deleteFrom('sessions').where('user_id', '=', row.id).where('expires_at', '<', nowIso()).execute();
    const { token, expiresAt } = await createSession(db, row.id, config.sessionTtlS);
    return { token, expiresAt, user: toSessionUser(user) };
  });
}

/** The signed-in user's own account: any role, no compound. */
export async function authPlugin(api: FastifyInstance, { db, streams }: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const self = { auth: { roles: 'any', compound: 'none' } } as const;

  r.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out (revokes the session)', response: { 200: okResponse } },
    config: self,
  }, async (request) => {
    await revokeSession(db, request.sessionToken!);
    await streams.accessChanged(currentUser(request).id);
    return { ok: true as const };
  });

  r.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'Who am I', response: { 200: meResponse } },
    config: self,
  }, async (request) => {
    const u = currentUser(request) as LoadedUser;
    return { user: toSessionUser(u), expiresAt: request.sessionExpiresAt! };
  });

  r.post('/api/auth/password', {
    schema: { tags: ['auth'], summary: 'Change my password (signs out my other sessions)', body: changePasswordRequest, response: { 200: okResponse } },
    config: self,
  }, async (request) => {
    const user = currentUser(request);
    const row = await db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    if (!await verifyPasswordAsync(request.body.currentPassword, row.password_hash)) {
      throw new HttpError(403, 'BAD_CREDENTIALS', 'Your current password is not right.');
    }
    const token = request.sessionToken!;
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: hashPassword(request.body.newPassword) }).where('id', '=', user.id).execute();
      await tx.updateTable('sessions').set({ revoked_at: nowIso() })
        .where('user_id', '=', user.id).where('revoked_at', 'is', null).where('token_hash', '!=', hashToken(token)).execute();
    });
    await streams.accessChanged(user.id);
    return { ok: true as const };
  });
}
