/**
 * Password guessing is slowed per account AND per source, with progressive delays, in the database
 * (so every instance sees the same counters), without letting an attacker lock out the guard on duty:
 * - per (account, source): after 5 failures, each further failure doubles the wait (1 s … 15 min);
 * - per source (an address guessing many accounts): the same after 20 failures;
 * - per account (guessing from many addresses): after 10 failures the account is slowed from every
 *   source EXCEPT the ones it signed in from successfully in the last 30 days, so the right password
 *   from the guard's usual phone still works while a stranger's wrong guesses pile up.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export interface ThrottlePolicy {
  pairFree: number;
  sourceFree: number;
  accountFree: number;
  maxDelayMs: number;
  usualSourceDays: number;
  /** Counters older than this start again from zero. */
  forgetAfterMs: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  pairFree: 5, sourceFree: 20, accountFree: 10, maxDelayMs: 15 * 60_000, usualSourceDays: 30, forgetAfterMs: 24 * 3600_000,
};

export interface LoginThrottle {
  /** Milliseconds until this name may try again from this source, or 0. */
  waitMs(username: string, source: string): Promise<number>;
  failed(username: string, source: string): Promise<void>;
  succeeded(username: string, source: string): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const delayFor = (failures: number, free: number, maxMs: number) => (failures < free ? 0 : Math.min(maxMs, 1000 * 2 ** (failures - free)));

export function createLoginThrottle(db: Kysely<Database>, now: () => number = Date.now, policy: ThrottlePolicy = defaultThrottlePolicy): LoginThrottle {
  const keysOf = (username: string, source: string) => {
    const name = username.toLowerCase();
    return { pair: `pair:${name}|${source}`, src: `src:${source}`, acct: `acct:${name}`, name };
  };
  async function usual(name: string, source: string): Promise<boolean> {
    const row = await db.selectFrom('login_sources').select('last_success_at').where('username', '=', name).where('source', '=', source).executeTakeFirst();
    return !!row && Date.parse(row.last_success_at) > now() - policy.usualSourceDays * 86_400_000;
  }
  async function bump(key: string, free: number): Promise<void> {
    const t = now();
    const row = await db.selectFrom('login_failures').selectAll().where('key', '=', key).executeTakeFirst();
    const failures = row && Date.parse(row.last_failure_at) > t - policy.forgetAfterMs ? row.failures + 1 : 1;
    const delay = delayFor(failures, free, policy.maxDelayMs);
    const values = { failures, last_failure_at: iso(t), blocked_until: delay ? iso(t + delay) : null };
    await db.insertInto('login_failures').values({ key, ...values }).onConflict((oc) => oc.column('key').doUpdateSet(values)).execute();
  }
  return {
    async waitMs(username, source) {
      const k = keysOf(username, source);
      const keys = [k.pair, k.src, ...(await usual(k.name, source) ? [] : [k.acct])];
      const rows = await db.selectFrom('login_failures').select('blocked_until').where('key', 'in', keys).execute();
      const until = Math.max(0, ...rows.map((r) => (r.blocked_until ? Date.parse(r.blocked_until) : 0)));
      return Math.max(0, until - now());
    },
    async failed(username, source) {
      const k = keysOf(username, source);
      await bump(k.pair, policy.pairFree);
      await bump(k.src, policy.sourceFree);
      await bump(k.acct, policy.accountFree);
    },
    async succeeded(username, source) {
      const k = keysOf(username, source);
      await db.deleteFrom('login_failures').where('key', '=', k.pair).execute();
      const values = { last_success_at: iso(now()) };
      await db.insertInto('login_sources').values({ username: k.name, source, ...values })
        .onConflict((oc) => oc.columns(['username', 'source']).doUpdateSet(values)).execute();
    },
  };
}
