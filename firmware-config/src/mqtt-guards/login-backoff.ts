/**
 * Progressive delay for failed logins, per source address (edge broker and cloud MQTT ingress).
 * A source's first few failures cost nothing; after that each attempt from it waits
 * base * 2^(extra failures), up to a cap, and attempts from one source take turns (a client cannot
 * open 100 connections to guess in parallel). Only the guessing source slows down: its waiting
 * connections hold no thread and no event-loop time, and other sources are never delayed.
 * The delay comes before the password check, so a right guess is not answered any sooner.
 */
export interface LoginBackoffOptions {
  /** Failures a source may have before delays start. Default 3. */
  freeFailures?: number;
  /** First delay. Default 250 ms. */
  baseDelayMs?: number;
  /** Longest delay. Default 10 s. */
  maxDelayMs?: number;
  /** A source with no failure for this long starts afresh. Default 10 min. */
  forgetAfterMs?: number;
  /** Attempts from one source waiting their turn; more are refused at once. Default 16. */
  maxWaiting?: number;
  /** Monotonic milliseconds (tests pass their own clock). */
  now?: () => number;
}

interface SourceState {
  failures: number;
  lastFailureAt: number;
  /** When the next attempt from this source may be checked. */
  nextAt: number;
  waiting: number;
}

export class LoginBackoff {
  private readonly sources = new Map<string, SourceState>();
  private readonly o: Required<LoginBackoffOptions>;

  constructor(opts: LoginBackoffOptions = {}) {
    this.o = {
      freeFailures: opts.freeFailures ?? 3,
      baseDelayMs: opts.baseDelayMs ?? 250,
      maxDelayMs: opts.maxDelayMs ?? 10_000,
      forgetAfterMs: opts.forgetAfterMs ?? 10 * 60_000,
      maxWaiting: opts.maxWaiting ?? 16,
      now: opts.now ?? (() => performance.now()),
    };
  }

  /** The delay an attempt from a source with this many failures waits. */
  delayFor(failures: number): number {
    const extra = failures - this.o.freeFailures;
    return extra < 0 ? 0 : Math.min(this.o.baseDelayMs * 2 ** extra, this.o.maxDelayMs);
  }

  /** How long the next attempt from `source` would wait (0 for a source without failures). */
  pendingDelay(source: string): number {
    const s = this.state(source, false);
    return s ? Math.max(0, s.nextAt - this.o.now()) : 0;
  }

  /**
   * Wait for this source's turn. Resolves false (refuse at once, do not check) when too many
   * attempts from the source are already waiting.
   */
  async turn(source: string): Promise<boolean> {
    const s = this.state(source, false);
    if (!s) return true;
    const delay = this.delayFor(s.failures);
    if (delay === 0) return true;
    if (s.waiting >= this.o.maxWaiting) return false;
    const now = this.o.now();
    const at = Math.max(now, s.nextAt) + delay;
    s.nextAt = at;
    s.waiting++;
    try {
      await new Promise((r) => setTimeout(r, at - now));
    } finally {
      s.waiting--;
    }
    return true;
  }

  failed(source: string): void {
    const s = this.state(source, true)!;
    s.failures++;
    s.lastFailureAt = this.o.now();
  }

  private state(source: string, create: boolean): SourceState | undefined {
    const now = this.o.now();
    let s = this.sources.get(source);
    if (s && s.waiting === 0 && now - s.lastFailureAt > this.o.forgetAfterMs) {
      this.sources.delete(source);
      s = undefined;
    }
    if (!s && create) {
      if (this.sources.size > 10_000) this.prune(now);
      s = { failures: 0, lastFailureAt: now, nextAt: now, waiting: 0 };
      this.sources.set(source, s);
    }
    return s;
  }

  private prune(now: number): void {
    for (const [k, s] of this.sources) if (s.waiting === 0 && now - s.lastFailureAt > this.o.forgetAfterMs) this.sources.delete(k);
  }
}

/** The address a broker connection comes from (TCP, TLS, or WebSocket through its HTTP request). */
export function connectionSource(client: { conn?: unknown; req?: { socket?: { remoteAddress?: string } } }): string {
  const conn = client.conn as { remoteAddress?: string; socket?: { remoteAddress?: string } } | undefined;
  return conn?.remoteAddress ?? client.req?.socket?.remoteAddress ?? conn?.socket?.remoteAddress ?? 'unknown';
}
