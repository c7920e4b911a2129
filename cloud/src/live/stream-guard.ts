/**
 * Long-lived grants (live WebSocket / SSE streams) re-checked after they were opened: a stream ends,
 * server-side, when its session ends (sign-out, expiry, password reset), the account is disabled or
 * loses its role, or the user loses a compound the stream shows. A change to an account is announced
 * on the cluster bus (`accessChanged`), so the instance holding the stream re-checks it at once; a
 * timer at the session's expiry and a periodic sweep catch anything not announced (a change made in
 * the database by hand, a bus message lost in a reconnect).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { LiveClosed } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { ClusterBus } from '../cluster/bus.js';
import type { Role } from '../types.js';
import { lookupSession } from '../auth/sessions.js';
import { loadUser } from '../auth/load-user.js';

export const ACCESS_CHANGED_CHANNEL = 'auth.access-changed';

export interface StreamGrant {
  token: string;
  userId: string;
  /** The roles the stream's route allows. */
  roles: readonly Role[];
  /** The compounds the stream shows ('all' for admins). */
  compounds: string[] | 'all';
  /** When the session expires (ISO), for a timer that ends the stream on time. */
  expiresAt: string;
  /** Close the stream, telling the client why. Called at most once. */
  end(reason: LiveClosed): void;
}

export interface StreamGuard {
  /** Watch a grant; returns unwatch() (call it when the stream closes by itself). */
  watch(grant: StreamGrant): () => void;
  /** Tell every instance that this user's sessions, role, compounds or status changed. */
  accessChanged(userId: string): Promise<void>;
  /** Re-check every watched grant now (what the sweep runs; tests call it). */
  sweep(): Promise<void>;
  watched(): number;
  close(): void;
}

const ended = (code: LiveClosed['code'], message: string): LiveClosed => ({ type: 'closed', code, message });

/** Why this grant may no longer stream, or null while it may. */
export async function streamVerdict(db: Kysely<Database>, g: Pick<StreamGrant, 'token' | 'userId' | 'roles' | 'compounds'>): Promise<LiveClosed | null> {
  const s = await lookupSession(db, g.token);
  if (!s.ok) {
    if (s.reason === 'expired') return ended('SESSION_EXPIRED', '登录已过期，请重新登录。Your session has expired; please sign in again.');
    return ended('SESSION_ENDED', '您已退出登录或密码已被重置，请重新登录。You signed out or your password was reset; please sign in again.');
  }
  const user = await loadUser(db, g.userId);
  if (!user || user.disabled) return ended('ACCOUNT_DISABLED', '账号已停用，请联系物业经理。Your account has been disabled; please contact your property manager.');
  if (!g.roles.includes(user.role)) return ended('ACCESS_REMOVED', '您的角色已变更，不能再接收实时推送，请重新登录。Your role changed; please sign in again.');
  if (g.compounds !== 'all') {
    const lost = g.compounds.filter((c) => !user.compoundIds.includes(c));
    if (lost.length > 0) return ended('COMPOUND_REMOVED', `您已不再负责小区 ${lost.join('、')}，实时推送已重新连接。You no longer have access to ${lost.join(', ')}.`);
  }
  return null;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export function createStreamGuard(opts: { db: Kysely<Database>; bus: ClusterBus; log: Logger; sweepMs?: number }): StreamGuard {
  const { db, bus, log } = opts;
  const grants = new Set<{ grant: StreamGrant; timer?: NodeJS.Timeout; checking?: Promise<void> }>();

  const check = (w: { grant: StreamGrant; checking?: Promise<void> }): Promise<void> => {
    // One check per grant at a time; a check asked for meanwhile reuses it.
    w.checking ??= streamVerdict(db, w.grant)
      .then((verdict) => {
        if (!verdict) return;
        log.info({ userId: w.grant.userId, code: verdict.code }, 'live stream ended: access changed');
        unwatch(w as never);
        w.grant.end(verdict);
      })
      .catch((err: unknown) => log.warn({ err, userId: w.grant.userId }, 'live stream access check failed; retried on the next sweep'))
      .finally(() => {
        w.checking = undefined;
      });
    return w.checking;
  };
  const unwatch = (w: { timer?: NodeJS.Timeout }) => {
    if (w.timer) clearTimeout(w.timer);
    grants.delete(w as never);
  };

  const unsubscribe = bus.subscribe(ACCESS_CHANGED_CHANNEL, (m) => {
    const userId = (m as { userId?: unknown })?.userId;
    if (typeof userId !== 'string') return;
    for (const w of grants) if (w.grant.userId === userId) void check(w);
  });
  const sweep = async () => {
    await Promise.all([...grants].map((w) => check(w)));
  };
  const sweeper = setInterval(() => void sweep(), opts.sweepMs ?? 30_000);
  sweeper.unref();

  return {
    watch(grant) {
      const w: { grant: StreamGrant; timer?: NodeJS.Timeout } = { grant };
      const inMs = Date.parse(grant.expiresAt) - Date.now();
      // At expiry (plus a little, so the session row reads as expired), and again if the timer was clamped.
      if (Number.isFinite(inMs)) {
        const arm = (ms: number): void => {
          w.timer = setTimeout(() => {
            const left = Date.parse(grant.expiresAt) - Date.now();
            if (left > 0) return arm(Math.min(left + 50, MAX_TIMER_MS));
            void check(w);
          }, Math.max(0, Math.min(ms + 50, MAX_TIMER_MS)));
          w.timer.unref();
        };
        arm(inMs);
      }
      grants.add(w);
      return () => unwatch(w);
    },
    async accessChanged(userId) {
      await bus.publish(ACCESS_CHANGED_CHANNEL, { userId });
    },
    sweep,
    watched: () => grants.size,
    close() {
      clearInterval(sweeper);
      unsubscribe();
      for (const w of grants) if (w.timer) clearTimeout(w.timer);
      grants.clear();
    },
  };
}
