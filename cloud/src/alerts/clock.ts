/** Time source for the operations features: real by default, a manual clock in tests. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand, so timeouts (escalation, re-trigger, folding) need no sleeping. */
export function manualClock(startIso = '2026-03-02T00:00:00.000Z'): Clock & { advance(ms: number): void; set(iso: string): void } {
  let t = Date.parse(startIso);
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(iso: string) {
      t = Date.parse(iso);
    },
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
