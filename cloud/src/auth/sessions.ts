/** Opaque session tokens: random, stored only as sha256, expire, revocable. */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { isoAfter, nowIso } from '../db/time.js';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export async function createSession(db: Kysely<Database>, userId: string, ttlS: number): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = isoAfter(ttlS * 1000);
  await db.insertInto('sessions').values({ token_hash: hashToken(token), user_id: userId, created_at: nowIso(), expires_at: expiresAt, revoked_at: null }).execute();
  return { token, expiresAt };
}

export async function revokeSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: nowIso() }).where('token_hash', '=', hashToken(token)).where('revoked_at', 'is', null).execute();
}

export type SessionLookup =
  | { ok: true; userId: string; expiresAt: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export async function lookupSession(db: Kysely<Database>, token: string): Promise<SessionLookup> {
  const row = await db.selectFrom('sessions').select(['user_id', 'expires_at', 'revoked_at']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  if (row.expires_at <= nowIso()) return { ok: false, reason: 'expired' };
  return { ok: true, userId: row.user_id, expiresAt: row.expires_at };
}
