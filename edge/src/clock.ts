/**
 * The agent's one clock, injected everywhere time matters:
 * - wall time (`wallMs`, `wall`) for stamps on events and results: the Pi's own clock, which may
 *   be wrong after a power cut until NTP syncs (a Pi has no RTC);
 * - monotonic time (`monoMs`) for durations: debounce, held-open, cooldowns, timeouts, backoff.
 *   NTP stepping the wall clock must not fire or stall a timer;
 * - cloud time (`cloudMs`) for command expiry: learned from the cloud's acks *of this boot*
 *   (kept as an offset from the monotonic clock, so a wall-clock step does not move it). It is
 *   never persisted: an offset from a previous boot says nothing about this boot's clock. Until
 *   the first cloud time of this boot `cloudMs()` is undefined and commands needing expiry are
 *   refused.
 */
import { performance } from 'node:perf_hooks';

export interface TimeSource {
  wallMs(): number;
  monoMs(): number;
}

export const systemTime: TimeSource = { wallMs: () => Date.now(), monoMs: () => performance.now() };

export class Clock {
  /** cloud time - monotonic time, once known. */
  private cloudOffset: number | undefined;

  constructor(private readonly src: TimeSource = systemTime) {}

  wallMs(): number {
    return this.src.wallMs();
  }

  wall(): Date {
    return new Date(this.src.wallMs());
  }

  monoMs(): number {
    return this.src.monoMs();
  }

  /** Record the cloud's clock as seen in an ack this edge matched to a batch it sent. */
  observeCloudTime(cloudTimeIso: string): void {
    const cloud = Date.parse(cloudTimeIso);
    if (!Number.isFinite(cloud)) return;
    this.cloudOffset = cloud - this.src.monoMs();
  }

  /** Cloud time in ms since the epoch; undefined until the cloud's time was seen in this boot. */
  cloudMs(): number | undefined {
    return this.cloudOffset === undefined ? undefined : this.src.monoMs() + this.cloudOffset;
  }

  get cloudSynced(): boolean {
    return this.cloudOffset !== undefined;
  }

  /** Cloud time when known, else wall time: for stamps the cloud reads (batch sentAt). */
  bestMs(): number {
    return this.cloudMs() ?? this.src.wallMs();
  }
}

/** A clock a test moves by hand (wall and monotonic advance together unless told otherwise). */
export class ManualTime implements TimeSource {
  constructor(private wall = Date.UTC(2026, 0, 15, 2, 0, 0), private mono = 1_000) {}
  wallMs(): number {
    return this.wall;
  }
  monoMs(): number {
    return this.mono;
  }
  advance(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
  /** NTP stepping the wall clock: monotonic time does not move. */
  stepWall(ms: number): void {
    this.wall += ms;
  }
}
