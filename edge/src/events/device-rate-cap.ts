/**
 * Per-device cap on stored events: a token bucket per device (sustained rate + burst) on the
 * monotonic clock. One chattering or hostile device cannot fill the disk or starve the others;
 * an event over the cap is refused without a PUBACK (the device resends later), and counted.
 */
export interface RateCapOptions {
  perS: number;
  burst: number;
  monoMs: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class DeviceRateCap {
  private readonly buckets = new Map<string, Bucket>();
  /** Refusals per device since start. */
  readonly refused = new Map<string, number>();

  constructor(private opts: RateCapOptions) {}

  /** A new config: same buckets, new limits. */
  setLimits(perS: number, burst: number): void {
    this.opts = { ...this.opts, perS, burst };
  }

  /** True when this device may store one more event now (takes a token). */
  take(deviceId: string): boolean {
    const now = this.opts.monoMs();
    let b = this.buckets.get(deviceId);
    if (!b) this.buckets.set(deviceId, (b = { tokens: this.opts.burst, at: now }));
    b.tokens = Math.min(this.opts.burst, b.tokens + ((now - b.at) / 1000) * this.opts.perS);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    this.refused.set(deviceId, (this.refused.get(deviceId) ?? 0) + 1);
    return false;
  }

  get totalRefused(): number {
    let n = 0;
    for (const v of this.refused.values()) n += v;
    return n;
  }
}
