/**
 * Cloud time. A Raspberry Pi has no real-time clock: after a power cut its clock can be hours off
 * until NTP syncs. Every batch ack carries the cloud's clock; we keep the offset and judge command
 * expiry against cloud time, not the Pi's raw clock. The offset is persisted so it is available
 * at once after a restart (it is refreshed by the first ack after reconnecting).
 */
import { Meta, type Db } from '../state/db.js';

const META_KEY = 'cloud_offset_ms';

export class CloudClock {
  private offsetMs: number;
  private known: boolean;
  private readonly meta: Meta | undefined;

  constructor(db?: Db, private readonly localNow: () => number = Date.now) {
    this.meta = db ? new Meta(db) : undefined;
    const stored = this.meta?.get(META_KEY);
    this.offsetMs = stored === undefined ? 0 : Number(stored) || 0;
    this.known = stored !== undefined;
  }

  /** Record the cloud's clock as seen in an ack or a command envelope. */
  observe(cloudTimeIso: string): void {
    const cloud = Date.parse(cloudTimeIso);
    if (!Number.isFinite(cloud)) return;
    const offset = cloud - this.localNow();
    const changed = !this.known || Math.abs(offset - this.offsetMs) > 250;
    this.offsetMs = offset;
    this.known = true;
    if (changed) this.meta?.set(META_KEY, Math.round(offset));
  }

  /** Milliseconds since the epoch, in cloud time. */
  nowMs(): number {
    return this.localNow() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  get offset(): number {
    return this.offsetMs;
  }

  get synced(): boolean {
    return this.known;
  }
}
