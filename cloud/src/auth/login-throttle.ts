/**
 * Per-account brake on password guessing, beside the per-IP rate limit: after `maxFailures` wrong
 * passwords for one user name within `windowMs`, that name is refused until the window passes.
 * In memory, per instance: enough to make guessing from many addresses slow.
 */
export interface LoginThrottle {
  /** Milliseconds until the name may try again, or 0. */
  blockedForMs(username: string): number;
  failed(username: string): void;
  succeeded(username: string): void;
}

export function createLoginThrottle(maxFailures = 10, windowMs = 15 * 60_000, now: () => number = Date.now): LoginThrottle {
  const failures = new Map<string, number[]>();
  const recent = (username: string) => (failures.get(username.toLowerCase()) ?? []).filter((t) => now() - t < windowMs);
  return {
    blockedForMs(username) {
      const r = recent(username);
      return r.length >= maxFailures ? windowMs - (now() - r[0]!) : 0;
    },
    failed(username) {
      const r = recent(username);
      r.push(now());
      if (failures.size > 100_000) failures.clear();
      failures.set(username.toLowerCase(), r.slice(-maxFailures));
    },
    succeeded(username) {
      failures.delete(username.toLowerCase());
    },
  };
}
